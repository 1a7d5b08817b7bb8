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
      summary: 'The consent wording to read to the victim, by purpose and version, in Indonesian and English',
      tags,
      description: 'Consent wording (versioned data) for a purpose, in Indonesian and English.',
      querystring: wordingQuery,
      response: { 200: wordingSchema },
    },
    handler: async (req) => getWording(req.ctx, req.query.purpose, req.query.version),
  });
  r.post('/api/cases/:id/consents', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'consents.create',
      summary:
        "Record the victim's (or guardian's) consent to a purpose: case management, referral, sharing, statistics",
      description:
        'A referral consent names its recipient and service types; statistics never cover identity; international sharing names an international organisation, a cross-border transfer an agency abroad or a named recipient (Law 27/2022; Law 21/2007 Art. 44).',
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
      summary: "The case's consents, by purpose and status",
      description: 'Needs `cases.read` on the case.',
      tags,
      params: idParam,
      querystring: consentListQuery,
      response: { 200: page(consentSchema) },
    },
    handler: (req) => listConsents(req.ctx, req.params.id, req.query),
  });
  r.post('/api/consents/:cid/withdraw', {
    config: { conflict: 'The consent is already withdrawn (`consent_not_active`).', caseRecord: true },
    schema: {
      operationId: 'consents.withdraw',
      summary: 'Withdraw a consent, with a reason; referrals under it end in the same transaction',
      description:
        'Needs `consents.manage` on the case. Processing under the consent stops (Law 27/2022 Art. 40): referrals that rely on it are revoked in the same transaction. Audited.',
      tags,
      params: cidParam,
      body: consentWithdrawSchema,
      response: { 200: consentSchema },
    },
    handler: (req) => withdrawConsent(req.ctx, req.params.cid, req.body.reason),
  });
}
