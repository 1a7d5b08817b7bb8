/**
 * Administration through the typed client: agencies, users and roles, the audit trail, alerts. Pages and the
 * pickers call these, never a URL.
 */
import { useQuery } from '@tanstack/react-query';
import type { PageRequest } from '../ui/useKeysetList.js';
import { call, client } from './client.js';
import type { BodyOf, Draft, QueryOf } from './types.js';

export type AgencyFilters = Omit<QueryOf<'agencies.list'>, 'cursor' | 'limit'>;
export type UserFilters = Omit<QueryOf<'users.list'>, 'cursor' | 'limit'>;
export type AuditFilters = Omit<QueryOf<'audit.list'>, 'cursor' | 'limit'>;
export type AlertFilters = Omit<QueryOf<'alerts.list'>, 'cursor' | 'limit'>;
export type UserAction = 'disable' | 'enable' | 'reset-password' | 'reset-totp';

const onId = (id: string) => ({ params: { path: { id } } });

export const adminKeys = {
  agencies: ['agencies'] as const,
  agencyList: (filters: AgencyFilters) => ['agencies', 'list', filters] as const,
  agency: (id: string | null | undefined) => ['agencies', 'one', id] as const,
  agencySearch: (q: string) => ['agencies', 'picker', q] as const,
  users: ['users'] as const,
  userList: (filters: UserFilters) => ['users', 'list', filters] as const,
  userSearch: (q: string) => ['users', 'picker', q] as const,
  roles: ['roles'] as const,
  audit: (filters: AuditFilters) => ['audit', 'list', filters] as const,
  auditActions: ['audit', 'actions'] as const,
  alerts: ['alerts'] as const,
  alertList: (filters: AlertFilters) => ['alerts', 'list', filters] as const,
};

export const agenciesApi = {
  list: (filters: AgencyFilters, page: PageRequest) =>
    call(client.GET('/api/agencies', { params: { query: { ...filters, ...page } } })),
  get: (id: string) => call(client.GET('/api/agencies/{id}', onId(id))),
  create: (body: Draft<BodyOf<'agencies.create'>>) =>
    call(client.POST('/api/agencies', { body: body as BodyOf<'agencies.create'> })),
  update: (id: string, body: Draft<BodyOf<'agencies.update'>>) =>
    call(client.PATCH('/api/agencies/{id}', { ...onId(id), body: body as BodyOf<'agencies.update'> })),
  disable: (id: string) => call(client.POST('/api/agencies/{id}/disable', onId(id))),
  enable: (id: string) => call(client.POST('/api/agencies/{id}/enable', onId(id))),
  /** Active agencies whose name matches (the pickers' search; 30 at most). */
  search: (q: string) =>
    call(client.GET('/api/agencies', { params: { query: { q: q || undefined, status: 'active', limit: 30 } } })),
};

export const usersApi = {
  list: (filters: UserFilters, page: PageRequest) =>
    call(client.GET('/api/users', { params: { query: { ...filters, ...page } } })),
  /** Users whose name matches (the audit page's actor picker; 30 at most). */
  search: (q: string) => call(client.GET('/api/users', { params: { query: { q: q || undefined, limit: 30 } } })),
  create: (body: Draft<BodyOf<'users.create'>>) =>
    call(client.POST('/api/users', { body: body as BodyOf<'users.create'> })),
  update: (id: string, body: Draft<BodyOf<'users.update'>>) =>
    call(client.PATCH('/api/users/{id}', { ...onId(id), body: body as BodyOf<'users.update'> })),
  /** A row action; a password reset answers with the one-time temporary password. */
  act: async (id: string, action: UserAction): Promise<{ temporaryPassword?: string } | undefined> => {
    switch (action) {
      case 'disable':
        await call(client.POST('/api/users/{id}/disable', onId(id)));
        return undefined;
      case 'enable':
        await call(client.POST('/api/users/{id}/enable', onId(id)));
        return undefined;
      case 'reset-password':
        return call(client.POST('/api/users/{id}/reset-password', onId(id)));
      case 'reset-totp':
        await call(client.POST('/api/users/{id}/reset-totp', onId(id)));
        return undefined;
    }
  },
  roles: () => call(client.GET('/api/roles')),
};

export const auditApi = {
  list: (filters: AuditFilters, page: PageRequest) =>
    call(client.GET('/api/audit', { params: { query: { ...filters, ...page } } })),
  verify: () => call(client.GET('/api/audit/verify')),
  actions: () => call(client.GET('/api/audit/actions')),
};

export const alertsApi = {
  list: (filters: AlertFilters, page: PageRequest) =>
    call(client.GET('/api/alerts', { params: { query: { ...filters, ...page } } })),
  markRead: (id: string) => call(client.POST('/api/alerts/{id}/read', onId(id))),
  /** One group (a kind about one target) or everything at once. */
  markAllRead: (group: BodyOf<'alerts.markAllRead'>) => call(client.POST('/api/alerts/read-all', { body: group })),
};

/** Active agencies matching a search (the agency pickers). */
export function useAgencySearch(q: string) {
  return useQuery({ queryKey: adminKeys.agencySearch(q), queryFn: () => agenciesApi.search(q) });
}

/** One agency by id, read only when asked (a picker's chosen value not among the results). */
export function useAgency(id: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: adminKeys.agency(id),
    queryFn: () => agenciesApi.get(id ?? ''),
    enabled: enabled && Boolean(id),
    staleTime: 60_000,
  });
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: adminKeys.roles, queryFn: usersApi.roles, enabled });
}

/** The actions the server declares (GET /api/audit/actions); they change only with a release. */
export function useAuditActions() {
  return useQuery({
    queryKey: adminKeys.auditActions,
    queryFn: auditApi.actions,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
