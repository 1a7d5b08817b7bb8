import {
  Alert,
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
import { SubmitRow } from '../../ui/FormActions.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CountrySelect, EnumMultiSelect, EnumSelect, HtcdsSelect, RegionPicker } from './fields.js';
import { type BirthMode, type PersonForm, type PersonValues, touchesPersonStep } from './intakeForm.js';
import { disabilities, languageCodes } from './model.js';

export function PersonStep({
  person,
  createError,
  onSubmit,
}: {
  person: PersonForm;
  /** The intake's refusal, shown here when it names the person's fields. */
  createError: unknown;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}) {
  const { t } = useTranslation();
  const { form, bind, mutation: check } = person;
  const values = form.getValues();
  const input = (field: keyof PersonValues & string) => form.getInputProps(field);
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
        <ProblemAlert error={check.error ?? (touchesPersonStep(createError) ? createError : null)} fields={placed} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('cases.identity.fullName')}
            required
            autoComplete="off"
            {...input('fullName')}
            data-testid="intake-full-name"
          />
          <TagsInput
            label={t('cases.identity.aliases')}
            description={t('cases.intake.tagsHint')}
            {...input('aliases')}
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
            value={values.birthMode}
            onChange={(v) => form.setFieldValue('birthMode', v as BirthMode)}
            data={[
              { value: 'dob', label: t('cases.intake.birthModeDob') },
              { value: 'year', label: t('cases.intake.birthModeYear') },
              { value: 'age', label: t('cases.intake.birthModeAge') },
            ]}
            data-testid="intake-birth-mode"
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {values.birthMode === 'dob' && (
            <TextInput
              type="date"
              label={t('cases.identity.dateOfBirth')}
              {...input('dateOfBirth')}
              data-testid="intake-dob"
            />
          )}
          {values.birthMode === 'year' && (
            <NumberInput
              label={t('cases.person.birthYear')}
              min={1900}
              max={2100}
              allowDecimal={false}
              {...input('birthYear')}
              data-testid="intake-birth-year"
            />
          )}
          {values.birthMode === 'age' && (
            <NumberInput
              label={t('cases.person.ageEstimated')}
              min={0}
              max={120}
              allowDecimal={false}
              {...input('ageEstimated')}
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
            {...input('nik')}
            data-testid="intake-nik"
          />
          <TextInput
            label={t('cases.identity.passportNumber')}
            autoComplete="off"
            {...input('passportNumber')}
            data-testid="intake-passport"
          />
          <TagsInput
            label={t('cases.identity.phones')}
            description={t('cases.intake.tagsHint')}
            {...input('phones')}
            data-testid="intake-phones"
          />
          <Textarea
            label={t('cases.identity.address')}
            autosize
            minRows={1}
            {...input('address')}
            data-testid="intake-address"
          />
        </SimpleGrid>

        <Title order={2} fz="h3" mt="md">
          {t('cases.intake.profileTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <HtcdsSelect field="prs_Gender" label={t('cases.sex')} {...bind('sex')} testId="intake-sex" />
          <CountrySelect label={t('cases.person.citizenship')} {...bind('citizenship')} testId="intake-citizenship" />
        </SimpleGrid>
        <RegionPicker
          {...bind('regionCode')}
          provinceLabel={t('cases.person.originProvince')}
          regencyLabel={t('cases.person.originRegency')}
          testId="intake-origin"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <EnumMultiSelect
            label={t('cases.person.languages')}
            values={languageCodes}
            prefix="cases.language"
            {...bind('languages')}
            testId="intake-languages"
          />
          <EnumSelect
            label={t('cases.person.disability')}
            values={disabilities}
            prefix="cases.disability"
            {...bind('disability')}
            testId="intake-disability"
          />
          <HtcdsSelect
            field="prs_HighestLevelOfEducation"
            label={t('cases.person.education')}
            {...bind('education')}
            testId="intake-education"
          />
          <HtcdsSelect
            field="prs_MaritalStatus"
            label={t('cases.person.maritalStatus')}
            {...bind('maritalStatus')}
            testId="intake-marital"
          />
          <NumberInput
            label={t('cases.person.childrenCount')}
            min={0}
            max={30}
            allowDecimal={false}
            {...input('childrenCount')}
            data-testid="intake-children"
          />
        </SimpleGrid>
        <SubmitRow pending={check.isPending} testId="intake-check" label={t('cases.intake.checkDuplicates')} />
      </Stack>
    </form>
  );
}
