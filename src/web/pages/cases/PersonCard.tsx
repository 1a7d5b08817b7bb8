import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { personsApi } from '../../api/cases.js';
import { useAuth } from '../../auth.js';
import { FormActions } from '../../ui/FormActions.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { FactList } from './FactList.js';
import { useCountryName, useHtcdsLabel } from './fields.js';
import { type CaseDetail, type IdentityField, identityFields, type RevealedIdentity } from './model.js';
import { useCaseRefresh } from './useCase.js';

export function PersonCard({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const htcdsLabel = useHtcdsLabel();
  const countryName = useCountryName();
  const region = useRegionName(kase.person.regionCode);
  const person = useQuery({
    queryKey: ['case', kase.id, 'person', kase.personId],
    queryFn: () => personsApi.get(kase.personId),
    enabled: can('persons.read'),
  });
  const presence = useQuery({
    queryKey: ['case', kase.id, 'identity-presence', kase.personId],
    queryFn: () => personsApi.identityPresence(kase.personId),
    enabled: can('persons.read'),
  });
  const [revealing, setRevealing] = useState(false);
  const [correctingAge, setCorrectingAge] = useState(false);
  const p = kase.person;
  const present = presence.data?.present ?? [];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="person-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4" id="person-heading">
            {t('cases.overview.personTitle')}
          </Title>
          <Group gap="xs">
            {can('persons.identity.update') && kase.stage !== 'closed' && (
              <Button variant="light" onClick={() => setCorrectingAge(true)} data-testid="age-open">
                {t('cases.age.open')}
              </Button>
            )}
            {can('persons.identity.reveal') && present.length > 0 && (
              <Button variant="light" color="orange" onClick={() => setRevealing(true)} data-testid="reveal-open">
                {t('cases.reveal.open')}
              </Button>
            )}
          </Group>
        </Group>
        <FactList
          facts={[
            { label: t('cases.person.pseudonym'), value: p.pseudonym, testId: 'person-pseudonym' },
            { label: t('cases.initials'), value: p.initials, testId: 'person-initials' },
            { label: t('cases.sex'), value: htcdsLabel('prs_Gender', p.sex) },
            { label: t('cases.person.birthYear'), value: p.birthYear },
            { label: t('cases.person.ageEstimated'), value: p.ageEstimated },
            { label: t('cases.person.citizenship'), value: countryName(p.citizenship) },
            { label: t('cases.person.origin'), value: region, testId: 'person-origin' },
            {
              label: t('cases.person.languages'),
              value: p.languages.map((l) => t(`cases.language.${l}`, { defaultValue: l })).join(', '),
            },
            {
              label: t('cases.person.disability'),
              value: p.disability ? t(`cases.disability.${p.disability}`, { defaultValue: p.disability }) : null,
            },
            ...(person.data
              ? [
                  {
                    label: t('cases.person.education'),
                    value: htcdsLabel('prs_HighestLevelOfEducation', person.data.education),
                  },
                  {
                    label: t('cases.person.maritalStatus'),
                    value: htcdsLabel('prs_MaritalStatus', person.data.maritalStatus),
                  },
                  { label: t('cases.person.childrenCount'), value: person.data.childrenCount },
                ]
              : []),
          ]}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('cases.overview.identityMasked')}
          </Text>
          <Group gap={6} data-testid="identity-presence">
            {present.length === 0 ? (
              <Text size="sm" c="gray.7">
                {t('cases.overview.identityNone')}
              </Text>
            ) : (
              present.map((f) => (
                <Badge key={f} variant="light" color="gray">
                  {t(`cases.identity.${f}`)}: ••••
                </Badge>
              ))
            )}
          </Group>
        </Stack>
      </Stack>
      {revealing && <RevealDialog personId={kase.personId} present={present} onClose={() => setRevealing(false)} />}
      {correctingAge && <AgeDialog kase={kase} onClose={() => setCorrectingAge(false)} />}
    </Card>
  );
}

/**
 * Corrects her age facts (date of birth, birth year, age estimate) with a reason; the case's child status and
 * who consents for her follow at once (Law 35/2014: a child until her age is assessed). The date of birth is
 * written to the vault and never shown here.
 */
export function AgeDialog({ kase, onClose }: { kase: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const count = (v: string) => (v.trim() ? Number(v) : undefined);
  const {
    form,
    mutation: save,
    submit,
  } = useApiForm({
    initialValues: { dateOfBirth: '', birthYear: '', ageEstimated: '', purpose: '' },
    validate: { purpose: required },
    send: (v) =>
      personsApi.updateAge(kase.personId, {
        dateOfBirth: v.dateOfBirth || undefined,
        birthYear: count(v.birthYear),
        ageEstimated: count(v.ageEstimated),
        purpose: v.purpose.trim(),
      }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cases.age.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form noValidate onSubmit={submit} data-testid="age-form">
        <Stack>
          <Text size="sm">{t('cases.age.intro')}</Text>
          <ProblemAlert error={save.error} fields={['dateOfBirth', 'birthYear', 'ageEstimated', 'purpose']} />
          <TextInput
            type="date"
            label={t('cases.identity.dateOfBirth')}
            {...form.getInputProps('dateOfBirth')}
            data-testid="age-date-of-birth"
          />
          <Group grow>
            <TextInput
              inputMode="numeric"
              label={t('cases.person.birthYear')}
              {...form.getInputProps('birthYear')}
              data-testid="age-birth-year"
            />
            <TextInput
              inputMode="numeric"
              label={t('cases.person.ageEstimated')}
              {...form.getInputProps('ageEstimated')}
              data-testid="age-estimated"
            />
          </Group>
          <Textarea
            label={t('cases.age.purpose')}
            description={t('cases.age.purposeHint')}
            required
            autosize
            minRows={2}
            {...form.getInputProps('purpose')}
            data-testid="age-purpose"
          />
          <FormActions onCancel={onClose} pending={save.isPending} submitLabel={t('common.save')} testId="age-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Reveals identity fields for a stated purpose (Law 21/2007 Art. 44: identity is confidential). The answer
 * lives only in this dialog's state: not in the query cache, gone when the dialog closes.
 */
export function RevealDialog({
  personId,
  present,
  onClose,
}: {
  personId: string;
  present: IdentityField[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const reveal = useMutation({
    mutationFn: () => personsApi.reveal(personId, { fields, purpose: purpose.trim() }),
  });
  const error = reveal.error;
  const revealed: RevealedIdentity | null = reveal.data ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reveal.mutate();
  };

  const close = () => {
    reveal.reset();
    onClose();
  };

  return (
    <Modal
      opened
      onClose={close}
      title={t('cases.reveal.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      {revealed ? (
        <Stack data-testid="reveal-result">
          <Alert color="orange" variant="light">
            {t('cases.reveal.shownOnce')}
          </Alert>
          <FactList
            cols={2}
            facts={identityFields
              .filter((f) => revealed[f] !== undefined)
              .map((f) => {
                const value = revealed[f];
                return {
                  label: t(`cases.identity.${f}`),
                  value: Array.isArray(value) ? value.join(', ') : value,
                  testId: `revealed-${f}`,
                };
              })}
          />
          <Group justify="flex-end">
            <Button onClick={close} data-testid="reveal-done">
              {t('cases.reveal.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('cases.reveal.intro')}</Text>
            <ProblemAlert error={error} fields={['fields', 'purpose']} />
            <Checkbox.Group
              label={t('cases.reveal.fields')}
              value={fields}
              onChange={setFields}
              error={fieldError(error, 'fields')}
              required
            >
              <Stack gap={6} mt={6}>
                {present.map((f) => (
                  <Checkbox key={f} value={f} label={t(`cases.identity.${f}`)} data-testid={`reveal-field-${f}`} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Textarea
              label={t('cases.reveal.purpose')}
              description={t('cases.reveal.purposeHint')}
              required
              autosize
              minRows={2}
              value={purpose}
              onChange={(e) => setPurpose(e.currentTarget.value)}
              error={fieldError(error, 'purpose')}
              data-testid="reveal-purpose"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={reveal.isPending} data-testid="reveal-submit">
                {t('cases.reveal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
