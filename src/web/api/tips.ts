/** Tips (community reports) through the typed client: the queue, one tip, its actions and the response targets. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageRequest } from '../ui/useKeysetList.js';
import { call, client } from './client.js';
import type { BodyOf, Draft, QueryOf, ResponseOf } from './types.js';

export type TipDetail = ResponseOf<'tips.get'>;
export type TipFilters = Omit<QueryOf<'tips.list'>, 'cursor' | 'limit'>;
export type ResponseTargets = ResponseOf<'tips.settings.get'>;
export type DuplicateCheck = Draft<BodyOf<'persons.duplicates.check'>>;
export type ConvertTip = Draft<BodyOf<'tips.convertToCase'>>;

export const tipKeys = {
  all: ['tips'] as const,
  list: (filters: TipFilters) => ['tips', 'list', filters] as const,
  one: (id: string) => ['tips', id] as const,
  targets: ['tips', 'response-targets'] as const,
};

const onTip = (id: string) => ({ params: { path: { id } } });

export const tipsApi = {
  list: (filters: TipFilters, page: PageRequest) =>
    call(client.GET('/api/tips', { params: { query: { ...filters, ...page } } })),
  get: (id: string) => call(client.GET('/api/tips/{id}', onTip(id))),
  ask: (id: string, body: Draft<BodyOf<'tips.ask'>>) =>
    call(client.POST('/api/tips/{id}/questions', { ...onTip(id), body: body as BodyOf<'tips.ask'> })),
  triage: (id: string, body: Draft<BodyOf<'tips.triage'>>) =>
    call(client.POST('/api/tips/{id}/triage', { ...onTip(id), body: body as BodyOf<'tips.triage'> })),
  refer: (id: string, body: Draft<BodyOf<'tips.refer'>>) =>
    call(client.POST('/api/tips/{id}/refer', { ...onTip(id), body: body as BodyOf<'tips.refer'> })),
  close: (id: string, body: Draft<BodyOf<'tips.close'>>) =>
    call(client.POST('/api/tips/{id}/close', { ...onTip(id), body: body as BodyOf<'tips.close'> })),
  convert: (id: string, body: ConvertTip) =>
    call(client.POST('/api/tips/{id}/convert', { ...onTip(id), body: body as BodyOf<'tips.convertToCase'> })),
  /** Possible matches for a person about to be recorded (the name travels in the body, never in the URL). */
  duplicates: (body: DuplicateCheck) =>
    call(client.POST('/api/persons/duplicates/check', { body: body as BodyOf<'persons.duplicates.check'> })),
  targets: () => call(client.GET('/api/tip-settings/response-targets')),
  setTargets: (body: BodyOf<'tips.settings.update'>) =>
    call(client.PUT('/api/tip-settings/response-targets', { body })),
};

type TipAction = 'ask' | 'triage' | 'refer' | 'close';
type ActionBody<A extends TipAction> = Parameters<(typeof tipsApi)[A]>[1];

export function useTip(id: string) {
  return useQuery({ queryKey: tipKeys.one(id), queryFn: () => tipsApi.get(id) });
}

/** What follows an action on a tip: its answer replaces the cached tip and the queue is read again. */
export function useTipUpdated(tip: { id: string }) {
  const qc = useQueryClient();
  return (data: TipDetail) => {
    qc.setQueryData(tipKeys.one(tip.id), data);
    void qc.invalidateQueries({ queryKey: tipKeys.all, exact: false });
  };
}

/** One of a tip's actions (see useTipUpdated for what follows it). */
export function useTipAction<A extends TipAction>(tip: { id: string }, action: A) {
  const send = tipsApi[action] as (id: string, body: ActionBody<A>) => Promise<TipDetail>;
  return useMutation({
    mutationFn: (body: ActionBody<A>) => send(tip.id, body),
    onSuccess: useTipUpdated(tip),
  });
}

export function useResponseTargets() {
  return useQuery({ queryKey: tipKeys.targets, queryFn: tipsApi.targets });
}
