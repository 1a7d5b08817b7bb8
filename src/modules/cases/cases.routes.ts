import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import { addCaseEvents, createCase, updateCase } from './cases.intake.js';
import { approveClosure, closeCase, reopenCase, transitionCase } from './cases.lifecycle.js';
import { completeTask, createNote, createTask, listNotes, listTasks } from './cases.notes.js';
import { caseSummaryPdf } from './cases.pdf.js';
import { countCases, getCase, listCases, listTimeline } from './cases.read.js';
import { bulkReassign, bulkReassignResultSchema, bulkReassignSchema } from './cases.reassign.js';
import { addRelative, listRelatives, updateRelative } from './cases.relatives.js';
import {
  approveClosureSchema,
  caseCountSchema,
  caseCreateSchema,
  caseDetailSchema,
  caseEventSchema,
  caseListItemSchema,
  caseListQuery,
  caseUpdateSchema,
  closeSchema,
  memberAddSchema,
  noteCreateSchema,
  noteSchema,
  relativeCreateSchema,
  relativeSchema,
  relativeUpdateSchema,
  reopenSchema,
  taskCreateSchema,
  taskSchema,
  timelineEntrySchema,
  transitionSchema,
} from './cases.schema.js';
import { addMember, removeMember } from './cases.team.js';
import {
  acceptLeadTransfer,
  approveLeadTransfer,
  declineLeadTransfer,
  incomingLeadTransfers,
  requestLeadTransfer,
} from './cases.transfer.js';

const pageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const leadTransferRequestedSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  toAgencyId: z.string(),
  status: z.enum(['awaiting_approval', 'pending']),
  requestedAt: z.string(),
});

export async function caseRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['cases'];
  r.post('/api/cases', {
    schema: {
      operationId: 'cases.create',
      summary: 'Open a case at intake: a new person with identity, or an existing person after the duplicate check',
      description:
        "Give either `person` + `identity` (a new person) or `existingPersonId`. The trafficking profile uses the HTCDS picklists. The case starts at stage `intake` with the caller's agency as lead.",
      tags,
      body: caseCreateSchema,
      response: { 201: caseDetailSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createCase(req.ctx, req.body)),
  });
  r.get('/api/cases', {
    schema: {
      operationId: 'cases.list',
      summary: 'List cases in scope (a search by name is POST /api/cases/search: names never go in a URL)',
      description:
        "Needs `cases.read`; only cases in the caller's scope are listed. Keyset pages: send `nextCursor` back as `cursor` with the same filters and `sort`; `null` means the last page.",
      tags,
      querystring: caseListQuery.omit({ name: true }),
      response: { 200: page(caseListItemSchema) },
    },
    handler: (req) => listCases(req.ctx, req.query),
  });
  r.get('/api/cases/count', {
    schema: {
      operationId: 'cases.count',
      summary: "How many cases in scope match the list's filters, counted up to 1,000 (capped beyond)",
      description:
        'Needs `cases.read`; the same filters and scope as cases.list. Counting stops at 1,000: beyond it the answer says the count is capped.',
      tags,
      querystring: caseListQuery.omit({ name: true, cursor: true, limit: true, sort: true }),
      response: { 200: caseCountSchema },
    },
    handler: (req) => countCases(req.ctx, req.query),
  });
  r.post('/api/cases/search', {
    schema: {
      operationId: 'cases.search',
      summary: 'List cases in scope by a victim name (in the body, never the URL: URLs end up in logs and histories)',
      description:
        "The same scope, filters and cursor pages as cases.list, with the victim's name in the body: names never go in a URL, which servers and browsers log.",
      tags,
      body: caseListQuery,
      response: { 200: page(caseListItemSchema) },
    },
    handler: (req) => listCases(req.ctx, req.body),
  });
  r.get('/api/cases/:id', {
    schema: {
      operationId: 'cases.get',
      summary: 'The case file (identity masked) with the stage transitions the caller may make now',
      description:
        "Needs `cases.read` on the case (in the caller's scope or under an emergency grant); identity stays masked (persons.identity.reveal shows it). Each opening is written to the read access log.",
      tags,
      params: idParam,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => getCase(req.ctx, req.params.id),
  });
  r.patch('/api/cases/:id', {
    config: { conflict: 'The case is closed (`case_closed`), or another change moved it first (`case_changed`).' },
    schema: {
      operationId: 'cases.update',
      summary: "Change a case's summary, risk level or trafficking profile",
      description: 'Needs `cases.update` on the case. Audited.',
      tags,
      params: idParam,
      body: caseUpdateSchema,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => updateCase(req.ctx, req.params.id, req.body),
  });
  r.post('/api/cases/:id/events', {
    config: { conflict: 'The case is closed (`case_closed`), or another change moved it first (`case_changed`).' },
    schema: {
      operationId: 'cases.events.add',
      summary: 'Record trafficking events (HTCDS) on a case',
      description: 'Needs `cases.update` on the case. Event types and countries use the HTCDS picklists. Audited.',
      tags,
      params: idParam,
      body: z.strictObject({ events: z.array(caseEventSchema).min(1).max(20) }),
      response: { 200: caseDetailSchema },
    },
    handler: (req) => addCaseEvents(req.ctx, req.params.id, req.body.events),
  });
  r.post('/api/cases/:id/transition', {
    config: {
      conflict:
        'The case is closed, the step is not allowed from its stage, or another change moved it first (`case_changed`).',
    },
    schema: {
      operationId: 'cases.transition',
      summary: 'Move a case to another stage',
      description:
        "Only the transitions listed in the case's `allowedTransitions` are accepted; identification needs an approved screening decision. Checked inside the transaction: of two changes at once, one wins and the other answers 409 `case_changed`.",
      tags,
      params: idParam,
      body: transitionSchema,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => transitionCase(req.ctx, req.params.id, req.body.to, req.body.reason),
  });
  r.post('/api/cases/:id/close', {
    config: {
      conflict:
        'The case is closed, closure is already requested, a closure rule is unmet, or another change came first.',
    },
    schema: {
      operationId: 'cases.close',
      summary: 'Request the closure of a case (a supervisor approves it)',
      description:
        'Open service requests need `openServicesReason`; the reason `reintegrated` needs follow-up assessment scores that say so. 409 `closure_pending` when a request already waits.',
      tags,
      params: idParam,
      body: closeSchema,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => closeCase(req.ctx, req.params.id, req.body),
  });
  r.post('/api/cases/:id/approve-closure', {
    config: {
      conflict: 'No closure is requested, or another supervisor has just decided it (`closure_already_decided`).',
    },
    schema: {
      operationId: 'cases.approveClosure',
      summary: 'Approve or reject the pending closure request of a case (supervisor)',
      description:
        'Needs `cases.approve` on the case (a supervisor of its lead agency). Approval closes the case; rejection clears the request. Either way the requester is alerted, and the decision is audited.',
      tags,
      params: idParam,
      body: approveClosureSchema,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => approveClosure(req.ctx, req.params.id, req.body.approve, req.body.note),
  });
  r.post('/api/cases/:id/reopen', {
    config: { conflict: 'The case is not closed, or someone has just reopened it (`case_already_reopened`).' },
    schema: {
      operationId: 'cases.reopen',
      summary: 'Reopen a closed case, with a reason (audited)',
      description: 'Needs `cases.update` on the case; the reason is kept on the timeline and in the audit trail.',
      tags,
      params: idParam,
      body: reopenSchema,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => reopenCase(req.ctx, req.params.id, req.body.reason),
  });
  r.post('/api/cases/bulk-reassign', {
    schema: {
      operationId: 'cases.bulkReassign',
      summary: "Moves cases from one team member to another (a supervisor's), audited per case",
      description:
        "Needs `cases.approve`. The new assignee works in the supervisor's agency and may work cases. Cases outside the supervisor's scope, closed, or where the old member has already left are not changed and are listed in `skipped` with the reason; each moved case writes its own audit event.",
      tags,
      body: bulkReassignSchema,
      response: { 200: bulkReassignResultSchema },
    },
    handler: (req) => bulkReassign(req.ctx, req.body),
  });
  r.post('/api/cases/:id/members', {
    config: {
      conflict:
        'The case is closed, the user is already on the team in that role, or the team has just changed (`team_changed`).',
    },
    schema: {
      operationId: 'cases.members.add',
      summary: 'Add a member of the lead agency to the case team (or change their role on it)',
      description:
        "Needs `cases.update` on the case. Only users of the case's lead agency may join its team; team members see the case even with scope `own`. Audited.",
      tags,
      params: idParam,
      body: memberAddSchema,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => addMember(req.ctx, req.params.id, req.body.userId, req.body.role),
  });
  r.delete('/api/cases/:id/members/:userId', {
    config: { conflict: 'The case is closed, or someone has just removed this member (`team_changed`).' },
    schema: {
      operationId: 'cases.members.remove',
      summary: 'Remove a member from the case team',
      description:
        'Needs `cases.update` on the case. The removed member loses access to the case and its person at once. Audited.',
      tags,
      params: z.strictObject({ id: z.uuid({ message: 'uuid' }), userId: z.uuid({ message: 'uuid' }) }),
      response: { 200: caseDetailSchema },
    },
    handler: (req) => removeMember(req.ctx, req.params.id, req.params.userId),
  });
  r.post('/api/cases/:id/transfer-lead', {
    config: { conflict: 'The case is closed, a transfer is already pending, or the case has just changed.' },
    schema: {
      operationId: 'cases.transferLead',
      tags,
      params: idParam,
      summary:
        "Ask another agency to lead the case (a case worker's request awaits the sending supervisor); identity travels only under the named consent",
      description:
        "Needs `cases.update` on the case. A supervisor of the lead agency approves her own request at once; a case worker's waits for cases.leadTransfers.approve. An agency abroad needs a `cross_border_transfer` consent naming it (Law 27/2022 Art. 56; Law 21/2007 Art. 44), and the receiving agency gets only the identity fields the given consent covers.",
      body: z.strictObject({
        toAgencyId: z.uuid({ message: 'uuid' }),
        reason: z.string().trim().min(10).max(1000),
        /** Required for an agency abroad (a cross_border_transfer consent naming it); decides the identity it gets. */
        consentId: z.uuid({ message: 'uuid' }).optional(),
      }),
      response: { 201: leadTransferRequestedSchema },
    },
    handler: async (req, reply) =>
      reply
        .status(201)
        .send(
          await requestLeadTransfer(req.ctx, req.params.id, req.body.toAgencyId, req.body.reason, req.body.consentId),
        ),
  });
  r.post('/api/lead-transfers/:id/approve', {
    config: { conflict: 'The transfer was already approved or withdrawn (`transfer_not_pending`).' },
    schema: {
      operationId: 'cases.leadTransfers.approve',
      summary: "The sending agency's supervisor approves a lead-agency transfer a case worker asked for",
      description:
        "Needs `cases.approve` on the case as a supervisor of the sending (lead) agency. The receiving agency's supervisors are then alerted to accept or decline. Audited.",
      tags,
      params: idParam,
      response: { 200: leadTransferRequestedSchema },
    },
    handler: (req) => approveLeadTransfer(req.ctx, req.params.id),
  });
  r.get('/api/lead-transfers/incoming', {
    schema: {
      operationId: 'cases.leadTransfers.incoming',
      summary: "Lead transfers offered to the caller's agency, waiting for an answer",
      description:
        'Needs `cases.approve`: the supervisors of the receiving agency. Shows no identity, only what the receiving agency needs to decide.',
      tags,
      response: {
        200: z.array(
          z.object({
            id: z.string(),
            caseNumber: z.string(),
            fromAgency: z.object({ id: z.string(), name: z.string() }),
            stage: z.string(),
            isChild: z.boolean(),
            sex: z.string().nullable(),
            exploitationTypes: z.array(z.string()),
            reason: z.string(),
            requestedAt: z.string(),
          }),
        ),
      },
    },
    handler: (req) => incomingLeadTransfers(req.ctx),
  });
  r.post('/api/lead-transfers/:id/accept', {
    config: {
      conflict: 'The transfer was already accepted or declined (`transfer_not_pending`), or the case has just changed.',
    },
    schema: {
      operationId: 'cases.acceptLead',
      summary: "Accept a lead transfer: the caller's agency becomes the case's lead agency",
      description:
        "Needs `cases.approve` in the receiving agency. The old team hands over; the new agency's supervisor leads the case until she assigns a case worker. Audited.",
      tags,
      params: idParam,
      response: { 200: caseDetailSchema },
    },
    handler: (req) => acceptLeadTransfer(req.ctx, req.params.id),
  });
  r.post('/api/lead-transfers/:id/decline', {
    config: { conflict: 'The transfer was already accepted or declined (`transfer_not_pending`).' },
    schema: {
      operationId: 'cases.declineLead',
      summary: "Decline a lead transfer offered to the caller's agency",
      description:
        'Needs `cases.approve` in the receiving agency; the requester is alerted with the reason. The case stays with its lead agency. Audited.',
      tags,
      params: idParam,
      body: z.strictObject({ reason: z.string().trim().min(10).max(1000) }),
      response: { 200: z.object({ id: z.string(), status: z.literal('declined') }) },
    },
    handler: (req) => declineLeadTransfer(req.ctx, req.params.id, req.body.reason),
  });
  r.post('/api/cases/:id/relatives', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'cases.relatives.add',
      summary: 'Record a relative or contact person of the victim: a person on record or a new one',
      description:
        "Needs `cases.update` on the case. A new relative's identity is encrypted in the identity vault like the victim's; a parent or guardian recorded here may later give consent for a child. Audited.",
      tags,
      params: idParam,
      body: relativeCreateSchema,
      response: { 201: relativeSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await addRelative(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/relatives', {
    schema: {
      operationId: 'cases.relatives.list',
      summary: "The victim's relatives and contact persons (masked)",
      description:
        'Needs `cases.read` on the case. Relatives are masked (pseudonym and initials); their identity is revealed through persons.identity.reveal.',
      tags,
      params: idParam,
      response: { 200: z.array(relativeSchema) },
    },
    handler: (req) => listRelatives(req.ctx, req.params.id),
  });
  r.patch('/api/cases/:id/relatives/:personId', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'cases.relatives.update',
      summary: 'Record what was learned about a relative: threatened, a suspect, related to the trafficker',
      description: 'Needs `cases.update` on the case. Audited.',
      tags,
      params: z.strictObject({ id: z.uuid({ message: 'uuid' }), personId: z.uuid({ message: 'uuid' }) }),
      body: relativeUpdateSchema,
      response: { 200: relativeSchema },
    },
    handler: (req) => updateRelative(req.ctx, req.params.id, req.params.personId, req.body),
  });
  r.post('/api/cases/:id/notes', {
    schema: {
      operationId: 'notes.create',
      summary: 'Write a case note (normal, sensitive, or restricted to its author and supervisors)',
      description:
        'Needs `cases.update` on the case. The text is encrypted at rest. A `restricted` note is read only by its author and by supervisors (`cases.approve`). Audited.',
      tags,
      params: idParam,
      body: noteCreateSchema,
      response: { 201: noteSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await createNote(req.ctx, req.params.id, req.body.body, req.body.sensitivity)),
  });
  r.get('/api/cases/:id/notes', {
    schema: {
      operationId: 'notes.list',
      summary: "The case's notes the caller may read, newest first",
      description:
        'Needs `cases.read` on the case; restricted notes of others are left out unless the caller holds `cases.approve`. Cursor pages as in cases.list. Each reading is written to the read access log.',
      tags,
      params: idParam,
      querystring: pageQuery,
      response: { 200: page(noteSchema) },
    },
    handler: (req) => listNotes(req.ctx, req.params.id, req.query.cursor, req.query.limit),
  });
  r.post('/api/cases/:id/tasks', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'tasks.create',
      summary: 'Create a task on a case, optionally with a due time and an assignee',
      description: 'Needs `cases.update` on the case. Audited.',
      tags,
      params: idParam,
      body: taskCreateSchema,
      response: { 201: taskSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createTask(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/tasks', {
    schema: {
      operationId: 'tasks.list',
      summary: "The case's tasks",
      description:
        'Needs `cases.read` on the case. Tasks the system schedules (such as follow-up assessments) are listed with those written by hand.',
      tags,
      params: idParam,
      response: { 200: z.array(taskSchema) },
    },
    handler: (req) => listTasks(req.ctx, req.params.id),
  });
  r.post('/api/cases/:id/tasks/:taskId/complete', {
    config: { conflict: 'The task is already done (`task_not_open`).' },
    schema: {
      operationId: 'tasks.complete',
      summary: 'Mark a task done',
      description: 'Needs `cases.update` on the case. Audited.',
      tags,
      params: z.strictObject({ id: z.uuid({ message: 'uuid' }), taskId: z.uuid({ message: 'uuid' }) }),
      response: { 200: taskSchema },
    },
    handler: (req) => completeTask(req.ctx, req.params.id, req.params.taskId),
  });
  r.post('/api/cases/:id/summary-pdf', {
    schema: {
      operationId: 'cases.summaryPdf',
      summary: 'A PDF summary of the case; identity only with `identityFields` and a `purpose` (audited)',
      description:
        "Needs `cases.read` on the case. Identity fields in the PDF need `persons.identity.reveal` and a `purpose`; the audit event names the fields printed. Labels and dates follow the caller's language and the lead agency's time zone.",
      tags,
      params: idParam,
      body: z
        .strictObject({
          purpose: z.string().trim().min(10).max(500).optional(),
          identityFields: z
            .array(z.enum(['fullName', 'aliases', 'dateOfBirth', 'nik', 'passportNumber', 'phones', 'address']))
            .max(7)
            .optional(),
        })
        .default({}),
      produces: ['application/pdf'],
    },
    handler: async (req, reply) => {
      const pdf = await caseSummaryPdf(req.ctx, req.params.id, req.body);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="case-summary.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  });
  r.get('/api/cases/:id/timeline', {
    schema: {
      operationId: 'cases.timeline',
      summary: 'One timeline of everything that happened on the case',
      description: 'Needs `cases.read` on the case. Cursor pages as in cases.list.',
      tags,
      params: idParam,
      querystring: pageQuery,
      response: { 200: page(timelineEntrySchema) },
    },
    handler: (req) => listTimeline(req.ctx, req.params.id, req.query.cursor, req.query.limit),
  });
}
