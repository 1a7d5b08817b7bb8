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
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type TipDetail, tipsApi, useTip, useTipAction, useTipUpdated } from '../../api/tips.js';
import { useAuth, useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { num, picked, text } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useEnumOptions } from '../cases/fields.js';
import type { DuplicateMatch } from '../cases/model.js';
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
  const updated = useTipUpdated(tip);
  const {
    form,
    mutation: ask,
    submit,
  } = useApiForm({
    initialValues: { question: '' },
    validate: { question: required },
    send: (v) => tipsApi.ask(tip.id, { version: tip.version, question: v.question.trim() }),
    onSuccess: (data) => {
      updated(data);
      form.reset();
    },
  });
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
        <form noValidate onSubmit={submit}>
          <Stack mt="sm">
            <Textarea
              label={t('tips.askLabel')}
              description={t('tips.askHint')}
              {...form.getInputProps('question')}
              required
              minLength={3}
              data-testid="tip-question"
            />
            <ProblemAlert error={ask.error} fields={['question']} />
            <SubmitRow start pending={ask.isPending} testId="tip-ask" label={t('tips.ask')} />
          </Stack>
        </form>
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
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: { urgency: tip.urgency as string | null, assignedTo: tip.assignedTo === me.id },
    send: (v) =>
      tipsApi.triage(tip.id, {
        version: tip.version,
        urgency: picked(v.urgency),
        // Ticked: the tip is the officer's; unticked, it is let go only if it was theirs (someone else's stays).
        assignedTo: v.assignedTo ? me.id : tip.assignedTo === me.id ? null : undefined,
      }),
    onSuccess: useTipUpdated(tip),
  });
  return (
    <TipForm
      title={t('tips.triage')}
      error={mutation.error}
      fields={['urgency', 'assignedTo']}
      onSubmit={submit}
      submit={
        <Button type="submit" loading={mutation.isPending} data-testid="tip-triage">
          {t('tips.saveTriage')}
        </Button>
      }
    >
      <Select
        label={t('tips.urgency')}
        data={useEnumOptions(tipUrgencies, 'tips.urgencies')}
        {...bind('urgency')}
        data-testid="tip-triage-urgency"
        comboboxProps={{ withinPortal: true }}
      />
      <Checkbox
        label={t('tips.assignToMe')}
        {...form.getInputProps('assignedTo', { type: 'checkbox' })}
        data-testid="tip-assign-me"
      />
    </TipForm>
  );
}

/** The card of one of a tip's decisions: a titled form, its fields, its problem and its submit button. */
function TipForm({
  title,
  error,
  fields,
  onSubmit,
  submit,
  children,
  testId,
}: {
  title: string;
  error: unknown;
  /** The fields that show their own server message (not repeated in the problem). */
  fields: readonly string[];
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submit: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card withBorder component="form" noValidate onSubmit={onSubmit} data-testid={testId}>
      <Stack>
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
        <ProblemAlert error={error} fields={fields} />
        <Group>{submit}</Group>
      </Stack>
    </Card>
  );
}

/** Where the server names the case's fields in the conversion body. */
const convertFieldOf = {
  'case.identity.fullName': 'fullName',
  'case.person.sex': 'sex',
  'case.person.birthYear': 'birthYear',
  'case.summary': 'summary',
  'case.existingPersonId': 'existingPersonId',
} as const;

function Convert({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [matches, setMatches] = useState<DuplicateMatch[] | null>(null);
  const { regionCode } = tip.caseDraft.person;
  const {
    form,
    mutation: convert,
    submit,
    bind,
  } = useApiForm({
    initialValues: {
      fullName: '',
      sex: null as string | null,
      birthYear: '' as number | string,
      summary: tip.caseDraft.summary,
      /** A person the duplicate check found, taken instead of recording a new one. */
      existingPersonId: null as string | null,
      confirmNewPerson: false,
    },
    validate: { fullName: (value, v) => (v.existingPersonId ? null : required(value)) },
    send: (v) =>
      tipsApi.convert(tip.id, {
        version: tip.version,
        confirmNewPerson: v.confirmNewPerson,
        case: {
          referralSource: 'community',
          summary: v.summary,
          riskLevel: tip.caseDraft.riskLevel,
          intakeAt: tip.caseDraft.intakeAt,
          // Either the person found, or a new one.
          existingPersonId: picked(v.existingPersonId),
          person: v.existingPersonId ? undefined : { regionCode, sex: picked(v.sex), birthYear: num(v.birthYear) },
          identity: v.existingPersonId ? undefined : { fullName: v.fullName },
        },
      }),
    fieldOf: convertFieldOf,
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['tips'], exact: false });
      navigate(`/cases/${r.caseId}`);
    },
  });
  const values = form.getValues();
  /** The duplicate check is a step of the form, not its submit: it reads the values entered so far. */
  const check = useMutation({
    mutationFn: () =>
      tipsApi.duplicates({
        fullName: values.fullName,
        birthYear: num(values.birthYear),
        sex: picked(values.sex),
        regionCode,
      }),
    onSuccess: (r) => setMatches(r.matches),
  });
  return (
    <Card withBorder component="form" noValidate onSubmit={submit}>
      <Stack>
        <Title order={2} size="h4">
          {t('tips.convert')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('tips.convertIntro')}
        </Text>
        <TextInput
          label={t('tips.victimName')}
          description={t('tips.victimNameHint')}
          {...form.getInputProps('fullName')}
          onChange={(e) => {
            form.setFieldValue('fullName', e.currentTarget.value);
            setMatches(null);
          }}
          required={!values.existingPersonId}
          data-testid="convert-name"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('tips.victimSex')}
            data={[
              { value: 'Feminine', label: t('tips.sexes.Feminine') },
              { value: 'Masculine', label: t('tips.sexes.Masculine') },
            ]}
            {...bind('sex')}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <NumberInput
            label={t('tips.victimBirthYear')}
            {...form.getInputProps('birthYear')}
            min={1900}
            max={2100}
            data-testid="convert-birth-year"
          />
        </SimpleGrid>
        <Textarea label={t('tips.caseSummary')} {...form.getInputProps('summary')} autosize minRows={3} />
        <Group>
          <Button
            variant="light"
            onClick={() => check.mutate()}
            disabled={!values.fullName}
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
                    checked={values.existingPersonId === m.person.id}
                    onChange={(e) =>
                      form.setFieldValue('existingPersonId', e.currentTarget.checked ? m.person!.id : null)
                    }
                  />
                ) : (
                  <Text key={`held-${m.heldBy?.agencyName ?? ''}-${m.score ?? i}`} size="sm">
                    {t('tips.heldElsewhere', { agency: m.heldBy?.agencyName ?? '' })}
                  </Text>
                ),
              )}
              <Checkbox
                label={t('tips.confirmNew')}
                {...form.getInputProps('confirmNewPerson', { type: 'checkbox' })}
              />
            </Stack>
          </Alert>
        )}
        <ProblemAlert error={convert.error} fields={['fullName', ...Object.keys(convertFieldOf)]} />
        <SubmitRow
          start
          pending={convert.isPending}
          disabled={matches === null}
          testId="convert-submit"
          label={t('tips.openCaseButton')}
        />
      </Stack>
    </Card>
  );
}

function Refer({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: { agencyId: null as string | null, note: '' },
    validate: { agencyId: required, note: required },
    send: (v) => tipsApi.refer(tip.id, { version: tip.version, agencyId: v.agencyId, note: v.note.trim() }),
    onSuccess: useTipUpdated(tip),
  });
  return (
    <TipForm
      title={t('tips.refer')}
      error={mutation.error}
      fields={['agencyId', 'note']}
      onSubmit={submit}
      testId="tip-refer-form"
      submit={
        <Button type="submit" variant="light" loading={mutation.isPending} data-testid="tip-refer">
          {t('tips.referButton')}
        </Button>
      }
    >
      <AgencyPicker
        label={t('tips.referTo')}
        {...bind('agencyId')}
        exclude={tip.agencyId}
        required
        testId="tip-refer-agency"
      />
      <Textarea
        label={t('tips.referNote')}
        {...form.getInputProps('note')}
        required
        minLength={3}
        data-testid="tip-refer-note"
      />
    </TipForm>
  );
}

function Close({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: { reason: null as string | null, note: '' },
    validate: { reason: required },
    send: (v) => tipsApi.close(tip.id, { version: tip.version, reason: v.reason, note: text(v.note) }),
    onSuccess: useTipUpdated(tip),
  });
  return (
    <TipForm
      title={t('tips.close')}
      error={mutation.error}
      fields={['reason', 'note']}
      onSubmit={submit}
      testId="tip-close-form"
      submit={
        <Button type="submit" color="gray" loading={mutation.isPending} data-testid="tip-close">
          {t('tips.closeButton')}
        </Button>
      }
    >
      <Select
        label={t('tips.closureReason')}
        data={useEnumOptions(tipClosureReasons, 'tips.closureReasons')}
        {...bind('reason')}
        required
        data-testid="tip-close-reason"
        comboboxProps={{ withinPortal: true }}
      />
      <Textarea label={t('tips.closeNote')} {...form.getInputProps('note')} data-testid="tip-close-note" />
    </TipForm>
  );
}
