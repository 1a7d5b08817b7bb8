import {
  Alert,
  Button,
  Card,
  Group,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { type BodyOf, picklist } from '../../api/types.js';
import { useAuth, useMe } from '../../auth.js';
import { FormActions } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { useLocalised } from '../../ui/reference.js';
import { CaptionedTable, ScrollTable } from '../../ui/ScrollTable.js';
import { useApiForm } from '../../ui/useApiForm.js';
import { inputToIso } from './fields.js';
import type { CaseDetail, Questionnaire, TrendPoint } from './model.js';
import { useCaseRefresh, useQuestionnaires } from './useCase.js';

const percent = (score: number | null | undefined) =>
  score === null || score === undefined ? '—' : `${Math.round(score * 100)}%`;

/** Assessments: needs and risk (HTCDS 2.0), and the IOM reintegration sustainability survey over time. */
export function AssessmentsTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const questionnaires = useQuestionnaires();
  const [recording, setRecording] = useState(false);
  const mayRecord = can('cases.update') && kase.stage !== 'closed';
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} fz="h3">
          {t('cases.assessments.title')}
        </Title>
        {mayRecord && !recording && (
          <Button onClick={() => setRecording(true)} data-testid="assessment-new">
            {t('cases.assessments.new')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={questionnaires.error} />
      {recording && questionnaires.data && (
        <AssessmentForm kase={kase} questionnaires={questionnaires.data} onDone={() => setRecording(false)} />
      )}
      <TrendSection kase={kase} />
      <AssessmentList kase={kase} questionnaires={questionnaires.data ?? []} />
    </Stack>
  );
}

type AssessmentKind = NonNullable<BodyOf<'assessments.create'>['kind']>;
/** Every kind the contract has and no other (a kind renamed on the server fails the type check). */
const assessmentKinds = picklist<AssessmentKind>()(['baseline', 'follow_up']);

/** One assessment: the questionnaire's answers (radio values as strings, keyed by question id), when, and notes. */
function AssessmentForm({
  kase,
  questionnaires,
  onDone,
}: {
  kase: CaseDetail;
  questionnaires: Questionnaire[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const refresh = useCaseRefresh(kase.id);
  const {
    form,
    mutation: save,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      questionnaire: 'reintegration_sustainability' as string | null,
      kind: 'baseline' as AssessmentKind,
      followUpMonth: null as string | null,
      takenAt: '',
      answers: {} as Record<string, string>,
      notes: '',
    },
    send: (v) => {
      const q = questionnaires.find((x) => x.key === v.questionnaire);
      return casesApi.createAssessment(kase.id, {
        questionnaire: q?.key ?? v.questionnaire,
        version: q?.version ?? 1,
        kind: v.kind,
        followUpMonth: v.kind === 'follow_up' && v.followUpMonth ? Number(v.followUpMonth) : undefined,
        takenAt: inputToIso(v.takenAt),
        answers: q ? answersBody(q, v.answers) : {},
        notes: v.notes.trim() || undefined,
      });
    },
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const { questionnaire: key, kind, answers } = form.getValues();
  const q = questionnaires.find((x) => x.key === key);
  const types = ['reintegration', 'needs', 'risk'] as const;

  return (
    <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="assessment-form">
      <Stack>
        <Title order={3} fz="h4">
          {t('cases.assessments.new')}
        </Title>
        <ProblemAlert
          error={save.error}
          fields={['questionnaire', 'version', 'kind', 'followUpMonth', 'takenAt', 'answers', 'notes']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Select
            label={t('cases.assessments.questionnaire')}
            required
            allowDeselect={false}
            data={types.map((type) => ({
              group: t(`cases.assessments.type.${type}`),
              items: questionnaires
                .filter((x) => x.type === type)
                .map((x) => ({ value: x.key, label: localised(x.title, x.key) })),
            }))}
            {...bind('questionnaire')}
            onChange={(next) => {
              // Another questionnaire asks other questions: its answers start empty.
              form.setFieldValue('questionnaire', next);
              form.setFieldValue('answers', {});
            }}
            data-testid="assessment-questionnaire"
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('cases.assessments.kind')}
            required
            allowDeselect={false}
            data={assessmentKinds.map((kind) => ({ value: kind, label: t(`cases.assessments.kinds.${kind}`) }))}
            {...bind('kind')}
            onChange={(v) => form.setFieldValue('kind', (v as AssessmentKind | null) ?? 'baseline')}
            data-testid="assessment-kind"
            comboboxProps={{ withinPortal: true }}
          />
          {kind === 'follow_up' && (
            <Select
              label={t('cases.assessments.followUpMonth')}
              data={['3', '6', '12'].map((m) => ({
                value: m,
                label: t('cases.assessments.months', { count: Number(m) }),
              }))}
              clearable
              {...bind('followUpMonth')}
              data-testid="assessment-month"
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <TextInput
            type="datetime-local"
            label={t('cases.assessments.takenAt')}
            description={t('cases.services.appliedAtHint')}
            {...form.getInputProps('takenAt')}
          />
        </SimpleGrid>
        {q && (
          <Text size="sm" c="gray.7">
            {q.source}
          </Text>
        )}
        {q?.dimensions.map((d) => (
          <Card key={d.id} withBorder padding="sm" data-testid={`assessment-dimension-${d.id}`}>
            <Stack gap="sm">
              <Title order={4} fz="h5">
                {localised(d.label, d.id)}
              </Title>
              {q.questions
                .filter((question) => question.dimension === d.id)
                .map((question) => {
                  const scale = q.scales.find((s) => s.id === question.scale);
                  return (
                    <Radio.Group
                      key={question.id}
                      label={localised(question.label, question.id)}
                      required={!question.optional}
                      value={answers[question.id] ?? ''}
                      onChange={(value) => form.setFieldValue('answers', { ...answers, [question.id]: value })}
                      // The server names each unanswered or out-of-scale answer (`answers.<question>`).
                      error={fieldError(save.error, `answers.${question.id}`)}
                      data-testid={`question-${question.id}`}
                    >
                      <Group gap="md" mt={4}>
                        {scale?.options.map((o) => (
                          <Radio
                            key={String(o.value)}
                            value={String(o.value)}
                            label={localised(o.label, String(o.value))}
                            data-testid={`answer-${question.id}-${o.value}`}
                          />
                        ))}
                      </Group>
                    </Radio.Group>
                  );
                })}
            </Stack>
          </Card>
        ))}
        <Textarea label={t('cases.assessments.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <FormActions
          onCancel={onDone}
          pending={save.isPending}
          submitLabel={t('common.save')}
          testId="assessment-submit"
        />
      </Stack>
    </Card>
  );
}

/**
 * The answers as the server takes them: each chosen option's own value (a number or a string); an optional
 * question left open is sent as null, a required one left out (the server names it).
 */
function answersBody(q: Questionnaire, answers: Record<string, string>): Record<string, number | string | null> {
  const body: Record<string, number | string | null> = {};
  for (const question of q.questions) {
    const raw = answers[question.id];
    if (raw === undefined) {
      if (question.optional) body[question.id] = null;
      continue;
    }
    const option = q.scales.find((s) => s.id === question.scale)?.options.find((o) => String(o.value) === raw);
    body[question.id] = option ? option.value : raw;
  }
  return body;
}

function pointLabel(t: (key: string, options?: Record<string, unknown>) => string, p: TrendPoint) {
  return p.kind === 'baseline'
    ? t('cases.assessments.kinds.baseline')
    : p.followUpMonth
      ? t('cases.assessments.followUpAt', { count: p.followUpMonth })
      : t('cases.assessments.kinds.follow_up');
}

/** Reintegration scores per dimension over time, against the sustainability threshold. */
function TrendSection({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const localised = useLocalised();
  const trend = useQuery({
    queryKey: ['case', kase.id, 'assessments', 'trend'],
    queryFn: () => casesApi.assessmentTrend(kase.id),
  });
  const data = trend.data;
  const points = data?.composite ?? [];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="trend-heading" data-testid="reintegration-trend">
      <Stack gap="sm">
        <Title order={3} fz="h4" id="trend-heading">
          {t('cases.assessments.trendTitle')}
        </Title>
        <ProblemAlert error={trend.error} />
        {data && points.length === 0 && <Text c="gray.7">{t('cases.assessments.trendNone')}</Text>}
        {data && points.length > 0 && (
          <>
            <Alert
              variant="light"
              color={data.sustainablyReintegrated ? 'teal' : 'yellow'}
              data-testid="reintegration-verdict"
              data-sustainable={String(data.sustainablyReintegrated)}
            >
              {data.sustainablyReintegrated
                ? t('cases.assessments.sustainable', { threshold: percent(data.threshold) })
                : t('cases.assessments.notSustainable', { threshold: percent(data.threshold) })}
            </Alert>
            <ScrollTable minWidth={560} label={t('cases.assessments.trendTitle')}>
              <Table verticalSpacing="xs" data-testid="trend-table">
                <Table.Caption>
                  {t('cases.assessments.trendCaption', { threshold: percent(data.threshold) })}
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('cases.assessments.dimension')}</Table.Th>
                    {points.map((p) => (
                      <Table.Th scope="col" key={p.assessmentId}>
                        {pointLabel(t, p)}
                        <Text size="xs" c="gray.7" fw={400}>
                          {formatDateTime(p.takenAt, me.timeZone, i18n.language)}
                        </Text>
                      </Table.Th>
                    ))}
                    <Table.Th scope="col">{t('cases.assessments.change')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.dimensions.map((d) => (
                    <Table.Tr key={d.id} data-testid={`trend-row-${d.id}`}>
                      <Table.Th scope="row" fw={500}>
                        {localised(d.label, d.id)}
                      </Table.Th>
                      {points.map((p) => {
                        const score = d.series.find((s) => s.assessmentId === p.assessmentId)?.score ?? null;
                        return (
                          <Table.Td key={p.assessmentId}>
                            <ScoreBar score={score} threshold={data.threshold} />
                          </Table.Td>
                        );
                      })}
                      <Table.Td>
                        {d.change === null ? '—' : `${d.change > 0 ? '+' : ''}${Math.round(d.change * 100)}`}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr>
                    <Table.Th scope="row">{t('cases.assessments.composite')}</Table.Th>
                    {points.map((p) => (
                      <Table.Td key={p.assessmentId}>
                        <ScoreBar score={p.score} threshold={data.threshold} />
                      </Table.Td>
                    ))}
                    <Table.Td />
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </>
        )}
      </Stack>
    </Card>
  );
}

function ScoreBar({ score, threshold }: { score: number | null; threshold: number }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{percent(score)}</Text>
      {score !== null && (
        <Progress
          value={Math.round(score * 100)}
          color={score >= threshold ? 'teal.9' : 'orange.9'}
          size="sm"
          w={96}
          aria-hidden="true"
        />
      )}
    </Stack>
  );
}

function AssessmentList({ kase, questionnaires }: { kase: CaseDetail; questionnaires: Questionnaire[] }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const localised = useLocalised();
  const list = useQuery({
    queryKey: ['case', kase.id, 'assessments'],
    queryFn: () => casesApi.assessments(kase.id),
  });
  const items = list.data?.items ?? [];
  const title = (key: string) => localised(questionnaires.find((q) => q.key === key)?.title, key);
  return (
    <Stack gap="xs">
      <Title order={3} fz="h4">
        {t('cases.assessments.recorded')}
      </Title>
      <ProblemAlert error={list.error} />
      {items.length === 0 && list.isSuccess ? (
        <Text c="gray.7">{t('cases.assessments.none')}</Text>
      ) : (
        <CaptionedTable
          minWidth={720}
          label={t('cases.assessments.recorded')}
          striped
          verticalSpacing="xs"
          data-testid="assessments-table"
          columns={[
            t('cases.assessments.questionnaire'),
            t('cases.assessments.kind'),
            t('cases.assessments.takenAt'),
            t('cases.assessments.scores'),
            t('cases.assessments.result'),
          ]}
        >
          {items.map((a) => (
            <Table.Tr key={a.id} data-testid="assessment-row">
              <Table.Td>{title(a.questionnaire)}</Table.Td>
              <Table.Td>
                {a.kind === 'follow_up' && a.followUpMonth
                  ? t('cases.assessments.followUpAt', { count: a.followUpMonth })
                  : t(`cases.assessments.kinds.${a.kind}`)}
              </Table.Td>
              <Table.Td>{formatDateTime(a.takenAt, me.timeZone, i18n.language)}</Table.Td>
              <Table.Td>
                {Object.entries(a.scores)
                  .map(
                    ([dimension, score]) =>
                      `${dimensionLabel(questionnaires, a.questionnaire, dimension, localised)} ${percent(score)}`,
                  )
                  .join(' · ')}
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm">{percent(a.composite)}</Text>
                  {a.sustainable !== null && (
                    <Text size="sm" fw={600} data-testid="assessment-sustainable">
                      {a.sustainable
                        ? t('cases.assessments.sustainableShort')
                        : t('cases.assessments.notSustainableShort')}
                    </Text>
                  )}
                  {a.band && (
                    <Text size="sm" fw={600}>
                      {t('cases.assessments.bandLabel', { band: t(`cases.assessments.band.${a.band}`) })}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
    </Stack>
  );
}

function dimensionLabel(
  questionnaires: Questionnaire[],
  key: string,
  dimension: string,
  localised: (label: { id: string; en: string } | undefined, fallback?: string) => string,
): string {
  const q = questionnaires.find((x) => x.key === key);
  return localised(q?.dimensions.find((d) => d.id === dimension)?.label, dimension);
}
