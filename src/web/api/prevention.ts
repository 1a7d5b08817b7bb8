/** Prevention through the typed client: programmes, sessions, survey results and responses, budgets. */
import { useQuery } from '@tanstack/react-query';
import type { PageRequest } from '../ui/useKeysetList.js';
import { call, client } from './client.js';
import type { BodyOf, Draft, QueryOf, ResponseOf } from './types.js';

export type ProgrammeDetail = ResponseOf<'programmes.get'>;
export type SurveyResults = ResponseOf<'surveys.results'>;
export type BudgetSummary = ResponseOf<'budgets.summary'>;
export type PublicSurvey = ResponseOf<'surveys.public.get'>;
export type ProgrammeFilters = Omit<QueryOf<'programmes.list'>, 'cursor' | 'limit'>;
export type Comparison = ResponseOf<'surveys.compare'>;
export type ComparisonQuery = QueryOf<'surveys.compare'>;

export const preventionKeys = {
  programmes: ['programmes'] as const,
  list: (filters: ProgrammeFilters) => ['programmes', 'list', filters] as const,
  programme: (id: string) => ['programmes', id] as const,
  results: (id: string) => ['programmes', id, 'results'] as const,
  survey: (code: string) => ['survey-form', code] as const,
  budgets: ['budgets'] as const,
  summary: (year: number | string) => ['budgets', 'summary', year] as const,
  comparison: (query: ComparisonQuery) => ['prevention', 'comparison', query] as const,
};

const onId = (id: string) => ({ params: { path: { id } } });

export const preventionApi = {
  programmes: (filters: ProgrammeFilters, page: PageRequest) =>
    call(client.GET('/api/programmes', { params: { query: { ...filters, ...page } } })),
  programme: (id: string) => call(client.GET('/api/programmes/{id}', onId(id))),
  createProgramme: (body: Draft<BodyOf<'programmes.create'>>) =>
    call(client.POST('/api/programmes', { body: body as BodyOf<'programmes.create'> })),
  results: (id: string) => call(client.GET('/api/programmes/{id}/survey-results', onId(id))),
  createSession: (programmeId: string, body: Draft<BodyOf<'sessions.create'>>) =>
    call(
      client.POST('/api/programmes/{id}/sessions', { ...onId(programmeId), body: body as BodyOf<'sessions.create'> }),
    ),
  survey: (code: string) => call(client.GET('/api/public/surveys/{code}', { params: { path: { code } } })),
  /** A paper form typed in by staff (one participant, one phase). */
  addResponse: (sessionId: string, body: Draft<BodyOf<'surveys.responses.create'>>) =>
    call(
      client.POST('/api/sessions/{id}/responses', {
        ...onId(sessionId),
        body: body as BodyOf<'surveys.responses.create'>,
      }),
    ),
  comparison: (query: ComparisonQuery) => call(client.GET('/api/prevention/comparison', { params: { query } })),
  /** An emptied year is not sent, so the server names it. */
  summary: (year: number | string) =>
    call(
      client.GET('/api/budgets/summary', {
        params: { query: { year: (year === '' ? undefined : Number(year)) as number } },
      }),
    ),
  createAllocation: (body: Draft<BodyOf<'budgets.allocations.create'>>) =>
    call(client.POST('/api/budgets/allocations', { body: body as BodyOf<'budgets.allocations.create'> })),
  spend: (allocationId: string, body: Draft<BodyOf<'budgets.expenditures.create'>>) =>
    call(
      client.POST('/api/budgets/allocations/{id}/expenditures', {
        ...onId(allocationId),
        body: body as BodyOf<'budgets.expenditures.create'>,
      }),
    ),
};

export function useProgramme(id: string) {
  return useQuery({ queryKey: preventionKeys.programme(id), queryFn: () => preventionApi.programme(id) });
}

export function useSurveyResults(id: string) {
  return useQuery({ queryKey: preventionKeys.results(id), queryFn: () => preventionApi.results(id) });
}

export function usePublicSurvey(code: string) {
  return useQuery({ queryKey: preventionKeys.survey(code), queryFn: () => preventionApi.survey(code) });
}

export function useBudgetSummary(year: number | string) {
  return useQuery({ queryKey: preventionKeys.summary(year), queryFn: () => preventionApi.summary(year) });
}

export function useAwarenessComparison(query: ComparisonQuery) {
  return useQuery({ queryKey: preventionKeys.comparison(query), queryFn: () => preventionApi.comparison(query) });
}
