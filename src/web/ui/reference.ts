import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type AgencyType, api, type Country, type Region } from '../api.js';

const forever = { staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY };

export function useAgencyTypes() {
  return useQuery({
    queryKey: ['reference', 'agency-types'],
    queryFn: () => api.get<AgencyType[]>('/api/reference/agency-types'),
    ...forever,
  });
}

export function useCountries() {
  return useQuery({
    queryKey: ['reference', 'countries'],
    queryFn: () => api.get<Country[]>('/api/reference/countries'),
    ...forever,
  });
}

/** Provinces (no parent) or the regencies of one province. */
export function useRegions(parent?: string | null, enabled = true) {
  return useQuery({
    queryKey: ['reference', 'regions', parent ?? ''],
    queryFn: () => api.get<Region[]>('/api/reference/regions', parent ? { parent } : undefined),
    enabled,
    ...forever,
  });
}

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
