import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Stepper,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../api.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { type EventForm, EventsEditor, eventsBody } from './EventsEditor.js';
import {
  CountrySelect,
  EnumMultiSelect,
  EnumSelect,
  HtcdsMultiSelect,
  HtcdsSelect,
  RegionPicker,
  useHtcdsLabel,
} from './fields.js';
import {
  type CaseDetail,
  type DuplicateMatch,
  disabilities,
  languageCodes,
  type ProfileMultiKey,
  profileMultiFields,
  referralSources,
  riskLevels,
} from './model.js';

type BirthMode = 'dob' | 'year' | 'age';

interface PersonForm {
  fullName: string;
  aliases: string[];
  birthMode: BirthMode;
  dateOfBirth: string;
  birthYear: number | string;
  ageEstimated: number | string;
  nik: string;
  passportNumber: string;
  phones: string[];
  address: string;
  sex: string | null;
  citizenship: string | null;
  regionCode: string | null;
  languages: string[];
  disability: string | null;
  education: string | null;
  maritalStatus: string | null;
  childrenCount: number | string;
}

interface FactsForm {
  referralSource: string | null;
  summary: string;
  riskLevel: string | null;
  multi: Record<ProfileMultiKey, string[]>;
  relationshipToTrafficker: string | null;
  forcedLabourIndustry: string | null;
  exploitationCountry: string | null;
  ageWhenTrafficked: number | string;
  events: EventForm[];
}

const emptyPerson: PersonForm = {
  fullName: '',
  aliases: [],
  birthMode: 'year',
  dateOfBirth: '',
  birthYear: '',
  ageEstimated: '',
  nik: '',
  passportNumber: '',
  phones: [],
  address: '',
  sex: null,
  citizenship: 'ID',
  regionCode: null,
  languages: [],
  disability: null,
  education: null,
  maritalStatus: null,
  childrenCount: '',
};

const emptyFacts: FactsForm = {
  referralSource: null,
  summary: '',
  riskLevel: null,
  multi: {
    exploitationTypes: [],
    methodsOfControl: [],
    recruitmentMethods: [],
    recruitmentWebsites: [],
    exploitationWebsites: [],
    sexExploitationTypes: [],
    vulnerabilities: [],
  },
  relationshipToTrafficker: null,
  forcedLabourIndustry: null,
  exploitationCountry: null,
  ageWhenTrafficked: '',
  events: [],
};

const num = (v: number | string): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: string): string | undefined => (v.trim() ? v.trim() : undefined);

function birthYearOf(p: PersonForm): number | undefined {
  if (p.birthMode === 'dob' && /^\d{4}-/.test(p.dateOfBirth)) return Number(p.dateOfBirth.slice(0, 4));
  if (p.birthMode === 'year') return num(p.birthYear);
  return undefined;
}

function identityBody(p: PersonForm) {
  return {
    fullName: p.fullName.trim(),
    ...(p.aliases.length > 0 ? { aliases: p.aliases } : {}),
    ...(p.birthMode === 'dob' && p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
    ...(text(p.nik) ? { nik: text(p.nik) } : {}),
    ...(text(p.passportNumber) ? { passportNumber: text(p.passportNumber) } : {}),
    ...(p.phones.length > 0 ? { phones: p.phones } : {}),
    ...(text(p.address) ? { address: text(p.address) } : {}),
  };
}

function profileBody(p: PersonForm) {
  const birthYear = birthYearOf(p);
  const ageEstimated = p.birthMode === 'age' ? num(p.ageEstimated) : undefined;
  return {
    ...(p.sex ? { sex: p.sex } : {}),
    ...(birthYear !== undefined ? { birthYear } : {}),
    ...(ageEstimated !== undefined ? { ageEstimated } : {}),
    ...(p.citizenship ? { citizenship: p.citizenship } : {}),
    ...(p.regionCode ? { regionCode: p.regionCode } : {}),
    ...(p.languages.length > 0 ? { languages: p.languages } : {}),
    ...(p.disability ? { disability: p.disability } : {}),
    ...(p.education ? { education: p.education } : {}),
    ...(p.maritalStatus ? { maritalStatus: p.maritalStatus } : {}),
    ...(num(p.childrenCount) !== undefined ? { childrenCount: num(p.childrenCount) } : {}),
  };
}

function duplicateQuery(p: PersonForm) {
  const identity = identityBody(p);
  const profile = profileBody(p);
  return {
    fullName: identity.fullName,
    ...(identity.nik ? { nik: identity.nik } : {}),
    ...(identity.passportNumber ? { passportNumber: identity.passportNumber } : {}),
    ...(identity.phones ? { phones: identity.phones } : {}),
    ...(profile.birthYear !== undefined ? { birthYear: profile.birthYear } : {}),
    ...(profile.sex ? { sex: profile.sex } : {}),
    ...(profile.regionCode ? { regionCode: profile.regionCode } : {}),
  };
}

/** A failed call's errors on the person step (`identity.*`, `person.*`), which sends the user back there. */
function touchesPersonStep(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.problem.errors ?? []).some((e) => /^\/?(identity|person)[./]/.test(e.field) || e.field === 'identity')
  );
}

/** Intake: who the person is, whether they are already on record, and how they came to us. */
export function IntakePage() {
  const { t } = useTranslation();
  usePageTitle('cases.intake.title');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [person, setPerson] = useState<PersonForm>(emptyPerson);
  const [facts, setFacts] = useState<FactsForm>(emptyFacts);
  const [missingName, setMissingName] = useState(false);
  /** 'new', or the id of a person on record the user links to; null until the user decides. */
  const [decision, setDecision] = useState<string | null>(null);

  const check = useMutation({
    mutationFn: () => api.post<{ matches: DuplicateMatch[] }>('/api/persons/duplicates/check', duplicateQuery(person)),
    onSuccess: (result) => {
      setDecision(result.matches.length === 0 ? 'new' : null);
      setStep(1);
    },
  });

  const create = useMutation({
    mutationFn: () => {
      const linked = decision && decision !== 'new' ? decision : undefined;
      const profile = {
        ...Object.fromEntries(
          (Object.keys(profileMultiFields) as ProfileMultiKey[])
            .filter((k) => facts.multi[k].length > 0)
            .map((k) => [k, facts.multi[k]]),
        ),
        ...(facts.relationshipToTrafficker ? { relationshipToTrafficker: facts.relationshipToTrafficker } : {}),
        ...(facts.forcedLabourIndustry ? { forcedLabourIndustry: facts.forcedLabourIndustry } : {}),
        ...(facts.exploitationCountry ? { exploitationCountry: facts.exploitationCountry } : {}),
        ...(num(facts.ageWhenTrafficked) !== undefined ? { ageWhenTrafficked: num(facts.ageWhenTrafficked) } : {}),
      };
      return api.post<CaseDetail>('/api/cases', {
        ...(linked ? { existingPersonId: linked } : { person: profileBody(person), identity: identityBody(person) }),
        referralSource: facts.referralSource ?? '',
        ...(text(facts.summary) ? { summary: text(facts.summary) } : {}),
        ...(facts.riskLevel ? { riskLevel: facts.riskLevel } : {}),
        ...(Object.keys(profile).length > 0 ? { profile } : {}),
        ...(facts.events.length > 0 ? { events: eventsBody(facts.events) } : {}),
      });
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${created.id}`, { state: { created: true } });
    },
    onError: (error) => {
      if (touchesPersonStep(error)) setStep(0);
    },
  });

  const submitPerson = (event: FormEvent) => {
    event.preventDefault();
    if (!person.fullName.trim()) {
      setMissingName(true);
      return;
    }
    setMissingName(false);
    create.reset();
    check.mutate();
  };

  const submitCase = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Stack>
      <Title order={1}>{t('cases.intake.title')}</Title>
      <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={t('cases.intake.step1')} description={t('cases.intake.step1Hint')}>
          <PersonStep
            person={person}
            setPerson={setPerson}
            missingName={missingName}
            checkError={check.error}
            createError={create.error}
            checking={check.isPending}
            onSubmit={submitPerson}
          />
        </Stepper.Step>
        <Stepper.Step label={t('cases.intake.step2')} description={t('cases.intake.step2Hint')}>
          <DuplicateStep
            matches={check.data?.matches ?? []}
            decision={decision}
            setDecision={setDecision}
            onBack={() => setStep(0)}
            onNext={() => setStep(2)}
          />
        </Stepper.Step>
        <Stepper.Step label={t('cases.intake.step3')} description={t('cases.intake.step3Hint')}>
          <FactsStep
            facts={facts}
            setFacts={setFacts}
            error={create.error}
            saving={create.isPending}
            onBack={() => setStep(1)}
            onSubmit={submitCase}
          />
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}

function PersonStep({
  person,
  setPerson,
  missingName,
  checkError,
  createError,
  checking,
  onSubmit,
}: {
  person: PersonForm;
  setPerson: (p: PersonForm) => void;
  missingName: boolean;
  checkError: unknown;
  createError: unknown;
  checking: boolean;
  onSubmit: (e: FormEvent) => void;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<PersonForm>) => setPerson({ ...person, ...patch });
  // The duplicate check names fields flat (nik); intake names them under identity./person.
  const err = (field: string, group: 'identity' | 'person') =>
    fieldError(createError, `${group}.${field}`) ?? fieldError(checkError, field);
  const placed = [
    'fullName',
    'nik',
    'passportNumber',
    'phones',
    'birthYear',
    'sex',
    'regionCode',
    'identity',
    'person',
  ] as const;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="intake-person-form">
      <Stack mt="md">
        <Title order={2} fz="h3">
          {t('cases.intake.identityTitle')}
        </Title>
        <Alert variant="light" color="blue">
          {t('cases.intake.identityNote')}
        </Alert>
        <ProblemAlert error={checkError ?? (touchesPersonStep(createError) ? createError : null)} fields={placed} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('cases.identity.fullName')}
            required
            autoComplete="off"
            value={person.fullName}
            onChange={(e) => set({ fullName: e.currentTarget.value })}
            error={missingName ? t('cases.intake.fullNameRequired') : err('fullName', 'identity')}
            data-testid="intake-full-name"
          />
          <TagsInput
            label={t('cases.identity.aliases')}
            description={t('cases.intake.tagsHint')}
            value={person.aliases}
            onChange={(aliases) => set({ aliases })}
            error={err('aliases', 'identity')}
            data-testid="intake-aliases"
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="birth-mode-label">
            {t('cases.intake.birthMode')}
          </Text>
          <SegmentedControl
            w="fit-content"
            aria-labelledby="birth-mode-label"
            value={person.birthMode}
            onChange={(v) => set({ birthMode: v as BirthMode })}
            data={[
              { value: 'dob', label: t('cases.intake.birthModeDob') },
              { value: 'year', label: t('cases.intake.birthModeYear') },
              { value: 'age', label: t('cases.intake.birthModeAge') },
            ]}
            data-testid="intake-birth-mode"
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {person.birthMode === 'dob' && (
            <TextInput
              type="date"
              label={t('cases.identity.dateOfBirth')}
              value={person.dateOfBirth}
              onChange={(e) => set({ dateOfBirth: e.currentTarget.value })}
              error={err('dateOfBirth', 'identity')}
              data-testid="intake-dob"
            />
          )}
          {person.birthMode === 'year' && (
            <NumberInput
              label={t('cases.person.birthYear')}
              min={1900}
              max={2100}
              allowDecimal={false}
              value={person.birthYear}
              onChange={(birthYear) => set({ birthYear })}
              error={err('birthYear', 'person')}
              data-testid="intake-birth-year"
            />
          )}
          {person.birthMode === 'age' && (
            <NumberInput
              label={t('cases.person.ageEstimated')}
              min={0}
              max={120}
              allowDecimal={false}
              value={person.ageEstimated}
              onChange={(ageEstimated) => set({ ageEstimated })}
              error={err('ageEstimated', 'person')}
              data-testid="intake-age"
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('cases.identity.nik')}
            description={t('cases.intake.nikHint')}
            inputMode="numeric"
            autoComplete="off"
            value={person.nik}
            onChange={(e) => set({ nik: e.currentTarget.value })}
            error={err('nik', 'identity')}
            data-testid="intake-nik"
          />
          <TextInput
            label={t('cases.identity.passportNumber')}
            autoComplete="off"
            value={person.passportNumber}
            onChange={(e) => set({ passportNumber: e.currentTarget.value })}
            error={err('passportNumber', 'identity')}
            data-testid="intake-passport"
          />
          <TagsInput
            label={t('cases.identity.phones')}
            description={t('cases.intake.tagsHint')}
            value={person.phones}
            onChange={(phones) => set({ phones })}
            error={err('phones', 'identity')}
            data-testid="intake-phones"
          />
          <Textarea
            label={t('cases.identity.address')}
            autosize
            minRows={1}
            value={person.address}
            onChange={(e) => set({ address: e.currentTarget.value })}
            error={err('address', 'identity')}
            data-testid="intake-address"
          />
        </SimpleGrid>

        <Title order={2} fz="h3" mt="md">
          {t('cases.intake.profileTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <HtcdsSelect
            field="prs_Gender"
            label={t('cases.sex')}
            value={person.sex}
            onChange={(sex) => set({ sex })}
            error={err('sex', 'person')}
            testId="intake-sex"
          />
          <CountrySelect
            label={t('cases.person.citizenship')}
            value={person.citizenship}
            onChange={(citizenship) => set({ citizenship })}
            error={err('citizenship', 'person')}
            testId="intake-citizenship"
          />
        </SimpleGrid>
        <RegionPicker
          value={person.regionCode}
          onChange={(regionCode) => set({ regionCode })}
          provinceLabel={t('cases.person.originProvince')}
          regencyLabel={t('cases.person.originRegency')}
          error={err('regionCode', 'person')}
          testId="intake-origin"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <EnumMultiSelect
            label={t('cases.person.languages')}
            values={languageCodes}
            prefix="cases.language"
            value={person.languages}
            onChange={(languages) => set({ languages })}
            error={err('languages', 'person')}
            testId="intake-languages"
          />
          <EnumSelect
            label={t('cases.person.disability')}
            values={disabilities}
            prefix="cases.disability"
            value={person.disability}
            onChange={(disability) => set({ disability })}
            error={err('disability', 'person')}
            testId="intake-disability"
          />
          <HtcdsSelect
            field="prs_HighestLevelOfEducation"
            label={t('cases.person.education')}
            value={person.education}
            onChange={(education) => set({ education })}
            error={err('education', 'person')}
            testId="intake-education"
          />
          <HtcdsSelect
            field="prs_MaritalStatus"
            label={t('cases.person.maritalStatus')}
            value={person.maritalStatus}
            onChange={(maritalStatus) => set({ maritalStatus })}
            error={err('maritalStatus', 'person')}
            testId="intake-marital"
          />
          <NumberInput
            label={t('cases.person.childrenCount')}
            min={0}
            max={30}
            allowDecimal={false}
            value={person.childrenCount}
            onChange={(childrenCount) => set({ childrenCount })}
            error={err('childrenCount', 'person')}
            data-testid="intake-children"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={checking} data-testid="intake-check">
            {t('cases.intake.checkDuplicates')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DuplicateStep({
  matches,
  decision,
  setDecision,
  onBack,
  onNext,
}: {
  matches: DuplicateMatch[];
  decision: string | null;
  setDecision: (d: string) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const visible = matches.filter((m) => m.person);
  // One notice per agency holding possibly matching records, however many records match there.
  const elsewhere = [
    ...new Map(
      matches.flatMap((m) => (!m.person && m.heldBy ? [[m.heldBy.agencyId, m.heldBy] as const] : [])),
    ).values(),
  ];
  return (
    <Stack mt="md" data-testid="intake-duplicates">
      <Title order={2} fz="h3">
        {t('cases.intake.duplicatesTitle')}
      </Title>
      {matches.length === 0 && (
        <Alert color="teal" variant="light" role="status" data-testid="duplicates-none">
          {t('cases.intake.noDuplicates')}
        </Alert>
      )}
      {elsewhere.map((agency) => (
        // Out of scope: who holds a possibly matching record and how to reach them — nothing else.
        <Alert
          key={agency.agencyId}
          color="yellow"
          variant="light"
          title={t('cases.intake.elsewhereTitle')}
          data-testid="duplicate-elsewhere"
        >
          <Text size="sm">{t('cases.intake.elsewhere', { agency: agency.agencyName })}</Text>
          {(agency.contactPhone || agency.contactEmail) && (
            <Text size="sm" mt={4}>
              {t('cases.intake.elsewhereContact', {
                contact: [agency.contactPhone, agency.contactEmail].filter(Boolean).join(' · '),
              })}
            </Text>
          )}
        </Alert>
      ))}
      {matches.length > 0 && (
        <Radio.Group
          value={decision ?? ''}
          onChange={setDecision}
          label={t('cases.intake.decisionLabel')}
          required
          data-testid="duplicate-decision"
        >
          <Stack gap="sm" mt="xs">
            {visible.map((m) => (
              <InScopeMatch key={m.person!.id} match={m} />
            ))}
            <Card withBorder padding="sm">
              <Radio value="new" label={t('cases.intake.newPerson')} data-testid="duplicate-new" />
            </Card>
          </Stack>
        </Radio.Group>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('cases.intake.back')}
        </Button>
        <Button onClick={onNext} disabled={!decision} data-testid="duplicates-continue">
          {t('cases.intake.continue')}
        </Button>
      </Group>
    </Stack>
  );
}

function InScopeMatch({ match }: { match: DuplicateMatch }) {
  const { t } = useTranslation();
  const htcdsLabel = useHtcdsLabel();
  const p = match.person!;
  const region = useRegionName(p.regionCode);
  return (
    <Card withBorder padding="sm" data-testid="duplicate-match">
      <Radio
        value={p.id}
        label={t('cases.intake.linkTo', { pseudonym: p.pseudonym, initials: p.initials ?? '—' })}
        description={[
          htcdsLabel('prs_Gender', p.sex),
          p.birthYear ? t('cases.intake.bornIn', { year: p.birthYear }) : null,
          p.regionCode ? region : null,
          t('cases.intake.matchReasons', {
            reasons: (match.reasons ?? []).map((r) => t(`cases.intake.reason.${r}`, { defaultValue: r })).join(', '),
          }),
        ]
          .filter(Boolean)
          .join(' · ')}
        data-testid="duplicate-link"
      />
    </Card>
  );
}

function FactsStep({
  facts,
  setFacts,
  error,
  saving,
  onBack,
  onSubmit,
}: {
  facts: FactsForm;
  setFacts: (f: FactsForm) => void;
  error: unknown;
  saving: boolean;
  onBack: () => void;
  onSubmit: (e: FormEvent) => void;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<FactsForm>) => setFacts({ ...facts, ...patch });
  const setMulti = (key: ProfileMultiKey, values: string[]) => set({ multi: { ...facts.multi, [key]: values } });
  const placed = ['referralSource', 'summary', 'riskLevel', 'profile', 'events'] as const;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="intake-case-form">
      <Stack mt="md">
        <Title order={2} fz="h3">
          {t('cases.intake.factsTitle')}
        </Title>
        <ProblemAlert error={touchesPersonStep(error) ? null : error} fields={placed} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <EnumSelect
            label={t('cases.referralSourceLabel')}
            values={referralSources}
            prefix="cases.referralSource"
            required
            value={facts.referralSource}
            onChange={(referralSource) => set({ referralSource })}
            error={fieldError(error, 'referralSource')}
            testId="intake-referral"
          />
          <EnumSelect
            label={t('cases.riskLevel')}
            values={riskLevels}
            prefix="cases.risk"
            value={facts.riskLevel}
            onChange={(riskLevel) => set({ riskLevel })}
            error={fieldError(error, 'riskLevel')}
            testId="intake-risk"
          />
        </SimpleGrid>
        <Textarea
          label={t('cases.summary')}
          description={t('cases.intake.summaryHint')}
          autosize
          minRows={3}
          value={facts.summary}
          onChange={(e) => set({ summary: e.currentTarget.value })}
          error={fieldError(error, 'summary')}
          data-testid="intake-summary"
        />

        <Title order={3} fz="h4" mt="sm">
          {t('cases.profile.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {(
            Object.entries(profileMultiFields) as [ProfileMultiKey, (typeof profileMultiFields)[ProfileMultiKey]][]
          ).map(([key, field]) => (
            <HtcdsMultiSelect
              key={key}
              field={field}
              label={t(`cases.profile.${key}`)}
              value={facts.multi[key]}
              onChange={(values) => setMulti(key, values)}
              error={fieldError(error, `profile.${key}`)}
              testId={`intake-${key}`}
            />
          ))}
          <HtcdsSelect
            field="vic_RelationshipToTrafficker"
            label={t('cases.profile.relationshipToTrafficker')}
            value={facts.relationshipToTrafficker}
            onChange={(relationshipToTrafficker) => set({ relationshipToTrafficker })}
            error={fieldError(error, 'profile.relationshipToTrafficker')}
            testId="intake-relationship"
          />
          <HtcdsSelect
            field="vic_ForcedLabourIndustry"
            label={t('cases.profile.forcedLabourIndustry')}
            searchable
            value={facts.forcedLabourIndustry}
            onChange={(forcedLabourIndustry) => set({ forcedLabourIndustry })}
            error={fieldError(error, 'profile.forcedLabourIndustry')}
            testId="intake-industry"
          />
          <CountrySelect
            label={t('cases.profile.exploitationCountry')}
            value={facts.exploitationCountry}
            onChange={(exploitationCountry) => set({ exploitationCountry })}
            error={fieldError(error, 'profile.exploitationCountry')}
            testId="intake-exploitation-country"
          />
          <NumberInput
            label={t('cases.profile.ageWhenTrafficked')}
            min={0}
            max={120}
            allowDecimal={false}
            value={facts.ageWhenTrafficked}
            onChange={(ageWhenTrafficked) => set({ ageWhenTrafficked })}
            error={fieldError(error, 'profile.ageWhenTrafficked')}
            data-testid="intake-age-trafficked"
          />
        </SimpleGrid>

        <Title order={3} fz="h4" mt="sm">
          {t('cases.events.title')}
        </Title>
        <EventsEditor events={facts.events} onChange={(events) => set({ events })} error={error} headingOrder={4} />

        <Group justify="space-between" mt="md">
          <Button variant="default" onClick={onBack}>
            {t('cases.intake.back')}
          </Button>
          <Button type="submit" loading={saving} data-testid="intake-submit">
            {t('cases.intake.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
