/** Exchange between Pulih instances through the typed client: referral packages, incoming, keys, trusted signers. */
import { useQuery } from '@tanstack/react-query';
import { call, client } from './client.js';
import type { BodyOf, ResponseOf, RowOf } from './types.js';

export type IncomingPackage = RowOf<'exchange.incoming.list'>;
export type PublishedKeys = ResponseOf<'exchange.keys'>;
export type TrustedSigner = ResponseOf<'exchange.trustedSigners.add'>;
export type ReferralPackage = ResponseOf<'exchange.referralPackage.export'>;

export const exchangeKeys = {
  incoming: ['exchange', 'incoming'] as const,
  keys: ['exchange', 'keys'] as const,
};

export const exchangeApi = {
  /** A signed package received as a file (the server checks the signature and the format). */
  importPackage: (pkg: BodyOf<'exchange.referralPackage.import'>) =>
    call(client.POST('/api/exchange/referral-packages', { body: pkg })),
  incoming: () => call(client.GET('/api/exchange/incoming')),
  keys: () => call(client.GET('/.well-known/pulih/keys')),
  trust: (body: BodyOf<'exchange.trustedSigners.add'>) => call(client.POST('/api/exchange/trusted-signers', { body })),
  /** The signed package of an outgoing referral (for a partner on another instance). */
  exportPackage: (referralId: string) =>
    call(client.POST('/api/referrals/{id}/package', { params: { path: { id: referralId } } })),
};

export function useIncomingPackages() {
  return useQuery({ queryKey: exchangeKeys.incoming, queryFn: exchangeApi.incoming });
}

export function usePublishedKeys() {
  return useQuery({ queryKey: exchangeKeys.keys, queryFn: exchangeApi.keys });
}
