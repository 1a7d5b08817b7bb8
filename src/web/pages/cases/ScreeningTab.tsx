import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, useCaseScreenings, useScreeningTool } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { FormActions, SubmitRow } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useLocalised } from '../../ui/reference.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { ApproveRejectCard } from './ApproveRejectCard.js';
import { HtcdsSelect, useHtcdsLabel } from './fields.js';
import type { CaseDetail, Screening, ScreeningTool } from './model.js';
import { useCaseRefresh } from './useCase.js';

const weightColour = { S: 'red', M: 'orange', W: 'gray' } as const;

/** The deciding organisation type a user's agency most likely is (HTCDS vic_TraffickingStatusDecisionMakingOrg). */
function defaultDecisionOrg(agencyType: string): string {
  if (agencyType === 'police_ppa' || agencyType === 'police') return 'Police';
  if (agencyType === 'prosecutor' || agencyType === 'court') return 'CourtOrProsecution';
  if (agencyType === 'ngo' || agencyType === 'legal_aid') return 'NGO';
  return 'NonPoliceGovernmentalOrganization';
}

/** Screening: ILO/EC Delphi indicators, the tool's recommendation, a person's decision, a supervisor's approval. */
export function ScreeningTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const tool = useScreeningTool();
  const screenings = useCaseScreenings(kase.id);
  const [creating, setCreating] = useState(false);
  const items = screenings.data?.items ?? [];
  const latest = items[0];
  const mayScreen = can('screenings.manage') && kase.stage !== 'closed';

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} fz="h3">
          {t('cases.screening.title')}
        </Title>
        {mayScreen && !creating && (
          <Button onClick={() => setCreating(true)} data-testid="screening-new">
            {t('cases.screening.new')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={screenings.error ?? tool.error} />
      {creating && tool.data && <ScreeningForm kase={kase} tool={tool.data} onDone={() => setCreating(false)} />}
      {!creating && items.length === 0 && screenings.isSuccess && <Text c="gray.7">{t('cases.screening.none')}</Text>}
      {latest && tool.data && <ScreeningResult kase={kase} screening={latest} tool={tool.data} latest />}
      {items.length > 1 && <ScreeningHistory items={items.slice(1)} />}
    </Stack>
  );
}

function ScreeningForm({ kase, tool, onDone }: { kase: CaseDetail; tool: ScreeningTool; onDone: () => void }) {
  const { t } = useTranslation();
  const localised = useLocalised();
  const refresh = useCaseRefresh(kase.id);
  const {
    form,
    mutation: create,
    submit,
  } = useApiForm({
    // `observed`: the ids of the indicators ticked, across every dimension.
    initialValues: { acts: [] as string[], observed: [] as string[], notes: '' },
    send: (v) =>
      casesApi.createScreening(kase.id, {
        toolVersion: tool.version,
        // Every indicator of the tool is answered: ticked or not.
        answers: Object.fromEntries(
          tool.dimensions.flatMap((d) => d.indicators.map((i) => [i.id, v.observed.includes(i.id)])),
        ),
        acts: v.acts,
        notes: v.notes.trim() || undefined,
      }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const { observed } = form.getValues();
  /** One dimension's checkboxes show and change only that dimension's indicators. */
  const observeIn = (ids: readonly string[]) => ({
    value: observed.filter((id) => ids.includes(id)),
    onChange: (values: string[]) =>
      form.setFieldValue('observed', [...observed.filter((id) => !ids.includes(id)), ...values]),
  });
  return (
    <Card withBorder padding="md" component="form" onSubmit={submit} noValidate data-testid="screening-form">
      <Stack>
        <Title order={3} fz="h4">
          {t('cases.screening.formTitle')}
        </Title>
        <Text size="sm" c="gray.7">
          {localised(tool.labels, tool.label)} · {t('cases.screening.version', { version: tool.version })}
        </Text>
        <Group gap="xs">
          <Text size="sm">{t('cases.screening.weightsLegend')}</Text>
          {(['S', 'M', 'W'] as const).map((w) => (
            <Badge key={w} variant="light" color={weightColour[w]}>
              {w} = {t(`cases.screening.weight.${w}`)}
            </Badge>
          ))}
        </Group>
        <ProblemAlert error={create.error} fields={['notes']} />
        <Checkbox.Group
          label={t('cases.screening.acts')}
          description={t('cases.screening.actsHint')}
          {...form.getInputProps('acts')}
        >
          <Group gap="md" mt={6}>
            {tool.acts.map((a) => (
              <Checkbox key={a.id} value={a.id} label={localised(a.labels, a.label)} data-testid={`act-${a.id}`} />
            ))}
          </Group>
        </Checkbox.Group>
        {tool.dimensions.map((d) => (
          <Card key={d.id} withBorder padding="sm" data-testid={`dimension-${d.key}`}>
            <Checkbox.Group
              label={`${d.id}. ${localised(d.labels, d.label)}`}
              {...observeIn(d.indicators.map((i) => i.id))}
            >
              <Stack gap={6} mt={6}>
                {d.indicators.map((i) => (
                  <Checkbox
                    key={i.id}
                    value={i.id}
                    data-testid={`indicator-${i.id}`}
                    label={
                      <Group gap={6} wrap="nowrap" component="span">
                        <Badge
                          variant="light"
                          color={weightColour[i.weight]}
                          size="sm"
                          component="span"
                          title={t(`cases.screening.weight.${i.weight}`)}
                        >
                          {i.weight}
                          <VisuallyHidden component="span"> ({t(`cases.screening.weight.${i.weight}`)})</VisuallyHidden>
                        </Badge>
                        <span>{localised(i.labels, i.label)}</span>
                      </Group>
                    }
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          </Card>
        ))}
        <Textarea label={t('cases.screening.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <FormActions
          onCancel={onDone}
          pending={create.isPending}
          submitLabel={t('cases.screening.submit')}
          testId="screening-submit"
        />
      </Stack>
    </Card>
  );
}

function ScreeningResult({
  kase,
  screening,
  tool,
  latest,
}: {
  kase: CaseDetail;
  screening: Screening;
  tool: ScreeningTool;
  latest: boolean;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const localised = useLocalised();
  const htcdsLabel = useHtcdsLabel();
  const s = screening;
  const approval = s.approval?.status;
  const open = kase.stage !== 'closed';
  const mayDecide = latest && open && can('screenings.manage') && approval !== 'pending' && approval !== 'approved';
  const mayApprove =
    latest && open && can('cases.approve') && approval === 'pending' && s.decision?.decidedBy !== me.id;
  const dimensionLabel = (id: number, key: string) => {
    const d = tool.dimensions.find((x) => x.id === id);
    return d ? localised(d.labels, d.label) : key;
  };
  const actLabel = (id: string) => {
    const a = tool.acts.find((x) => x.id === id);
    return a ? localised(a.labels, a.label) : id;
  };
  return (
    <Card withBorder padding="md" data-testid="screening-result" data-recommendation={s.recommendation}>
      <Stack gap="sm">
        <Title order={3} fz="h4">
          {t('cases.screening.resultTitle')}
        </Title>
        <Text size="sm" c="gray.7">
          {formatDateTime(s.createdAt, me.timeZone, i18n.language)} · {t(`cases.screening.rule.${s.rule}`)}
        </Text>
        <Alert
          color={s.presumedVictim ? 'orange' : 'gray'}
          variant="light"
          title={t('cases.screening.recommendation')}
          data-testid="screening-recommendation"
        >
          {htcdsLabel('vic_TraffickingStatus', s.recommendation)}
          {s.rule === 'child' && (
            <Text size="sm" mt={4}>
              {t('cases.screening.childRuleNote')}
            </Text>
          )}
        </Alert>
        <ScrollTable minWidth={520} label={t('cases.screening.resultTitle')}>
          <Table verticalSpacing="xs" data-testid="screening-dimensions">
            <Table.Caption>{t('cases.screening.dimensionsCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cases.screening.dimension')}</Table.Th>
                <Table.Th scope="col">{t('cases.screening.weight.S')}</Table.Th>
                <Table.Th scope="col">{t('cases.screening.weight.M')}</Table.Th>
                <Table.Th scope="col">{t('cases.screening.weight.W')}</Table.Th>
                <Table.Th scope="col">{t('cases.screening.positive')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.dimensions.map((d) => (
                <Table.Tr key={d.dimension}>
                  <Table.Th scope="row" fw={400}>
                    {dimensionLabel(d.dimension, d.key)}
                  </Table.Th>
                  <Table.Td>{d.strong}</Table.Td>
                  <Table.Td>{d.medium}</Table.Td>
                  <Table.Td>{d.weak}</Table.Td>
                  <Table.Td>
                    {d.positive ? (
                      <Badge variant="light" color="orange">
                        {t('cases.screening.positiveYes')}
                      </Badge>
                    ) : (
                      t('common.no')
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <Text size="sm">
          {t('cases.screening.actsObserved')}: {s.acts.length > 0 ? s.acts.map(actLabel).join(', ') : '—'}
        </Text>
        {s.notes && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {s.notes}
          </Text>
        )}
        {s.decision && (
          <Alert variant="light" color="blue" title={t('cases.screening.decision')} data-testid="screening-decision">
            <Text size="sm">
              {htcdsLabel('vic_TraffickingStatus', s.decision.status)} ·{' '}
              {htcdsLabel('vic_TraffickingStatusDecisionMakingOrg', s.decision.decidedByOrg)} ·{' '}
              {formatDateTime(s.decision.decidedAt, me.timeZone, i18n.language)}
            </Text>
            {s.decision.rationale && (
              <Text size="sm" mt={4}>
                {s.decision.rationale}
              </Text>
            )}
            {approval && (
              <Badge
                mt="xs"
                variant="light"
                color={approval === 'approved' ? 'teal' : approval === 'rejected' ? 'red' : 'yellow'}
                data-testid="screening-approval"
                data-status={approval}
              >
                {t(`cases.screening.approval.${approval}`)}
              </Badge>
            )}
            {s.approval?.note && (
              <Text size="sm" mt={4}>
                {s.approval.note}
              </Text>
            )}
          </Alert>
        )}
        {mayDecide && <DecideForm kase={kase} screening={s} />}
        {mayApprove && <ApproveForm kase={kase} screening={s} />}
      </Stack>
    </Card>
  );
}

function DecideForm({ kase, screening }: { kase: CaseDetail; screening: Screening }) {
  const { t } = useTranslation();
  const me = useMe();
  const refresh = useCaseRefresh(kase.id);
  const {
    form,
    mutation: decide,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      status: screening.recommendation as string | null,
      decidedByOrg: defaultDecisionOrg(me.agency.type) as string | null,
      rationale: '',
    },
    validate: { status: required, decidedByOrg: required },
    send: (v) =>
      casesApi.decideScreening(screening.id, {
        status: v.status,
        decidedByOrg: v.decidedByOrg,
        // Required by the server only when the decision differs from the recommendation.
        rationale: v.rationale.trim() || undefined,
      }),
    onSuccess: refresh,
  });
  const { status } = form.getValues();
  const differs = status !== null && status !== screening.recommendation;
  return (
    <Card withBorder padding="sm" component="form" onSubmit={submit} noValidate data-testid="decide-form">
      <Stack gap="sm">
        <Title order={4} fz="h5">
          {t('cases.screening.decideTitle')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('cases.screening.decideHint')}
        </Text>
        <ProblemAlert error={decide.error} fields={['status', 'decidedByOrg', 'rationale']} />
        <HtcdsSelect
          field="vic_TraffickingStatus"
          label={t('cases.screening.decisionStatus')}
          required
          {...bind('status')}
          testId="decide-status"
        />
        <HtcdsSelect
          field="vic_TraffickingStatusDecisionMakingOrg"
          label={t('cases.overview.decidedByOrg')}
          required
          {...bind('decidedByOrg')}
          testId="decide-org"
        />
        <Textarea
          label={t('cases.screening.rationale')}
          description={differs ? t('cases.screening.rationaleRequired') : undefined}
          required={differs}
          autosize
          minRows={2}
          {...form.getInputProps('rationale')}
          data-testid="decide-rationale"
        />
        <SubmitRow pending={decide.isPending} testId="decide-submit" label={t('cases.screening.decideSubmit')} />
      </Stack>
    </Card>
  );
}

/** A supervisor approves or rejects the decision, with an optional note. */
function ApproveForm({ kase, screening }: { kase: CaseDetail; screening: Screening }) {
  const refresh = useCaseRefresh(kase.id);
  return (
    <ApproveRejectCard
      send={(body) => casesApi.approveScreening(screening.id, body)}
      onSuccess={refresh}
      messages="cases.screening"
      order={4}
      padding="sm"
      rejectColor="red"
      testIds={{ card: 'approve-form', reject: 'screening-reject', approve: 'screening-approve' }}
    />
  );
}

function ScreeningHistory({ items }: { items: Screening[] }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const htcdsLabel = useHtcdsLabel();
  return (
    <Stack gap="xs">
      <Title order={3} fz="h4">
        {t('cases.screening.history')}
      </Title>
      <ScrollTable minWidth={560} label={t('cases.screening.history')}>
        <Table verticalSpacing="xs">
          <Table.Caption>
            <VisuallyHidden>{t('cases.screening.history')}</VisuallyHidden>
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('cases.screening.date')}</Table.Th>
              <Table.Th scope="col">{t('cases.screening.recommendation')}</Table.Th>
              <Table.Th scope="col">{t('cases.screening.decision')}</Table.Th>
              <Table.Th scope="col">{t('cases.screening.approvalLabel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{formatDateTime(s.createdAt, me.timeZone, i18n.language)}</Table.Td>
                <Table.Td>{htcdsLabel('vic_TraffickingStatus', s.recommendation)}</Table.Td>
                <Table.Td>{htcdsLabel('vic_TraffickingStatus', s.decision?.status)}</Table.Td>
                <Table.Td>{s.approval ? t(`cases.screening.approval.${s.approval.status}`) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}
