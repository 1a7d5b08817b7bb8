import type { FastifyInstance } from 'fastify';
import { idParam, page, typed } from '../../platform/http.js';
import {
  actionItemParams,
  actionItemSchema,
  conferenceCreateSchema,
  conferenceListQuery,
  conferenceSchema,
} from './conferences.schema.js';
import { completeActionItem, createConference, listConferences } from './conferences.service.js';

export async function conferenceRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['conferences'];

  r.post('/api/cases/:id/conferences', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'conferences.create',
      summary: 'Record a case conference: agencies present, decisions and action items (encrypted)',
      description:
        'Needs `cases.update` on the case. Decisions and action items are encrypted at rest; each assigned agency is alerted. Audited.',
      tags,
      params: idParam,
      body: conferenceCreateSchema,
      response: { 201: conferenceSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createConference(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/conferences', {
    schema: {
      operationId: 'conferences.list',
      summary: "The case's conferences, newest first",
      description: 'Needs `cases.read` on the case.',
      tags,
      params: idParam,
      querystring: conferenceListQuery,
      response: { 200: page(conferenceSchema) },
    },
    handler: (req) => listConferences(req.ctx, req.params.id, req.query),
  });
  r.post('/api/conferences/:cid/action-items/:aid/complete', {
    config: { conflict: 'The action item is already done (`action_item_completed`).', caseRecord: true },
    schema: {
      operationId: 'conferences.actionItems.complete',
      summary: 'Mark a conference action item done (case team or the assigned agency)',
      description:
        'The case team (`cases.update` on the case) or staff of the agency the item is assigned to (`cases.read` or `referrals.receive`), who need not see the case itself. Audited.',
      tags,
      params: actionItemParams,
      response: { 200: actionItemSchema },
    },
    handler: (req) => completeActionItem(req.ctx, req.params.cid, req.params.aid),
  });
}
