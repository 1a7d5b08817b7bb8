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
      description:
        "Needs `persons.create`. Usually done by cases.create; run persons.duplicates.check first. Identity fields are encrypted under a key of the person's own and indexed only as keyed hashes. Audited.",
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
      description:
        "Needs `persons.read` and a present hold on the person: her case's lead agency or team, or an emergency grant; anything else answers 404. No identity values.",
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
      description: 'The same access as persons.get. Says which identity fields are recorded, never their values.',
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
      description:
        "Needs `persons.identity.reveal` and a hold on the person (her case's lead agency or team, an emergency grant, or a referral whose consent covers identity for the caller's agency, limited to the fields it covers). Identity is confidential (Law 21/2007 Art. 44): the `purpose` and the fields shown are audited.",
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
      description:
        'Needs `persons.identity.update` and a hold on the person. The change and its `purpose` are audited (fields named, values never); identifiers and name tokens are re-indexed for the duplicate check.',
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
      description:
        'Needs `persons.identity.update` and a hold on the person. The child status of each of her cases is worked out again (a child is under 18). Audited.',
      tags,
      params: idParam,
      body: ageUpdateSchema,
      response: { 200: ageFactsSchema },
    },
    handler: (req) => updatePersonAge(req.ctx, req.params.id, req.body),
  });
}
