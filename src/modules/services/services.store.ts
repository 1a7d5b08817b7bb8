import { sql } from 'kysely';
import { type Executor, tables, updateIf } from '../../platform/db/index.js';
import { type DueCursor, nextOverdueBatch } from '../../platform/jobs.js';
import { openServiceStatuses, type ServiceStatus, type ServiceType } from './services.schema.js';

export interface ServicePlanRow {
  id: string;
  case_id: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}
export interface ServicePlanItemRow {
  id: string;
  plan_id: string;
  case_id: string;
  kind: 'goal' | 'action';
  goal_id: string | null;
  position: number;
  title_enc: string;
  status: string;
  due_on: string | null;
  created_at: string;
  updated_at: string;
}
export interface ServiceRequestRow {
  id: string;
  case_id: string;
  type: ServiceType;
  applicant: string;
  applied_at: string;
  due_at: string | null;
  /** The Art. 51–53 right a shelter or counselling request answers (migration 0020). */
  statutory_right: string | null;
  provider_agency_id: string;
  status: ServiceStatus;
  status_reason_enc: string | null;
  note_enc: string | null;
  delivered_at: string | null;
  closed_at: string | null;
  overdue_alerted_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface ShelterStayRow {
  id: string;
  case_id: string;
  facility_agency_id: string;
  admitted_at: string;
  planned_exit_at: string;
  extended_count: number;
  exit_at: string | null;
  exit_reason: string | null;
  exit_note_enc: string | null;
  /** When the case team was alerted that the stay passed its planned exit (migration 0020). */
  overstay_alerted_at?: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
type ServiceTables = {
  service_plans: ServicePlanRow;
  service_plan_items: ServicePlanItemRow;
  service_requests: ServiceRequestRow;
  shelter_stays: ShelterStayRow;
};
const t = (db: Executor) => tables<ServiceTables>(db);
const open = [...openServiceStatuses];

/* ---------- plans ---------- */

export async function selectPlan(db: Executor, caseId: string) {
  return t(db).selectFrom('service_plans').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}
export async function insertPlan(db: Executor, row: ServicePlanRow) {
  await t(db).insertInto('service_plans').values(row).execute();
}
export async function touchPlan(db: Executor, id: string, by: string, at: string) {
  await t(db).updateTable('service_plans').set({ updated_by: by, updated_at: at }).where('id', '=', id).execute();
}
export async function selectPlanItems(db: Executor, planId: string) {
  return t(db)
    .selectFrom('service_plan_items')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('position')
    .orderBy('id')
    .limit(50 * 51)
    .execute();
}
export async function deletePlanItems(db: Executor, planId: string) {
  await t(db).deleteFrom('service_plan_items').where('plan_id', '=', planId).execute();
}
export async function insertPlanItems(db: Executor, rows: ServicePlanItemRow[]) {
  // Chunks keep SQLite well under its bound-parameter limit.
  for (let i = 0; i < rows.length; i += 50) {
    await t(db)
      .insertInto('service_plan_items')
      .values(rows.slice(i, i + 50))
      .execute();
  }
}

/* ---------- requests ---------- */

export async function insertRequest(db: Executor, row: ServiceRequestRow) {
  await t(db).insertInto('service_requests').values(row).execute();
}
export async function selectRequest(db: Executor, id: string) {
  return t(db).selectFrom('service_requests').selectAll().where('id', '=', id).executeTakeFirst();
}
/** Several requests by id (for another module that has checked access to their case). */
export async function selectRequestsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return t(db).selectFrom('service_requests').selectAll().where('id', 'in', ids).execute();
}
/** Changes a request only if it is still in the status the caller read (a concurrent change loses). */
export async function updateRequestIfStatus(
  db: Executor,
  id: string,
  from: ServiceStatus,
  patch: Partial<ServiceRequestRow>,
): Promise<boolean> {
  return updateIf(t(db), 'service_requests', { id, status: from }, patch);
}

export interface RequestListFilter {
  caseId: string;
  late?: boolean;
  now: string;
  status?: ServiceStatus;
  type?: ServiceType;
  after?: string;
  limit: number;
}

/** One page of a case's requests, newest first (keyset on the UUIDv7 id). */
export async function selectRequests(db: Executor, f: RequestListFilter) {
  let q = t(db).selectFrom('service_requests').selectAll().where('case_id', '=', f.caseId);
  if (f.late === true) q = q.where('status', 'in', open).where('due_at', 'is not', null).where('due_at', '<', f.now);
  if (f.late === false)
    q = q.where((eb) => eb.or([eb('status', 'not in', open), eb('due_at', 'is', null), eb('due_at', '>=', f.now)]));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.after) q = q.where('id', '<', f.after);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Open requests of a case (the closure guard). */
export async function countOpenRequests(db: Executor, caseId: string): Promise<number> {
  const row = await t(db)
    .selectFrom('service_requests')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('case_id', '=', caseId)
    .where('status', 'in', open)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The due time of a case's open statutory request due soonest (the case list's deadline sort), or null. */
export async function selectNextDue(db: Executor, caseId: string): Promise<string | null> {
  const row = await t(db)
    .selectFrom('service_requests')
    .select((eb) => eb.fn.min('due_at').as('due'))
    .where('case_id', '=', caseId)
    .where('status', 'in', open)
    .where('due_at', 'is not', null)
    .executeTakeFirst();
  return (row?.due as string | null | undefined) ?? null;
}

/** Open requests of a case whose statutory due time has passed. */
export async function countLateRequests(db: Executor, caseId: string, now: string): Promise<number> {
  const row = await t(db)
    .selectFrom('service_requests')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('case_id', '=', caseId)
    .where('status', 'in', open)
    .where('due_at', 'is not', null)
    .where('due_at', '<', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The next batch of late requests nobody has been alerted about, in due order after a keyset position. */
export async function selectUnalertedLate(
  db: Executor,
  now: string,
  after: { dueAt: string; id: string } | undefined,
  limit: number,
) {
  const openRequests = t(db)
    .selectFrom('service_requests')
    .select(['id', 'case_id', 'type', 'due_at', 'status'])
    .where('due_at', 'is not', null)
    // Written as the literal of the partial index (migration 0116), so that SQLite can prove the index holds
    // every row asked for and walks only the open requests.
    .where(sql<boolean>`status in (${sql.join(open.map((v) => sql.lit(v)))})`);
  return nextOverdueBatch(openRequests, now, after, limit);
}

/** Claims a late request for alerting; false when another process (or run) already did. */
export async function claimOverdue(db: Executor, id: string, at: string): Promise<boolean> {
  return updateIf(
    t(db),
    'service_requests',
    { id, overdue_alerted_at: null, status: open },
    { overdue_alerted_at: at },
  );
}

/* ---------- shelter stays ---------- */

export async function insertStay(db: Executor, row: ShelterStayRow) {
  await t(db).insertInto('shelter_stays').values(row).execute();
}
export async function selectStay(db: Executor, id: string) {
  return t(db).selectFrom('shelter_stays').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function selectOpenStay(db: Executor, caseId: string) {
  return t(db)
    .selectFrom('shelter_stays')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('exit_at', 'is', null)
    .executeTakeFirst();
}
export async function updateOpenStay(db: Executor, id: string, patch: Partial<ShelterStayRow>): Promise<boolean> {
  const r = await t(db)
    .updateTable('shelter_stays')
    .set(patch)
    .where('id', '=', id)
    .where('exit_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function selectStays(db: Executor, caseId: string, after: string | undefined, limit: number) {
  let q = t(db).selectFrom('shelter_stays').selectAll().where('case_id', '=', caseId);
  if (after) q = q.where('id', '<', after);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Services delivered in a period by the given provider agencies (all when null): how many, and to how many
 * victims (distinct cases). Counts only, for cost-per-victim evaluation.
 */
export async function countDeliveredServices(
  db: Executor,
  agencyIds: string[] | null,
  from: string,
  to: string,
): Promise<{ victimsServed: number; servicesDelivered: number }> {
  if (agencyIds && agencyIds.length === 0) return { victimsServed: 0, servicesDelivered: 0 };
  let q = t(db)
    .selectFrom('service_requests')
    .select((eb) => [eb.fn.countAll<number>().as('services'), eb.fn.count<number>('case_id').distinct().as('victims')])
    .where('delivered_at', '>=', from)
    .where('delivered_at', '<', to);
  if (agencyIds) q = q.where('provider_agency_id', 'in', agencyIds);
  const r = await q.executeTakeFirst();
  return { victimsServed: Number(r?.victims ?? 0), servicesDelivered: Number(r?.services ?? 0) };
}

/** The next batch of open stays past their planned exit that nobody was alerted about, in planned-exit order. */
export async function selectUnalertedOverstays(db: Executor, now: string, after: DueCursor | undefined, limit: number) {
  const open = t(db)
    .selectFrom('shelter_stays')
    .select(['id', 'case_id', 'facility_agency_id', 'planned_exit_at'])
    .where('exit_at', 'is', null);
  return nextOverdueBatch(open, now, after, limit, { due: 'planned_exit_at', alerted: 'overstay_alerted_at' });
}

/** Claims an overstay for alerting; false when another process (or run) did, or the stay ended or moved meanwhile. */
export async function claimOverstay(db: Executor, id: string, plannedExitAt: string, at: string): Promise<boolean> {
  const open = { id, overstay_alerted_at: null, exit_at: null, planned_exit_at: plannedExitAt };
  return updateIf(t(db), 'shelter_stays', open, { overstay_alerted_at: at });
}
