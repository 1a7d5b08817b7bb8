import { Alert, Anchor, Badge, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { workspaceApi } from '../../api/workspace.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { itemKindLabel } from './labels.js';
import type { ApprovalKind } from './model.js';

const kinds: ApprovalKind[] = ['screening', 'closure', 'lead_transfer'];
const sectionOf: Record<ApprovalKind, string> = {
  screening: 'screeningApprovals',
  closure: 'closureApprovals',
  lead_transfer: 'leadTransfers',
};

/** The supervisor's queue: everything waiting for approval in one list, oldest first, with its age. */
export function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  usePageTitle('approvals.title');
  const [params, setParams] = useSearchParams();
  const kind = kinds.find((k) => k === params.get('kind'));
  const queue = useQuery({
    queryKey: ['approvals', kind ?? 'all'],
    queryFn: () => workspaceApi.approvals(kind),
  });
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const counts = queue.data?.counts;
  const total = counts ? counts.screening + counts.closure + counts.lead_transfer : 0;
  return (
    <Stack>
      <Title order={1}>{t('approvals.title')}</Title>
      <SegmentedControl
        w="fit-content"
        maw="100%"
        style={{ flexWrap: 'wrap' }}
        value={kind ?? 'all'}
        onChange={(v) => setParams(v === 'all' ? {} : { kind: v })}
        aria-label={t('approvals.kind')}
        data={[
          { value: 'all', label: `${t('approvals.all')} (${total})` },
          ...kinds.map((k) => ({
            value: k,
            label: `${t(`approvals.kinds.${k}`)} (${counts?.[k] ?? 0}${queue.data?.capped[k] ? '+' : ''})`,
          })),
        ]}
        data-testid="approvals-kind"
      />
      <ProblemAlert error={queue.error} />
      {queue.data && queue.data.items.length === 0 && (
        <Alert color="blue" data-testid="approvals-empty">
          {t('approvals.empty')}
        </Alert>
      )}
      {queue.data && queue.data.items.length > 0 && narrow && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('approvals.title')}>
          {queue.data.items.map((a) => (
            <Card
              key={`${a.kind}-${a.id}`}
              component="li"
              withBorder
              padding="sm"
              data-testid="approval-row"
              data-kind={a.kind}
            >
              <Stack gap={4}>
                <Anchor
                  component={Link}
                  to={a.kind === 'lead_transfer' ? '/referrals' : `/cases/${a.caseId}`}
                  fw={600}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {a.caseNumber ?? t('approvals.open')}
                </Anchor>
                <Text size="sm">
                  {t(`approvals.kinds.${a.kind}`)} · {itemKindLabel(t, sectionOf[a.kind], a.detail) ?? '—'}
                </Text>
                <Group gap={6}>
                  <Text size="xs" c="gray.7">
                    {formatDateTime(a.requestedAt, me.timeZone, i18n.language)}
                  </Text>
                  <Badge color={a.ageDays >= 3 ? 'orange' : 'gray'} variant="light" size="sm">
                    {t('approvals.ageDays', { count: a.ageDays })}
                  </Badge>
                </Group>
                {a.mine && (
                  <Text size="xs" c="orange.9">
                    {t('approvals.mine')}
                  </Text>
                )}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
      {queue.data && queue.data.items.length > 0 && !narrow && (
        <CaptionedTable
          minWidth={640}
          label={t('approvals.title')}
          striped
          verticalSpacing="sm"
          data-testid="approvals-table"
          columns={[
            t('approvals.kind'),
            t('approvals.case'),
            t('approvals.detail'),
            t('approvals.requested'),
            t('approvals.age'),
          ]}
        >
          {queue.data.items.map((a) => (
            <Table.Tr key={`${a.kind}-${a.id}`} data-testid="approval-row" data-kind={a.kind}>
              <Table.Td>{t(`approvals.kinds.${a.kind}`)}</Table.Td>
              <Table.Td>
                {a.kind === 'lead_transfer' ? (
                  <Anchor component={Link} to="/referrals">
                    {a.caseNumber ?? t('approvals.open')}
                  </Anchor>
                ) : (
                  <Anchor component={Link} to={`/cases/${a.caseId}`} fw={600}>
                    {a.caseNumber ?? t('approvals.open')}
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm">{itemKindLabel(t, sectionOf[a.kind], a.detail) ?? '—'}</Text>
                  {a.mine && (
                    <Text size="xs" c="orange.9">
                      {t('approvals.mine')}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>{formatDateTime(a.requestedAt, me.timeZone, i18n.language)}</Table.Td>
              <Table.Td>
                <Badge color={a.ageDays >= 3 ? 'orange' : 'gray'} variant="light">
                  {t('approvals.ageDays', { count: a.ageDays })}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
    </Stack>
  );
}
