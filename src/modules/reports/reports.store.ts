import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';

export interface ReportRow {
  id: string;
  kind: 'annual' | 'five_year';
  format: 'pdf' | 'xlsx';
  period_from: string;
  period_to: string;
  locale: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  requested_by: string;
  agency_id: string | null;
  scope: string;
  scheduled: number;
  content: Buffer | Uint8Array | null;
  bytes: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}
const t = (db: Executor) => tables<{ evaluation_reports: ReportRow }>(db);
const listed = [
  'id',
  'kind',
  'format',
  'period_from',
  'period_to',
  'locale',
  'status',
  'progress',
  'requested_by',
  'agency_id',
  'scope',
  'scheduled',
  'bytes',
  'error',
  'created_at',
  'finished_at',
] as const;

export async function insertReport(db: Executor, row: ReportRow) {
  await t(db).insertInto('evaluation_reports').values(row).execute();
}
export async function updateReport(db: Executor, id: string, patch: Partial<ReportRow>) {
  await t(db).updateTable('evaluation_reports').set(patch).where('id', '=', id).execute();
}
export async function selectReport(db: Executor, id: string) {
  return t(db).selectFrom('evaluation_reports').select(listed).where('id', '=', id).executeTakeFirst();
}
export async function selectReportContent(db: Executor, id: string) {
  return t(db).selectFrom('evaluation_reports').select(['content']).where('id', '=', id).executeTakeFirst();
}
/** The caller's reports and, for national viewers, the scheduled ones; newest first. */
export async function selectReports(
  db: Executor,
  f: { userId: string; national: boolean; before?: string; limit: number },
) {
  let q = t(db)
    .selectFrom('evaluation_reports')
    .select(listed)
    .where((eb) =>
      f.national
        ? eb.or([eb('requested_by', '=', f.userId), eb('scheduled', '=', 1)])
        : eb('requested_by', '=', f.userId),
    );
  if (f.before) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}
export async function scheduledReportExists(db: Executor, kind: string, format: string, from: string, to: string) {
  const row = await t(db)
    .selectFrom('evaluation_reports')
    .select('id')
    .where('scheduled', '=', 1)
    .where('kind', '=', kind as ReportRow['kind'])
    .where('format', '=', format as ReportRow['format'])
    .where('period_from', '=', from)
    .where('period_to', '=', to)
    .where('status', '!=', 'failed')
    .executeTakeFirst();
  return Boolean(row);
}
