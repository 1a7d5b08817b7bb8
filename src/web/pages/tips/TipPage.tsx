import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type TipDetail, tipsApi, useTip, useTipAction } from '../../api/tips.js';
import { useAuth, useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useEnumOptions } from '../cases/fields.js';
import { tipClosureReasons, tipUrgencies } from './model.js';
import { TipBadges } from './TipBadges.js';

const OPEN = ['new', 'in_review'];

/** One tip for the intake officer: what was reported, the conversation, and what to do with it. */
export function TipPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  usePageTitle('tips.tipTitle');
  const tip = useTip(id);
  const region = useRegionName(tip.data?.regionCode);
  if (tip.isPending) return <Loader aria-label={t('common.loading')} />;
  if (tip.error || !tip.data) return <ProblemAlert error={tip.error} />;
  const d = tip.data;
  const open = OPEN.includes(d.status) && can('tips.manage');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>
          {t('tips.tipTitle')} {d.ref}
        </Title>
        <TipBadges tip={d} />
      </Group>
      <Anchor component={Link} to="/tips">
        {t('tips.backToQueue')}
      </Anchor>
      <Card withBorder>
        <Stack gap="xs">
          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="tip-description">
            {d.description}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Text size="sm">
              {t('tips.region')}: {region}
            </Text>
            <Text size="sm">
              {t('tips.happenedOn')}: {d.happenedOn ?? '—'}
            </Text>
            <Text size="sm">
              {t('tips.peopleCount')}: {d.peopleCount ?? '—'}
            </Text>
            <Text size="sm">
              {t('tips.relation')}: {d.relation ? t(`tips.relations.${d.relation}`) : '—'}
            </Text>
            <Text size="sm">
              {t('tips.receivedAt')}: {formatDateTime(d.createdAt, me.timeZone, i18n.language)}
            </Text>
            <Text size="sm">
              {t('tips.dueAt')}: {formatDateTime(d.dueAt, me.timeZone, i18n.language)}
            </Text>
            <Text size="sm">
              {t('tips.contact')}: {d.reporterPersonId ? t('tips.contactInVault') : t('tips.anonymous')}
            </Text>
          </SimpleGrid>
          {d.indicators.length > 0 && (
            <List size="sm">
              {d.indicators.map((i) => (
                <List.Item key={i}>{t(`tips.indicators.${i}`, { defaultValue: i })}</List.Item>
              ))}
            </List>
          )}
          {d.caseId && (
            <Anchor component={Link} to={`/cases/${d.caseId}`} data-testid="tip-case-link">
              {t('tips.openCase')}
            </Anchor>
          )}
          {d.closureReason && (
            <Text size="sm">
              {t('tips.closureReason')}: {t(`tips.closureReasons.${d.closureReason}`)}
            </Text>
          )}
          {d.outcomeNote && <Text size="sm">{d.outcomeNote}</Text>}
        </Stack>
      </Card>
      <Messages tip={d} canAsk={open} />
      {(d.group.length > 0 || d.similar.length > 0) && <Similar tip={d} canGroup={open} />}
      {open && <Triage tip={d} />}
      {open && can('cases.create') && <Convert tip={d} />}
      {open && <Refer tip={d} />}
      {open && <Close tip={d} />}
    </Stack>
  );
}

function Messages({ tip, canAsk }: { tip: TipDetail; canAsk: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [question, setQuestion] = useState('');
  const ask = useTipAction(tip, 'ask');
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t('tips.conversation')}
      </Title>
      {tip.messages.length === 0 ? (
        <Text c="gray.7">{t('tips.noMessages')}</Text>
      ) : (
        <Stack gap="xs" mt="xs" component="ol" p={0} style={{ listStyle: 'none' }}>
          {tip.messages.map((m) => (
            <Card
              key={m.id}
              component="li"
              padding="xs"
              bg={m.from === 'staff' ? 'blue.0' : 'yellow.0'}
              data-testid="tip-message"
              data-from={m.from}
            >
              <Text size="xs" c="gray.7">
                {m.from === 'staff' ? t('tips.fromStaff') : t('tips.fromReporter')} ·{' '}
                {formatDateTime(m.createdAt, me.timeZone, i18n.language)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
            </Card>
          ))}
        </Stack>
      )}
      {canAsk && (
        <Stack
          mt="sm"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            ask.mutate({ version: tip.version, question }, { onSuccess: () => setQuestion('') });
          }}
        >
          <Textarea
            label={t('tips.askLabel')}
            description={t('tips.askHint')}
            value={question}
            onChange={(e) => setQuestion(e.currentTarget.value)}
            required
            minLength={3}
            data-testid="tip-question"
          />
          <ProblemAlert error={ask.error} />
          <Group>
            <Button type="submit" loading={ask.isPending} data-testid="tip-ask">
              {t('tips.ask')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

function Similar({ tip, canGroup }: { tip: TipDetail; canGroup: boolean }) {
  const { t } = useTranslation();
  const group = useTipAction(tip, 'triage');
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t('tips.sameSituation')}
      </Title>
      {tip.group.length > 0 && (
        <Text size="sm" mt="xs">
          {t('tips.groupedWith')}:{' '}
          {tip.group.map((g) => (
            <Anchor key={g.id} component={Link} to={`/tips/${g.id}`} mr="xs">
              {g.ref}
            </Anchor>
          ))}
        </Text>
      )}
      {tip.similar.map((s) => (
        <Group key={s.id} justify="space-between" mt="xs">
          <Anchor component={Link} to={`/tips/${s.id}`}>
            {s.ref} ({Math.round(s.similarity * 100)} %)
          </Anchor>
          {canGroup && (
            <Button size="xs" variant="light" onClick={() => group.mutate({ version: tip.version, groupWith: s.id })}>
              {t('tips.group')}
            </Button>
          )}
        </Group>
      ))}
      <ProblemAlert error={group.error} />
    </Card>
  );
}

function Triage({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const [urgency, setUrgency] = useState<string | null>(tip.urgency);
  const [mine, setMine] = useState(tip.assignedTo === me.id);
  const triage = useTipAction(tip, 'triage');
  return (
    <TipForm
      title={t('tips.triage')}
      error={triage.error}
      onSubmit={() =>
        triage.mutate({
          version: tip.version,
          urgency: urgency ?? undefined,
          assignedTo: mine ? me.id : tip.assignedTo === me.id ? null : undefined,
        })
      }
      submit={
        <Button type="submit" loading={triage.isPending} data-testid="tip-triage">
          {t('tips.saveTriage')}
        </Button>
      }
    >
      <Select
        label={t('tips.urgency')}
        data={useEnumOptions(tipUrgencies, 'tips.urgencies')}
        value={urgency}
        onChange={setUrgency}
        comboboxProps={{ withinPortal: true }}
      />
      <Checkbox label={t('tips.assignToMe')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
    </TipForm>
  );
}

/** The card of one of a tip's decisions: a titled form, its fields, its problem and its submit button. */
function TipForm({
  title,
  error,
  onSubmit,
  submit,
  children,
}: {
  title: string;
  error: unknown;
  onSubmit: () => void;
  submit: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder>
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
        <ProblemAlert error={error} />
        <Group>{submit}</Group>
      </Stack>
    </Card>
  );
}

interface DuplicateMatch {
  score?: number;
  person?: { id: string; pseudonym: string; initials: string | null; birthYear: number | null };
  heldBy?: { agencyName: string };
}

function Convert({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [fullName, setFullName] = useState('');
  const [sex, setSex] = useState<string | null>(null);
  const [birthYear, setBirthYear] = useState<number | string>('');
  const [summary, setSummary] = useState(tip.caseDraft.summary);
  const [matches, setMatches] = useState<DuplicateMatch[] | null>(null);
  const [existing, setExisting] = useState<string | null>(null);
  const [confirmNew, setConfirmNew] = useState(false);
  const check = useMutation({
    mutationFn: () =>
      tipsApi.duplicates({
        fullName,
        ...(typeof birthYear === 'number' ? { birthYear } : {}),
        ...(sex ? { sex } : {}),
        regionCode: tip.caseDraft.person.regionCode,
      }),
    onSuccess: (r) => setMatches(r.matches),
  });
  const convert = useMutation({
    mutationFn: () =>
      tipsApi.convert(tip.id, {
        version: tip.version,
        confirmNewPerson: confirmNew,
        case: {
          referralSource: 'community',
          summary,
          riskLevel: tip.caseDraft.riskLevel,
          intakeAt: tip.caseDraft.intakeAt,
          ...(existing
            ? { existingPersonId: existing }
            : {
                person: {
                  regionCode: tip.caseDraft.person.regionCode,
                  ...(sex ? { sex } : {}),
                  ...(typeof birthYear === 'number' ? { birthYear } : {}),
                },
                identity: { fullName },
              }),
        },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['tips'], exact: false });
      navigate(`/cases/${r.caseId}`);
    },
  });
  return (
    <Card withBorder>
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          convert.mutate();
        }}
      >
        <Title order={2} size="h4">
          {t('tips.convert')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('tips.convertIntro')}
        </Text>
        <TextInput
          label={t('tips.victimName')}
          description={t('tips.victimNameHint')}
          value={fullName}
          onChange={(e) => {
            setFullName(e.currentTarget.value);
            setMatches(null);
          }}
          required={!existing}
          data-testid="convert-name"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('tips.victimSex')}
            data={[
              { value: 'Feminine', label: t('tips.sexes.Feminine') },
              { value: 'Masculine', label: t('tips.sexes.Masculine') },
            ]}
            value={sex}
            onChange={setSex}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <NumberInput
            label={t('tips.victimBirthYear')}
            value={birthYear}
            onChange={setBirthYear}
            min={1900}
            max={2100}
            data-testid="convert-birth-year"
          />
        </SimpleGrid>
        <Textarea
          label={t('tips.caseSummary')}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          autosize
          minRows={3}
        />
        <Group>
          <Button
            variant="light"
            onClick={() => check.mutate()}
            disabled={!fullName}
            loading={check.isPending}
            data-testid="convert-check"
          >
            {t('tips.checkDuplicates')}
          </Button>
        </Group>
        <ProblemAlert error={check.error} />
        {matches && matches.length === 0 && (
          <Alert color="green" variant="light" data-testid="convert-no-duplicates">
            {t('tips.noDuplicates')}
          </Alert>
        )}
        {matches && matches.length > 0 && (
          <Alert color="yellow" variant="light" title={t('tips.duplicatesFound', { count: matches.length })}>
            <Stack gap={4}>
              {matches.map((m, i) =>
                m.person ? (
                  <Checkbox
                    key={m.person.id}
                    label={`${m.person.pseudonym} ${m.person.initials ?? ''} ${m.person.birthYear ?? ''}`}
                    checked={existing === m.person.id}
                    onChange={(e) => setExisting(e.currentTarget.checked ? m.person!.id : null)}
                  />
                ) : (
                  <Text key={`held-${m.heldBy?.agencyName ?? ''}-${m.score ?? i}`} size="sm">
                    {t('tips.heldElsewhere', { agency: m.heldBy?.agencyName ?? '' })}
                  </Text>
                ),
              )}
              <Checkbox
                label={t('tips.confirmNew')}
                checked={confirmNew}
                onChange={(e) => setConfirmNew(e.currentTarget.checked)}
              />
            </Stack>
          </Alert>
        )}
        <ProblemAlert error={convert.error} />
        <Group>
          <Button type="submit" loading={convert.isPending} disabled={matches === null} data-testid="convert-submit">
            {t('tips.openCaseButton')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Refer({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const [agency, setAgency] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const refer = useTipAction(tip, 'refer');
  return (
    <TipForm
      title={t('tips.refer')}
      error={refer.error}
      onSubmit={() => {
        if (agency) refer.mutate({ version: tip.version, agencyId: agency, note });
      }}
      submit={
        <Button type="submit" variant="light" loading={refer.isPending}>
          {t('tips.referButton')}
        </Button>
      }
    >
      <AgencyPicker
        label={t('tips.referTo')}
        value={agency}
        onChange={(v) => setAgency(v)}
        exclude={tip.agencyId}
        required
      />
      <Textarea
        label={t('tips.referNote')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        required
        minLength={3}
      />
    </TipForm>
  );
}

function Close({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const close = useTipAction(tip, 'close');
  return (
    <TipForm
      title={t('tips.close')}
      error={close.error}
      onSubmit={() => {
        if (reason) close.mutate({ version: tip.version, reason, ...(note ? { note } : {}) });
      }}
      submit={
        <Button type="submit" color="gray" loading={close.isPending}>
          {t('tips.closeButton')}
        </Button>
      }
    >
      <Select
        label={t('tips.closureReason')}
        data={useEnumOptions(tipClosureReasons, 'tips.closureReasons')}
        value={reason}
        onChange={setReason}
        required
        comboboxProps={{ withinPortal: true }}
      />
      <Textarea label={t('tips.closeNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
    </TipForm>
  );
}
