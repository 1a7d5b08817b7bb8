/** Service accounts of partner systems through the typed client: accounts, their tokens, revocation. */
import { useQuery } from '@tanstack/react-query';
import { call, client } from './client.js';
import type { BodyOf, Draft, ResponseOf } from './types.js';

export type ServiceAccount = ResponseOf<'serviceAccounts.list'>[number];
export type Token = ServiceAccount['tokens'][number];
export type ServiceAccountInput = BodyOf<'serviceAccounts.create'>;

export const serviceAccountKeys = {
  all: ['service-accounts'] as const,
  agencies: ['agencies', 'all-for-service-accounts'] as const,
};

const onAccount = (id: string) => ({ params: { path: { id } } });

export const serviceAccountsApi = {
  list: () => call(client.GET('/api/service-accounts')),
  create: (body: Draft<ServiceAccountInput>) =>
    call(client.POST('/api/service-accounts', { body: body as ServiceAccountInput })),
  issueToken: (id: string, body: BodyOf<'serviceAccounts.tokens.create'>) =>
    call(client.POST('/api/service-accounts/{id}/tokens', { ...onAccount(id), body })),
  revokeToken: (id: string, tokenId: string) =>
    call(client.POST('/api/service-accounts/{id}/tokens/{tokenId}/revoke', { params: { path: { id, tokenId } } })),
  /** The agencies an account may belong to or act for (the first 200). */
  agencies: () => call(client.GET('/api/agencies', { params: { query: { limit: 200 } } })),
};

export function useServiceAccounts() {
  return useQuery({ queryKey: serviceAccountKeys.all, queryFn: serviceAccountsApi.list });
}

export function useAgenciesForServiceAccounts() {
  return useQuery({ queryKey: serviceAccountKeys.agencies, queryFn: serviceAccountsApi.agencies });
}
