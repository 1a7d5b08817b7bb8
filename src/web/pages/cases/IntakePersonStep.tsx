import {
  Alert,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { CountrySelect, EnumMultiSelect, EnumSelect, HtcdsSelect, RegionPicker } from './fields.js';
import { type BirthMode, type PersonForm, touchesPersonStep } from './intakeForm.js';
import { disabilities, languageCodes } from './model.js';

export function PersonStep({
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
