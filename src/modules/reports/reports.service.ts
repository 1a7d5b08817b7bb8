/**
 * Task-force reports (Law 21/2007 Art. 58; Perpres 69/2008: annual report, five-year review) generated on demand
 * — a job row whose progress the client polls — or on a schedule (the annual report of the year just ended,
 * national, in both formats). Each generation and each download is audited.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { reportingDate } from '../../platform/time.js';
import { reportsAudit } from './reports.audit.js';
import { type ReportPeriod, reportTables } from './reports.content.js';
import { requireReporting } from './reports.policy.js';
import { renderPdf, renderXlsx } from './reports.render.js';
import type { TReport, TReportCreate } from './reports.schema.js';
import {
  insertReport,
  type ReportRow,
  selectReport,
  selectReportContent,
  selectReports,
  updateReport,
} from './reports.store.js';

type Listed = Omit<ReportRow, 'content'>;

const toReport = (r: Listed): TReport => ({
  id: r.id,
  kind: r.kind,
  format: r.format,
  from: r.period_from,
  to: r.period_to,
  locale: r.locale,
  status: r.status,
  progress: Number(r.progress),
  scheduled: Number(r.scheduled) === 1,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  bytes: r.bytes === null ? null : Number(r.bytes),
});

export function periodOfReport(kind: TReportCreate['kind'], year: number): ReportPeriod {
  const first = kind === 'five_year' ? year - 4 : year;
  const years = Array.from({ length: year - first + 1 }, (_, i) => first + i);
  return { from: `${first}-01-01`, to: `${year}-12-31`, years };
}

const titles = {
  id: { annual: 'Laporan tahunan Gugus Tugas PP-TPPO', five_year: 'Tinjauan lima tahun Gugus Tugas PP-TPPO' },
  en: { annual: 'Task force annual report (PP-TPPO)', five_year: 'Task force five-year review (PP-TPPO)' },
} as const;

/** Computes the tables with the requester's context and stores the file; progress is written as it goes. */
async function runReport(ctx: Context, row: ReportRow): Promise<void> {
  const db = ctx.database.db;
  try {
    await updateReport(db, row.id, { status: 'running', progress: 0 });
    const year = Number(row.period_to.slice(0, 4));
    const period = periodOfReport(row.kind, year);
    const locale = row.locale === 'en' ? 'en' : 'id';
    const tables = await reportTables(ctx, row.kind, locale, period, (progress) =>
      updateReport(db, row.id, { progress: Math.min(progress, 95) }),
    );
    const meta = {
      title: titles[locale][row.kind],
      subtitle: `${period.from} – ${period.to} · ${row.scope} · Pulih ${reportingDate(ctx.clock.now())}`,
    };
    const content = row.format === 'pdf' ? await renderPdf(meta, tables) : await renderXlsx(meta, tables);
    await updateReport(db, row.id, {
      status: 'done',
      progress: 100,
      content,
      bytes: content.length,
      finished_at: ctx.clock.now().toISOString(),
    });
  } catch (error) {
    ctx.log.error(
      { err: { message: error instanceof Error ? error.message : String(error) }, report: row.id },
      'report failed',
    );
    await updateReport(db, row.id, {
      status: 'failed',
      error: 'generation_failed',
      finished_at: ctx.clock.now().toISOString(),
    });
  }
}

/** Queues a report and starts it in the background; the answer carries the job row to poll. */
export async function generateReport(
  ctx: Context,
  input: TReportCreate,
  options: { scheduled?: boolean; wait?: boolean } = {},
): Promise<TReport> {
  const who = await requireReporting(ctx);
  const period = periodOfReport(input.kind, input.year);
  const row: ReportRow = {
    id: uuidv7(),
    kind: input.kind,
    format: input.format,
    period_from: period.from,
    period_to: period.to,
    locale: input.locale,
    status: 'queued',
    progress: 0,
    requested_by: who.userId,
    agency_id: ctx.actor?.agencyId || null,
    scope: who.scope.kind,
    scheduled: options.scheduled ? 1 : 0,
    content: null,
    bytes: null,
    error: null,
    created_at: ctx.clock.now().toISOString(),
    finished_at: null,
  };
  await transact(ctx, async (tx) => {
    await insertReport(tx, row);
    await appendAudit(tx, ctx, {
      ...reportsAudit.generate,
      entityId: row.id,
      details: {
        kind: row.kind,
        format: row.format,
        from: row.period_from,
        to: row.period_to,
        scope: row.scope,
        scheduled: row.scheduled === 1,
      },
    });
  });
  const run = runReport(ctx, row);
  if (options.wait) await run;
  return toReport((await selectReport(ctx.database.db, row.id))!);
}

const cursorShape = z.tuple([z.string()]);

export async function listReports(ctx: Context, q: { limit: number; cursor?: string }) {
  const who = await requireReporting(ctx);
  const after = decodeCursor(q.cursor, cursorShape);
  const rows = await selectReports(ctx.database.db, {
    userId: who.userId,
    national: who.national,
    before: after?.[0],
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map(toReport);
  return { items, nextCursor: rows.length > q.limit ? encodeCursor([items.at(-1)!.id]) : null };
}

/** The finished file, to its requester (or a national viewer for scheduled reports); audited. 404 otherwise. */
export async function downloadReport(ctx: Context, id: string) {
  const who = await requireReporting(ctx);
  const row = await selectReport(ctx.database.db, id);
  const visible = row && (row.requested_by === who.userId || (Number(row.scheduled) === 1 && who.national));
  if (!row || !visible || row.status !== 'done') throw notFound();
  const content = (await selectReportContent(ctx.database.db, id))?.content;
  if (!content) throw notFound();
  await transact(ctx, (tx) =>
    appendAudit(tx, ctx, {
      ...reportsAudit.download,
      entityId: id,
      details: {
        kind: row.kind,
        format: row.format,
        from: row.period_from,
        to: row.period_to,
        bytes: Number(row.bytes),
      },
    }),
  );
  const filename = `pulih-${row.kind}-${row.period_to.slice(0, 4)}.${row.format}`;
  const type =
    row.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return { filename, type, content: Buffer.from(content) };
}
