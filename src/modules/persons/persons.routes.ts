import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, typed } from '../../platform/http.js';
import { identitySchema, personCreateSchema, personSchema, revealSchema } from './persons.schema.js';
import { createPerson, getPerson, revealIdentity } from './persons.service.js';

export async function personRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['persons'];
  r.post('/api/persons', {
    schema: { operationId: 'persons.create', tags, body: personCreateSchema, response: { 201: personSchema } },
    handler: async (req, reply) => reply.status(201).send(await createPerson(req.ctx, req.body)),
  });
  r.get('/api/persons/:id', {
    schema: { operationId: 'persons.get', tags, params: idParam, response: { 200: personSchema } },
    handler: (req) => getPerson(req.ctx, req.params.id),
  });
  r.post('/api/persons/:id/identity/reveal', {
    schema: {
      operationId: 'persons.identity.reveal',
      tags,
      params: idParam,
      body: revealSchema,
      response: { 200: identitySchema.partial().extend({ aliases: z.array(z.string()).optional() }) },
    },
    handler: (req) => revealIdentity(req.ctx, req.params.id, req.body.purpose, req.body.fields),
  });
}
