import { type Executor, tables } from '../../platform/db/index.js';

export interface HtcdsImportRow {
  id: string;
  agency_id: string;
  format: string;
  status: 'running' | 'done' | 'failed';
  rows_read: number;
  rows_queued: number;
  rows_duplicate: number;
  rows_invalid: number;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}
export interface HtcdsImportIssueRow {
  import_id: string;
  row_number: number;
  field: string;
  reason: string;
  severity: 'error' | 'warning';
}
export interface HtcdsImportRecordRow {
  id: string;
  import_id: string;
  agency_id: string;
  row_number: number;
  source_key: string;
  payload_enc: string;
  status: 'pending' | 'accepted' | 'rejected';
  case_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}
type HtcdsTables = {
  htcds_imports: HtcdsImportRow;
  htcds_import_issues: HtcdsImportIssueRow;
  htcds_import_records: HtcdsImportRecordRow;
};
export const ht = (db: Executor) => tables<HtcdsTables>(db);

export async function insertImport(db: Executor, row: HtcdsImportRow) {
  await ht(db).insertInto('htcds_imports').values(row).execute();
}

export async function updateImport(db: Executor, id: string, patch: Partial<HtcdsImportRow>) {
  await ht(db).updateTable('htcds_imports').set(patch).where('id', '=', id).execute();
}

export async function selectImport(db: Executor, id: string) {
  return ht(db).selectFrom('htcds_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertIssues(db: Executor, rows: HtcdsImportIssueRow[]) {
  for (let i = 0; i < rows.length; i += 200)
    await ht(db)
      .insertInto('htcds_import_issues')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function selectIssues(db: Executor, importId: string, limit: number) {
  return ht(db)
    .selectFrom('htcds_import_issues')
    .select(['row_number', 'field', 'reason', 'severity'])
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .orderBy('field')
    .limit(limit)
    .execute();
}

/** Queues a record unless the agency already holds the same source record; true when it was queued. */
export async function queueRecord(db: Executor, row: HtcdsImportRecordRow): Promise<boolean> {
  const r = await ht(db)
    .insertInto('htcds_import_records')
    .values(row)
    .onConflict((oc) => oc.columns(['agency_id', 'source_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function deletePendingOfImport(db: Executor, importId: string) {
  await ht(db)
    .deleteFrom('htcds_import_records')
    .where('import_id', '=', importId)
    .where('status', '=', 'pending')
    .execute();
}

export async function selectQueue(
  db: Executor,
  f: { agencyId: string; status?: HtcdsImportRecordRow['status']; importId?: string; after?: string; limit: number },
) {
  let q = ht(db).selectFrom('htcds_import_records').selectAll().where('agency_id', '=', f.agencyId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.importId) q = q.where('import_id', '=', f.importId);
  if (f.after) q = q.where('id', '>', f.after);
  return q.orderBy('id').limit(f.limit).execute();
}

export async function selectRecord(db: Executor, id: string) {
  return ht(db).selectFrom('htcds_import_records').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Decides a pending record; false when it was decided meanwhile (the loser of two reviewers gets 409). */
export async function decideIfPending(
  db: Executor,
  id: string,
  patch: Pick<HtcdsImportRecordRow, 'status' | 'case_id' | 'decided_by' | 'decided_at'>,
): Promise<boolean> {
  const r = await ht(db)
    .updateTable('htcds_import_records')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
