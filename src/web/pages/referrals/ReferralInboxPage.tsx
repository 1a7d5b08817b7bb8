import { Anchor, Card, Group, Loader, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type InboxFilters, referralKeys, referralsApi } from '../../api/referrals.js';
import { useAuth, useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useKeysetPages, withoutEmpty } from '../../ui/useKeysetList.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useEnumOptions } from '../cases/fields.js';
import { DoorCode } from './DoorCode.js';
import { IncomingLeadTransfers } from './IncomingLeadTransfers.js';
import { referralStatuses, urgencies } from './model.js';
import { ReferralStatusBadges } from './ReferralStatusBadges.js';
import { useSharedViewSummary } from './SharedView.js';

/** The agency's incoming referrals, newest first, each with the consented shared view only. */
export function ReferralInboxPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  usePageTitle('referrals.inboxTitle');
  // The home page's counts link here with a status (?status=sent: referrals to answer).
  const [params] = useSearchParams();
  const [status, setStatus] = useState<string | null>(params.get('status'));
  const [urgency, setUrgency] = useState<string | null>(null);
  const [overdue, setOverdue] = useState<string | null>(null);
  const filters = withoutEmpty({
    status: (status ?? undefined) as InboxFilters['status'],
    urgency: (urgency ?? undefined) as InboxFilters['urgency'],
    overdue: (overdue ?? undefined) as InboxFilters['overdue'],
  });
  const list = useKeysetPages(referralKeys.inbox(filters), (page) => referralsApi.inbox(filters, page));
  const summary = useSharedViewSummary();
  const any = t('referrals.any');
  const statusOptions = useEnumOptions(referralStatuses, 'referrals.status');
  const urgencyOptions = useEnumOptions(urgencies, 'referrals.urgencies');

  return (
    <Stack>
      <Title order={1}>{t('referrals.inboxTitle')}</Title>
      <Text c="gray.7">{t('referrals.inboxIntro')}</Text>
      <SimpleGrid
        cols={{ base: 1, sm: 3 }}
        component="form"
        role="search"
        aria-label={t('referrals.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Select
          label={t('referrals.statusLabel')}
          data={statusOptions}
          value={status}
          onChange={setStatus}
          placeholder={any}
          clearable
          data-testid="inbox-status"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('referrals.urgency')}
          data={urgencyOptions}
          value={urgency}
          onChange={setUrgency}
          placeholder={any}
          clearable
          data-testid="inbox-urgency"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('referrals.overdueFilter')}
          data={[
            { value: 'true', label: t('referrals.overdueOnly') },
            { value: 'false', label: t('referrals.notOverdue') },
          ]}
          value={overdue}
          onChange={setOverdue}
          placeholder={any}
          clearable
          data-testid="inbox-overdue"
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : list.items.length === 0 ? (
        <Text c="gray.7" data-testid="inbox-empty">
          {t('referrals.inboxEmpty')}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('referrals.inboxTitle')}>
          {list.items.map((r) => (
            <Card
              key={r.id}
              withBorder
              component="li"
              padding="md"
              data-testid="inbox-item"
              data-id={r.id}
              data-status={r.status}
            >
              <Stack gap={4}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Anchor
                    component={Link}
                    to={`/referrals/${r.id}`}
                    fw={600}
                    aria-label={t('referrals.openReferral', { agency: r.senderAgency.name })}
                    data-testid="inbox-link"
                  >
                    {r.senderAgency.name}
                  </Anchor>
                  <ReferralStatusBadges referral={r} />
                </Group>
                <DoorCode referralId={r.id} />
                <Text size="sm">{r.services.map((s) => t(`cases.services.types.${s.type}`)).join(' · ')}</Text>
                {r.sharedView && (
                  <Text size="sm" data-testid="inbox-summary">
                    {summary(r.sharedView)}
                  </Text>
                )}
                <Text size="sm" c="gray.7">
                  {t('referrals.sentAt')}: {formatDateTime(r.sentAt, me.timeZone, i18n.language)}
                  {r.status === 'sent' &&
                    ` · ${t('referrals.dueAt')}: ${formatDateTime(r.dueAt, me.timeZone, i18n.language)}`}
                </Text>
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      <LoadMore {...list} count={list.items.length} />
      {can('cases.approve') && <IncomingLeadTransfers />}
    </Stack>
  );
}
