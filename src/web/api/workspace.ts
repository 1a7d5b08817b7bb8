/**
 * The daily workspace: "today", the case list and its count, the team and approvals. The GETs that preload.ts
 * starts at boot (today, the case list's first page and count) go through `api.get`, whose answer an early
 * fetch of the same URL provides; answers and bodies are typed by the generated contract.
 */
import { api } from '../api.js';
import { call, client } from './client.js';
import type { BodyOf, Draft, QueryOf, ResponseOf, RowOf } from './types.js';

export type Today = ResponseOf<'workspace.today'>;
export type CaseCount = ResponseOf<'cases.count'>;
export type CaseCountQuery = QueryOf<'cases.count'>;
export type TeamOverview = ResponseOf<'team.overview'>;
export type Approvals = ResponseOf<'approvals.list'>;
export type ApprovalKind = NonNullable<QueryOf<'approvals.list'>['kind']>;
export type CaseRow = RowOf<'cases.list'>;

/** Where the case list reads: by name a POST (a name never goes in a URL), else a GET with the filters. */
export const caseListSource = (byName: boolean) =>
  byName ? ({ path: '/api/cases/search', method: 'POST' } as const) : ({ path: '/api/cases', method: 'GET' } as const);

export const workspaceApi = {
  today: () => api.get<Today>('/api/workspace/today'),
  /** How many cases match (counted up to 1,000 on the server). */
  count: (filters: Record<string, string | null | undefined>) => api.get<CaseCount>('/api/cases/count', filters),
  team: () => call(client.GET('/api/team')),
  approvals: (kind?: ApprovalKind) => call(client.GET('/api/approvals', { params: { query: kind ? { kind } : {} } })),
  /** A member's open cases (the bulk reassignment dialog; 200 at most). */
  openCasesOf: (userId: string) =>
    call(client.GET('/api/cases', { params: { query: { assignedTo: userId, open: 'true', limit: 200 } } })),
  bulkReassign: (body: Draft<BodyOf<'cases.bulkReassign'>>) =>
    call(client.POST('/api/cases/bulk-reassign', { body: body as BodyOf<'cases.bulkReassign'> })),
};
