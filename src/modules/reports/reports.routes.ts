import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import { reportCreateSchema, reportListQuery, reportSchema } from './reports.schema.js';
import { downloadReport, generateReport, listReports } from './reports.service.js';

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['reports'];

  r.post('/api/reports', {
    schema: {
      operationId: 'reports.generate',
      summary: 'Generate the task force’s annual report or five-year review (PDF or XLSX)',
      description:
        'Queues the report and answers at once with its job row (202); poll reports.list for progress. ' +
        'Computed with the caller’s scope and small-cell suppression. Audited.',
      tags,
      body: reportCreateSchema,
      response: { 202: reportSchema },
    },
    handler: async (req, reply) => reply.status(202).send(await generateReport(req.ctx, req.body)),
  });

  r.get('/api/reports', {
    schema: {
      operationId: 'reports.list',
      summary: 'The caller’s reports (and, for national viewers, the scheduled ones), newest first, with progress',
      description:
        'Needs `reports.aggregate`. Each report is seen by the user who asked for it; scheduled national reports by viewers whose `reports.aggregate` scope is national.',
      tags,
      querystring: reportListQuery,
      response: { 200: page(reportSchema) },
    },
    handler: (req) => listReports(req.ctx, req.query),
  });

  r.get('/api/reports/:id/download', {
    schema: {
      operationId: 'reports.download',
      summary: 'Download a finished report (PDF or XLSX); audited',
      description:
        'Needs `reports.aggregate` and the same visibility as reports.list; a report that is not finished answers 404. Audited.',
      tags,
      params: idParam,
      produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any().describe('the report file') },
    },
    handler: async (req, reply) => {
      const file = await downloadReport(req.ctx, req.params.id);
      return reply
        .type(file.type)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  });
}
