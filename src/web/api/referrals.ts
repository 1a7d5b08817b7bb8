/** Referrals and lead-agency transfers through the typed client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api.js';
import type { PageRequest } from '../ui/useKeysetList.js';
import { call, client } from './client.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

export type Referral = ResponseOf<'referrals.get'>;
export type SharedView = NonNullable<Referral['sharedView']>;
export type ReferralAction = Referral['allowedActions'][number];
export type InboxFilters = Omit<QueryOf<'referrals.inbox'>, 'cursor' | 'limit'>;
export type IncomingTransfer = ResponseOf<'cases.leadTransfers.incoming'>[number];

export const referralKeys = {
  all: ['referrals'] as const,
  inbox: (filters: InboxFilters) => ['referrals', 'inbox', filters] as const,
  one: (id: string) => ['referral', id] as const,
  incomingTransfers: ['lead-transfers', 'incoming'] as const,
  transfers: ['lead-transfers'] as const,
};

const onId = (id: string) => ({ params: { path: { id } } });
const onReferral = (rid: string) => ({ params: { path: { rid } } });

export const referralsApi = {
  inbox: (filters: InboxFilters, page: PageRequest) =>
    call(client.GET('/api/referrals/inbox', { params: { query: { ...filters, ...page } } })),
  get: (id: string) => call(client.GET('/api/referrals/{rid}', onReferral(id))),
  accept: (id: string) => call(client.POST('/api/referrals/{rid}/accept', onReferral(id))),
  decline: (id: string, body: BodyOf<'referrals.decline'>) =>
    call(client.POST('/api/referrals/{rid}/decline', { ...onReferral(id), body })),
  revoke: (id: string, body: BodyOf<'referrals.revoke'>) =>
    call(client.POST('/api/referrals/{rid}/revoke', { ...onReferral(id), body })),
  complete: (id: string) => call(client.POST('/api/referrals/{rid}/complete', onReferral(id))),
  servicesDelivered: (id: string, body: BodyOf<'referrals.servicesDelivered'>) =>
    call(client.POST('/api/referrals/{rid}/services-delivered', { ...onReferral(id), body })),
  incomingTransfers: () => call(client.GET('/api/lead-transfers/incoming')),
  acceptTransfer: (id: string) => call(client.POST('/api/lead-transfers/{id}/accept', onId(id))),
  declineTransfer: (id: string, body: BodyOf<'cases.declineLead'>) =>
    call(client.POST('/api/lead-transfers/{id}/decline', { ...onId(id), body })),
};

/** One referral; a refusal (4xx, a record out of reach) is not asked again. */
export function useReferral(id: string) {
  return useQuery({
    queryKey: referralKeys.one(id),
    queryFn: () => referralsApi.get(id),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/** What a referral's viewer may do to it (accept, decline with a reason, revoke with a reason, complete). */
export type ReferralStep =
  | { action: 'accept' }
  | { action: 'complete' }
  | { action: 'decline'; body: BodyOf<'referrals.decline'> }
  | { action: 'revoke'; body: BodyOf<'referrals.revoke'> };

function send(id: string, step: ReferralStep) {
  switch (step.action) {
    case 'accept':
      return referralsApi.accept(id);
    case 'complete':
      return referralsApi.complete(id);
    case 'decline':
      return referralsApi.decline(id, step.body);
    case 'revoke':
      return referralsApi.revoke(id, step.body);
  }
}

/** What follows a step on a referral: its answer replaces the cached referral; the lists, alerts and case are read again. */
export function useReferralUpdated(id: string) {
  const queryClient = useQueryClient();
  return async (updated: Referral) => {
    queryClient.setQueryData(referralKeys.one(id), updated);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: referralKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['alerts'] }),
      updated.caseId ? queryClient.invalidateQueries({ queryKey: ['case', updated.caseId] }) : Promise.resolve(),
    ]);
  };
}

/** A step on a referral (see useReferralUpdated for what follows it). */
export function useReferralStep(id: string, onDone: () => void) {
  const updated = useReferralUpdated(id);
  return useMutation({
    mutationFn: (step: ReferralStep) => send(id, step),
    onSuccess: async (referral) => {
      onDone();
      await updated(referral);
    },
  });
}

export function useIncomingTransfers() {
  return useQuery({ queryKey: referralKeys.incomingTransfers, queryFn: referralsApi.incomingTransfers });
}
