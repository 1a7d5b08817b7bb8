import { type Executor, tables } from '../../platform/db/index.js';

export interface ScreeningToolRow {
  version: number;
  definition: unknown;
  created_at: string;
}

export interface ScreeningRow {
  id: string;
  case_id: string;
  tool_version: number;
  /** 1 when the child rule applied (the case's child flag when screened). */
  is_child: number;
  answers: unknown;
  acts: unknown;
  dimension_results: unknown;
  presumed_victim: number;
  recommendation: string;
  notes_enc: string | null;
  created_by: string;
  created_at: string;
  decision_status: string | null;
  decided_by_org: string | null;
  rationale_enc: string | null;
  decided_by: string | null;
  decided_at: string | null;
  approval_status: 'pending' | 'approved' | 'rejected' | null;
  approved_by: string | null;
  approved_at: string | null;
  approval_note_enc: string | null;
}

type ScreeningTables = { screening_tools: ScreeningToolRow; screenings: ScreeningRow };
const t = (db: Executor) => tables<ScreeningTables>(db);

/** Stores a tool version unless it is already there (stored versions never change). */
export async function insertToolIfMissing(db: Executor, row: ScreeningToolRow) {
  await t(db)
    .insertInto('screening_tools')
    .values(row)
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
}

export async function selectTool(db: Executor, version: number) {
  return t(db).selectFrom('screening_tools').selectAll().where('version', '=', version).executeTakeFirst();
}

export async function selectCurrentTool(db: Executor) {
  return t(db).selectFrom('screening_tools').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function insertScreening(db: Executor, row: ScreeningRow) {
  await t(db).insertInto('screenings').values(row).execute();
}

export async function selectScreening(db: Executor, id: string) {
  return t(db).selectFrom('screenings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The case's screenings, newest first (UUIDv7 ids sort by creation). */
export async function selectScreenings(db: Executor, caseId: string, before: string | undefined, limit: number) {
  let q = t(db).selectFrom('screenings').selectAll().where('case_id', '=', caseId);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function selectLatestScreeningId(db: Executor, caseId: string): Promise<string | undefined> {
  const row = await t(db)
    .selectFrom('screenings')
    .select('id')
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Records a decision unless one is pending or approved (returns false when another request won). */
export async function updateDecision(db: Executor, id: string, patch: Partial<ScreeningRow>): Promise<boolean> {
  const r = await t(db)
    .updateTable('screenings')
    .set(patch)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('approval_status', 'is', null), eb('approval_status', '=', 'rejected')]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Approves or rejects a pending decision (returns false when it is no longer pending). */
export async function updateApproval(db: Executor, id: string, patch: Partial<ScreeningRow>): Promise<boolean> {
  const r = await t(db)
    .updateTable('screenings')
    .set(patch)
    .where('id', '=', id)
    .where('approval_status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
