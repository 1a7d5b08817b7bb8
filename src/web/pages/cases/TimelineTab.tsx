import { Stack, Text, Timeline, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useLocalised } from '../../ui/reference.js';
import type { CaseDetail, TimelineEntry } from './model.js';
import { useCaseKeyset, useQuestionnaires } from './useCase.js';

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** One timeline entry as a sentence; codes inside the params are translated too. */
export function timelineText(
  t: TFunction,
  entry: TimelineEntry,
  extra: { questionnaireTitle?: (key: string) => string; formatTime?: (iso: string) => string } = {},
): string {
  const p = entry.params;
  const stage = (v: unknown) => (v ? t(`cases.stage.${str(v)}`, { defaultValue: str(v) }) : '');
  const service = (v: unknown) => t(`cases.services.types.${str(v)}`, { defaultValue: str(v) });
  const htcds = (field: string, v: unknown) => t(`htcds.${field}.${str(v)}`, { defaultValue: str(v) });
  const values: Record<string, unknown> = {
    ...p,
    from: p.from,
    to: p.to,
    fromStage: stage(p.from),
    toStage: stage(p.to),
    reasonLabel: p.reason ? t(`cases.closureReason.${str(p.reason)}`, { defaultValue: str(p.reason) }) : '',
    referralLabel: p.referralSource ? t(`cases.referralSource.${str(p.referralSource)}`) : '',
    serviceType: p.type ? service(p.type) : '',
    fromStatus: p.from ? t(`cases.services.status.${str(p.from)}`, { defaultValue: str(p.from) }) : '',
    toStatus: p.to ? t(`cases.services.status.${str(p.to)}`, { defaultValue: str(p.to) }) : '',
    types: Array.isArray(p.types) ? p.types.map((x) => htcds('hte_Type', x)).join(', ') : '',
    role: p.role ? t(`cases.memberRole.${str(p.role)}`, { defaultValue: str(p.role) }) : '',
    sensitivity: p.sensitivity ? t(`cases.notes.sensitivities.${str(p.sensitivity)}`) : '',
    recommendation: p.recommendation ? htcds('vic_TraffickingStatus', p.recommendation) : '',
    status: p.status ? htcds('vic_TraffickingStatus', p.status) : '',
    kind: p.kind ? t(`cases.attachments.kinds.${str(p.kind)}`, { defaultValue: str(p.kind) }) : '',
    exitReason: p.reason ? t(`cases.shelter.exitReasons.${str(p.reason)}`, { defaultValue: str(p.reason) }) : '',
    assessmentKind: p.kind ? t(`cases.assessments.kinds.${str(p.kind)}`, { defaultValue: str(p.kind) }) : '',
    questionnaire: p.questionnaire ? (extra.questionnaireTitle?.(str(p.questionnaire)) ?? str(p.questionnaire)) : '',
    due: p.dueAt && extra.formatTime ? extra.formatTime(str(p.dueAt)) : '',
  };
  const kind = entry.kind === 'task.created' && p.dueAt ? 'task.created.due' : entry.kind;
  const key = `cases.timeline.${kind.replace(/\./g, '_')}`;
  return t(key, { ...values, defaultValue: entry.kind });
}

/** The case's one timeline, newest first. */
export function TimelineTab({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const localised = useLocalised();
  const list = useCaseKeyset(kase.id, 'timeline', casesApi.timeline);
  const questionnaires = useQuestionnaires();
  const extra = {
    questionnaireTitle: (key: string) => localised(questionnaires.data?.find((q) => q.key === key)?.title, key),
    formatTime: (iso: string) => formatDateTime(iso, me.timeZone, i18n.language),
  };
  return (
    <Stack>
      <Title order={2} fz="h3">
        {t('cases.timeline.title')}
      </Title>
      <ProblemAlert error={list.error} />
      <Timeline bulletSize={14} lineWidth={2} data-testid="timeline" aria-label={t('cases.timeline.title')}>
        {list.items.map((entry) => (
          <Timeline.Item key={entry.id} data-testid="timeline-item" data-kind={entry.kind}>
            <Text size="sm" fw={500}>
              {timelineText(t, entry, extra)}
            </Text>
            <Text size="xs" c="gray.7">
              {formatDateTime(entry.at, me.timeZone, i18n.language)}
              {/* Scheduled jobs act as "job:<name>": shown as the system. */}
              {entry.actorUsername && !entry.actorUsername.startsWith('job:')
                ? ` · ${entry.actorUsername}`
                : ` · ${t('cases.timeline.system')}`}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      <LoadMore list={list} />
    </Stack>
  );
}
