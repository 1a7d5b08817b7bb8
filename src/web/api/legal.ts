/** Law enforcement and restitution through the typed client: proceedings, hearings, verdicts, claims, measures. */
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api.js';
import type { PageRequest } from '../ui/useKeysetList.js';
import { call, client } from './client.js';
import type { BodyOf, Draft } from './types.js';

const onId = (id: string) => ({ params: { path: { id } } });

export const legalKeys = {
  proceeding: (id: string) => ['proceeding', id] as const,
  informed: (id: string) => ['informed', id] as const,
  ofCase: (caseId: string) => ['legal-case', caseId] as const,
  sharedCases: ['legal-shared-cases'] as const,
  due: ['legal-due'] as const,
  proceedings: ['legal-proceedings'] as const,
  measures: ['legal-measures'] as const,
};

export const legalApi = {
  proceedings: (page: PageRequest) => call(client.GET('/api/legal/proceedings', { params: { query: page } })),
  proceeding: (id: string) => call(client.GET('/api/legal/proceedings/{id}', onId(id))),
  createProceeding: (body: Draft<BodyOf<'legal.proceedings.create'>>) =>
    call(client.POST('/api/legal/proceedings', { body: body as BodyOf<'legal.proceedings.create'> })),
  sharedCases: () => call(client.GET('/api/legal/shared-cases')),
  advanceStage: (id: string, body: Draft<BodyOf<'legal.stages.advance'>>) =>
    call(
      client.POST('/api/legal/proceedings/{id}/stage', { ...onId(id), body: body as BodyOf<'legal.stages.advance'> }),
    ),
  addHearing: (id: string, body: Draft<BodyOf<'legal.hearings.create'>>) =>
    call(
      client.POST('/api/legal/proceedings/{id}/hearings', {
        ...onId(id),
        body: body as BodyOf<'legal.hearings.create'>,
      }),
    ),
  recordVerdict: (id: string, body: Draft<BodyOf<'legal.verdicts.record'>>) =>
    call(
      client.POST('/api/legal/proceedings/{id}/verdicts', {
        ...onId(id),
        body: body as BodyOf<'legal.verdicts.record'>,
      }),
    ),
  fileClaim: (id: string, body: Draft<BodyOf<'restitution.claims.create'>>) =>
    call(
      client.POST('/api/legal/proceedings/{id}/claims', {
        ...onId(id),
        body: body as BodyOf<'restitution.claims.create'>,
      }),
    ),
  informed: (id: string) => call(client.GET('/api/legal/proceedings/{id}/informed', onId(id))),
  recordInformed: (id: string, body: Draft<BodyOf<'legal.victimInformed.record'>>) =>
    call(
      client.POST('/api/legal/proceedings/{id}/informed', {
        ...onId(id),
        body: body as BodyOf<'legal.victimInformed.record'>,
      }),
    ),
  recordStep: (claimId: string, body: Draft<BodyOf<'restitution.steps.record'>>) =>
    call(
      client.POST('/api/restitution/claims/{id}/steps', {
        ...onId(claimId),
        body: body as BodyOf<'restitution.steps.record'>,
      }),
    ),
  recordPayment: (claimId: string, body: Draft<BodyOf<'restitution.payments.record'>>) =>
    call(
      client.POST('/api/restitution/claims/{id}/payments', {
        ...onId(claimId),
        body: body as BodyOf<'restitution.payments.record'>,
      }),
    ),
  due: (page: PageRequest) => call(client.GET('/api/restitution/due', { params: { query: page } })),
  ofCase: (caseId: string) => call(client.GET('/api/cases/{id}/legal', onId(caseId))),
  measures: (page: PageRequest) => call(client.GET('/api/protection/measures', { params: { query: page } })),
  requestMeasure: (body: Draft<BodyOf<'protection.measures.create'>>) =>
    call(client.POST('/api/protection/measures', { body: body as BodyOf<'protection.measures.create'> })),
  updateMeasure: (id: string, body: Draft<BodyOf<'protection.measures.update'>>) =>
    call(
      client.PATCH('/api/protection/measures/{id}', {
        ...onId(id),
        body: body as BodyOf<'protection.measures.update'>,
      }),
    ),
};

/** One proceeding; a refusal (4xx, a record out of reach) is not asked again. */
export function useProceeding(id: string) {
  return useQuery({
    queryKey: legalKeys.proceeding(id),
    queryFn: () => legalApi.proceeding(id),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
