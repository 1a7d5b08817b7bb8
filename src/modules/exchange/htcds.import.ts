/**
 * HTCDS 2.0 bulk import: a CSV or JSON file read as a stream, every record validated against the standard's
 * field names and picklists (report: row, field, reason), valid records queued (encrypted) for a reviewer of
 * the receiving agency. A record already queued by an earlier import of the same source is counted as a
 * duplicate, so re-importing a file changes nothing. The incoming-referral fields are filled from the sender.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { canonicalJson } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { reportingDate } from '../../platform/time.js';
import { audit } from './exchange.audit.js';
import { importScope } from './exchange.policy.js';
import { csvRowToInput, type HtcdsRecord, type RecordIssue, validateRecord } from './htcds.mapping.js';
import {
  deletePendingOfImport,
  type HtcdsImportIssueRow,
  type HtcdsImportRow,
  insertImport,
  insertIssues,
  queueRecord,
  selectImport,
  selectIssues,
  updateImport,
} from './htcds.store.js';

export type ImportFormat = 'csv' | 'json' | 'ndjson';
/** Records per transaction: the import's progress is visible at this step. */
const BATCH = 500;
/** A file larger than this many records is refused (split it): keeps one import reviewable. */
export const MAX_IMPORT_ROWS = 200_000;
const MAX_REPORTED_ISSUES = 5000;

/** The records of an upload, numbered from 1 (the first record after a CSV header). */
async function* recordsOf(format: ImportFormat, body: unknown): AsyncGenerator<Record<string, unknown> | null> {
  if (format === 'json') {
    const list = Array.isArray(body) ? body : (body as { records?: unknown })?.records;
    if (!Array.isArray(list))
      throw new AppError('validation', 'validation', {}, [{ field: 'records', code: 'invalid' }]);
    for (const item of list)
      yield typeof item === 'object' && item !== null && !Array.isArray(item)
        ? (item as Record<string, unknown>)
        : null;
    return;
  }
  const stream = body as Readable;
  if (format === 'csv') {
    const parser = stream.pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, max_record_size: 100_000 }),
    );
    for await (const row of parser) yield csvRowToInput(row as Record<string, string>);
    return;
  }
  // NDJSON: one JSON object a line.
  let rest = '';
  for await (const chunk of stream) {
    rest += chunk.toString('utf8');
    if (rest.length > 1_000_000 && !rest.includes('\n')) throw new Error('line too long');
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) yield parseLine(line);
  }
  if (rest.trim()) yield parseLine(rest);
}

/** One NDJSON line as a record; null when it is not a JSON object (reported, the import goes on). */
function parseLine(line: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The incoming-referral fields (HTCDS "Referral Details") of a record received from its sender. */
function withIncomingReferral(record: HtcdsRecord, today: string): HtcdsRecord {
  const out = { ...record };
  if (out.cas_ReferringOrganisation === undefined && typeof out.org_Name === 'string')
    out.cas_ReferringOrganisation = out.org_Name;
  if (out.cas_IncomingReferralDate === undefined)
    out.cas_IncomingReferralDate = (out.cas_OutgoingReferralDate as string | undefined) ?? today;
  if (out.cas_ReasonForIncomingReferral === undefined)
    out.cas_ReasonForIncomingReferral = (out.cas_ReasonForOutgoingReferral as string | undefined) ?? 'Other';
  return out;
}

/** The key that makes a re-import idempotent: the sender's record id, or the record's content. */
function sourceKey(ctx: Context, record: HtcdsRecord): string {
  const basis =
    typeof record.pulih_RecordId === 'string'
      ? `id|${String(record.org_Name ?? '')}|${record.pulih_RecordId}`
      : `content|${canonicalJson(record)}`;
  return ctx.keyring.blindIndex('htcds.source', basis);
}

export const importView = (row: HtcdsImportRow) => ({
  id: row.id,
  format: row.format,
  status: row.status,
  rowsRead: row.rows_read,
  rowsQueued: row.rows_queued,
  rowsDuplicate: row.rows_duplicate,
  rowsInvalid: row.rows_invalid,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/** Runs one import to the end; a file that cannot be read leaves no queued record behind. */
export async function importHtcds(ctx: Context, format: ImportFormat, body: unknown) {
  const actor = requireActor(ctx);
  await importScope(ctx);
  const now = ctx.clock.now().toISOString();
  // An HTCDS date is a date in the reporting zone (platform/time.ts), as the export writes them.
  const today = reportingDate(now);
  const row: HtcdsImportRow = {
    id: uuidv7(),
    agency_id: actor.agencyId,
    format,
    status: 'running',
    rows_read: 0,
    rows_queued: 0,
    rows_duplicate: 0,
    rows_invalid: 0,
    created_by: actor.userId,
    created_at: now,
    finished_at: null,
  };
  await transact(ctx, async (tx) => {
    await insertImport(tx, row);
    await audit(tx, ctx, 'htcdsImport', row.id, {
      format,
      phase: 'started',
      serviceAccountId: actor.serviceAccount?.id ?? null,
    });
  });
  let batch: { n: number; record?: HtcdsRecord; issues: RecordIssue[] }[] = [];
  let reported = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    await transact(ctx, async (tx) => {
      const issues: HtcdsImportIssueRow[] = [];
      for (const item of pending) {
        for (const issue of item.issues)
          if (reported++ < MAX_REPORTED_ISSUES) issues.push({ import_id: row.id, row_number: item.n, ...issue });
        if (!item.record) {
          row.rows_invalid++;
          continue;
        }
        const id = uuidv7();
        const queued = await queueRecord(tx, {
          id,
          import_id: row.id,
          agency_id: actor.agencyId,
          row_number: item.n,
          source_key: sourceKey(ctx, item.record),
          payload_enc: ctx.keyring.encrypt(
            'htcds_import_records',
            'payload_enc',
            id,
            JSON.stringify(withIncomingReferral(item.record, today)),
          ),
          status: 'pending',
          case_id: null,
          decided_by: null,
          decided_at: null,
          created_at: now,
        });
        if (queued) row.rows_queued++;
        else row.rows_duplicate++;
      }
      await insertIssues(tx, issues);
      await updateImport(tx, row.id, {
        rows_read: row.rows_read,
        rows_queued: row.rows_queued,
        rows_duplicate: row.rows_duplicate,
        rows_invalid: row.rows_invalid,
      });
    });
  };
  try {
    for await (const input of recordsOf(format, body)) {
      row.rows_read++;
      if (row.rows_read > MAX_IMPORT_ROWS)
        throw new AppError('validation', 'import_too_large', { max: MAX_IMPORT_ROWS });
      const { record, issues } = input
        ? validateRecord(input)
        : { record: undefined, issues: [{ field: '*', reason: 'not_an_object', severity: 'error' as const }] };
      const invalid = issues.some((i) => i.severity === 'error');
      batch.push({ n: row.rows_read, record: invalid ? undefined : record, issues });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  } catch (error) {
    // Nothing of a file that could not be read stays in the queue; the failed import and its reason stay reported.
    await transact(ctx, async (tx) => {
      await deletePendingOfImport(tx, row.id);
      await updateImport(tx, row.id, { status: 'failed', finished_at: ctx.clock.now().toISOString() });
      await audit(tx, ctx, 'htcdsImport', row.id, { format, phase: 'failed', rowsRead: row.rows_read });
    });
    if (error instanceof AppError) throw error;
    throw new AppError('validation', 'import_unreadable', {}, [{ field: 'body', code: 'invalid' }]);
  }
  row.status = 'done';
  row.finished_at = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await updateImport(tx, row.id, { status: 'done', finished_at: row.finished_at });
    await audit(tx, ctx, 'htcdsImport', row.id, {
      format,
      phase: 'done',
      rowsRead: row.rows_read,
      rowsQueued: row.rows_queued,
      rowsDuplicate: row.rows_duplicate,
      rowsInvalid: row.rows_invalid,
    });
  });
  return { ...importView(row), issues: await reportIssues(ctx, row.id, 100) };
}

async function reportIssues(ctx: Context, importId: string, limit: number) {
  return (await selectIssues(ctx.database.db, importId, limit)).map((i) => ({
    row: i.row_number,
    field: i.field,
    reason: i.reason,
    severity: i.severity,
  }));
}

/** The validation report of one of the caller's agency's imports (progress while it runs). */
export async function importReport(ctx: Context, id: string) {
  const actor = requireActor(ctx);
  await importScope(ctx);
  const row = await selectImport(ctx.database.db, id);
  if (!row || row.agency_id !== actor.agencyId) throw notFound();
  // A token sees only the imports it made itself.
  if (actor.serviceAccount && row.created_by !== actor.userId) throw notFound();
  await transact(ctx, (tx) => audit(tx, ctx, 'htcdsImportReport', id, {}));
  return { ...importView(row), issues: await reportIssues(ctx, id, MAX_REPORTED_ISSUES) };
}
