import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { agenciesApi } from '../api/admin.js';
import type { Agency, AgencyInput } from '../api.js';
import { AgencyPicker } from '../ui/AgencyPicker.js';
import { FormDialog } from '../ui/FormDialog.js';
import { picked, text } from '../ui/formBody.js';
import { useAgencyTypes, useCountries, useLocalised, useRegions } from '../ui/reference.js';
import { required, useApiForm } from '../ui/useApiForm.js';

/** Agency types for a Select, grouped as the reference data groups them. */
export function useTypeOptions() {
  const { t } = useTranslation();
  const types = useAgencyTypes();
  const localised = useLocalised();
  return useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const type of types.data ?? []) {
      const list = groups.get(type.group) ?? [];
      list.push({ value: type.key, label: localised(type.label, type.key) });
      groups.set(type.group, list);
    }
    return [...groups].map(([group, items]) => ({
      group: t(`agencyGroup.${group}`, { defaultValue: group }),
      items,
    }));
  }, [types.data, localised, t]);
}

/** The server's fields; its `regionCode` is shown on the province or the regency, whichever gave it. */
const agencyFields = [
  'name',
  'shortName',
  'type',
  'countryCode',
  'regionCode',
  'parentId',
  'contactPhone',
  'contactEmail',
] as const;

type AgencyValues = {
  name: string;
  shortName: string;
  type: string | null;
  countryCode: string | null;
  province: string | null;
  /** Optional: without it the agency serves the whole province. */
  regency: string | null;
  parentId: string | null;
  contactPhone: string;
  contactEmail: string;
};

const valuesOf = (agency: Agency | null): AgencyValues => ({
  name: agency?.name ?? '',
  shortName: agency?.shortName ?? '',
  type: agency?.type ?? null,
  countryCode: agency?.countryCode ?? 'ID',
  province: agency?.regionCode ? (agency.regionCode.split('.')[0] ?? null) : null,
  regency: agency?.regionCode?.includes('.') ? agency.regionCode : null,
  parentId: agency?.parentId ?? null,
  contactPhone: agency?.contactPhone ?? '',
  contactEmail: agency?.contactEmail ?? '',
});

/**
 * The body: an optional field left empty is left out when creating, and cleared (null) when editing, so that
 * emptying a field removes what the agency had. The region is the regency if one is picked, else the province;
 * an agency abroad has none.
 */
function agencyBody(v: AgencyValues, editing: boolean): AgencyInput {
  const none = editing ? null : undefined;
  const optional = (value: string) => text(value) ?? none;
  return {
    name: v.name.trim(),
    shortName: optional(v.shortName),
    type: picked(v.type),
    countryCode: picked(v.countryCode),
    regionCode: v.countryCode === 'ID' ? (v.regency ?? v.province ?? none) : none,
    parentId: v.parentId ?? none,
    contactPhone: optional(v.contactPhone),
    contactEmail: optional(v.contactEmail),
  };
}

/** Creates an agency, or edits one; the server checks the region against the country and the type. */
export function AgencyForm({
  agency,
  onClose,
  onSaved,
}: {
  agency: Agency | null;
  onClose: () => void;
  onSaved: (agency: Agency) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const localised = useLocalised();
  const typeOptions = useTypeOptions();
  const countries = useCountries();
  const {
    form,
    mutation: save,
    submit,
    bind,
  } = useApiForm({
    initialValues: valuesOf(agency),
    validate: { name: required, type: required, countryCode: required },
    send: (v) =>
      agency ? agenciesApi.update(agency.id, agencyBody(v, true)) : agenciesApi.create(agencyBody(v, false)),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['agencies'] });
      onSaved(result);
    },
    // The region's error is told on the field that gave the region.
    fieldOf: (v) => ({ regionCode: v.regency ? 'regency' : 'province' }),
  });
  const values = form.getValues();
  const indonesian = values.countryCode === 'ID';
  const provinces = useRegions(undefined, indonesian);
  const regencies = useRegions(values.province, indonesian && Boolean(values.province));

  const countryOptions = useMemo(
    () =>
      (countries.data ?? [])
        .map((c) => ({ value: c.code, label: localised(c.name, c.code) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [countries.data, localised],
  );

  return (
    <FormDialog
      title={agency ? t('agencies.editTitle') : t('agencies.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      error={save.error}
      fields={agencyFields}
      pending={save.isPending}
      testId="agency-form"
      saveTestId="agency-save"
    >
      <TextInput label={t('agencies.name')} required {...form.getInputProps('name')} data-testid="agency-name" />
      <TextInput label={t('agencies.shortName')} {...form.getInputProps('shortName')} data-testid="agency-short-name" />
      <Select
        label={t('agencies.type')}
        required
        searchable
        data={typeOptions}
        {...bind('type')}
        data-testid="agency-type"
      />
      <Select
        label={t('agencies.country')}
        required
        searchable
        data={countryOptions}
        {...bind('countryCode')}
        onChange={(value) => {
          form.setFieldValue('countryCode', value);
          if (value !== 'ID') form.setValues({ province: null, regency: null });
        }}
        data-testid="agency-country"
      />
      {indonesian && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('agencies.province')}
            required
            searchable
            data={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            {...bind('province')}
            onChange={(value) => {
              form.setFieldValue('province', value);
              form.setFieldValue('regency', null);
            }}
            data-testid="agency-province"
          />
          <Select
            label={t('agencies.regency')}
            description={t('agencies.regencyHint')}
            searchable
            clearable
            disabled={!values.province}
            data={(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
            {...bind('regency')}
            data-testid="agency-regency"
          />
        </SimpleGrid>
      )}
      <AgencyPicker label={t('agencies.parent')} {...bind('parentId')} exclude={agency?.id} testId="agency-parent" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('agencies.contactPhone')}
          type="tel"
          autoComplete="off"
          {...form.getInputProps('contactPhone')}
          data-testid="agency-phone"
        />
        <TextInput
          label={t('agencies.contactEmail')}
          type="email"
          autoComplete="off"
          {...form.getInputProps('contactEmail')}
          data-testid="agency-email"
        />
      </SimpleGrid>
    </FormDialog>
  );
}
