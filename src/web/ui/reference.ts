import { useTranslation } from 'react-i18next';
import { useRegions } from '../api/reference.js';

export { useAgencyTypes, useCountries, useRegions } from '../api/reference.js';

/** Picks the label in the UI language from an {id, en} pair. */
export function useLocalised() {
  const { i18n } = useTranslation();
  return (label: { id: string; en: string } | undefined, fallback = '') =>
    label ? (i18n.language === 'en' ? label.en : label.id) || label.id : fallback;
}

/** The readable name of a region code: "Kota Kupang, Nusa Tenggara Timur". */
export function useRegionName(code: string | null | undefined): string {
  const province = code ? code.split('.')[0] : undefined;
  const provinces = useRegions(undefined, Boolean(code));
  const regencies = useRegions(province, Boolean(code?.includes('.')));
  if (!code) return '—';
  const provinceName = provinces.data?.find((p) => p.code === province)?.name ?? province;
  if (!code.includes('.')) return provinceName ?? code;
  const regencyName = regencies.data?.find((r) => r.code === code)?.name ?? code;
  return `${regencyName}, ${provinceName}`;
}
