import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { adminKeys, alertsApi } from '../api/admin.js';
import type { Alert } from '../api.js';
import { useMe } from '../auth.js';
import i18n from '../i18n/index.js';
import { formatDateTime } from '../ui/format.js';
import { LoadMore } from '../ui/LoadMore.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { useKeysetPages, withoutEmpty } from '../ui/useKeysetList.js';
import { usePageTitle } from '../ui/usePageTitle.js';

/** Codes and instants inside an alert's params (service type, team role, urgency, due time) in the UI language. */
function readableParams(alert: Alert, timeZone: string): Record<string, unknown> {
  const p = alert.params ?? {};
  const label = (key: string, prefix: string) =>
    typeof p[key] === 'string' ? { [key]: i18n.t(`${prefix}.${p[key]}`, { defaultValue: p[key] }) } : {};
  return {
    ...p,
    ...label('serviceType', 'cases.services.types'),
    ...label('role', 'cases.memberRole'),
    ...label('urgency', 'referrals.urgencies'),
    ...label('purpose', 'consents.purposes'),
    ...(typeof p.dueAt === 'string' ? { dueAt: formatDateTime(p.dueAt, timeZone, i18n.language) } : {}),
  };
}

/**
 * Alerts of one kind about one target shown once, with how many there are (64 "approval needed" about the same
 * case read as one line). The newest of the group represents it.
 */
function groupAlerts(items: Alert[]): { alert: Alert; count: number; unread: number }[] {
  const byKey = new Map<string, { alert: Alert; count: number; unread: number }>();
  for (const a of items) {
    const key = a.entityId ? `${a.kind}|${a.entityId}` : a.id;
    const g = byKey.get(key);
    if (g) {
      g.count += 1;
      if (!a.readAt) g.unread += 1;
    } else byKey.set(key, { alert: a, count: 1, unread: a.readAt ? 0 : 1 });
  }
  return [...byKey.values()];
}

/** The user's alerts, newest first, with mark-as-read; alerts about a case link to it. */
export function AlertsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  usePageTitle('alerts.title');
  const [filter, setFilter] = useState<'unread' | 'all'>('all');
  const filters = withoutEmpty({ unread: filter === 'unread' ? ('true' as const) : undefined });
  const list = useKeysetPages(adminKeys.alertList(filters), (page) => alertsApi.list(filters, page));
  const queryClient = useQueryClient();
  const markRead = useMutation({
    mutationFn: alertsApi.markRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  // One group (a kind about one target) or everything at once.
  const markAll = useMutation({
    mutationFn: alertsApi.markAllRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const groups = groupAlerts(list.items);

  return (
    <Stack>
      <Title order={1}>{t('alerts.title')}</Title>
      <Group justify="space-between">
        <SegmentedControl
          w="fit-content"
          value={filter}
          onChange={(v) => setFilter(v as 'unread' | 'all')}
          aria-label={t('alerts.filter')}
          data={[
            { value: 'all', label: t('alerts.all') },
            { value: 'unread', label: t('alerts.unread') },
          ]}
        />
        <Button
          variant="light"
          onClick={() => markAll.mutate({})}
          loading={markAll.isPending && !markAll.variables?.kind}
          data-testid="alerts-mark-all"
        >
          {t('workspace.alerts.markAllRead')}
        </Button>
      </Group>
      {markAll.data && !markAll.variables?.kind && (
        <Text size="sm" role="status">
          {t('workspace.alerts.markedAll', { count: markAll.data.count })}
        </Text>
      )}
      <ProblemAlert error={list.error ?? markRead.error ?? markAll.error} />
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('alerts.title')}>
        {groups.map(({ alert, count, unread }) => (
          <Card
            key={alert.id}
            withBorder
            component="li"
            padding="md"
            data-testid="alert-item"
            data-kind={alert.kind}
            data-resolved={alert.resolvedAt ? 'true' : 'false'}
            data-count={count}
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4}>
                <Group gap="xs">
                  {unread > 0 && (
                    <Badge color="red" variant="light" size="sm">
                      {t('alerts.new')}
                    </Badge>
                  )}
                  {count > 1 && (
                    <Badge color="gray" variant="light" size="sm" data-testid="alert-count">
                      {t('workspace.alerts.times', { count })}
                    </Badge>
                  )}
                  {alert.resolvedAt && (
                    <Badge color="green" variant="light" size="sm" data-testid="alert-resolved">
                      {t('workspace.alerts.resolved')}
                    </Badge>
                  )}
                  <Text fw={alert.readAt ? 400 : 600}>
                    {t(`alert.${alert.kind}`, { ...readableParams(alert, me.timeZone), defaultValue: alert.kind })}
                  </Text>
                </Group>
                <Text size="sm" c="gray.7">
                  {formatDateTime(alert.createdAt, me.timeZone, i18n.language)}
                </Text>
                {alert.entityType === 'referral' && alert.entityId && (
                  <Anchor
                    component={Link}
                    to={`/referrals/${alert.entityId}`}
                    size="sm"
                    data-testid="alert-referral-link"
                  >
                    {t('alerts.openReferral')}
                  </Anchor>
                )}
                {alert.entityType === 'lead_transfer' && (
                  <Anchor component={Link} to="/referrals" size="sm" data-testid="alert-transfer-link">
                    {t('leadTransfer.incomingTitle')}
                  </Anchor>
                )}
                {alert.entityType === 'legal_proceeding' && alert.entityId && (
                  <Anchor
                    component={Link}
                    to={`/legal/proceedings/${alert.entityId}`}
                    size="sm"
                    data-testid="alert-proceeding-link"
                  >
                    {t('legal.page.title')}
                  </Anchor>
                )}
                {alert.entityType === 'protection_measure' && (
                  <Anchor component={Link} to="/legal" size="sm" data-testid="alert-protection-link">
                    {t('legal.title')}
                  </Anchor>
                )}
                {alert.entityType === 'case' && alert.entityId && (
                  <Anchor component={Link} to={`/cases/${alert.entityId}`} size="sm" data-testid="alert-case-link">
                    {t('alerts.openCase', { caseNumber: alert.params?.caseNumber ?? '' })}
                  </Anchor>
                )}
              </Stack>
              {unread === 1 && count === 1 && (
                <Button
                  size="xs"
                  variant="light"
                  loading={markRead.isPending && markRead.variables === alert.id}
                  onClick={() => markRead.mutate(alert.id)}
                >
                  {t('alerts.markRead')}
                </Button>
              )}
              {unread > 0 && count > 1 && (
                <Button
                  size="xs"
                  variant="light"
                  loading={markAll.isPending && markAll.variables?.kind === alert.kind}
                  onClick={() => markAll.mutate({ kind: alert.kind, entityId: alert.entityId ?? undefined })}
                >
                  {t('workspace.alerts.markGroupRead', { count: unread })}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <LoadMore list={list} />
    </Stack>
  );
}
