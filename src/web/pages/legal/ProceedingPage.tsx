import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Checkbox,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api.js';
import { useAuth, useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { EnumMultiSelect, EnumSelect, formatDate, inputToIso, nowForInput, useHtcdsLabel } from '../cases/fields.js';
import {
  claimComponents,
  type Informed,
  informChannels,
  informTopics,
  type Proceeding,
  rupiah,
  stopReasons,
  testimonyModes,
  todayIn,
  verdictInstances,
  verdictOutcomes,
} from './model.js';
import { RestitutionChain } from './RestitutionChain.js';

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h3">
            {title}
          </Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/**
 * A criminal proceeding as the caller may see it: police and prosecutors party to it see every victim; a case
 * team or a consented recipient sees her own victim only. Actions appear only for who may take them.
 */
export function ProceedingPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useAuth();
  const htcdsLabel = useHtcdsLabel();
  usePageTitle('legal.page.title');
  const queryClient = useQueryClient();
  const proceeding = useQuery({
    queryKey: ['proceeding', id],
    queryFn: () => api.get<Proceeding>(`/api/legal/proceedings/${id}`),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const update = (p: Proceeding) => {
    queryClient.setQueryData(['proceeding', id], p);
    for (const k of ['legal-due', 'legal-proceedings', 'legal-case'])
      void queryClient.invalidateQueries({ queryKey: [k] });
    void queryClient.invalidateQueries({ queryKey: ['informed', id] });
  };
  const lang = i18n.language;

  if (proceeding.isPending)
    return (
      <Center p="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  if (proceeding.error || !proceeding.data) {
    const missing = proceeding.error instanceof ApiError && proceeding.error.status === 404;
    return (
      <Stack>
        <Title order={1}>{t('legal.page.title')}</Title>
        {missing ? (
          <Alert color="gray" variant="light" data-testid="proceeding-not-found">
            {t('legal.page.notFound')}
          </Alert>
        ) : (
          <ProblemAlert error={proceeding.error} />
        )}
      </Stack>
    );
  }
  const p = proceeding.data;
  const defendantName = (did: string) => {
    const d = p.defendants.find((x) => x.id === did);
    return d ? `${d.pseudonym}${d.initials ? ` (${d.initials})` : ''}` : '—';
  };

  return (
    <Stack>
      {can('legal.read') && (
        <Anchor component={Link} to="/legal" size="sm">
          ← {t('legal.title')}
        </Anchor>
      )}
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} data-testid="proceeding-title">
            {p.reportNumber}
          </Title>
          <Group gap="xs">
            <Badge variant="light" color={p.open ? 'blue' : 'gray'} data-testid="proceeding-stage">
              {t(`legal.stages.${p.stage}`)}
            </Badge>
            <Badge variant="outline">{t(`legal.laws.${p.law}`)}</Badge>
          </Group>
        </Stack>
      </Group>

      <Section title={t('legal.page.facts')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Text size="sm">
            <b>{t('legal.policeUnit')}:</b> {p.policeUnit}
          </Text>
          <Text size="sm">
            <b>{t('legal.reportedOn')}:</b> {formatDate(p.reportedOn, lang)}
          </Text>
          <Text size="sm">
            <b>{t('legal.exploitationType')}:</b> {htcdsLabel('vic_TypeOfExploitation', p.exploitationType)}
          </Text>
          <Text size="sm">
            <b>{t('legal.page.court')}:</b> {p.courtName ?? '—'}
          </Text>
          <Text size="sm">
            <b>{t('legal.page.parties')}:</b>{' '}
            {p.parties.map((x) => `${x.agency.name} (${t(`legal.partyRoles.${x.role}`)})`).join('; ')}
          </Text>
        </SimpleGrid>
        <Title order={3} fz="h4">
          {t('legal.victims')}
        </Title>
        <Table data-testid="proceeding-victims">
          <Table.Tbody>
            {p.victims.map((v) => (
              <Table.Tr key={v.caseId}>
                <Table.Td>
                  {can('cases.read') ? (
                    <Anchor component={Link} to={`/cases/${v.caseId}?tab=legal`}>
                      {v.caseNumber}
                    </Anchor>
                  ) : (
                    v.caseNumber
                  )}
                </Table.Td>
                <Table.Td>{t(`legal.victimRoles.${v.role}`)}</Table.Td>
                <Table.Td>{v.isChild ? t('cases.badge.child', { defaultValue: 'Anak' }) : ''}</Table.Td>
                <Table.Td>{v.accompaniedBy ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {p.otherVictims > 0 && (
          <Text size="sm" c="gray.7">
            {t('legal.otherVictims', { count: p.otherVictims })}
          </Text>
        )}
        <Title order={3} fz="h4">
          {t('legal.page.defendants')}
        </Title>
        {p.defendants.map((d) => (
          <Text size="sm" key={d.id} data-testid="proceeding-defendant">
            {d.pseudonym} {d.initials ? `(${d.initials})` : ''} · {t(`legal.defendantStatuses.${d.status}`)} ·{' '}
            {t('legal.page.rolesInProcess')}:{' '}
            {d.rolesInProcess.map((r) => htcdsLabel('per_RoleInProcess', r)).join(', ')}
          </Text>
        ))}
        {p.charges.length > 0 && (
          <Text size="sm">
            <b>{t('legal.page.charges')}:</b>{' '}
            {p.charges.map((c) => `${t(`legal.chargeLaws.${c.law}`)} ${c.article}`).join('; ')}
          </Text>
        )}
        <Text size="sm" c="gray.7">
          {t('legal.page.history')}:{' '}
          {p.stageHistory.map((h) => `${t(`legal.stages.${h.stage}`)} (${formatDate(h.on, lang)})`).join(' → ')}
        </Text>
        {p.abilities.manage && p.nextStages.length > 0 && <StageForm p={p} onChange={update} />}
      </Section>

      <Section title={t('legal.page.hearings')}>
        {p.hearings.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('legal.page.noHearings')}
          </Text>
        ) : (
          <Table data-testid="proceeding-hearings">
            <Table.Tbody>
              {p.hearings.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td>{formatDate(h.heldOn, lang)}</Table.Td>
                  <Table.Td>{h.court}</Table.Td>
                  <Table.Td>{h.testimonyMode ? t(`legal.testimonyModes.${h.testimonyMode}`) : ''}</Table.Td>
                  <Table.Td>{h.accompaniedBy ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {p.abilities.manage && <HearingForm p={p} onChange={update} />}
      </Section>

      <Section title={t('legal.page.verdicts')}>
        {p.verdicts.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('legal.page.noVerdicts')}
          </Text>
        ) : (
          <Table data-testid="proceeding-verdicts">
            <Table.Tbody>
              {p.verdicts.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>{formatDate(v.decidedOn, lang)}</Table.Td>
                  <Table.Td>{t(`legal.instances.${v.instance}`)}</Table.Td>
                  <Table.Td>{defendantName(v.defendantId)}</Table.Td>
                  <Table.Td>{t(`legal.outcomes.${v.outcome}`)}</Table.Td>
                  <Table.Td>
                    {v.restitutionOrdered
                      ? `${t('legal.page.restitutionOrdered')}: ${rupiah(v.restitutionAmount, lang)}`
                      : ''}
                  </Table.Td>
                  <Table.Td>{v.finalOn ? formatDate(v.finalOn, lang) : t('legal.page.notFinal')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {p.abilities.manage && p.defendants.length > 0 && <VerdictForm p={p} onChange={update} />}
      </Section>

      <Section title={t('legal.restitution.title')}>
        <Text size="sm" c="gray.7">
          {t('legal.restitution.intro')}
        </Text>
        {p.claims.length === 0 && (
          <Text size="sm" c="gray.7">
            {t('legal.restitution.none')}
          </Text>
        )}
        {p.claims.map((c) => (
          <RestitutionChain key={c.id} claim={c} canRecord={p.abilities.recordRestitution} onChange={update} />
        ))}
        {p.abilities.recordRestitution && p.victims.length > 0 && <ClaimForm p={p} onChange={update} />}
      </Section>

      <InformedLog p={p} />
    </Stack>
  );
}

function useSave<T>(fn: () => Promise<T>, onDone: (r: T) => void) {
  return useMutation({ mutationFn: fn, onSuccess: onDone });
}

function StageForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [to, setTo] = useState<string | null>(p.nextStages[0] ?? null);
  const [on, setOn] = useState(todayIn(me.timeZone));
  const [reason, setReason] = useState<string | null>(null);
  const save = useSave(
    () =>
      api.post<Proceeding>(`/api/legal/proceedings/${p.id}/stage`, {
        from: p.stage,
        to,
        on,
        ...(to === 'stopped' && reason ? { stoppedReason: reason } : {}),
      }),
    onChange,
  );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.page.advance')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={['to', 'on', 'stoppedReason']} />
        <Group align="flex-end">
          <EnumSelect
            label={t('legal.page.to')}
            values={p.nextStages}
            prefix="legal.stages"
            value={to}
            onChange={setTo}
            required
            error={fieldError(save.error, 'to')}
            testId="stage-to"
          />
          <TextInput
            type="date"
            label={t('legal.page.on')}
            value={on}
            onChange={(e) => setOn(e.currentTarget.value)}
            error={fieldError(save.error, 'on')}
            required
            data-testid="stage-on"
          />
          {to === 'stopped' && (
            <EnumSelect
              label={t('legal.page.stoppedReason')}
              values={stopReasons}
              prefix="legal.stopReasons"
              value={reason}
              onChange={setReason}
              required
              error={fieldError(save.error, 'stoppedReason')}
              testId="stage-reason"
            />
          )}
          <Button type="submit" loading={save.isPending} data-testid="stage-submit">
            {t('legal.page.advance')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function HearingForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [heldOn, setHeldOn] = useState(todayIn(me.timeZone));
  const [court, setCourt] = useState(p.courtName ?? '');
  const [caseId, setCaseId] = useState<string | null>(null);
  const [mode, setMode] = useState<string | null>(null);
  const [accompaniedBy, setAccompaniedBy] = useState('');
  const save = useSave(
    () =>
      api.post<Proceeding>(`/api/legal/proceedings/${p.id}/hearings`, {
        heldOn,
        court: court.trim(),
        ...(caseId ? { caseId } : {}),
        ...(mode ? { testimonyMode: mode } : {}),
        ...(accompaniedBy.trim() ? { accompaniedBy: accompaniedBy.trim() } : {}),
      }),
    (r) => {
      setOpen(false);
      onChange(r);
    },
  );
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)} data-testid="hearing-new">
          {t('legal.page.newHearing')}
        </Button>
      </Group>
    );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.page.newHearing')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={['heldOn', 'court', 'caseId', 'testimonyMode', 'accompaniedBy']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('legal.page.heldOn')}
            value={heldOn}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
            error={fieldError(save.error, 'heldOn')}
            required
          />
          <TextInput
            label={t('legal.page.court')}
            value={court}
            onChange={(e) => setCourt(e.currentTarget.value)}
            error={fieldError(save.error, 'court')}
            required
          />
          <Select
            label={t('legal.page.testifyingVictim')}
            data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
            value={caseId}
            onChange={setCaseId}
            clearable
            error={fieldError(save.error, 'caseId')}
            comboboxProps={{ withinPortal: true }}
          />
          <EnumSelect
            label={t('legal.page.testimonyMode')}
            values={testimonyModes}
            prefix="legal.testimonyModes"
            value={mode}
            onChange={setMode}
            error={fieldError(save.error, 'testimonyMode')}
            testId="hearing-mode"
          />
          <TextInput
            label={t('legal.page.accompaniedBy')}
            value={accompaniedBy}
            onChange={(e) => setAccompaniedBy(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="hearing-submit">
            {t('legal.page.save')}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('legal.page.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function VerdictForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [defendantId, setDefendantId] = useState<string | null>(p.defendants[0]?.id ?? null);
  const [instance, setInstance] = useState<string | null>('first_instance');
  const [decidedOn, setDecidedOn] = useState(todayIn(me.timeZone));
  const [outcome, setOutcome] = useState<string | null>('convicted');
  const [sentence, setSentence] = useState('');
  const [ordered, setOrdered] = useState(false);
  const [amount, setAmount] = useState('');
  const [finalOn, setFinalOn] = useState('');
  const save = useSave(
    () =>
      api.post<Proceeding>(`/api/legal/proceedings/${p.id}/verdicts`, {
        defendantId,
        instance,
        decidedOn,
        outcome,
        ...(sentence ? { sentenceMonths: Number(sentence) } : {}),
        restitutionOrdered: ordered,
        ...(ordered && amount ? { restitutionAmount: Number(amount) } : {}),
        ...(finalOn ? { finalOn } : {}),
      }),
    (r) => {
      setOpen(false);
      onChange(r);
    },
  );
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)} data-testid="verdict-new">
          {t('legal.page.newVerdict')}
        </Button>
      </Group>
    );
  const fields = ['defendantId', 'instance', 'decidedOn', 'outcome', 'sentenceMonths', 'restitutionAmount', 'finalOn'];
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.page.newVerdict')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={fields} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('legal.page.defendant')}
            data={p.defendants.map((d) => ({ value: d.id, label: d.pseudonym }))}
            value={defendantId}
            onChange={setDefendantId}
            required
            error={fieldError(save.error, 'defendantId')}
            comboboxProps={{ withinPortal: true }}
          />
          <EnumSelect
            label={t('legal.page.instance')}
            values={verdictInstances}
            prefix="legal.instances"
            value={instance}
            onChange={setInstance}
            required
            error={fieldError(save.error, 'instance')}
          />
          <TextInput
            type="date"
            label={t('legal.page.decidedOn')}
            value={decidedOn}
            onChange={(e) => setDecidedOn(e.currentTarget.value)}
            error={fieldError(save.error, 'decidedOn')}
            required
            data-testid="verdict-date"
          />
          <EnumSelect
            label={t('legal.page.outcome')}
            values={verdictOutcomes}
            prefix="legal.outcomes"
            value={outcome}
            onChange={setOutcome}
            required
            error={fieldError(save.error, 'outcome')}
          />
          <TextInput
            type="number"
            min={0}
            label={t('legal.page.sentenceMonths')}
            value={sentence}
            onChange={(e) => setSentence(e.currentTarget.value)}
            error={fieldError(save.error, 'sentenceMonths')}
            data-testid="verdict-sentence"
          />
          <TextInput
            type="date"
            label={t('legal.page.finalOn')}
            value={finalOn}
            onChange={(e) => setFinalOn(e.currentTarget.value)}
            error={fieldError(save.error, 'finalOn')}
            data-testid="verdict-final"
          />
          <Checkbox
            label={t('legal.page.restitutionOrdered')}
            checked={ordered}
            onChange={(e) => setOrdered(e.currentTarget.checked)}
            data-testid="verdict-restitution"
          />
          {ordered && (
            <TextInput
              type="number"
              min={1}
              label={t('legal.page.restitutionAmount')}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={fieldError(save.error, 'restitutionAmount')}
              required
              data-testid="verdict-amount"
            />
          )}
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="verdict-submit">
            {t('legal.page.save')}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('legal.page.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ClaimForm({ p, onChange }: { p: Proceeding; onChange: (p: Proceeding) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [caseId, setCaseId] = useState<string | null>(p.victims[0]?.caseId ?? null);
  const [filedOn, setFiledOn] = useState(todayIn(me.timeZone));
  const [rows, setRows] = useState<{ kind: string | null; amount: string }[]>([
    { kind: 'lost_income_property', amount: '' },
  ]);
  const save = useSave(
    () =>
      api.post<Proceeding>(`/api/legal/proceedings/${p.id}/claims`, {
        caseId,
        filedOn,
        components: rows.map((r) => ({ kind: r.kind, amount: Number(r.amount) })),
      }),
    (r) => {
      setOpen(false);
      onChange(r);
    },
  );
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)} data-testid="claim-new">
          {t('legal.restitution.newClaim')}
        </Button>
      </Group>
    );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={t('legal.restitution.newClaim')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={['caseId', 'filedOn']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('legal.restitution.victim')}
            data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
            value={caseId}
            onChange={setCaseId}
            required
            error={fieldError(save.error, 'caseId')}
            comboboxProps={{ withinPortal: true }}
            data-testid="claim-case"
          />
          <TextInput
            type="date"
            label={t('legal.restitution.filedOn')}
            value={filedOn}
            onChange={(e) => setFiledOn(e.currentTarget.value)}
            error={fieldError(save.error, 'filedOn')}
            required
            data-testid="claim-date"
          />
        </SimpleGrid>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <Group key={i} align="flex-end">
            <EnumSelect
              label={t('legal.restitution.component')}
              values={claimComponents}
              prefix="legal.components"
              value={r.kind}
              onChange={(kind) => setRows(rows.map((x, j) => (j === i ? { ...x, kind } : x)))}
              required
              error={fieldError(save.error, `components.${i}.kind`)}
            />
            <TextInput
              type="number"
              min={1}
              label={t('legal.restitution.amount')}
              value={r.amount}
              onChange={(e) => {
                const amount = e.currentTarget.value;
                setRows(rows.map((x, j) => (j === i ? { ...x, amount } : x)));
              }}
              error={fieldError(save.error, `components.${i}.amount`)}
              required
              data-testid={`claim-amount-${i}`}
            />
          </Group>
        ))}
        <Group>
          <Button variant="subtle" onClick={() => setRows([...rows, { kind: null, amount: '' }])}>
            {t('legal.restitution.addComponent')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="claim-submit">
            {t('legal.page.save')}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('legal.page.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Art. 36: each time the victim was told of progress (when, how, by whom, what), and recording it. */
function InformedLog({ p }: { p: Proceeding }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const log = useQuery({
    queryKey: ['informed', p.id],
    queryFn: () => api.get<{ items: Informed[] }>(`/api/legal/proceedings/${p.id}/informed`),
  });
  const [open, setOpen] = useState(false);
  const [caseId, setCaseId] = useState<string | null>(p.victims[0]?.caseId ?? null);
  const [when, setWhen] = useState(nowForInput());
  const [channel, setChannel] = useState<string | null>('in_person');
  const [topics, setTopics] = useState<string[]>(['stage']);
  const [summary, setSummary] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post<{ items: Informed[] }>(`/api/legal/proceedings/${p.id}/informed`, {
        caseId,
        informedAt: inputToIso(when),
        channel,
        topics,
        summary: summary.trim(),
      }),
    onSuccess: (r) => {
      setOpen(false);
      setSummary('');
      queryClient.setQueryData(['informed', p.id], r);
    },
  });
  const number = (caseId: string) => p.victims.find((v) => v.caseId === caseId)?.caseNumber ?? '';
  return (
    <Section
      title={t('legal.informed.title')}
      action={
        p.abilities.inform && !open ? (
          <Button onClick={() => setOpen(true)} data-testid="informed-new">
            {t('legal.informed.record')}
          </Button>
        ) : undefined
      }
    >
      <Text size="sm" c="gray.7">
        {t('legal.informed.intro')}
      </Text>
      {open && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            save.mutate();
          }}
          aria-label={t('legal.informed.record')}
        >
          <Stack gap="xs">
            <ProblemAlert error={save.error} fields={['caseId', 'informedAt', 'channel', 'topics', 'summary']} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('legal.informed.victim')}
                data={p.victims.map((v) => ({ value: v.caseId, label: v.caseNumber }))}
                value={caseId}
                onChange={setCaseId}
                required
                error={fieldError(save.error, 'caseId')}
                comboboxProps={{ withinPortal: true }}
              />
              <TextInput
                type="datetime-local"
                label={t('legal.informed.when')}
                value={when}
                onChange={(e) => setWhen(e.currentTarget.value)}
                error={fieldError(save.error, 'informedAt')}
                required
                data-testid="informed-when"
              />
              <EnumSelect
                label={t('legal.informed.channel')}
                values={informChannels}
                prefix="legal.channels"
                value={channel}
                onChange={setChannel}
                required
                error={fieldError(save.error, 'channel')}
              />
              <EnumMultiSelect
                label={t('legal.informed.topics')}
                values={informTopics}
                prefix="legal.topics"
                value={topics}
                onChange={setTopics}
                error={fieldError(save.error, 'topics')}
              />
            </SimpleGrid>
            <Textarea
              label={t('legal.informed.summary')}
              value={summary}
              onChange={(e) => setSummary(e.currentTarget.value)}
              error={fieldError(save.error, 'summary')}
              required
              autosize
              minRows={2}
              data-testid="informed-summary"
            />
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="informed-submit">
                {t('legal.page.save')}
              </Button>
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('legal.page.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <ProblemAlert error={log.error} />
      {log.data && log.data.items.length === 0 && (
        <Text size="sm" c="gray.7">
          {t('legal.informed.empty')}
        </Text>
      )}
      {log.data && log.data.items.length > 0 && (
        <Table data-testid="informed-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('legal.informed.when')}</Table.Th>
              <Table.Th>{t('legal.informed.victim')}</Table.Th>
              <Table.Th>{t('legal.informed.channel')}</Table.Th>
              <Table.Th>{t('legal.informed.topics')}</Table.Th>
              <Table.Th>{t('legal.informed.summary')}</Table.Th>
              <Table.Th>{t('legal.informed.by')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDateTime(r.informedAt, me.timeZone, i18n.language)}</Table.Td>
                <Table.Td>{number(r.caseId)}</Table.Td>
                <Table.Td>{t(`legal.channels.${r.channel}`)}</Table.Td>
                <Table.Td>{r.topics.map((x) => t(`legal.topics.${x}`)).join(', ')}</Table.Td>
                <Table.Td>{r.summary}</Table.Td>
                <Table.Td>
                  {r.informedBy} · {r.informedByAgency.name}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}
