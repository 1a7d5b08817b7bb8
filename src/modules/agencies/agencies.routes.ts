import type { FastifyInstance } from 'fastify';
import { idParam, page, typed } from '../../platform/http.js';
import { agencyCreateSchema, agencyListQuery, agencySchema, agencyUpdateSchema } from './agencies.schema.js';
import { createAgency, getAgency, listAgencies, setAgencyStatus, updateAgency } from './agencies.service.js';

export async function agencyRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['agencies'];
  r.get('/api/agencies', {
    schema: {
      operationId: 'agencies.list',
      summary: 'List agencies (government offices, police, NGOs, shelters), filtered by name, type or status',
      description: 'Needs `agencies.read`, which every role holds. Cursor pages as in cases.list.',
      tags,
      querystring: agencyListQuery,
      response: { 200: page(agencySchema) },
    },
    handler: (req) => listAgencies(req.ctx, req.query),
  });
  r.post('/api/agencies', {
    config: { conflict: 'An agency of that name exists (`agency_name_taken`).' },
    schema: {
      operationId: 'agencies.create',
      summary: 'Register an agency',
      description: 'Needs `agencies.manage` (the system administrator). Audited.',
      tags,
      body: agencyCreateSchema,
      response: { 201: agencySchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createAgency(req.ctx, req.body)),
  });
  r.get('/api/agencies/:id', {
    schema: {
      operationId: 'agencies.get',
      summary: 'One agency',
      description:
        'Its name, type, region and contact. Needs `agencies.read` (held by every role); an unknown id ' +
        'answers 404. Not audited (no personal data).',
      tags,
      params: idParam,
      response: { 200: agencySchema },
    },
    handler: (req) => getAgency(req.ctx, req.params.id),
  });
  r.patch('/api/agencies/:id', {
    config: { conflict: 'An agency of that name exists (`agency_name_taken`).' },
    schema: {
      operationId: 'agencies.update',
      summary: "Change an agency's name, type, region or contact",
      description: 'Needs `agencies.manage`. Audited.',
      tags,
      params: idParam,
      body: agencyUpdateSchema,
      response: { 200: agencySchema },
    },
    handler: (req) => updateAgency(req.ctx, req.params.id, req.body),
  });
  r.post('/api/agencies/:id/disable', {
    schema: {
      operationId: 'agencies.disable',
      summary: 'Disable an agency (its users can no longer sign in)',
      description:
        'Needs `agencies.manage`. Its users can no longer sign in and its directory offers are left out of searches; its records stay. Audited.',
      tags,
      params: idParam,
      response: { 200: agencySchema },
    },
    handler: (req) => setAgencyStatus(req.ctx, req.params.id, 'disabled'),
  });
  r.post('/api/agencies/:id/enable', {
    schema: {
      operationId: 'agencies.enable',
      summary: 'Enable a disabled agency',
      description: 'Needs `agencies.manage`. Audited.',
      tags,
      params: idParam,
      response: { 200: agencySchema },
    },
    handler: (req) => setAgencyStatus(req.ctx, req.params.id, 'active'),
  });
}
