import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, typed } from '../../platform/http.js';
import {
  serviceAccountCreateSchema,
  serviceAccountSchema,
  tokenCreatedSchema,
  tokenCreateSchema,
  tokenParams,
  tokenSchema,
} from './service-accounts.schema.js';
import {
  createServiceAccount,
  createToken,
  getServiceAccount,
  listServiceAccounts,
  revokeToken,
} from './service-accounts.service.js';

export async function serviceAccountRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['service accounts'];
  r.get('/api/service-accounts', {
    schema: {
      operationId: 'serviceAccounts.list',
      summary: 'Service accounts of partner systems and their tokens (never the secrets)',
      description: 'Needs `serviceAccounts.manage` (the system administrator).',
      tags,
      response: { 200: z.array(serviceAccountSchema) },
    },
    handler: (req) => listServiceAccounts(req.ctx),
  });
  r.post('/api/service-accounts', {
    schema: {
      operationId: 'serviceAccounts.create',
      summary: 'Create a service account for a partner system, scoped to operations and agencies',
      description:
        'Needs `serviceAccounts.manage`. The account may call only the listed operations, for the listed agencies; issue its token with serviceAccounts.tokens.create. Audited.',
      tags,
      body: serviceAccountCreateSchema,
      response: { 201: serviceAccountSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createServiceAccount(req.ctx, req.body)),
  });
  r.get('/api/service-accounts/:id', {
    schema: {
      operationId: 'serviceAccounts.get',
      summary: 'One service account with its tokens',
      description: 'Needs `serviceAccounts.manage`. Token secrets are never shown again after they are issued.',
      tags,
      params: idParam,
      response: { 200: serviceAccountSchema },
    },
    handler: (req) => getServiceAccount(req.ctx, req.params.id),
  });
  r.post('/api/service-accounts/:id/tokens', {
    schema: {
      operationId: 'serviceAccounts.tokens.create',
      summary: 'Issue an API token (shown once; only its keyed hash is kept)',
      description: 'The partner sends it as `Authorization: Bearer <token>`; it expires after `expiresInDays`.',
      tags,
      params: idParam,
      body: tokenCreateSchema,
      response: { 201: tokenCreatedSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createToken(req.ctx, req.params.id, req.body)),
  });
  r.post('/api/service-accounts/:id/tokens/:tokenId/revoke', {
    config: { conflict: 'The token was revoked already.' },
    schema: {
      operationId: 'serviceAccounts.tokens.revoke',
      summary: 'Revoke an API token at once',
      description:
        'Needs `serviceAccounts.manage`. The token stops working at once: its next request answers 401. Audited.',
      tags,
      params: tokenParams,
      response: { 200: tokenSchema },
    },
    handler: (req) => revokeToken(req.ctx, req.params.id, req.params.tokenId),
  });
}
