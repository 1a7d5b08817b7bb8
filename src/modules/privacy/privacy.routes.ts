import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page, typed } from '../../platform/http.js';
import { accessLogEntrySchema, accessLogQuery, listAccessLog } from './access-log.js';
import {
  breachCreateBody,
  breachListQuery,
  breachNotifyBody,
  breachSchema,
  createBreach,
  listBreaches,
  notifyBreach,
} from './breaches.service.js';
import {
  completeRequest,
  createRequest,
  eraseBody,
  erasePerson,
  exportPerson,
  exportQuery,
  holdCreateBody,
  holdSchema,
  listHolds,
  listRequests,
  placeHold,
  releaseHold,
  requestCompleteBody,
  requestCreateBody,
  requestListQuery,
  requestSchema,
  restrictBody,
  restrictPerson,
} from './dsr.service.js';
import {
  grantQueueQuery,
  grantReviewBody,
  listGrantQueue,
  reviewedGrantSchema,
  reviewGrant,
  revokeGrant,
} from './grants.review.js';
import {
  listPolicies,
  policySchema,
  policyUpdateBody,
  previewQuery,
  previewRetention,
  previewSchema,
  updatePolicy,
} from './retention.service.js';

const idParams = z.strictObject({ id: z.uuid({ message: 'uuid' }) });

/** The data protection officer's office: grants review, data-subject requests, breaches, retention, access log. */
export async function privacyRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const dpo = ['privacy'];

  r.get('/api/access/grants/review', {
    schema: {
      operationId: 'access.grants.reviewQueue',
      summary: 'Break-the-glass grants for the DPO to review (pending by default), newest first',
      description: 'Needs `access.grants.review` (the data protection officer).',
      tags: ['access'],
      querystring: grantQueueQuery,
      response: { 200: page(reviewedGrantSchema) },
    },
    handler: (req) => listGrantQueue(req.ctx, req.query),
  });
  r.post('/api/access/grants/:id/review', {
    config: { conflict: 'The grant was reviewed already (`grant_already_reviewed`).' },
    schema: {
      operationId: 'access.grants.review',
      summary: 'Mark a break-the-glass grant justified or not (an unjustified grant still running is revoked)',
      description:
        'Needs `access.grants.review`. An unjustified grant that is still running is revoked at once. Audited.',
      tags: ['access'],
      params: idParams,
      body: grantReviewBody,
      response: { 200: reviewedGrantSchema },
    },
    handler: (req) => reviewGrant(req.ctx, req.params.id, req.body),
  });
  r.post('/api/access/grants/:id/revoke', {
    config: { conflict: 'The grant is no longer active (`grant_not_active`).' },
    schema: {
      operationId: 'access.grants.revoke',
      summary: 'End a running break-the-glass grant now (409 when it has already ended)',
      description: 'Needs `access.grants.review`. The user loses the emergency access at once. Audited.',
      tags: ['access'],
      params: idParams,
      response: { 200: reviewedGrantSchema },
    },
    handler: (req) => revokeGrant(req.ctx, req.params.id),
  });

  r.post('/api/dsr/requests', {
    schema: {
      operationId: 'dsr.requests.create',
      summary: 'Record a data-subject request (Law 27/2022 Art. 5–15); due 3×24 hours after receipt',
      description:
        'Needs `dsr.manage` (the data protection officer). The answer is due 3×24 hours after receipt; overdue requests are flagged in dsr.requests.list. Audited.',
      tags: dpo,
      body: requestCreateBody,
      response: { 201: requestSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createRequest(req.ctx, req.body)),
  });
  r.get('/api/dsr/requests', {
    schema: {
      operationId: 'dsr.requests.list',
      summary: 'Data-subject requests, newest first, by status or person (overdue flagged)',
      description: 'Needs `dsr.manage`.',
      tags: dpo,
      querystring: requestListQuery,
      response: { 200: page(requestSchema) },
    },
    handler: (req) => listRequests(req.ctx, req.query),
  });
  r.post('/api/dsr/requests/:id/complete', {
    config: { conflict: 'The request is no longer open (`request_not_open`).' },
    schema: {
      operationId: 'dsr.requests.complete',
      summary: 'Close an open data-subject request as fulfilled or refused, with a note',
      description: 'Needs `dsr.manage`. Audited.',
      tags: dpo,
      params: idParams,
      body: requestCompleteBody,
      response: { 200: requestSchema },
    },
    handler: (req) => completeRequest(req.ctx, req.params.id, req.body),
  });

  r.get('/api/persons/:id/export', {
    schema: {
      operationId: 'persons.export',
      summary: 'Everything held about a person, identity included, as JSON or PDF (audited)',
      description:
        "Needs `dsr.manage`: the data subject's right of access (Law 27/2022 Art. 7). Holds what every module keeps about her, identity included; the export is audited.",
      tags: dpo,
      params: idParams,
      querystring: exportQuery,
    },
    handler: async (req, reply) => {
      const result = await exportPerson(req.ctx, req.params.id, req.query);
      reply.header('cache-control', 'no-store');
      if (result.kind === 'json') return reply.send(result.data);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="export-${result.pseudonym}.pdf"`)
        .send(result.pdf);
    },
  });
  r.post('/api/persons/:id/restrict', {
    config: {
      conflict:
        'Processing is already restricted (`already_restricted`), or not restricted when lifting (`not_restricted`).',
    },
    schema: {
      operationId: 'persons.restrict',
      summary: 'Restrict (or lift the restriction of) processing of a person’s data (Law 27/2022 Art. 11)',
      description:
        'Needs `dsr.manage`. While restricted, her cases and their records can be read but not changed: changes answer 423 (Law 27/2022 Art. 11). Audited.',
      tags: dpo,
      params: idParams,
      body: restrictBody,
      response: { 200: z.object({ personId: z.string(), restricted: z.boolean() }) },
    },
    handler: (req) => restrictPerson(req.ctx, req.params.id, req.body),
  });
  r.post('/api/persons/:id/erase', {
    config: {
      conflict:
        'The person is erased already and nothing was written for her since (`already_erased`; a file or identity written after an erasure is under a new key of hers, which erasing again shreds), or holds on her record block erasure (`erasure_blocked`, naming them).',
    },
    schema: {
      operationId: 'persons.erase',
      summary:
        'Erase a person’s identity from the vault; 409 naming each hold while a proceeding or legal hold needs it',
      description:
        'Needs `dsr.manage` (Law 27/2022 Art. 8, 16). Her identity is destroyed in the vault; the pseudonymous case record stays for statistics and the audit trail but can no longer be tied to her. Refused while an open proceeding or a legal hold needs the record (Art. 16(2)). Audited.',
      tags: dpo,
      params: idParams,
      body: eraseBody,
      response: { 200: z.object({ personId: z.string(), erasedAt: z.string() }) },
    },
    handler: (req) => erasePerson(req.ctx, req.params.id, req.body),
  });
  r.get('/api/persons/:id/holds', {
    schema: {
      operationId: 'privacy.holds.list',
      summary: 'Legal holds placed on a person’s record by the DPO',
      description: 'Needs `dsr.manage`.',
      tags: dpo,
      params: idParams,
      response: { 200: z.array(holdSchema) },
    },
    handler: (req) => listHolds(req.ctx, req.params.id),
  });
  r.post('/api/privacy/holds', {
    schema: {
      operationId: 'privacy.holds.create',
      summary: 'Place a legal hold on a person’s record (stops erasure and retention)',
      description:
        "Needs `dsr.manage`. A hold (a litigation, an authority's request: Law 27/2022 Art. 16(2)) stops erasure and retention of the record until released. Audited.",
      tags: dpo,
      body: holdCreateBody,
      response: { 201: holdSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await placeHold(req.ctx, req.body)),
  });
  r.post('/api/privacy/holds/:id/release', {
    config: { conflict: 'The hold was released already (`hold_already_released`).' },
    schema: {
      operationId: 'privacy.holds.release',
      summary: 'Release a legal hold',
      description: 'Needs `dsr.manage`. Audited.',
      tags: dpo,
      params: idParams,
      response: { 200: holdSchema },
    },
    handler: (req) => releaseHold(req.ctx, req.params.id),
  });

  r.post('/api/breaches', {
    schema: {
      operationId: 'breaches.create',
      summary: 'Record a personal data breach; its 3×24-hour notice clock starts when it was discovered',
      description:
        'Needs `breaches.manage`. Data subjects and the authority must be notified in writing within 3×24 hours of discovery (Law 27/2022 Art. 46(1)); the data protection officers are alerted when less than a day is left. Audited.',
      tags: dpo,
      body: breachCreateBody,
      response: { 201: breachSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createBreach(req.ctx, req.body)),
  });
  r.get('/api/breaches', {
    schema: {
      operationId: 'breaches.list',
      summary: 'The breach register, newest first, with each notice clock',
      description: 'Needs `breaches.manage`.',
      tags: dpo,
      querystring: breachListQuery,
      response: { 200: page(breachSchema) },
    },
    handler: (req) => listBreaches(req.ctx, req.query),
  });
  r.post('/api/breaches/:id/notify', {
    config: { conflict: 'The breach was notified already (`breach_already_notified`).' },
    schema: {
      operationId: 'breaches.notify',
      summary: 'Record the notice to the data subjects or the authority and get its text (id/en)',
      description:
        'Needs `breaches.manage`. Answers the notice text (what data, when and how it was exposed, how it is handled: Law 27/2022 Art. 46(2)) in Indonesian and English. Audited.',
      tags: dpo,
      params: idParams,
      body: breachNotifyBody,
      response: { 200: z.object({ breach: breachSchema, notice: z.string() }) },
    },
    handler: (req) => notifyBreach(req.ctx, req.params.id, req.body),
  });

  r.get('/api/retention/policies', {
    schema: {
      operationId: 'retention.policies.list',
      summary: 'Retention schedules per record type',
      description: 'Needs `retention.manage`.',
      tags: dpo,
      response: { 200: z.array(policySchema) },
    },
    handler: (req) => listPolicies(req.ctx),
  });
  r.patch('/api/retention/policies/:recordType', {
    schema: {
      operationId: 'retention.policies.update',
      summary: 'Change how long a record type is kept and whether the schedule is enforced',
      description:
        'Needs `retention.manage`. Data is kept no longer than needed (Law 27/2022 Art. 43–44); an enforced schedule is applied by the scheduled retention job, never to a record under a legal hold or needed by an open proceeding. Audited.',
      tags: dpo,
      params: z.strictObject({ recordType: z.string().regex(/^[a-z_]{2,40}$/, 'invalid') }),
      body: policyUpdateBody,
      response: { 200: policySchema },
    },
    handler: (req) => updatePolicy(req.ctx, req.params.recordType, req.body),
  });
  r.get('/api/retention/preview', {
    schema: {
      operationId: 'retention.runs.preview',
      summary: 'Dry run: what each schedule would anonymise now, and what legal holds keep',
      description: 'Needs `retention.manage`. Changes nothing.',
      tags: dpo,
      querystring: previewQuery,
      response: { 200: previewSchema },
    },
    handler: (req) => previewRetention(req.ctx, req.query),
  });

  r.get('/api/privacy/access-log', {
    schema: {
      operationId: 'access.log.list',
      summary: 'Who opened a person’s file (cases, notes, attachments, identity), newest first',
      description:
        "Needs `accessLog.read` (the data protection officer): who opened a person's case file, notes, attachments or identity. Reads of the last second before a crash may be missing; identity reveals are also in the audit trail.",
      tags: dpo,
      querystring: accessLogQuery,
      response: { 200: page(accessLogEntrySchema) },
    },
    handler: (req) => listAccessLog(req.ctx, req.query),
  });
}
