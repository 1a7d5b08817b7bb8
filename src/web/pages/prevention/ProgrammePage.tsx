import {
  Anchor,
  Button,
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
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegions } from '../../ui/reference.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useEnumOptions } from '../cases/fields.js';
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

function NewSession({ programme }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const province = programme.regionCodes[0]?.slice(0, 2) ?? null;
  const regencies = useRegions(province, Boolean(province));
  const [heldOn, setHeldOn] = useState('');
  const [place, setPlace] = useState('');
  const [region, setRegion] = useState<string | null>(programme.regionCodes.find((r) => r.length > 2) ?? null);
  const [facilitator, setFacilitator] = useState('');
  const [materials, setMaterials] = useState('');
  const empty = Object.fromEntries(ageBands.map((b) => [b, 0])) as Record<(typeof ageBands)[number], number>;
  const [counts, setCounts] = useState({ female: { ...empty }, male: { ...empty } });
  const create = useMutation({
    mutationFn: () =>
      preventionApi.createSession(programme.id, {
        heldOn,
        place,
        regionCode: region,
        facilitator,
        participants: counts,
        materials: materials
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
    <Card withBorder>
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Title order={2} size="h4">
          {t('prevention.newSession')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('prevention.heldOn')}
            value={heldOn}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
            required
          />
          <TextInput
            label={t('prevention.place')}
            value={place}
            onChange={(e) => setPlace(e.currentTarget.value)}
            required
          />
          <Select
            label={t('prevention.regency')}
            data={allowed.map((r) => ({ value: r.code, label: r.name }))}
            value={region}
            onChange={setRegion}
            required
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={t('prevention.facilitator')}
            value={facilitator}
            onChange={(e) => setFacilitator(e.currentTarget.value)}
            required
          />
        </SimpleGrid>
        {(['female', 'male'] as const).map((sex) => (
          <SimpleGrid key={sex} cols={{ base: 2, sm: 4 }}>
            {ageBands.map((band) => (
              <NumberInput
                key={band}
                label={`${t(`prevention.${sex}`)} ${t(`prevention.bands.${band}`)}`}
                min={0}
                value={counts[sex][band]}
                onChange={(v) => setCounts({ ...counts, [sex]: { ...counts[sex], [band]: Number(v) || 0 } })}
              />
            ))}
          </SimpleGrid>
        ))}
        <TextInput
          label={t('prevention.materials')}
          description={t('prevention.materialsHint')}
          value={materials}
          onChange={(e) => setMaterials(e.currentTarget.value)}
        />
        <ProblemAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('prevention.addSession')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A paper form typed in: one participant, one phase. */
function PaperResponse({ programme }: { programme: ProgrammeDetail }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const first = programme.sessions[0]!;
  const [sessionId, setSessionId] = useState<string | null>(first.id);
  const [phase, setPhase] = useState('pre');
  const [code, setCode] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const survey = usePublicSurvey(first.surveyCode);
  const save = useMutation({
    mutationFn: () =>
      preventionApi.addResponse(sessionId ?? '', {
        phase,
        ...(code.trim() ? { participantCode: code.trim() } : {}),
        answers,
      }),
    onSuccess: () => {
      setAnswers({});
      setCode('');
      void qc.invalidateQueries({ queryKey: preventionKeys.programme(programme.id) });
    },
  });
  const lang = i18n.language === 'en' ? 'en' : 'id';
  return (
    <Card withBorder>
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Title order={2} size="h4">
          {t('prevention.paperResponse')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('prevention.session')}
            data={programme.sessions.map((s) => ({ value: s.id, label: `${s.heldOn} ${s.place}` }))}
            value={sessionId}
            onChange={setSessionId}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('prevention.phase')}
            data={[
              { value: 'pre', label: t('prevention.pre') },
              { value: 'post', label: t('prevention.post') },
            ]}
            value={phase}
            onChange={(v) => setPhase(v ?? 'pre')}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={t('prevention.participantCode')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
          />
        </SimpleGrid>
        {survey.data?.questionnaire.questions.map((q, i) => (
          <Radio.Group
            key={q.id}
            label={`${i + 1}. ${q.statement[lang]}`}
            value={answers[q.id] ?? null}
            onChange={(v) => setAnswers({ ...answers, [q.id]: v })}
            required
          >
            <Group mt={4}>
              {survey.data.questionnaire.options.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label[lang]} />
              ))}
            </Group>
          </Radio.Group>
        ))}
        <ProblemAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('prevention.saveResponse')}
          </Button>
          {save.isSuccess && <Text c="green.8">{t('prevention.saved')}</Text>}
        </Group>
      </Stack>
    </Card>
  );
}

export function NewAllocation({ programmeId, year, lang }: { programmeId?: string; year: number; lang: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [source, setSource] = useState<string | null>(null);
  const [amount, setAmount] = useState<number | string>('');
  const [y, setY] = useState<number | string>(year);
  const create = useMutation({
    mutationFn: () =>
      preventionApi.createAllocation({
        ...(programmeId ? { programmeId, purpose: 'prevention' } : { purpose: 'victim_services' }),
        year: Number(y),
        source,
        amount: Number(amount),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: preventionKeys.budgets, exact: false }),
  });
  return (
    <Card withBorder>
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Title order={2} size="h4">
          {programmeId ? t('prevention.allocate') : t('prevention.allocateServices')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput label={t('prevention.year')} value={y} onChange={setY} min={2000} max={2100} required />
          <Select
            label={t('prevention.source')}
            data={useEnumOptions(fundingSources, 'prevention.sources')}
            value={source}
            onChange={setSource}
            required
            comboboxProps={{ withinPortal: true }}
          />
          <NumberInput
            label={t('prevention.amount')}
            value={amount}
            onChange={setAmount}
            min={1}
            thousandSeparator="."
            decimalSeparator=","
            required
          />
        </SimpleGrid>
        <ProblemAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('prevention.allocateButton')}
          </Button>
          {create.isSuccess && (
            <Text c="green.8">
              {t('prevention.saved')} · {rupiah(Number(amount), lang)}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
