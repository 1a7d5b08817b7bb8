import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import {
  consentCreateSchema,
  consentListQuery,
  consentSchema,
  consentWithdrawSchema,
  wordingQuery,
  wordingSchema,
} from './consent.schema.js';
import { createConsent, getWording, listConsents, withdrawConsent } from './consent.service.js';

const cidParam = z.strictObject({ cid: z.uuid({ message: 'uuid' }) });

export async function consentRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['consents'];

  r.get('/api/consents/wording', {
    schema: {
      operationId: 'consents.wording',
      tags,
      description: 'Consent wording (versioned data) for a purpose, in Indonesian and English.',
      querystring: wordingQuery,
      response: { 200: wordingSchema },
    },
    handler: async (req) => getWording(req.ctx, req.query.purpose, req.query.version),
  });
  r.post('/api/cases/:id/consents', {
    schema: {
      operationId: 'consents.create',
      tags,
      params: idParam,
      body: consentCreateSchema,
      response: { 201: consentSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createConsent(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/consents', {
    schema: {
      operationId: 'consents.list',
      tags,
      params: idParam,
      querystring: consentListQuery,
      response: { 200: page(consentSchema) },
    },
    handler: (req) => listConsents(req.ctx, req.params.id, req.query),
  });
  r.post('/api/consents/:cid/withdraw', {
    schema: {
      operationId: 'consents.withdraw',
      tags,
      params: cidParam,
      body: consentWithdrawSchema,
      response: { 200: consentSchema },
    },
    handler: (req) => withdrawConsent(req.ctx, req.params.cid, req.body.reason),
  });
}
