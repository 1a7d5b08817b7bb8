import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, typed } from '../../platform/http.js';
import { updatePersonAge } from './persons.age.js';
import { checkDuplicates } from './persons.duplicates.js';
import {
  ageFactsSchema,
  ageUpdateSchema,
  duplicateCheckSchema,
  duplicateMatchSchema,
  identityPresenceSchema,
  identitySchema,
  identityUpdateSchema,
  personCreateSchema,
  personSchema,
  revealSchema,
} from './persons.schema.js';
import { createPerson, getIdentityPresence, getPerson, revealIdentity, updateIdentity } from './persons.service.js';

export async function personRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['persons'];
  r.post('/api/persons', {
    schema: {
      operationId: 'persons.create',
      summary: "Register a person in the identity vault (identity encrypted under the person's own key)",
      tags,
      body: personCreateSchema,
      response: { 201: personSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createPerson(req.ctx, req.body)),
  });
  r.post('/api/persons/duplicates/check', {
    schema: {
      operationId: 'persons.duplicates.check',
      summary: 'Check whether a person is already registered before intake',
      description:
        "Matches by keyed hashes of NIK, passport, phone and name tokens (never plaintext). `likelihood` is `likely` or `possible` (two different family names are never `likely`). A match outside the caller's scope shows only who holds the record and how to contact them, never the record nor why it matched. Rate-limited per user and per agency (429).",
      tags,
      body: duplicateCheckSchema,
      response: { 200: z.object({ matches: z.array(duplicateMatchSchema) }) },
    },
    handler: async (req) => ({ matches: await checkDuplicates(req.ctx, req.body) }),
  });
  r.get('/api/persons/:id', {
    schema: {
      operationId: 'persons.get',
      summary: 'A person as the case file shows her: pseudonym and initials only',
      tags,
      params: idParam,
      response: { 200: personSchema },
    },
    handler: (req) => getPerson(req.ctx, req.params.id),
  });
  r.get('/api/persons/:id/identity', {
    schema: {
      operationId: 'persons.identity.get',
      summary: 'Which identity fields are on record (no values)',
      tags,
      params: idParam,
      response: { 200: identityPresenceSchema },
    },
    handler: (req) => getIdentityPresence(req.ctx, req.params.id),
  });
  r.post('/api/persons/:id/identity/reveal', {
    schema: {
      operationId: 'persons.identity.reveal',
      summary: 'Reveal identity fields for a stated purpose (audited with the fields shown)',
      tags,
      params: idParam,
      body: revealSchema,
      response: { 200: identitySchema.partial() },
    },
    handler: (req) => revealIdentity(req.ctx, req.params.id, req.body.purpose, req.body.fields),
  });
  r.patch('/api/persons/:id/identity', {
    schema: {
      operationId: 'persons.identity.update',
      summary: 'Correct identity fields, with a purpose (audited; identifiers and name tokens are re-indexed)',
      tags,
      params: idParam,
      body: identityUpdateSchema,
      response: { 200: identityPresenceSchema },
    },
    handler: (req) => updateIdentity(req.ctx, req.params.id, req.body),
  });
  r.patch('/api/persons/:id/age', {
    schema: {
      operationId: 'persons.age.update',
      summary: "Correct a person's date of birth, birth year or age estimate (her cases' child status follows)",
      tags,
      params: idParam,
      body: ageUpdateSchema,
      response: { 200: ageFactsSchema },
    },
    handler: (req) => updatePersonAge(req.ctx, req.params.id, req.body),
  });
}
