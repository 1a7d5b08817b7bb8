import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { idParam, page, typed } from '../../platform/http.js';
import { PortalLimiter } from '../../platform/window-limiter.js';
import { budgetSummary, createAllocation, createExpenditure, listExpenditures } from './budgets.service.js';
import {
  allocationCreateSchema,
  allocationSchema,
  budgetSummaryQuery,
  budgetSummarySchema,
  comparisonQuery,
  comparisonSchema,
  expenditureCreateSchema,
  expenditureSchema,
  programmeCreateSchema,
  programmeDetailSchema,
  programmeListQuery,
  programmeSchema,
  publicSurveySchema,
  responseCreatedSchema,
  responseCreateSchema,
  sessionCreateSchema,
  sessionSchema,
  surveyCodeParam,
  surveyResultsQuery,
  surveyResultsSchema,
} from './prevention.schema.js';
import {
  compareAwareness,
  createProgramme,
  createResponse,
  createSession,
  getProgramme,
  listProgrammes,
  publicSurvey,
  submitPublicResponse,
  surveyResults,
} from './prevention.service.js';

export async function preventionRoutes(app: FastifyInstance, _services: Services): Promise<void> {
  const r = typed(app);
  const tags = ['prevention'];
  // A class answering on the school's one connection: generous per address, bounded overall.
  const surveyLimiter = new PortalLimiter({ max: 300, windowMs: 600_000 }, { max: 20_000, windowMs: 600_000 });
  const limited = async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = surveyLimiter.take(request.ip, Date.now());
    if (wait === null) return;
    reply.header('retry-after', String(Math.max(1, wait)));
    throw new AppError('rate_limited', 'rate_limited');
  };
  const publicRoute = { auth: 'public' as const, csrf: false, limited: true };

  r.post('/api/programmes', {
    schema: {
      operationId: 'programmes.create',
      summary: 'Create a prevention programme',
      description: "Needs `programmes.manage`, for the caller's own agency unless her scope reaches further. Audited.",
      tags,
      body: programmeCreateSchema,
      response: { 201: programmeSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createProgramme(req.ctx, req.body)),
  });
  r.get('/api/programmes', {
    schema: {
      operationId: 'programmes.list',
      summary: 'Prevention programmes in reach, newest first',
      description: "Needs `programmes.read`; programmes in the caller's scope. Cursor pages as in cases.list.",
      tags,
      querystring: programmeListQuery,
      response: { 200: page(programmeSchema) },
    },
    handler: (req) => listProgrammes(req.ctx, req.query),
  });
  r.get('/api/programmes/:id', {
    schema: {
      operationId: 'programmes.get',
      summary: 'A programme with its sessions and participants',
      description: 'Needs `programmes.read` on the programme.',
      tags,
      params: idParam,
      response: { 200: programmeDetailSchema },
    },
    handler: (req) => getProgramme(req.ctx, req.params.id),
  });
  r.post('/api/programmes/:id/sessions', {
    schema: {
      operationId: 'sessions.create',
      summary: 'Record a session: date, place, facilitator, participants by sex and age band, materials',
      description:
        'Needs `programmes.manage` on the programme. Participants are counts by sex and age band, never names. Audited.',
      tags,
      params: idParam,
      body: sessionCreateSchema,
      response: { 201: sessionSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createSession(req.ctx, req.params.id, req.body)),
  });
  r.post('/api/sessions/:id/responses', {
    config: { conflict: 'This participant code answered this phase of the survey already (`survey_response_exists`).' },
    schema: {
      operationId: 'surveys.responses.create',
      summary: 'Type in a paper awareness survey (before or after the session)',
      description:
        'Needs `programmes.manage` on the programme. A participant code answers each phase (before, after) once; every question must be answered. Audited.',
      tags,
      params: idParam,
      body: responseCreateSchema,
      response: { 201: responseCreatedSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createResponse(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/programmes/:id/survey-results', {
    schema: {
      operationId: 'surveys.results',
      summary: 'Awareness change with 95 % intervals per programme and session (paired or Welch)',
      description:
        "Needs `programmes.read` on the programme. A paired interval when before and after answers carry the same participant code, Welch's otherwise.",
      tags,
      params: idParam,
      querystring: surveyResultsQuery,
      response: { 200: surveyResultsSchema },
    },
    handler: (req) => surveyResults(req.ctx, req.params.id, req.query.sessionId),
  });
  r.get('/api/prevention/comparison', {
    schema: {
      operationId: 'surveys.compare',
      summary: 'Awareness change across provinces or programme types',
      description: "Needs `programmes.read` or `reports.aggregate`; programmes in the caller's scope. Aggregates only.",
      tags,
      querystring: comparisonQuery,
      response: { 200: comparisonSchema },
    },
    handler: (req) => compareAwareness(req.ctx, req.query),
  });
  r.get('/api/public/surveys/:code', {
    config: publicRoute,
    onRequest: limited,
    schema: {
      operationId: 'surveys.public.get',
      summary: "The survey behind a session's short link (public, no identity)",
      description:
        "Public, no sign-in; rate-limited per address. Shows the programme's name, the session's date and the questions, nothing else.",
      tags,
      security: [],
      params: surveyCodeParam,
      response: { 200: publicSurveySchema },
    },
    handler: (req) => publicSurvey(req.ctx, req.params.code),
  });
  r.post('/api/public/surveys/:code/responses', {
    config: {
      ...publicRoute,
      conflict: 'This participant code answered this phase of the survey already (`survey_response_exists`).',
    },
    bodyLimit: 16 * 1024,
    onRequest: limited,
    schema: {
      operationId: 'surveys.responses.submit',
      summary: "A participant's answers from their own phone (public, no identity)",
      description:
        'Public, no sign-in; rate-limited per address. No identity and no address is kept; a participant code answers each phase once.',
      tags,
      security: [],
      params: surveyCodeParam,
      body: responseCreateSchema,
      response: { 201: responseCreatedSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await submitPublicResponse(req.ctx, req.params.code, req.body)),
  });
  r.post('/api/budgets/allocations', {
    schema: {
      operationId: 'budgets.allocations.create',
      summary: 'Allocate money for a year from a funding source (APBN, APBD, village fund, donor)',
      description: 'Needs `budgets.manage` for the agency. Audited.',
      tags,
      body: allocationCreateSchema,
      response: { 201: allocationSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createAllocation(req.ctx, req.body)),
  });
  r.post('/api/budgets/allocations/:id/expenditures', {
    config: { conflict: 'The spending would exceed the allocation (`budget_exceeded`).' },
    schema: {
      operationId: 'budgets.expenditures.create',
      summary: 'Record spending with its evidence; never beyond the allocation',
      description:
        "Needs `budgets.manage` for the allocation's agency. The allocation is never overspent: of two expenditures that together exceed it, the later one answers 409. Audited.",
      tags,
      params: idParam,
      body: expenditureCreateSchema,
      response: { 201: expenditureSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createExpenditure(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/budgets/allocations/:id/expenditures', {
    schema: {
      operationId: 'budgets.expenditures.list',
      summary: 'Spending recorded against an allocation',
      description: 'Needs `budgets.read` on the allocation.',
      tags,
      params: idParam,
      response: { 200: page(expenditureSchema) },
    },
    handler: (req) => listExpenditures(req.ctx, req.params.id),
  });
  r.get('/api/budgets/summary', {
    schema: {
      operationId: 'budgets.summary',
      summary: 'A year in money: allocations, spending, cost per participant, awareness point, victim and service',
      description:
        "Needs `budgets.read`; allocations in the caller's scope. Cost per victim served and per service delivered count the services the same agencies delivered in that year (WIB).",
      tags,
      querystring: budgetSummaryQuery,
      response: { 200: budgetSummarySchema },
    },
    handler: (req) => budgetSummary(req.ctx, req.query),
  });
}
