import { Card, Checkbox, MultiSelect, NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type DirectoryService, directoryApi, directoryKeys, type ServiceType } from '../../api/directory.js';
import { FormActions } from '../../ui/FormActions.js';
import { num, text } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useCountries, useLocalised } from '../../ui/reference.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect, HtcdsMultiSelect } from '../cases/fields.js';
import { serviceTypes } from '../cases/model.js';
import { directoryLanguages, useLanguageName } from './model.js';
import { RegionsInput } from './regions.js';

/**
 * The entry's nested server fields, as the form's flat fields hold them. The server names the "give a phone or
 * an e-mail" rule on `contact` itself: it is shown at the phone.
 */
const serviceFieldOf = {
  'eligibility.ageMin': 'ageMin',
  'eligibility.ageMax': 'ageMax',
  'eligibility.sexes': 'sexes',
  'eligibility.nationalities': 'nationalities',
  'capacity.total': 'total',
  'capacity.free': 'free',
  'contact.phone': 'phone',
  'contact.email': 'email',
  contact: 'phone',
} as const;

/** Fields no input shows apart from these are listed in the problem alert. */
const shownFields = ['regions', 'languages', 'hours', ...Object.keys(serviceFieldOf)];

/** The form's values of a published entry (or of a new one). */
function valuesOf(existing?: DirectoryService) {
  return {
    type: (existing?.serviceType ?? null) as string | null,
    regions: existing && !existing.regionsDefault ? existing.regions : ([] as string[]),
    ageMin: (existing?.eligibility.ageMin ?? '') as number | string,
    ageMax: (existing?.eligibility.ageMax ?? '') as number | string,
    sexes: existing?.eligibility.sexes ?? ([] as string[]),
    nationalities: existing?.eligibility.nationalities ?? ([] as string[]),
    languages: existing?.languages ?? ['id'],
    counted: Boolean(existing?.capacity),
    total: (existing?.capacity?.total ?? '') as number | string,
    free: (existing?.capacity?.free ?? '') as number | string,
    hours: existing?.hours ?? '',
    phone: existing?.contact.phone ?? '',
    email: existing?.contact.email ?? '',
    urgent: existing?.urgent24x7 ?? false,
  };
}

/** A count is asked for only where places are counted. */
const whenCounted = (value: unknown, values: { counted: boolean }) => (values.counted ? required(value) : null);

/** Every field the directory entry schema allows; the service type is the key, fixed once published. */
export function ServiceForm({
  agencyId,
  existing,
  taken,
  onCancel,
  onSaved,
}: {
  agencyId: string;
  existing?: DirectoryService;
  taken: string[];
  onCancel: () => void;
  onSaved: (service: DirectoryService, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountries();
  const localised = useLocalised();
  const languageName = useLanguageName();
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: valuesOf(existing),
    validate: {
      // The type is part of the address; without it nothing can be sent.
      type: (value) => (value ? null : t('directory.form.typeRequired')),
      languages: required,
      total: whenCounted,
      free: whenCounted,
    },
    send: (v) =>
      directoryApi.upsert(agencyId, v.type as ServiceType, {
        regions: v.regions,
        eligibility: {
          ageMin: num(v.ageMin),
          ageMax: num(v.ageMax),
          sexes: v.sexes,
          nationalities: v.nationalities,
        },
        languages: v.languages,
        capacity: v.counted ? { total: num(v.total), free: num(v.free) } : null,
        hours: text(v.hours),
        contact: { phone: text(v.phone), email: text(v.email) },
        urgent24x7: v.urgent,
      }),
    fieldOf: serviceFieldOf,
    onSuccess: async (service) => {
      onSaved(service, !existing);
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    },
  });
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens above the list: bring it into view and move focus to it (Edit may be far below).
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
  }, []);
  const available = serviceTypes.filter((s) => s === existing?.serviceType || !taken.includes(s));
  const counted = form.getValues().counted;
  const count = {
    required: true,
    min: 0,
    max: 100_000,
    allowDecimal: false,
    allowNegative: false,
  } as const;
  const age = { min: 0, max: 120, allowDecimal: false, allowNegative: false } as const;

  return (
    <Card
      withBorder
      padding="md"
      component="form"
      noValidate
      aria-labelledby="directory-form-heading"
      onSubmit={submit}
      data-testid="directory-form"
    >
      <Stack>
        <Title order={3} fz="h4" id="directory-form-heading" ref={heading} tabIndex={-1}>
          {existing
            ? t('directory.form.editTitle', {
                type: t(`cases.services.types.${existing.serviceType}`, { defaultValue: existing.serviceType }),
              })
            : t('directory.own.add')}
        </Title>
        <ProblemAlert error={mutation.error} fields={shownFields} testId="directory-form-problem" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {existing ? (
            <TextInput
              label={t('directory.form.type')}
              description={t('directory.form.typeFixed')}
              readOnly
              value={t(`cases.services.types.${existing.serviceType}`, { defaultValue: existing.serviceType })}
              data-testid="directory-form-type"
            />
          ) : (
            <EnumSelect
              label={t('directory.form.type')}
              values={available}
              prefix="cases.services.types"
              required
              searchable
              {...bind('type')}
              testId="directory-form-type"
            />
          )}
          <MultiSelect
            label={t('directory.form.languages')}
            required
            searchable
            hidePickedOptions
            data={directoryLanguages.map((code) => ({ value: code, label: languageName(code) }))}
            {...form.getInputProps('languages')}
            data-testid="directory-form-languages"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.regions')}
          </Title>
          <RegionsInput {...bind('regions')} testId="directory-form-regions" />
        </Stack>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.eligibility')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('directory.form.ageMin')}
              {...age}
              {...form.getInputProps('ageMin')}
              data-testid="directory-form-age-min"
            />
            <NumberInput
              label={t('directory.form.ageMax')}
              {...age}
              {...form.getInputProps('ageMax')}
              data-testid="directory-form-age-max"
            />
            <HtcdsMultiSelect
              field="prs_Gender"
              label={t('directory.form.sexes')}
              description={t('directory.form.anyIfEmpty')}
              {...bind('sexes')}
              testId="directory-form-sexes"
            />
            <MultiSelect
              label={t('directory.form.nationalities')}
              description={t('directory.form.anyIfEmpty')}
              searchable
              clearable
              hidePickedOptions
              data={(countries.data ?? []).map((c) => ({ value: c.code, label: localised(c.name, c.code) }))}
              {...form.getInputProps('nationalities')}
              nothingFoundMessage={t('common.nothingFound')}
              data-testid="directory-form-nationalities"
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
        </Stack>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.capacityTitle')}
          </Title>
          <Checkbox
            label={t('directory.form.counted')}
            description={t('directory.form.countedHint')}
            {...form.getInputProps('counted', { type: 'checkbox' })}
            data-testid="directory-form-counted"
          />
          {counted && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('directory.form.total')}
                {...count}
                {...form.getInputProps('total')}
                data-testid="directory-form-total"
              />
              <NumberInput
                label={t('directory.form.free')}
                {...count}
                {...form.getInputProps('free')}
                data-testid="directory-form-free"
              />
            </SimpleGrid>
          )}
        </Stack>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.access')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('directory.form.hours')}
              description={t('directory.form.hoursHint')}
              maxLength={200}
              {...form.getInputProps('hours')}
              data-testid="directory-form-hours"
            />
            <Checkbox
              mt={{ sm: 'xl' }}
              label={t('directory.form.urgent24x7')}
              {...form.getInputProps('urgent', { type: 'checkbox' })}
              data-testid="directory-form-urgent"
            />
            <TextInput
              type="tel"
              label={t('directory.form.phone')}
              description={t('directory.form.contactHint')}
              autoComplete="off"
              {...form.getInputProps('phone')}
              data-testid="directory-form-phone"
            />
            <TextInput
              type="email"
              label={t('directory.form.email')}
              autoComplete="off"
              {...form.getInputProps('email')}
              data-testid="directory-form-email"
            />
          </SimpleGrid>
        </Stack>

        <FormActions
          onCancel={onCancel}
          pending={mutation.isPending}
          submitLabel={t('common.save')}
          testId="directory-form-submit"
        />
      </Stack>
    </Card>
  );
}
