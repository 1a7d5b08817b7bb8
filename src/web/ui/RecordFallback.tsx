import { Alert, Anchor, Center, Loader, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api.js';
import { ProblemAlert } from './ProblemAlert.js';

/** A record's page while its record loads. */
export function RecordLoading() {
  const { t } = useTranslation();
  return (
    <Center p="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

interface Props {
  /** The page's heading, kept when the record cannot be shown. */
  title: ReactNode;
  error: unknown;
  /** What a 404 says: the record does not exist or is not the reader's to see (a calm notice, not a problem). */
  notFound: ReactNode;
  notFoundTestId?: string;
  /** A link back to where such records are listed. */
  back?: { to: string; label: ReactNode };
}

/** A record's page when its record cannot be shown: a notice when it is not found, else the problem. */
export function RecordUnavailable({ title, error, notFound, notFoundTestId, back }: Props) {
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      {missing ? (
        <Alert color="gray" variant="light" data-testid={notFoundTestId}>
          {notFound}
        </Alert>
      ) : (
        <ProblemAlert error={error} />
      )}
      {back && (
        <Anchor component={Link} to={back.to}>
          {back.label}
        </Anchor>
      )}
    </Stack>
  );
}
