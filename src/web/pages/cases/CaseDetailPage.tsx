import { Alert, Anchor, Badge, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { useCaseServices } from '../../api/cases.js';
import type { Permission } from '../../api.js';
import { useAuth } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { RecordLoading, RecordUnavailable } from '../../ui/RecordFallback.js';
import { LegalTab } from '../legal/LegalTab.js';
import { AssessmentsTab } from './AssessmentsTab.js';
import { AttachmentsTab } from './AttachmentsTab.js';
import { ClosureTab } from './ClosureTab.js';
import { ConferencesTab } from './ConferencesTab.js';
import { ConsentsTab } from './ConsentsTab.js';
import { ChildBadge, LateBadge, StageBadge } from './fields.js';
import { NotesTab } from './NotesTab.js';
import { OverviewTab } from './OverviewTab.js';
import { ReferGuide } from './ReferGuide.js';
import { ReferralsTab } from './ReferralsTab.js';
import { ScreeningTab } from './ScreeningTab.js';
import { ServicesTab } from './ServicesTab.js';
import { SummaryPdfButton } from './SummaryPdfButton.js';
import { TasksTab } from './TasksTab.js';
import { TimelineTab } from './TimelineTab.js';
import { useCase } from './useCase.js';

// In the order of the work: care (services, assessments), sharing (consents, referrals, conferences), legal,
// then the record (notes, tasks, attachments, timeline). One row that scrolls sideways, never two rows.
const tabs = [
  'overview',
  'screening',
  'services',
  'assessments',
  'consents',
  'referrals',
  'conferences',
  'legal',
  'notes',
  'tasks',
  'attachments',
  'timeline',
  'closure',
] as const;
type Tab = (typeof tabs)[number];
/** Tabs whose content needs more than reading the case. */
const tabPermission: Partial<Record<Tab, Permission>> = { referrals: 'referrals.manage', legal: 'legal.read' };

/** One case: header with stage and flags, then tabs for each part of the work. */
export function CaseDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (tabs as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'overview';
  const kase = useCase(id);
  const { can, me } = useAuth();
  const created = (location.state as { created?: boolean } | null)?.created;
  const number = kase.data?.caseNumber;

  useEffect(() => {
    document.title = `${number ?? t('cases.detail.title')} · ${t('app.name')}`;
  }, [number, t]);

  if (kase.isPending) return <RecordLoading />;
  if (kase.error || !kase.data) {
    return (
      <RecordUnavailable
        title={t('cases.detail.title')}
        error={kase.error}
        notFound={t('cases.detail.notFound')}
        back={{ to: '/cases', label: t('cases.detail.backToList') }}
      />
    );
  }
  const c = kase.data;

  return (
    <Stack>
      <Anchor component={Link} to="/cases" size="sm">
        {t('cases.detail.backToList')}
      </Anchor>
      {/* On a 390 px phone the case number (no spaces), the late badge and the subtitle wrap within the width. */}
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} style={{ flex: '1 1 16rem', minWidth: 0 }}>
          <Title order={1} data-testid="case-number" style={{ overflowWrap: 'anywhere' }}>
            {c.caseNumber}
          </Title>
          <Group gap="xs">
            <StageBadge stage={c.stage} />
            {c.isChild && <ChildBadge />}
            {c.lateServices > 0 && <LateServiceBadge caseId={c.id} count={c.lateServices} />}
            {c.closureRequested && c.stage !== 'closed' && (
              <Badge variant="light" color="orange" data-testid="closure-pending-badge">
                {t('cases.closure.pendingBadge')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
            {t('cases.detail.subtitle', { pseudonym: c.person.pseudonym, agency: c.leadAgency.name })}
          </Text>
        </Stack>
        <SummaryPdfButton kase={c} />
      </Group>
      {c.processingRestrictedSince && (
        <Alert color="orange" variant="light" role="status" data-testid="processing-restricted">
          {t('privacy.restrictedBanner', {
            since: formatDateTime(c.processingRestrictedSince, me?.timeZone ?? 'Asia/Jakarta', i18n.language),
          })}
        </Alert>
      )}
      {can('referrals.manage') && c.stage !== 'closed' && (
        <ReferGuide kase={c} openTab={(next) => setParams({ tab: next }, { replace: true })} />
      )}
      {created && (
        <Alert color="green" variant="light" role="status" data-testid="case-created">
          {t('cases.detail.created', { caseNumber: c.caseNumber })}
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(next) => setParams(next && next !== 'overview' ? { tab: next } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List
          aria-label={t('cases.detail.tabs')}
          style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden', scrollbarWidth: 'thin' }}
        >
          {tabs
            .filter((key) => !tabPermission[key] || can(tabPermission[key]))
            .map((key) => (
              <Tabs.Tab key={key} value={key} data-testid={`tab-${key}`} style={{ flexShrink: 0 }}>
                {t(`cases.tab.${key}`)}
              </Tabs.Tab>
            ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <OverviewTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="legal" pt="md">
          <LegalTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="screening" pt="md">
          <ScreeningTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="services" pt="md">
          <ServicesTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="consents" pt="md">
          <ConsentsTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="referrals" pt="md">
          <ReferralsTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="conferences" pt="md">
          <ConferencesTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="assessments" pt="md">
          <AssessmentsTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <TasksTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="attachments" pt="md">
          <AttachmentsTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelineTab kase={c} />
        </Tabs.Panel>
        <Tabs.Panel value="closure" pt="md">
          <ClosureTab kase={c} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/**
 * The late badge says which statutory service is late and by how long (the most overdue one), and leads to it
 * on the services tab; with several late, how many more.
 */
function LateServiceBadge({ caseId, count }: { caseId: string; count: number }) {
  const { t } = useTranslation();
  const services = useCaseServices(caseId);
  const late = (services.data?.items ?? [])
    .filter((r) => r.late && r.dueAt)
    .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  const worst = late[0];
  if (!worst?.dueAt) return <LateBadge count={count} />;
  const service = t(`cases.services.types.${worst.type}`, { defaultValue: worst.type });
  const days = Math.max(0, Math.floor((Date.now() - Date.parse(worst.dueAt)) / 86_400_000));
  const label = days >= 1 ? t('caseList.lateBy', { service, count: days }) : t('caseList.lateToday', { service });
  return (
    <Badge
      component={Link}
      to={`/cases/${caseId}?tab=services`}
      variant="filled"
      color="red.9"
      style={{ cursor: 'pointer', textTransform: 'none', height: 'auto', whiteSpace: 'normal' }}
      data-testid="late-badge"
      data-late-service={worst.id}
    >
      {count > 1 ? `${label} ${t('caseDetail.moreLate', { count: count - 1 })}` : label}
    </Badge>
  );
}
