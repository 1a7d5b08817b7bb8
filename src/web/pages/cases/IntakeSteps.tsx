import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { EventsEditor } from './EventsEditor.js';
import { CountrySelect, EnumSelect, HtcdsMultiSelect, HtcdsSelect, useHtcdsLabel } from './fields.js';
import { type FactsForm, touchesPersonStep } from './intakeForm.js';
import { type DuplicateMatch, type ProfileMultiKey, profileMultiFields, referralSources, riskLevels } from './model.js';

export function DuplicateStep({
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

export function InScopeMatch({ match }: { match: DuplicateMatch }) {
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

export function FactsStep({ facts, onBack }: { facts: FactsForm; onBack: () => void }) {
  const { t } = useTranslation();
  const { form, bind, submit, mutation: create } = facts;
  const error = create.error;
  const placed = ['referralSource', 'summary', 'riskLevel', 'profile', 'events'] as const;
  return (
    <form onSubmit={submit} noValidate data-testid="intake-case-form">
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
            {...bind('referralSource')}
            testId="intake-referral"
          />
          <EnumSelect
            label={t('cases.riskLevel')}
            values={riskLevels}
            prefix="cases.risk"
            {...bind('riskLevel')}
            testId="intake-risk"
          />
        </SimpleGrid>
        <Textarea
          label={t('cases.summary')}
          description={t('cases.intake.summaryHint')}
          autosize
          minRows={3}
          {...form.getInputProps('summary')}
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
              {...bind(key)}
              testId={`intake-${key}`}
            />
          ))}
          <HtcdsSelect
            field="vic_RelationshipToTrafficker"
            label={t('cases.profile.relationshipToTrafficker')}
            {...bind('relationshipToTrafficker')}
            testId="intake-relationship"
          />
          <HtcdsSelect
            field="vic_ForcedLabourIndustry"
            label={t('cases.profile.forcedLabourIndustry')}
            searchable
            {...bind('forcedLabourIndustry')}
            testId="intake-industry"
          />
          <CountrySelect
            label={t('cases.profile.exploitationCountry')}
            {...bind('exploitationCountry')}
            testId="intake-exploitation-country"
          />
          <NumberInput
            label={t('cases.profile.ageWhenTrafficked')}
            min={0}
            max={120}
            allowDecimal={false}
            {...form.getInputProps('ageWhenTrafficked')}
            data-testid="intake-age-trafficked"
          />
        </SimpleGrid>

        <Title order={3} fz="h4" mt="sm">
          {t('cases.events.title')}
        </Title>
        <EventsEditor
          events={form.getValues().events}
          onChange={(events) => form.setFieldValue('events', events)}
          error={error}
          headingOrder={4}
        />

        <Group justify="space-between" mt="md">
          <Button variant="default" onClick={onBack}>
            {t('cases.intake.back')}
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="intake-submit">
            {t('cases.intake.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
