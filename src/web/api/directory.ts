/** The service directory through the typed client: the search, an agency's own services, upsert and withdraw. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageRequest } from '../ui/useKeysetList.js';
import { call, client } from './client.js';
import type { BodyOf, Draft, QueryOf, RowOf } from './types.js';

export type DirectoryService = RowOf<'directory.search'>;
export type DirectoryServiceInput = Draft<BodyOf<'directory.services.upsert'>>;
export type DirectoryFilters = Omit<QueryOf<'directory.search'>, 'cursor' | 'limit'>;
export type ServiceType = DirectoryService['serviceType'];

export const directoryKeys = {
  all: ['directory'] as const,
  search: (filters: DirectoryFilters) => ['directory', 'search', filters] as const,
  agency: (agencyId: string) => ['directory', 'agency', agencyId] as const,
};

export const directoryApi = {
  search: (filters: DirectoryFilters, page: PageRequest) =>
    call(client.GET('/api/directory/services', { params: { query: { ...filters, ...page } } })),
  ofAgency: (agencyId: string) =>
    call(client.GET('/api/agencies/{id}/services', { params: { path: { id: agencyId } } })),
  upsert: (agencyId: string, serviceType: ServiceType, body: DirectoryServiceInput) =>
    call(
      client.PUT('/api/agencies/{id}/services/{serviceType}', {
        params: { path: { id: agencyId, serviceType } },
        body: body as BodyOf<'directory.services.upsert'>,
      }),
    ),
  remove: (agencyId: string, serviceType: ServiceType) =>
    call(
      client.DELETE('/api/agencies/{id}/services/{serviceType}', {
        params: { path: { id: agencyId, serviceType } },
      }),
    ),
};

/** The services an agency publishes. */
export function useAgencyServices(agencyId: string) {
  return useQuery({ queryKey: directoryKeys.agency(agencyId), queryFn: () => directoryApi.ofAgency(agencyId) });
}

/** Withdraws one of an agency's services; the directory is read again. */
export function useRemoveService(agencyId: string, onDone: (service: DirectoryService) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (service: DirectoryService) => directoryApi.remove(agencyId, service.serviceType),
    onSuccess: async (_r, service) => {
      onDone(service);
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    },
  });
}
