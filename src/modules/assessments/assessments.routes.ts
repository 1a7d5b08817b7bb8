import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import {
  assessmentCreateSchema,
  assessmentListQuery,
  assessmentSchema,
  questionnaireSchema,
  trendSchema,
} from './assessments.schema.js';
import { createAssessment, listAssessments, listQuestionnaires, reintegrationTrend } from './assessments.service.js';

/** Questionnaires (needs, risk, reintegration sustainability) and the assessments recorded on a case. */
export async function assessmentRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['assessments'];
  r.get('/api/assessments/questionnaires', {
    schema: {
      operationId: 'assessments.questionnaires',
      summary: 'The assessment questionnaires: needs, risk (individual, household, community), reintegration',
      description:
        'Any signed-in user. Questionnaires are versioned data; an assessment keeps the version it was made with.',
      tags,
      response: { 200: z.array(questionnaireSchema) },
    },
    handler: (req) => listQuestionnaires(req.ctx),
  });
  r.post('/api/cases/:id/assessments', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'assessments.create',
      summary: 'Record an assessment; a baseline schedules 3-, 6- and 12-month follow-up tasks',
      description: 'Needs `cases.update` on the case. Scores are computed by the server from the answers. Audited.',
      tags,
      params: idParam,
      body: assessmentCreateSchema,
      response: { 201: assessmentSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createAssessment(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/assessments', {
    schema: {
      operationId: 'assessments.list',
      summary: "The case's assessments",
      description: 'Needs `cases.read` on the case.',
      tags,
      params: idParam,
      querystring: assessmentListQuery,
      response: { 200: page(assessmentSchema) },
    },
    handler: (req) => listAssessments(req.ctx, req.params.id, req.query),
  });
  r.get('/api/cases/:id/assessments/trend', {
    schema: {
      operationId: 'assessments.trend',
      summary: "Scores of the case's assessments over time, per questionnaire",
      description: 'Needs `cases.read` on the case.',
      tags,
      params: idParam,
      response: { 200: trendSchema },
    },
    handler: (req) => reintegrationTrend(req.ctx, req.params.id),
  });
}
