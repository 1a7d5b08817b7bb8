/** Break-the-glass access through the typed client: open a record in an emergency, and the caller's grants. */
import { useQuery } from '@tanstack/react-query';
import { call, client } from './client.js';
import type { BodyOf, Draft, ResponseOf } from './types.js';

export type Grant = ResponseOf<'access.grants.list'>[number];
export type BreakGlass = BodyOf<'access.breakGlass'>;

export const accessKeys = { grants: ['access', 'grants'] as const };

export const accessApi = {
  grants: () => call(client.GET('/api/access/grants')),
  breakGlass: (body: Draft<BreakGlass>) => call(client.POST('/api/access/break-glass', { body: body as BreakGlass })),
};

export function useMyGrants() {
  return useQuery({ queryKey: accessKeys.grants, queryFn: accessApi.grants });
}
