import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../../platform/http.js';
import { breakGlass, breakGlassSchema, grantSchema, listMyGrants } from './access.service.js';

export async function accessRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['access'];
  r.post('/api/access/break-glass', {
    config: {
      conflict:
        'The record is already within the caller’s scope: no emergency access is needed (`break_glass_not_needed`).',
    },
    schema: {
      operationId: 'access.breakGlass',
      summary: 'Emergency access to one record outside the caller’s scope, with a reason (audited, time-limited)',
      description:
        'The grant lasts `durationMinutes` (15 minutes to 72 hours; PULIH_BREAK_GLASS_HOURS by default) and needs a fresh TOTP code (`totpCode`, step-up). The data protection officer and the agency’s responsible staff are alerted at once.',
      tags,
      body: breakGlassSchema,
      response: { 201: grantSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await breakGlass(req.ctx, req.body)),
  });
  r.get('/api/access/grants', {
    schema: {
      operationId: 'access.grants.list',
      summary: "The caller's active emergency (break-glass) grants",
      description: 'Any signed-in user: her own grants that have not expired or been revoked.',
      tags,
      response: { 200: z.array(grantSchema) },
    },
    handler: (req) => listMyGrants(req.ctx),
  });
}
