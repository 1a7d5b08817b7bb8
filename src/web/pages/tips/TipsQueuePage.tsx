import { Anchor, Card, Group, Loader, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type TipFilters, tipKeys, tipsApi } from '../../api/tips.js';
import { useAuth, useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { useKeysetPages, withoutEmpty } from '../../ui/useKeysetList.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useEnumOptions } from '../cases/fields.js';
import { tipStatuses, tipUrgencies } from './model.js';
import { ResponseTargetsCard } from './ResponseTargetsCard.js';
import { TipBadges } from './TipBadges.js';

function Region({ code }: { code: string }) {
  return <>{useRegionName(code)}</>;
}

/** The triage queue: urgent first, oldest first within an urgency. */
export function TipsQueuePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  usePageTitle('tips.queueTitle');
  const [status, setStatus] = useState<string | null>(null);
  const [urgency, setUrgency] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>('true');
  const filters = withoutEmpty({
    status: (status ?? undefined) as TipFilters['status'],
    urgency: (urgency ?? undefined) as TipFilters['urgency'],
    open: status ? undefined : ((open ?? undefined) as TipFilters['open']),
  });
  const list = useKeysetPages(tipKeys.list(filters), (page) => tipsApi.list(filters, page));
  const any = t('tips.any');
  return (
    <Stack>
      <Title order={1}>{t('tips.queueTitle')}</Title>
      <Text c="gray.7">{t('tips.queueIntro')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} component="form" role="search" aria-label={t('tips.filters')}>
        <Select
          label={t('tips.openLabel')}
          data={[
            { value: 'true', label: t('tips.openOnly') },
            { value: 'false', label: t('tips.doneOnly') },
          ]}
          value={open}
          onChange={setOpen}
          placeholder={any}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('tips.statusLabel')}
          data={useEnumOptions(tipStatuses, 'tips.statuses')}
          value={status}
          onChange={setStatus}
          placeholder={any}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('tips.urgency')}
          data={useEnumOptions(tipUrgencies, 'tips.urgencies')}
          value={urgency}
          onChange={setUrgency}
          placeholder={any}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : list.items.length === 0 ? (
        <Text c="gray.7">{t('tips.empty')}</Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('tips.queueTitle')}>
          {list.items.map((tip) => (
            <Card key={tip.id} withBorder component="li" padding="md" data-testid="tip-item" data-id={tip.id}>
              <Stack gap={4}>
                <Group justify="space-between" align="flex-start">
                  <Anchor component={Link} to={`/tips/${tip.id}`} fw={600} data-testid="tip-link">
                    {tip.ref} · <Region code={tip.regionCode} />
                  </Anchor>
                  <TipBadges tip={tip} />
                </Group>
                <Text size="sm" c="gray.7">
                  {t('tips.receivedAt')}: {formatDateTime(tip.createdAt, me.timeZone, i18n.language)} ·{' '}
                  {t('tips.dueAt')}: {formatDateTime(tip.dueAt, me.timeZone, i18n.language)}
                </Text>
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      <LoadMore {...list} count={list.items.length} />
      {can('tips.settings') && <ResponseTargetsCard />}
    </Stack>
  );
}
