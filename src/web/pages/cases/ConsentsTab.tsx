import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, useCaseAttachments, useCaseRelatives, useConsentWording } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { ReasonDialog } from '../../ui/dialogs.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import {
  consentGivers,
  consentPurposes,
  fieldGroups,
  guardianRelationships,
  identityFieldGroups,
  purposesWithExternalRecipient,
  purposesWithRecipient,
} from '../referrals/model.js';
import { EnumMultiSelect, EnumSelect, inputToIso, nowForInput } from './fields.js';
import { type CaseDetail, type Consent, serviceTypes } from './model.js';
import { TabHeading } from './TabHeading.js';
import { useCaseKeyset, useCaseRefresh } from './useCase.js';

/** Consents per purpose (Law 27/2022 Art. 20–25): record with the wording read out, withdraw at once. */
export function ConsentsTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [recording, setRecording] = useState(false);
  const manage = can('consents.manage') && kase.stage !== 'closed';
  return (
    <Stack>
      <TabHeading
        title={t('consents.title')}
        action={
          manage && !recording
            ? { label: t('consents.new'), onClick: () => setRecording(true), testId: 'consent-new' }
            : undefined
        }
      />
      <Text size="sm" c="gray.7">
        {t('consents.intro')}
      </Text>
      {recording && <ConsentForm kase={kase} onDone={() => setRecording(false)} />}
      <ConsentList kase={kase} manage={can('consents.manage')} />
    </Stack>
  );
}

/** Fills the wording's placeholders with what this consent names. */
function fillWording(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Purposes whose consent names a recipient, and those whose recipient is outside this instance. */
const recipientPurposes: ReadonlySet<string> = purposesWithRecipient;
const externalPurposes: ReadonlySet<string> = purposesWithExternalRecipient;
const namesRecipient = (purpose: string | null) => purpose !== null && recipientPurposes.has(purpose);
const namesExternal = (purpose: string | null) => purpose !== null && externalPurposes.has(purpose);
/** The consent form's values, named as the body's fields (so the server's field errors land on them). */
interface ConsentValues extends Record<string, unknown> {
  purpose: string | null;
  recipientAgencyId: string | null;
  recipientName: string;
  serviceTypes: string[];
  fieldGroups: string[];
  givenBy: string | null;
  guardianRelationship: string | null;
  guardianPersonId: string | null;
  givenAt: string;
  wordingLocale: 'id' | 'en';
  evidenceAttachmentId: string | null;
}

/** A guardian other than the state names the relative who gives the consent. */
const needsGuardianPerson = (v: Pick<ConsentValues, 'givenBy' | 'guardianRelationship'>) =>
  v.givenBy === 'guardian' && v.guardianRelationship !== 'state_guardian';

function ConsentForm({ kase, onDone }: { kase: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  /** The recipient agency's name, for the wording read out (the body names it by id). */
  const [recipientAgencyName, setRecipientAgencyName] = useState('');
  const initialValues: ConsentValues = {
    purpose: 'referral',
    recipientAgencyId: null,
    recipientName: '',
    serviceTypes: [],
    fieldGroups: ['age_band', 'sex', 'languages', 'needs'],
    // Her age now decides who consents (Law 27/2022 Art. 25), not the case's child flag; no age: presumed a child.
    givenBy: kase.ageNow.minor ? 'guardian' : 'victim',
    guardianRelationship: null,
    guardianPersonId: null,
    givenAt: nowForInput(),
    wordingLocale: 'id',
    evidenceAttachmentId: null,
  };
  const {
    form,
    mutation: create,
    submit,
    bind,
  } = useApiForm({
    initialValues,
    validate: { purpose: required, fieldGroups: required, givenBy: required },
    // What the purpose and the giver do not ask for is left out, whatever was entered before they changed.
    send: (v) =>
      casesApi.createConsent(kase.id, {
        purpose: v.purpose,
        recipientAgencyId: namesRecipient(v.purpose) ? (v.recipientAgencyId ?? undefined) : undefined,
        recipientName: namesExternal(v.purpose) ? v.recipientName.trim() || undefined : undefined,
        serviceTypes: v.purpose === 'referral' ? v.serviceTypes : undefined,
        fieldGroups: v.fieldGroups,
        givenBy: v.givenBy,
        guardianRelationship: v.givenBy === 'guardian' ? (v.guardianRelationship ?? undefined) : undefined,
        guardianPersonId: needsGuardianPerson(v) ? (v.guardianPersonId ?? undefined) : undefined,
        givenAt: inputToIso(v.givenAt),
        wordingVersion: wording.data?.version ?? '',
        wordingLocale: v.wordingLocale,
        evidenceAttachmentId: v.evidenceAttachmentId ?? undefined,
      }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });
  const values: ConsentValues = form.getValues();
  const { purpose, givenBy, wordingLocale: locale } = values;
  const relatives = useCaseRelatives(kase.id, givenBy === 'guardian');
  const guardianOptions = (relatives.data ?? []).map((r) => {
    const barred = r.suspect || r.relatedToTrafficker;
    return {
      value: r.personId,
      label: `${r.initials ?? r.pseudonym} (${t(`cases.relationships.${r.relationship}`, { defaultValue: r.relationship })})${
        barred ? ` — ${t('consents.guardianBarred')}` : ''
      }`,
      disabled: barred,
    };
  });

  const wording = useConsentWording(purpose);
  const attachments = useCaseAttachments(kase.id);
  const evidenceOptions = (attachments.data ?? [])
    .filter((a) => a.kind === 'consent_evidence')
    .map((a) => ({ value: a.id, label: a.filename }));

  const withRecipient = namesRecipient(purpose);
  const external = namesExternal(purpose);
  const services = values.serviceTypes;
  const groups = values.fieldGroups;

  const groupLabel = (g: string) => t(`consents.groups.${g}`);
  const placeholders: Record<string, string> = {
    agency: kase.leadAgency.name,
    recipient: recipientAgencyName || values.recipientName || t('consents.recipient'),
    services: services.map((s) => t(`cases.services.types.${s}`)).join(', ') || '…',
    fields: groups.map(groupLabel).join(', ') || '…',
  };
  const fields = [
    'purpose',
    'recipientAgencyId',
    'recipientName',
    'serviceTypes',
    'fieldGroups',
    'givenBy',
    'guardianRelationship',
    'guardianPersonId',
    'givenAt',
    'wordingVersion',
    'wordingLocale',
    'evidenceAttachmentId',
  ] as const;
  const sharesIdentity = groups.some((g) => identityFieldGroups.has(g));

  return (
    <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="consent-form">
      <Stack>
        <Title order={3} fz="h4">
          {t('consents.new')}
        </Title>
        <ProblemAlert error={create.error} fields={fields} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <EnumSelect
            label={t('consents.purpose')}
            values={consentPurposes}
            prefix="consents.purposes"
            required
            {...bind('purpose')}
            testId="consent-purpose"
          />
          {withRecipient && (
            <AgencyPicker
              label={t('consents.recipientAgency')}
              required={!external}
              {...bind('recipientAgencyId')}
              onChange={(id, name) => {
                form.setFieldValue('recipientAgencyId', id);
                setRecipientAgencyName(name ?? '');
              }}
              exclude={kase.leadAgency.id}
              testId="consent-recipient"
            />
          )}
          {external && (
            <TextInput
              label={t('consents.recipientName')}
              description={t('consents.recipientNameHint')}
              {...form.getInputProps('recipientName')}
              data-testid="consent-recipient-name"
            />
          )}
          {purpose === 'referral' && (
            <EnumMultiSelect
              label={t('consents.serviceTypes')}
              values={serviceTypes}
              prefix="cases.services.types"
              {...bind('serviceTypes')}
              testId="consent-services"
            />
          )}
        </SimpleGrid>
        <Checkbox.Group
          label={t('consents.fieldGroups')}
          description={t('consents.fieldGroupsHint')}
          {...bind('fieldGroups')}
          withAsterisk
          data-testid="consent-groups"
        >
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} mt="xs" spacing="xs">
            {fieldGroups.map((g) => (
              <Checkbox
                key={g}
                value={g}
                label={groupLabel(g)}
                color={identityFieldGroups.has(g) ? 'red' : undefined}
                data-testid={`consent-group-${g}`}
              />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {sharesIdentity && (
          <Alert color="orange" variant="light" data-testid="consent-identity-warning">
            {t('consents.identityWarning')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <EnumSelect
            label={t('consents.givenBy')}
            values={consentGivers}
            prefix="consents.givers"
            required
            {...bind('givenBy')}
            description={
              kase.ageNow.minor
                ? t(kase.ageNow.basis === 'unknown' ? 'consents.presumedChildHint' : 'consents.childHint')
                : kase.isChild
                  ? t('consents.adultNowHint')
                  : undefined
            }
            testId="consent-given-by"
          />
          {givenBy === 'guardian' && (
            <EnumSelect
              label={t('consents.guardianRelationship')}
              values={guardianRelationships}
              prefix="consents.relationships"
              required
              {...bind('guardianRelationship')}
              testId="consent-relationship"
            />
          )}
          {needsGuardianPerson(values) && (
            <Select
              label={t('consents.guardianPerson')}
              description={t('consents.guardianPersonHint')}
              data={guardianOptions}
              {...bind('guardianPersonId')}
              required
              data-testid="consent-guardian-person"
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <TextInput
            type="datetime-local"
            label={t('consents.givenAt')}
            {...form.getInputProps('givenAt')}
            data-testid="consent-given-at"
          />
          <Select
            label={t('consents.evidence')}
            description={t('consents.evidenceHint')}
            data={evidenceOptions}
            {...bind('evidenceAttachmentId')}
            placeholder={t('consents.noEvidence')}
            clearable
            data-testid="consent-evidence"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="consent-locale-label">
            {t('consents.wordingLocale')}
          </Text>
          <SegmentedControl
            w="fit-content"
            value={locale}
            onChange={(v) => form.setFieldValue('wordingLocale', v as 'id' | 'en')}
            aria-labelledby="consent-locale-label"
            data={[
              { value: 'id', label: 'Bahasa Indonesia' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Stack>
        <Card withBorder bg="gray.0" padding="sm" data-testid="consent-wording">
          {wording.isPending ? (
            <Group gap="xs">
              <Loader size="xs" aria-hidden="true" />
              <Text size="sm">{t('consents.wordingLoading')}</Text>
            </Group>
          ) : wording.data ? (
            <Stack gap="xs" lang={locale}>
              <Text size="xs" c="gray.7" lang={undefined}>
                {t('consents.wordingTitle', { version: wording.data.version })}
              </Text>
              <Text fw={600}>{fillWording(wording.data.title[locale], placeholders)}</Text>
              {wording.data.paragraphs[locale].map((p) => (
                <Text key={p} size="sm">
                  {fillWording(p, placeholders)}
                </Text>
              ))}
            </Stack>
          ) : (
            <ProblemAlert error={wording.error} />
          )}
        </Card>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!wording.data} data-testid="consent-save">
            {t('consents.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ConsentList({ kase, manage }: { kase: CaseDetail; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useCaseKeyset(kase.id, 'consents', (id, page) => casesApi.consents(id, page));
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  if (list.isPending) return <Loader aria-label={t('common.loading')} />;
  if (list.error) return <ProblemAlert error={list.error} />;
  if (list.items.length === 0) return <Text c="gray.7">{t('consents.empty')}</Text>;
  return (
    <Stack gap="sm">
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('consents.list')}>
        {list.items.map((c) => (
          <Card
            key={c.id}
            withBorder
            component="li"
            padding="md"
            data-testid="consent-item"
            data-purpose={c.purpose}
            data-status={c.status}
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4}>
                <Group gap="xs">
                  <Text fw={600}>{t(`consents.purposes.${c.purpose}`)}</Text>
                  <Badge color={c.status === 'active' ? 'green' : 'gray'} variant="light">
                    {t(`consents.status.${c.status}`)}
                  </Badge>
                </Group>
                {(c.recipientAgency || c.recipientName) && (
                  <Text size="sm">
                    {t('consents.recipient')}: {c.recipientAgency?.name ?? c.recipientName}
                  </Text>
                )}
                {c.serviceTypes.length > 0 && (
                  <Text size="sm">
                    {t('consents.serviceTypes')}: {c.serviceTypes.map((s) => t(`cases.services.types.${s}`)).join(', ')}
                  </Text>
                )}
                <Text size="sm">
                  {t('consents.fieldGroups')}: {c.fieldGroups.map((g) => t(`consents.groups.${g}`)).join(', ')}
                </Text>
                <Text size="sm" c="gray.7">
                  {t('consents.given', {
                    at: formatDateTime(c.givenAt, me.timeZone, i18n.language),
                    giver:
                      c.givenBy === 'guardian' && c.guardianRelationship
                        ? t(`consents.relationships.${c.guardianRelationship}`)
                        : t(`consents.givers.${c.givenBy}`),
                  })}
                  {' · '}
                  {t('consents.version', { version: c.wordingVersion, locale: c.wordingLocale })}
                  {c.recordedByName ? ` · ${t('consents.recordedBy', { name: c.recordedByName })}` : ''}
                </Text>
                {c.withdrawnAt && (
                  <Text size="sm" c="red.8">
                    {t('consents.withdrawnAt', { at: formatDateTime(c.withdrawnAt, me.timeZone, i18n.language) })}
                    {c.withdrawalReason ? ` — ${c.withdrawalReason}` : ''}
                  </Text>
                )}
              </Stack>
              {manage && c.status === 'active' && (
                <Button
                  variant="light"
                  color="red"
                  size="xs"
                  onClick={() => setWithdrawing(c)}
                  data-testid="consent-withdraw"
                >
                  {t('consents.withdraw')}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <LoadMore {...list} count={list.items.length} />
      {withdrawing && <WithdrawDialog kase={kase} consent={withdrawing} onClose={() => setWithdrawing(null)} />}
    </Stack>
  );
}

function WithdrawDialog({ kase, consent, onClose }: { kase: CaseDetail; consent: Consent; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const withdraw = useMutation({
    mutationFn: (reason: string) => casesApi.withdrawConsent(consent.id, { reason }),
    onSuccess: async () => {
      onClose();
      await refresh();
    },
  });
  return (
    <ReasonDialog
      title={t('consents.withdrawTitle')}
      message={t('consents.withdrawMessage')}
      reasonLabel={t('consents.withdrawReason')}
      confirmLabel={t('consents.withdraw')}
      danger
      loading={withdraw.isPending}
      error={withdraw.error}
      testId="consent-withdraw"
      onConfirm={(reason) => withdraw.mutate(reason)}
      onClose={onClose}
    />
  );
}
