import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { idParam, typed } from '../../platform/http.js';
import { offload } from '../../platform/offload.js';
import { htcdsExportQuery } from './htcds.export.js';
import { type ImportFormat, importHtcds, importReport } from './htcds.import.js';
import { acceptRecord, acceptSchema, listQueue, queueQuery, rejectRecord, rejectSchema } from './htcds.review.js';
import { htcdsExportTask } from './htcds.serialise.js';

const importSummary = z.object({
  id: z.string(),
  format: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  rowsRead: z.number(),
  rowsQueued: z.number(),
  rowsDuplicate: z.number(),
  rowsInvalid: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  issues: z.array(
    z.object({ row: z.number(), field: z.string(), reason: z.string(), severity: z.enum(['error', 'warning']) }),
  ),
});
const queueItem = z.object({
  id: z.string(),
  importId: z.string(),
  row: z.number(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  caseId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  hasName: z.boolean(),
  record: z.record(z.string(), z.unknown()),
});
const decision = z.object({ id: z.string(), status: z.enum(['accepted', 'rejected']), caseId: z.string().nullable() });

/** Which upload format a content type names; the body of CSV and NDJSON uploads stays a stream. */
function formatOf(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/x-ndjson') return 'ndjson';
  if (type === 'application/json') return 'json';
  throw new AppError('validation', 'validation', {}, [{ field: 'content-type', code: 'invalid' }]);
}

export async function htcdsRoutes(app: FastifyInstance): Promise<void> {
  // Bulk uploads are read as they arrive (flat memory), not buffered by a body parser.
  for (const type of ['text/csv', 'application/x-ndjson'])
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));
  const r = typed(app);
  const tags = ['exchange'];

  r.get('/api/exchange/htcds/export', {
    schema: {
      operationId: 'exchange.htcds.export',
      summary: 'Download cases as HTCDS 2.0 records (JSON or CSV), streamed',
      description:
        'One record per case with an active `statistics` or `international_sharing` consent, limited to the ' +
        'field groups the consent covers; filtered by registration period, agency and region within the ' +
        'caller’s scope. Field names and picklist values exactly as HTCDS 2.0 (docs/exchange.md). The ' +
        '`x-pulih-export-candidates` header gives the number of cases the filter selects before the consent ' +
        'filter (progress). Audited.',
      tags,
      querystring: htcdsExportQuery,
      produces: ['application/json', 'text/csv'],
      response: { 200: z.string().describe('A JSON array of records, or CSV with a header row') },
    },
    handler: async (req, typedReply) => {
      // A stream, not a serialised value: the untyped reply sends it as it is produced.
      const reply = typedReply as FastifyReply;
      const { head, body } = await offload(req.ctx, htcdsExportTask, req.query);
      reply.header('x-pulih-export-candidates', String(head.candidates)).header('cache-control', 'no-store');
      const csv = req.query.format === 'csv';
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="pulih-htcds.${csv ? 'csv' : 'json'}"`)
        .send(Readable.from(body));
    },
  });

  r.post('/api/exchange/htcds/imports', {
    bodyLimit: 50 * 1024 * 1024,
    schema: {
      operationId: 'exchange.htcds.import',
      summary: 'Import HTCDS 2.0 records (CSV, JSON or NDJSON) into the review queue',
      description:
        'Body: `text/csv` (header row of HTCDS field names), `application/json` (an array of records) or ' +
        '`application/x-ndjson`. Each record is validated (report: row, field, reason); valid ones wait in the ' +
        'agency’s review queue. Re-importing a record already queued counts it as a duplicate and changes ' +
        'nothing. A file that cannot be read leaves nothing queued. Audited.',
      tags,
      querystring: z.strictObject({}),
      consumes: ['text/csv', 'application/json', 'application/x-ndjson'],
      response: { 201: importSummary },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await importHtcds(req.ctx, formatOf(req.headers['content-type']), req.body)),
  });

  r.get('/api/exchange/htcds/imports/:id', {
    schema: {
      operationId: 'exchange.htcds.importReport',
      summary: 'An import’s progress and validation report (row, field, reason)',
      description:
        'The import of the caller’s own agency only (another agency’s import answers 404): status, counts of rows ' +
        'read, queued, duplicate and invalid, and each invalid row’s field and reason. Reading it is audited.',
      tags,
      params: idParam,
      response: { 200: importSummary },
    },
    handler: (req) => importReport(req.ctx, req.params.id),
  });

  r.get('/api/exchange/htcds/records', {
    schema: {
      operationId: 'exchange.htcds.records.list',
      summary: 'The review queue of imported records (identity fields left out)',
      description:
        'The caller’s agency’s queue only (reviewers with `exchange.review`), newest first, one cursor page at a ' +
        'time (`nextCursor`). Names, document numbers and other identity fields are never listed here.',
      tags,
      querystring: queueQuery,
      response: { 200: z.object({ items: z.array(queueItem), nextCursor: z.string().nullable() }) },
    },
    handler: (req) => listQueue(req.ctx, req.query),
  });

  r.post('/api/exchange/htcds/records/:id/accept', {
    config: { conflict: 'The record was accepted or rejected meanwhile.' },
    schema: {
      operationId: 'exchange.htcds.records.accept',
      summary: 'Accept an imported record into a new case of the reviewer’s agency',
      description:
        'A reviewer of the agency whose queue holds the record makes it a new case of that agency (validated as an ' +
        'intake is; a field the record lacks, such as the full name, may be given in the body), with the sender’s ' +
        'trafficking-status decision recorded as the sender’s. Only a pending record can be decided: a record accepted or rejected meanwhile answers 409 ' +
        '`record_already_decided` (checked inside the transaction, so of two reviewers only one wins). Audited.',
      tags,
      params: idParam,
      body: acceptSchema,
      response: { 200: decision },
    },
    handler: (req) => acceptRecord(req.ctx, req.params.id, req.body),
  });

  r.post('/api/exchange/htcds/records/:id/reject', {
    config: { conflict: 'The record was accepted or rejected meanwhile.' },
    schema: {
      operationId: 'exchange.htcds.records.reject',
      summary: 'Reject an imported record',
      description:
        'A reviewer of the agency whose queue holds the record rejects it with a reason; nothing else changes. A ' +
        'record accepted or rejected meanwhile answers 409 `record_already_decided`. Audited.',
      tags,
      params: idParam,
      body: rejectSchema,
      response: { 200: decision },
    },
    handler: (req) => rejectRecord(req.ctx, req.params.id, req.body),
  });
}
