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
      description: 'Any signed-in user. The tool is versioned data; a screening keeps the version it was made with.',
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
      description:
        'Needs `screenings.manage` on the case. Scored with the current tool: for a child (under 18) the means element is not needed (Law 21/2007 Art. 1(5)). A newer screening supersedes the earlier ones of the case. Audited.',
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
      description: 'Needs `cases.read` on the case. Superseded screenings are included.',
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
      description:
        "Needs `screenings.manage` on the case. The decision then waits for a supervisor's approval (screenings.approve), and the supervisors are alerted. Audited.",
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
      description:
        'Needs `cases.approve` on the case, and the approver must not be the user who decided (403 `screening_self_approval`). An approved decision that the person is a victim lets the case move to identification (Law 21/2007 Art. 1(3)). Audited.',
      tags,
      params: screeningIdParam,
      body: screeningApproveSchema,
      response: { 200: screeningSchema },
    },
    handler: (req) => approveScreening(req.ctx, req.params.sid, req.body),
  });
}
