import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { idParam, page, typed } from '../../platform/http.js';
import { PortalLimiter } from '../../platform/window-limiter.js';
import { listRegions } from '../reference/index.js';
import { replyToTip, submitTip, tipForm, tipStatus } from './portal.service.js';
import {
  publicStatusSchema,
  responseTargetsSchema,
  responseTargetsUpdateSchema,
  tipAskSchema,
  tipCloseSchema,
  tipCodeSchema,
  tipConvertedSchema,
  tipConvertSchema,
  tipDetailSchema,
  tipFormSchema,
  tipListQuery,
  tipReferSchema,
  tipReplySchema,
  tipSubmitSchema,
  tipSubmittedSchema,
  tipSummarySchema,
  tipTriageSchema,
} from './tips.schema.js';
import {
  askReporter,
  closeTip,
  convertTipToCase,
  getResponseTargets,
  getTip,
  listTips,
  referTip,
  triageTip,
  updateResponseTargets,
} from './tips.service.js';

/** How long a refused public request waits before its 429, and how many may wait at once. */
const TARPIT_MS = 1000;
const TARPIT_MAX_WAITING = 2000;
/** A tip is a few kilobytes of text; anything larger is not a tip. */
const PUBLIC_BODY_LIMIT = 16 * 1024;

export async function tipRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = typed(app);
  const tags = ['tips'];
  const { portal } = services.config;
  const submits = new PortalLimiter(
    { max: portal.submitsPerHour, windowMs: 3_600_000 },
    { max: portal.submitsOverallPerHour, windowMs: 3_600_000 },
  );
  const lookups = new PortalLimiter(
    { max: portal.lookupsPer10Min, windowMs: 600_000 },
    { max: portal.lookupsOverallPer10Min, windowMs: 600_000 },
  );
  // Limits run before the body is parsed or validated, so a flood costs almost nothing. A refused request is
  // answered after a short pause (a tarpit, no CPU while it waits): a client that keeps hammering gets its answers
  // no faster than its connections allow, which leaves the process to staff requests. The pause is skipped when
  // too many refusals are already waiting (memory stays bounded under a flood of connections).
  let tarpitted = 0;
  const limitedBy = (limiter: PortalLimiter) => async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = limiter.take(request.ip, Date.now());
    if (wait === null) return;
    if (tarpitted < TARPIT_MAX_WAITING) {
      tarpitted++;
      await new Promise((resolve) => setTimeout(resolve, TARPIT_MS));
      tarpitted--;
    }
    reply.header('retry-after', String(Math.max(1, wait)));
    throw new AppError('rate_limited', 'rate_limited');
  };
  const regionLookups = new PortalLimiter(
    { max: 120, windowMs: 600_000 },
    { max: portal.lookupsOverallPer10Min * 4, windowMs: 600_000 },
  );
  const publicRoute = { auth: 'public' as const, csrf: false, limited: true };

  r.get('/api/public/regions', {
    config: publicRoute,
    onRequest: limitedBy(regionLookups),
    schema: {
      operationId: 'tips.regions',
      summary: 'Provinces, or the regencies of one province, for the report form (public)',
      description: 'Public, no sign-in; rate-limited per address (429).',
      tags,
      security: [],
      querystring: z.strictObject({
        parent: z
          .string()
          .regex(/^\d{2}$/, 'invalid')
          .optional(),
      }),
      response: { 200: z.array(z.object({ code: z.string(), name: z.string() })) },
    },
    handler: async (req) => (await listRegions(req.query.parent)).map((r) => ({ code: r.code, name: r.name })),
  });

  r.get('/api/public/tips/form', {
    config: publicRoute,
    onRequest: limitedBy(lookups),
    schema: {
      operationId: 'tips.form',
      summary: 'The report form: signs to tick and a proof-of-work challenge (public)',
      description:
        'Public, no sign-in; rate-limited per address. The browser solves the signed proof-of-work challenge and sends it with tips.submit; each challenge is accepted once.',
      tags,
      security: [],
      response: { 200: tipFormSchema },
    },
    handler: (req) => tipForm(req.ctx),
  });
  r.post('/api/public/tips', {
    config: { ...publicRoute, conflict: 'No agency can receive reports at the moment (`tips_unavailable`).' },
    bodyLimit: PUBLIC_BODY_LIMIT,
    onRequest: limitedBy(submits),
    schema: {
      operationId: 'tips.submit',
      summary: 'Report a suspected case of trafficking, anonymously by default (public); returns the follow-up code',
      description:
        "Public, no sign-in; rate-limited per address and needs a solved challenge from tips.form. The reporter's address is never recorded (reporters are protected: Law 21/2007 Art. 60–63); contact details, if any, go into the identity vault. The follow-up code is returned only in this answer and kept only as a keyed hash.",
      tags,
      security: [],
      body: tipSubmitSchema,
      response: { 201: tipSubmittedSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await submitTip(req.ctx, req.body)),
  });
  r.post('/api/public/tips/status', {
    config: publicRoute,
    bodyLimit: PUBLIC_BODY_LIMIT,
    onRequest: limitedBy(lookups),
    schema: {
      operationId: 'tips.status',
      summary: 'Where a tip stands and the questions staff asked, by follow-up code in the body (public)',
      description:
        "Public, no sign-in; rate-limited per address. The follow-up code goes in the body, never the URL. Shows where the tip stands and staff's questions, never what was done or by whom.",
      tags,
      security: [],
      body: tipCodeSchema,
      response: { 200: publicStatusSchema },
    },
    handler: (req) => tipStatus(req.ctx, req.body.code),
  });
  r.post('/api/public/tips/reply', {
    config: { ...publicRoute, conflict: 'The report is closed (`tip_closed`).' },
    bodyLimit: PUBLIC_BODY_LIMIT,
    onRequest: limitedBy(lookups),
    schema: {
      operationId: 'tips.reply',
      summary: "The reporter's answer to staff, by follow-up code in the body (public)",
      description:
        'Public, no sign-in; rate-limited per address, and a reporter may answer only a limited number of times per tip. The officer on the tip is alerted.',
      tags,
      security: [],
      body: tipReplySchema,
      response: { 200: publicStatusSchema },
    },
    handler: (req) => replyToTip(req.ctx, req.body.code, req.body.message),
  });

  r.get('/api/tips', {
    schema: {
      operationId: 'tips.list',
      summary: 'The triage queue: urgent first, oldest first within an urgency',
      description:
        "Needs `tips.read`; only tips in the caller's scope, and tips referred to the caller's agency. Cursor pages as in cases.list.",
      tags,
      querystring: tipListQuery,
      response: { 200: page(tipSummarySchema) },
    },
    handler: (req) => listTips(req.ctx, req.query),
  });
  r.get('/api/tips/:id', {
    schema: {
      operationId: 'tips.get',
      summary: 'A tip with its conversation, group, similar tips and case draft',
      description:
        'Needs `tips.read`: the handling agency, or the agency the tip was referred to; anyone else gets 404.',
      tags,
      params: idParam,
      response: { 200: tipDetailSchema },
    },
    handler: (req) => getTip(req.ctx, req.params.id),
  });
  r.post('/api/tips/:id/triage', {
    config: {
      conflict: 'The report is no longer open (`tip_not_open`), or another change came first (`tip_changed`).',
    },
    schema: {
      operationId: 'tips.triage',
      summary: 'Set urgency, assign an intake officer, group with a tip about the same situation',
      description: 'Needs `tips.manage` in the handling agency. Audited.',
      tags,
      params: idParam,
      body: tipTriageSchema,
      response: { 200: tipDetailSchema },
    },
    handler: (req) => triageTip(req.ctx, req.params.id, req.body),
  });
  r.post('/api/tips/:id/questions', {
    config: {
      conflict: 'The report is no longer open (`tip_not_open`), or another change came first (`tip_changed`).',
    },
    schema: {
      operationId: 'tips.ask',
      summary: 'Ask the reporter a question (read on the status page behind the follow-up code)',
      description:
        'Needs `tips.manage` in the handling agency. The first question or triage stamps the first response, against the response-time target. Audited.',
      tags,
      params: idParam,
      body: tipAskSchema,
      response: { 200: tipDetailSchema },
    },
    handler: (req) => askReporter(req.ctx, req.params.id, req.body),
  });
  r.post('/api/tips/:id/convert', {
    config: {
      conflict:
        'The report is no longer open (`tip_not_open`), a likely duplicate case exists (`possible_duplicate`), or another change came first (`tip_changed`).',
    },
    schema: {
      operationId: 'tips.convertToCase',
      summary: 'Open a case from a tip (intake prefilled from the tip, duplicate check enforced)',
      description:
        "Needs `tips.manage` in the handling agency and `cases.create`. The same duplicate check as any intake: a possible match must be linked or explicitly set aside. The case and the tip's new state are one transaction. Audited.",
      tags,
      params: idParam,
      body: tipConvertSchema,
      response: { 201: tipConvertedSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await convertTipToCase(req.ctx, req.params.id, req.body)),
  });
  r.post('/api/tips/:id/refer', {
    config: {
      conflict: 'The report is no longer open (`tip_not_open`), or another change came first (`tip_changed`).',
    },
    schema: {
      operationId: 'tips.refer',
      summary: 'Refer a tip to the police or another agency',
      description:
        'Needs `tips.manage` in the handling agency. The receiving agency can then read the tip, and its staff are alerted. Audited.',
      tags,
      params: idParam,
      body: tipReferSchema,
      response: { 200: tipDetailSchema },
    },
    handler: (req) => referTip(req.ctx, req.params.id, req.body),
  });
  r.post('/api/tips/:id/close', {
    config: {
      conflict: 'The report is no longer open (`tip_not_open`), or another change came first (`tip_changed`).',
    },
    schema: {
      operationId: 'tips.close',
      summary: 'Close a tip with a reason',
      description: 'Needs `tips.manage` in the handling agency. Audited.',
      tags,
      params: idParam,
      body: tipCloseSchema,
      response: { 200: tipDetailSchema },
    },
    handler: (req) => closeTip(req.ctx, req.params.id, req.body),
  });
  r.get('/api/tip-settings/response-targets', {
    schema: {
      operationId: 'tips.settings.get',
      summary: 'Response-time targets (hours to a first response) per urgency',
      description: 'Needs `tips.read`.',
      tags,
      response: { 200: responseTargetsSchema },
    },
    handler: (req) => getResponseTargets(req.ctx),
  });
  r.put('/api/tip-settings/response-targets', {
    schema: {
      operationId: 'tips.settings.update',
      summary: 'Change the response-time targets for tips arriving from now on',
      description: 'Needs `tips.settings`. Due times of tips already received stay as they were. Audited.',
      tags,
      body: responseTargetsUpdateSchema,
      response: { 200: responseTargetsSchema },
    },
    handler: (req) => updateResponseTargets(req.ctx, req.body),
  });
}
