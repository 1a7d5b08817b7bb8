import { Badge, MultiSelect, Select, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCountries, useLocalised, useRegions } from '../../ui/reference.js';
import { type CaseStage, type HtcdsField, htcds } from './model.js';

/** Options of a fixed list, labelled through i18n (`<prefix>.<value>`). */
export function useEnumOptions(values: readonly string[], prefix: string) {
  const { t } = useTranslation();
  return values.map((value) => ({ value, label: t(`${prefix}.${value}`, { defaultValue: value }) }));
}

/** The readable label of an HTCDS value (or a dash). */
export function useHtcdsLabel() {
  const { t } = useTranslation();
  return (field: HtcdsField, value: string | null | undefined) =>
    value ? t(`htcds.${field}.${value}`, { defaultValue: value }) : '—';
}

interface EnumSelectProps {
  label: string;
  values: readonly string[];
  prefix: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  required?: boolean;
  description?: string;
  testId?: string;
  searchable?: boolean;
}

/** A single choice from a fixed list with i18n labels. */
export function EnumSelect({
  label,
  values,
  prefix,
  value,
  onChange,
  error,
  required,
  description,
  testId,
  searchable,
}: EnumSelectProps) {
  const data = useEnumOptions(values, prefix);
  return (
    <Select
      label={label}
      description={description}
      data={data}
      value={value}
      onChange={onChange}
      clearable={!required}
      required={required}
      allowDeselect={!required}
      searchable={searchable ?? data.length > 8}
      error={error}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

interface EnumMultiProps {
  label: string;
  values: readonly string[];
  prefix: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  testId?: string;
  description?: string;
}

/** A multiple choice from a fixed list with i18n labels. */
export function EnumMultiSelect({
  label,
  values,
  prefix,
  value,
  onChange,
  error,
  testId,
  description,
}: EnumMultiProps) {
  const data = useEnumOptions(values, prefix);
  return (
    <MultiSelect
      label={label}
      description={description}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      hidePickedOptions
      error={error}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

type HtcdsSelectProps = Omit<EnumSelectProps, 'values' | 'prefix'> & { field: HtcdsField };
export function HtcdsSelect({ field, ...rest }: HtcdsSelectProps) {
  return <EnumSelect values={htcds[field]} prefix={`htcds.${field}`} {...rest} />;
}

type HtcdsMultiProps = Omit<EnumMultiProps, 'values' | 'prefix'> & { field: HtcdsField };
export function HtcdsMultiSelect({ field, ...rest }: HtcdsMultiProps) {
  return <EnumMultiSelect values={htcds[field]} prefix={`htcds.${field}`} {...rest} />;
}

/** Country names in the UI language. */
export function useCountryName() {
  const countries = useCountries();
  const localised = useLocalised();
  return (code: string | null | undefined) =>
    code ? localised(countries.data?.find((c) => c.code === code)?.name, code) : '—';
}

interface CountrySelectProps {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  required?: boolean;
  testId?: string;
  /** Shown while nothing is picked (default: "search to pick"). */
  placeholder?: string;
}

export function CountrySelect({ label, value, onChange, error, required, testId, placeholder }: CountrySelectProps) {
  const { t } = useTranslation();
  const countries = useCountries();
  const localised = useLocalised();
  return (
    <Select
      label={label}
      placeholder={placeholder ?? t('common.searchToPick')}
      searchable
      clearable={!required}
      required={required}
      data={(countries.data ?? []).map((c) => ({ value: c.code, label: localised(c.name, c.code) }))}
      value={value}
      onChange={onChange}
      error={error}
      data-testid={testId}
      nothingFoundMessage={t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

interface RegionPickerProps {
  value: string | null;
  onChange: (code: string | null) => void;
  provinceLabel: string;
  regencyLabel: string;
  error?: string;
  testId: string;
}

/** Province, then regency/city, of Indonesia; the value is the most precise code chosen. */
export function RegionPicker({ value, onChange, provinceLabel, regencyLabel, error, testId }: RegionPickerProps) {
  const { t } = useTranslation();
  const province = value ? value.slice(0, 2) : null;
  const provinces = useRegions(undefined);
  const regencies = useRegions(province, Boolean(province));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Select
        label={provinceLabel}
        placeholder={t('common.searchToPick')}
        searchable
        clearable
        data={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
        value={province}
        onChange={(next) => onChange(next)}
        error={value?.includes('.') ? undefined : error}
        data-testid={`${testId}-province`}
        nothingFoundMessage={t('common.nothingFound')}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={regencyLabel}
        placeholder={t('common.searchToPick')}
        searchable
        clearable
        disabled={!province}
        data={(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
        value={value?.includes('.') ? value : null}
        onChange={(next) => onChange(next ?? province)}
        error={value?.includes('.') ? error : undefined}
        data-testid={`${testId}-regency`}
        nothingFoundMessage={t('common.nothingFound')}
        comboboxProps={{ withinPortal: true }}
      />
    </SimpleGrid>
  );
}

const stageColour: Record<CaseStage, string> = {
  intake: 'gray',
  screening: 'yellow',
  identified: 'orange',
  not_victim: 'gray',
  protection: 'blue',
  repatriation: 'cyan',
  reintegration: 'teal',
  follow_up: 'indigo',
  closed: 'gray',
};

export function StageBadge({ stage }: { stage: CaseStage }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={stageColour[stage] ?? 'gray'} data-testid="stage-badge" data-stage={stage}>
      {t(`cases.stage.${stage}`)}
    </Badge>
  );
}

export function ChildBadge() {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="indigo" data-testid="child-badge">
      {t('cases.child')}
    </Badge>
  );
}

/** Red badge: late statutory services (Law 21/2007 Art. 52(1): 7 days). */
export function LateBadge({ count }: { count?: number }) {
  const { t } = useTranslation();
  return (
    <Badge variant="filled" color="red.9" data-testid="late-badge">
      {count === undefined ? t('cases.late') : t('cases.lateCount', { count })}
    </Badge>
  );
}

export function RiskBadge({ level }: { level: string | null }) {
  const { t } = useTranslation();
  if (!level) return <>—</>;
  const colour = level === 'high' ? 'red' : level === 'medium' ? 'orange' : 'teal';
  return (
    <Badge variant="light" color={colour}>
      {t(`cases.risk.${level}`, { defaultValue: level })}
    </Badge>
  );
}

/** "2026-05-01" ↔ the value of <input type="datetime-local"> in local time, and back to an ISO instant. */
export function nowForInput(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}
export function inputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A calendar date (yyyy-mm-dd) in the user's language. */
export function formatDate(value: string | null | undefined, language: string, timeZone?: string): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', {
    dateStyle: 'medium',
    timeZone: /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : timeZone,
  }).format(date);
}
