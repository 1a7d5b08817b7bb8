/**
 * The privacy office through the typed client: data-subject requests and holds, breaches, break-glass review,
 * retention, the access log and audit checkpoints.
 */
import { call, client, linkTo } from './client.js';
import type { BodyOf, Draft, QueryOf } from './types.js';

const onId = (id: string) => ({ params: { path: { id } } });

export const privacyKeys = {
  requests: ['dsr'] as const,
  breaches: ['breaches'] as const,
  grantReview: (status: string) => ['grant-review', status] as const,
  grantReviews: ['grant-review'] as const,
  retention: ['retention'] as const,
  checkpoints: ['checkpoints'] as const,
};

export const privacyApi = {
  requests: () => call(client.GET('/api/dsr/requests')),
  createRequest: (body: Draft<BodyOf<'dsr.requests.create'>>) =>
    call(client.POST('/api/dsr/requests', { body: body as BodyOf<'dsr.requests.create'> })),
  completeRequest: (id: string, body: BodyOf<'dsr.requests.complete'>) =>
    call(client.POST('/api/dsr/requests/{id}/complete', { ...onId(id), body })),
  /** A person's data as a file for a request (JSON or PDF; a download link). */
  exportFile: (personId: string, format: 'json' | 'pdf', requestId: string) =>
    linkTo('/api/persons/{id}/export', { path: { id: personId }, query: { format, requestId } }),
  erase: (personId: string, body: BodyOf<'persons.erase'>) =>
    call(client.POST('/api/persons/{id}/erase', { ...onId(personId), body })),
  restrict: (personId: string, body: BodyOf<'persons.restrict'>) =>
    call(client.POST('/api/persons/{id}/restrict', { ...onId(personId), body })),
  placeHold: (body: Draft<BodyOf<'privacy.holds.create'>>) =>
    call(client.POST('/api/privacy/holds', { body: body as BodyOf<'privacy.holds.create'> })),

  breaches: () => call(client.GET('/api/breaches')),
  recordBreach: (body: Draft<BodyOf<'breaches.create'>>) =>
    call(client.POST('/api/breaches', { body: body as BodyOf<'breaches.create'> })),
  notify: (id: string, body: Draft<BodyOf<'breaches.notify'>>) =>
    call(client.POST('/api/breaches/{id}/notify', { ...onId(id), body: body as BodyOf<'breaches.notify'> })),

  grantsToReview: (status: string) =>
    call(
      client.GET('/api/access/grants/review', {
        params: { query: { status: status as QueryOf<'access.grants.reviewQueue'>['status'] } },
      }),
    ),
  reviewGrant: (id: string, body: BodyOf<'access.grants.review'>) =>
    call(client.POST('/api/access/grants/{id}/review', { ...onId(id), body })),
  revokeGrant: (id: string) => call(client.POST('/api/access/grants/{id}/revoke', onId(id))),

  policies: () => call(client.GET('/api/retention/policies')),
  retentionPreview: () => call(client.GET('/api/retention/preview')),
  updatePolicy: (recordType: string, body: BodyOf<'retention.policies.update'>) =>
    call(
      client.PATCH('/api/retention/policies/{recordType}', {
        params: { path: { recordType: recordType as PolicyPath['recordType'] } },
        body,
      }),
    ),

  accessLog: (personId: string) => call(client.GET('/api/privacy/access-log', { params: { query: { personId } } })),
  checkpoints: () => call(client.GET('/api/audit/checkpoints')),
};

type PolicyPath = NonNullable<import('./schema.js').operations['retention.policies.update']['parameters']['path']>;
