import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { typed } from '../../platform/http.js';
import { aggregateQuery, aggregateReleaseSchema, anonymityReportSchema, ctdcQuery } from './publication.schema.js';
import { previewCtdcRelease, releaseAggregates, releaseCtdc } from './publication.service.js';

/** Sends CSV bytes as a download, as they are produced. */
function sendCsv(reply: FastifyReply, filename: string, csv: AsyncIterable<string | Uint8Array>) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(csv));
}

export async function publicationRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['publication'];

  r.get('/api/publication/ctdc/preview', {
    schema: {
      operationId: 'publication.ctdc.preview',
      summary: 'What a CTDC release would achieve, without releasing it',
      description:
        'Runs the k-anonymisation over the victim cases of the period and reports k, the smallest class, ' +
        'the share suppressed, the generalisation level of each column and the information loss.',
      tags,
      querystring: ctdcQuery,
      response: { 200: anonymityReportSchema },
    },
    handler: (req) => previewCtdcRelease(req.ctx, req.query),
  });

  r.get('/api/publication/ctdc', {
    schema: {
      operationId: 'publication.ctdc.export',
      summary: 'Download the CTDC-grade anonymised victim-level release (CSV)',
      description:
        'One row per victim case, quasi-identifiers generalised (CTDC column names and age bands) until every ' +
        'combination occurs at least k times, rows of smaller classes suppressed. The achieved figures come ' +
        'in the x-pulih-release-* headers. For the DPO; audited. See docs/publication.md.',
      tags,
      querystring: ctdcQuery,
      produces: ['text/csv'],
      response: { 200: z.string().describe('CSV, header row first') },
    },
    handler: async (req, reply) => {
      const { report, csv } = await releaseCtdc(req.ctx, req.query);
      reply
        .header('x-pulih-release-k', String(report.k))
        .header('x-pulih-release-achieved-k', String(report.achievedK ?? 0))
        .header('x-pulih-release-rows', String(report.released))
        .header('x-pulih-release-suppressed-share', report.suppressedShare.toFixed(4))
        .header('x-pulih-release-information-loss', report.informationLoss.toFixed(4));
      return sendCsv(reply, 'pulih-ctdc-release.csv', csv);
    },
  });

  r.get('/api/publication/aggregates', {
    schema: {
      operationId: 'publication.aggregate.export',
      summary: 'Aggregate counts of victims, small cells suppressed (JSON or CSV)',
      description:
        'Victims counted by one to four dimensions within the caller’s scope. A count below the small-cell ' +
        'threshold (PULIH_SMALL_CELL_MIN) is never sent: it comes as null (JSON) or an empty cell (CSV). A ' +
        'victim with several exploitation types counts once under each. Audited.',
      tags,
      querystring: aggregateQuery,
      produces: ['application/json', 'text/csv'],
      response: { 200: aggregateReleaseSchema },
    },
    handler: async (req, reply) => {
      const release = await releaseAggregates(req.ctx, req.query);
      if (req.query.format === 'json') return release;
      const columns = [...release.dimensions, 'victims'];
      const rows = release.cells.map((c) => [
        ...release.dimensions.map((d) => c.values[d] ?? ''),
        c.victims === null ? '' : String(c.victims),
      ]);
      return sendCsv(reply, 'pulih-aggregates.csv', Readable.from(rows).pipe(stringify({ header: true, columns })));
    },
  });
}
