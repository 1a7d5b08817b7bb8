import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import {
  acceptReferral,
  completeReferral,
  createReferral,
  declineReferral,
  recordServicesDelivered,
  revokeReferral,
} from './referrals.commands.js';
import { getReferral, outgoingReferrals, referralInbox } from './referrals.presentation.js';
import {
  inboxQuery,
  outgoingQuery,
  referralCreateSchema,
  referralReasonSchema,
  referralSchema,
  servicesDeliveredSchema,
} from './referrals.schema.js';

const ridParam = z.strictObject({ rid: z.uuid({ message: 'uuid' }) });

export async function referralRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['referrals'];

  r.post('/api/cases/:id/referrals', {
    schema: {
      operationId: 'referrals.create',
      tags,
      description:
        'Needs an active referral consent for the recipient covering every requested service (409 otherwise).',
      params: idParam,
      body: referralCreateSchema,
      response: { 201: referralSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createReferral(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/referrals', {
    schema: {
      operationId: 'referrals.outgoing',
      tags,
      params: idParam,
      querystring: outgoingQuery,
      response: { 200: page(referralSchema) },
    },
    handler: (req) => outgoingReferrals(req.ctx, req.params.id, req.query),
  });
  r.get('/api/referrals/inbox', {
    schema: {
      operationId: 'referrals.inbox',
      tags,
      description: "The caller's agency's incoming referrals with their shared views (identity only on referrals.get).",
      querystring: inboxQuery,
      response: { 200: page(referralSchema) },
    },
    handler: (req) => referralInbox(req.ctx, req.query),
  });
  r.get('/api/referrals/:rid', {
    schema: { operationId: 'referrals.get', tags, params: ridParam, response: { 200: referralSchema } },
    handler: (req) => getReferral(req.ctx, req.params.rid),
  });
  r.post('/api/referrals/:rid/accept', {
    schema: { operationId: 'referrals.accept', tags, params: ridParam, response: { 200: referralSchema } },
    handler: (req) => acceptReferral(req.ctx, req.params.rid),
  });
  r.post('/api/referrals/:rid/decline', {
    schema: {
      operationId: 'referrals.decline',
      tags,
      params: ridParam,
      body: referralReasonSchema,
      response: { 200: referralSchema },
    },
    handler: (req) => declineReferral(req.ctx, req.params.rid, req.body.reason),
  });
  r.post('/api/referrals/:rid/complete', {
    schema: { operationId: 'referrals.complete', tags, params: ridParam, response: { 200: referralSchema } },
    handler: (req) => completeReferral(req.ctx, req.params.rid),
  });
  r.post('/api/referrals/:rid/revoke', {
    schema: {
      operationId: 'referrals.revoke',
      tags,
      params: ridParam,
      body: referralReasonSchema,
      response: { 200: referralSchema },
    },
    handler: (req) => revokeReferral(req.ctx, req.params.rid, req.body.reason),
  });
  r.post('/api/referrals/:rid/services-delivered', {
    schema: {
      operationId: 'referrals.servicesDelivered',
      tags,
      params: ridParam,
      body: servicesDeliveredSchema,
      response: { 200: referralSchema },
    },
    handler: (req) => recordServicesDelivered(req.ctx, req.params.rid, req.body),
  });
}
