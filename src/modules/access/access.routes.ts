import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../../platform/http.js';
import { breakGlass, breakGlassSchema, grantSchema, listMyGrants } from './access.service.js';

export async function accessRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['access'];
  r.post('/api/access/break-glass', {
    schema: { operationId: 'access.breakGlass', tags, body: breakGlassSchema, response: { 201: grantSchema } },
    handler: async (req, reply) => reply.status(201).send(await breakGlass(req.ctx, req.body)),
  });
  r.get('/api/access/grants', {
    schema: { operationId: 'access.grants.list', tags, response: { 200: z.array(grantSchema) } },
    handler: (req) => listMyGrants(req.ctx),
  });
}
