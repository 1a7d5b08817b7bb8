import { Alert, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../ui/usePageTitle.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle('notFound.title');
  return (
    <Stack>
      <Title order={1}>{t('notFound.title')}</Title>
      <Alert color="gray">{t('notFound.detail')}</Alert>
    </Stack>
  );
}

export function NotAllowedPage() {
  const { t } = useTranslation();
  usePageTitle('notAllowed.title');
  return (
    <Stack>
      <Title order={1}>{t('notAllowed.title')}</Title>
      <Alert color="yellow">{t('notAllowed.detail')}</Alert>
    </Stack>
  );
}
