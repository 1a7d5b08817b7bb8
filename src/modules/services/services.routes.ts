import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import { getServicePlan, updateServicePlan } from './plans.service.js';
import {
  serviceListQuery,
  servicePlanSchema,
  servicePlanUpdateSchema,
  serviceRequestCreateSchema,
  serviceRequestSchema,
  serviceRequestUpdateSchema,
  shelterAdmitSchema,
  shelterExitSchema,
  shelterExtendSchema,
  shelterStaySchema,
} from './services.schema.js';
import { listServiceRequests, requestService, updateServiceRequest } from './services.service.js';
import { admitToShelter, exitShelter, extendShelterStay, listShelterStays } from './shelter.service.js';

const sidParam = z.strictObject({ sid: z.uuid({ message: 'uuid' }) });
const pageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);

  r.get('/api/cases/:id/service-plan', {
    schema: {
      operationId: 'servicePlans.get',
      summary: "The case's service plan: goals and actions",
      description: 'Needs `services.manage` on the case.',
      tags: ['services'],
      params: idParam,
      response: { 200: servicePlanSchema },
    },
    handler: (req) => getServicePlan(req.ctx, req.params.id),
  });
  r.put('/api/cases/:id/service-plan', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'servicePlans.update',
      summary: 'Replace the case’s service plan (goals and their actions)',
      description:
        'Needs `services.manage` on the case. The body replaces the whole plan: goals or actions left out are removed. Audited.',
      tags: ['services'],
      params: idParam,
      body: servicePlanUpdateSchema,
      response: { 200: servicePlanSchema },
    },
    handler: (req) => updateServicePlan(req.ctx, req.params.id, req.body),
  });

  r.post('/api/cases/:id/services', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'services.request',
      summary: 'Request a service for the victim (medical, shelter, legal aid, return …) from a provider',
      description:
        'Rights under Law 21/2007 Art. 51 and first aid (Art. 52(1), 53) are due 7 days after the request; later deliveries count as late.',
      tags: ['services'],
      params: idParam,
      body: serviceRequestCreateSchema,
      response: { 201: serviceRequestSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await requestService(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/services', {
    schema: {
      operationId: 'services.list',
      summary: "The case's service requests (`late=true` for late ones)",
      description:
        'Needs `services.manage` on the case. A statutory service (Law 21/2007 Art. 51–53) not delivered within 7 days of its request is late.',
      tags: ['services'],
      params: idParam,
      querystring: serviceListQuery,
      response: { 200: page(serviceRequestSchema) },
    },
    handler: (req) => listServiceRequests(req.ctx, req.params.id, req.query),
  });
  r.patch('/api/services/:sid', {
    config: {
      conflict:
        'The request cannot move to that status from its current one (`service_transition_not_allowed`), or its case is closed (`case_closed`).',
      caseRecord: true,
    },
    schema: {
      operationId: 'services.update',
      summary:
        'Change a service request’s status (a reason is needed to decline or cancel; delivery date for delivered)',
      description:
        'Needs `services.manage` on the case. Allowed moves: requested → accepted → in progress → delivered, or declined or cancelled with a reason; delivering a statutory service more than 7 days after its request marks it late (Law 21/2007 Art. 51–53). Audited.',
      tags: ['services'],
      params: sidParam,
      body: serviceRequestUpdateSchema,
      response: { 200: serviceRequestSchema },
    },
    handler: (req) => updateServiceRequest(req.ctx, req.params.sid, req.body),
  });

  r.post('/api/cases/:id/shelter-stays', {
    config: { conflict: 'The victim already has an open shelter stay (`shelter_stay_open`).' },
    schema: {
      operationId: 'shelter.admit',
      summary: 'Admit the victim to a shelter (one open stay per case)',
      description:
        "Needs `services.manage` on the case. When the planned exit date passes, the overstay job alerts the case's supervisors. Audited.",
      tags: ['shelter'],
      params: idParam,
      body: shelterAdmitSchema,
      response: { 201: shelterStaySchema },
    },
    handler: async (req, reply) => reply.status(201).send(await admitToShelter(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/shelter-stays', {
    schema: {
      operationId: 'shelter.list',
      summary: "The case's shelter stays",
      description: 'Needs `services.manage` on the case.',
      tags: ['shelter'],
      params: idParam,
      querystring: pageQuery,
      response: { 200: page(shelterStaySchema) },
    },
    handler: (req) => listShelterStays(req.ctx, req.params.id, req.query),
  });
  r.patch('/api/shelter-stays/:sid', {
    config: { conflict: 'The stay has ended (`shelter_stay_closed`).', caseRecord: true },
    schema: {
      operationId: 'shelter.extend',
      summary: 'Move a shelter stay’s planned exit date',
      description: "Needs `services.manage` on the stay's case. Audited.",
      tags: ['shelter'],
      params: sidParam,
      body: shelterExtendSchema,
      response: { 200: shelterStaySchema },
    },
    handler: (req) => extendShelterStay(req.ctx, req.params.sid, req.body.plannedExitAt),
  });
  r.post('/api/shelter-stays/:sid/exit', {
    config: { conflict: 'The stay has ended (`shelter_stay_closed`).', caseRecord: true },
    schema: {
      operationId: 'shelter.exit',
      summary: 'Record the end of a shelter stay and its reason',
      description: "Needs `services.manage` on the stay's case. Audited.",
      tags: ['shelter'],
      params: sidParam,
      body: shelterExitSchema,
      response: { 200: shelterStaySchema },
    },
    handler: (req) => exitShelter(req.ctx, req.params.sid, req.body),
  });
}
