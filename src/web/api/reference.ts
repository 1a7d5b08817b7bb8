/**
 * Reference data (agency types, countries, regions) through the typed client. Read once and kept: it changes
 * only with a release.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { call, client } from './client.js';

const forever = { staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY };

export const referenceApi = {
  agencyTypes: () => call(client.GET('/api/reference/agency-types')),
  countries: () => call(client.GET('/api/reference/countries')),
  /** Provinces (no parent) or the regencies of one province. */
  regions: (parent?: string | null) =>
    call(client.GET('/api/reference/regions', { params: { query: parent ? { parent } : {} } })),
};

export const referenceKeys = {
  agencyTypes: ['reference', 'agency-types'] as const,
  countries: ['reference', 'countries'] as const,
  regions: (parent?: string | null) => ['reference', 'regions', parent ?? ''] as const,
};

export function useAgencyTypes() {
  return useQuery({ queryKey: referenceKeys.agencyTypes, queryFn: referenceApi.agencyTypes, ...forever });
}

export function useCountries() {
  return useQuery({ queryKey: referenceKeys.countries, queryFn: referenceApi.countries, ...forever });
}

/** Provinces (no parent) or the regencies of one province. */
export function useRegions(parent?: string | null, enabled = true) {
  return useQuery({
    queryKey: referenceKeys.regions(parent),
    queryFn: () => referenceApi.regions(parent),
    enabled,
    ...forever,
  });
}

/** The regencies of each of these provinces (one cached read per province). */
export function useRegenciesOf(provinceCodes: readonly string[]) {
  return useQueries({
    queries: provinceCodes.map((parent) => ({
      queryKey: referenceKeys.regions(parent),
      queryFn: () => referenceApi.regions(parent),
      ...forever,
    })),
  });
}
