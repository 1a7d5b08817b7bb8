import type { FastifyInstance } from 'fastify';
import { idParam, page, typed } from '../../platform/http.js';
import {
  screeningApproveSchema,
  screeningCreateSchema,
  screeningDecideSchema,
  screeningIdParam,
  screeningListQuery,
  screeningSchema,
  toolOutSchema,
} from './screening.schema.js';
import {
  approveScreening,
  createScreening,
  currentTool,
  decideScreening,
  listScreenings,
} from './screening.service.js';

export async function screeningRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['screenings'];
  r.get('/api/screening/tools/current', {
    schema: {
      operationId: 'screenings.tools',
      summary: 'The current screening tool: ILO/EC Delphi indicators with Indonesian and English labels',
      tags,
      response: { 200: toolOutSchema },
    },
    handler: (req) => currentTool(req.ctx),
  });
  r.post('/api/cases/:id/screenings', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'screenings.create',
      summary: 'Record a screening: answers become per-dimension results and a recommendation (adult or child rules)',
      tags,
      params: idParam,
      body: screeningCreateSchema,
      response: { 201: screeningSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createScreening(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/screenings', {
    schema: {
      operationId: 'screenings.list',
      summary: "The case's screenings",
      tags,
      params: idParam,
      querystring: screeningListQuery,
      response: { 200: page(screeningSchema) },
    },
    handler: (req) => listScreenings(req.ctx, req.params.id, req.query.cursor, req.query.limit),
  });
  r.post('/api/screenings/:sid/decide', {
    config: {
      conflict:
        'A newer screening replaced this one (`screening_superseded`), its decision is already approved (`screening_already_approved`) or waits for approval (`screening_decision_pending`), or the case is closed.',
      caseRecord: true,
    },
    schema: {
      operationId: 'screenings.decide',
      summary: 'Decide a screening: trafficking status (HTCDS vic_TraffickingStatus) and deciding organisation',
      tags,
      params: screeningIdParam,
      body: screeningDecideSchema,
      response: { 200: screeningSchema },
    },
    handler: (req) => decideScreening(req.ctx, req.params.sid, req.body),
  });
  r.post('/api/screenings/:sid/approve', {
    config: {
      conflict:
        'The screening has no decision yet (`screening_not_decided`), is approved already (`screening_already_approved`) or was superseded (`screening_superseded`), or the case is closed.',
      caseRecord: true,
    },
    schema: {
      operationId: 'screenings.approve',
      summary: 'Approve a screening decision (another user than the decider); an approved decision identifies the case',
      tags,
      params: screeningIdParam,
      body: screeningApproveSchema,
      response: { 200: screeningSchema },
    },
    handler: (req) => approveScreening(req.ctx, req.params.sid, req.body),
  });
}
