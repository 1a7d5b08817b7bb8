import {
  Anchor,
  Card,
  Code,
  Group,
  Loader,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type ProgrammeDetail,
  preventionApi,
  preventionKeys,
  useProgramme,
  usePublicSurvey,
  useSurveyResults,
} from '../../api/prevention.js';
import { useAuth } from '../../auth.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { num, text } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegions } from '../../ui/reference.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { EnumSelect } from '../cases/fields.js';
import { ageBands, changeText, fundingSources, rupiah } from './model.js';

/** A programme: its sessions, the awareness change they show, and its money. */
export function ProgrammePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  usePageTitle('prevention.programme');
  const programme = useProgramme(id);
  const results = useSurveyResults(id);
  if (programme.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!programme.data) return <ProblemAlert error={programme.error} />;
  const p = programme.data;
  const manage = can('programmes.manage');
  return (
    <Stack>
      <Title order={1}>{p.name}</Title>
      <Anchor component={Link} to="/prevention">
        {t('prevention.back')}
      </Anchor>
      <Text>
        {t(`prevention.types.${p.type}`)} · {p.startsOn} – {p.endsOn} ·{' '}
        {p.targetGroups.map((g) => t(`prevention.groups.${g}`)).join(', ')}
      </Text>
      <Text>
        {t('prevention.participants')}: {p.participantTotal} ({t('prevention.female')} {p.participantsBySex.female},{' '}
        {t('prevention.male')} {p.participantsBySex.male})
      </Text>
      <Card withBorder>
        <Title order={2} size="h4">
          {t('prevention.awareness')}
        </Title>
        {results.data && (
          <Stack gap={4} mt="xs">
            <Text data-testid="programme-change">
              {t('prevention.programmeChange')}: {changeText(results.data.programme)} ·{' '}
              {t(`prevention.methods.${results.data.programme.method}`)} · n = {results.data.programme.nBefore}/
              {results.data.programme.nAfter}
            </Text>
            {results.data.sessions.map((s) => (
              <Text size="sm" key={s.sessionId}>
                {s.heldOn} {s.place}: {changeText(s.change)}
              </Text>
            ))}
          </Stack>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4">
          {t('prevention.sessions')}
        </Title>
        <ScrollTable minWidth={600} label={t('prevention.sessions')}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('prevention.heldOn')}</Table.Th>
                <Table.Th>{t('prevention.place')}</Table.Th>
                <Table.Th>{t('prevention.facilitator')}</Table.Th>
                <Table.Th>{t('prevention.participants')}</Table.Th>
                <Table.Th>{t('prevention.responses')}</Table.Th>
                <Table.Th>{t('prevention.shortLink')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.sessions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.heldOn}</Table.Td>
                  <Table.Td>{s.place}</Table.Td>
                  <Table.Td>{s.facilitator}</Table.Td>
                  <Table.Td>{s.participantTotal}</Table.Td>
                  <Table.Td>
                    {s.responses.pre}/{s.responses.post}
                  </Table.Td>
                  <Table.Td>
                    <Code>/s/{s.surveyCode}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Card>
      {manage && <NewSession programme={p} />}
      {manage && p.sessions.length > 0 && <PaperResponse programme={p} />}
      {can('budgets.manage') && (
        <NewAllocation programmeId={p.id} year={Number(p.startsOn.slice(0, 4))} lang={i18n.language} />
      )}
    </Stack>
  );
}

type Band = (typeof ageBands)[number];
/** Participants by sex and age band, as the number inputs hold them ('' when emptied). */
type Counts = Record<'female' | 'male', Record<Band, number | string>>;
const noBands = () => Object.fromEntries(ageBands.map((b) => [b, 0])) as Record<Band, number | string>;
/** An emptied count is none. */
const countsOf = (counts: Counts) =>
  Object.fromEntries(
    Object.entries(counts).map(([sex, bands]) => [
      sex,
      Object.fromEntries(Object.entries(bands).map(([band, n]) => [band, num(n) ?? 0])),
    ]),
  );

function NewSession({ programme }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const province = programme.regionCodes[0]?.slice(0, 2) ?? null;
  const regencies = useRegions(province, Boolean(province));
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      heldOn: '',
      place: '',
      regionCode: programme.regionCodes.find((r) => r.length > 2) ?? null,
      facilitator: '',
      participants: { female: noBands(), male: noBands() } as Counts,
      /** One per line. */
      materials: '',
    },
    validate: { heldOn: required, place: required, regionCode: required, facilitator: required },
    send: (v) =>
      preventionApi.createSession(programme.id, {
        heldOn: v.heldOn,
        place: v.place.trim(),
        regionCode: v.regionCode,
        facilitator: v.facilitator.trim(),
        participants: countsOf(v.participants),
        materials: v.materials
          .split('\n')
          .map((m) => m.trim())
          .filter(Boolean),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: preventionKeys.programme(programme.id) }),
  });
  const allowed = (regencies.data ?? []).filter((r) =>
    programme.regionCodes.some((c) => r.code === c || r.code.startsWith(`${c}.`)),
  );
  return (
    <Card withBorder component="form" noValidate onSubmit={submit} data-testid="session-form">
      <Stack>
        <Title order={2} size="h4">
          {t('prevention.newSession')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('prevention.heldOn')}
            {...form.getInputProps('heldOn')}
            required
            data-testid="session-held-on"
          />
          <TextInput
            label={t('prevention.place')}
            {...form.getInputProps('place')}
            required
            data-testid="session-place"
          />
          <Select
            label={t('prevention.regency')}
            data={allowed.map((r) => ({ value: r.code, label: r.name }))}
            {...bind('regionCode')}
            required
            searchable
            data-testid="session-regency"
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={t('prevention.facilitator')}
            {...form.getInputProps('facilitator')}
            required
            data-testid="session-facilitator"
          />
        </SimpleGrid>
        {(['female', 'male'] as const).map((sex) => (
          <SimpleGrid key={sex} cols={{ base: 2, sm: 4 }}>
            {ageBands.map((band) => (
              <NumberInput
                key={band}
                label={`${t(`prevention.${sex}`)} ${t(`prevention.bands.${band}`)}`}
                min={0}
                {...form.getInputProps(`participants.${sex}.${band}`)}
                data-testid={`session-${sex}-${band}`}
              />
            ))}
          </SimpleGrid>
        ))}
        <TextInput
          label={t('prevention.materials')}
          description={t('prevention.materialsHint')}
          {...form.getInputProps('materials')}
        />
        <ProblemAlert error={create.error} fields={['heldOn', 'place', 'regionCode', 'facilitator']} />
        <SubmitRow start pending={create.isPending} testId="session-add" label={t('prevention.addSession')} />
      </Stack>
    </Card>
  );
}

/** A paper form typed in: one participant, one phase. */
function PaperResponse({ programme }: { programme: ProgrammeDetail }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const first = programme.sessions[0]!;
  const survey = usePublicSurvey(first.surveyCode);
  const {
    form,
    mutation: save,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      sessionId: first.id as string | null,
      phase: 'pre' as string | null,
      participantCode: '',
      /** Question id → the option chosen. */
      answers: {} as Record<string, string>,
    },
    validate: { sessionId: required, phase: required },
    send: (v) =>
      preventionApi.addResponse(v.sessionId ?? '', {
        phase: v.phase,
        participantCode: text(v.participantCode),
        answers: v.answers,
      }),
    onSuccess: () => {
      form.setValues({ answers: {}, participantCode: '' });
      void qc.invalidateQueries({ queryKey: preventionKeys.programme(programme.id) });
    },
  });
  const { answers } = form.getValues();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  return (
    <Card withBorder component="form" noValidate onSubmit={submit} data-testid="paper-response-form">
      <Stack>
        <Title order={2} size="h4">
          {t('prevention.paperResponse')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('prevention.session')}
            data={programme.sessions.map((s) => ({ value: s.id, label: `${s.heldOn} ${s.place}` }))}
            {...bind('sessionId')}
            data-testid="paper-session"
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('prevention.phase')}
            data={[
              { value: 'pre', label: t('prevention.pre') },
              { value: 'post', label: t('prevention.post') },
            ]}
            {...bind('phase')}
            allowDeselect={false}
            data-testid="paper-phase"
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={t('prevention.participantCode')}
            {...form.getInputProps('participantCode')}
            data-testid="paper-participant"
          />
        </SimpleGrid>
        {survey.data?.questionnaire.questions.map((q, i) => (
          <Radio.Group
            key={q.id}
            label={`${i + 1}. ${q.statement[lang]}`}
            value={answers[q.id] ?? null}
            onChange={(v) => form.setFieldValue('answers', { ...answers, [q.id]: v })}
            required
          >
            <Group mt={4}>
              {survey.data.questionnaire.options.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label[lang]} />
              ))}
            </Group>
          </Radio.Group>
        ))}
        <ProblemAlert error={save.error} fields={['sessionId', 'phase', 'participantCode']} />
        <SubmitRow start pending={save.isPending} testId="paper-save" label={t('prevention.saveResponse')}>
          {save.isSuccess && (
            <Text c="green.8" data-testid="paper-saved">
              {t('prevention.saved')}
            </Text>
          )}
        </SubmitRow>
      </Stack>
    </Card>
  );
}

export function NewAllocation({ programmeId, year, lang }: { programmeId?: string; year: number; lang: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues: { year: year as number | string, source: null as string | null, amount: '' as number | string },
    validate: { year: required, source: required, amount: required },
    send: (v) =>
      preventionApi.createAllocation({
        // A programme's money is for prevention; without a programme it is for victims' services.
        programmeId,
        purpose: programmeId ? 'prevention' : 'victim_services',
        year: num(v.year),
        source: v.source,
        amount: num(v.amount),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: preventionKeys.budgets, exact: false }),
  });
  return (
    <Card withBorder component="form" noValidate onSubmit={submit} data-testid="allocation-form">
      <Stack>
        <Title order={2} size="h4">
          {programmeId ? t('prevention.allocate') : t('prevention.allocateServices')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('prevention.year')}
            {...form.getInputProps('year')}
            min={2000}
            max={2100}
            required
            data-testid="allocation-year"
          />
          <EnumSelect
            label={t('prevention.source')}
            values={fundingSources}
            prefix="prevention.sources"
            {...bind('source')}
            required
            testId="allocation-source"
          />
          <NumberInput
            label={t('prevention.amount')}
            {...form.getInputProps('amount')}
            min={1}
            thousandSeparator="."
            decimalSeparator=","
            required
            data-testid="allocation-amount"
          />
        </SimpleGrid>
        <ProblemAlert error={create.error} fields={['year', 'source', 'amount']} />
        <SubmitRow start pending={create.isPending} testId="allocation-submit" label={t('prevention.allocateButton')}>
          {create.isSuccess && (
            <Text c="green.8" data-testid="allocation-saved">
              {t('prevention.saved')} · {rupiah(Number(create.variables.amount), lang)}
            </Text>
          )}
        </SubmitRow>
      </Stack>
    </Card>
  );
}
