import { type Expression, type SqlBool, sql } from 'kysely';
import { type Bounded, countWithFirst, type Executor, selectBounded, tables } from '../../platform/db/index.js';
import { openServiceStatuses } from './services.schema.js';
import type { ServiceRequestRow, ShelterStayRow } from './services.store.js';

/** Service facts for the daily workspace: statutory services late or soon due, services to record, stays ending. */
type T = { service_requests: ServiceRequestRow; shelter_stays: ShelterStayRow };
const t = (db: Executor) => tables<T>(db);
const open = [...openServiceStatuses];
/**
 * The open statuses as a literal (not parameters), so SQLite can prove that the open-services partial index
 * (service_requests_open_due_idx) applies: the home page walks only open services in due order.
 */
const isOpen = sql<SqlBool>`status in (${sql.join(open.map((v) => sql.lit(v)))})`;
/** "This row's case is open and in the caller's scope", one row at a time (cases' openCaseInScope). */
type InScope = (caseIdColumn: string) => Expression<SqlBool>;
/** Home page counts stop at this many ("100+"). */
const CAP = 100;

export interface ServiceDue {
  requestId: string;
  caseId: string;
  type: string;
  dueAt: string;
  status: string;
}
const item = (r: Pick<ServiceRequestRow, 'id' | 'case_id' | 'type' | 'due_at' | 'status'>): ServiceDue => ({
  requestId: r.id,
  caseId: r.case_id,
  type: r.type,
  dueAt: r.due_at!,
  status: r.status,
});
const cols = ['id', 'case_id', 'type', 'due_at', 'status'] as const;

/**
 * The most overdue open statutory services of some cases (the caller's open cases past their next deadline, most
 * overdue first: cases' lateCases), read through the requests' case index.
 */
export async function lateServiceItems(db: Executor, caseIds: string[], now: string, limit: number) {
  if (caseIds.length === 0) return [];
  const rows = await t(db)
    .selectFrom('service_requests')
    .select(cols)
    .where(isOpen)
    .where('case_id', 'in', caseIds)
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows.map(item);
}

/** Open statutory services falling due between now and `until` (not yet late) among the caller's cases. */
export async function servicesDueSoon(
  db: Executor,
  inScope: InScope,
  now: string,
  until: string,
  limit: number,
): Promise<Bounded & { items: ServiceDue[] }> {
  const query = t(db)
    .selectFrom('service_requests')
    .select(cols)
    .where(isOpen)
    .where('due_at', '>=', now)
    .where('due_at', '<=', until)
    .where('overdue_alerted_at', 'is', null)
    .where(inScope('service_requests.case_id'))
    .orderBy('due_at');
  return selectBounded(query, CAP, limit, item);
}

/** Services this provider accepted and has still to record as delivered, soonest due first. */
export async function servicesToRecord(
  db: Executor,
  providerAgencyId: string,
  limit: number,
): Promise<{ count: number; items: ServiceDue[] }> {
  const matching = () =>
    t(db)
      .selectFrom('service_requests')
      .where('provider_agency_id', '=', providerAgencyId)
      .where('status', 'in', ['accepted', 'in_progress']);
  return countWithFirst(
    matching,
    (q) => q.select(cols).orderBy('due_at').limit(limit),
    (r) => ({ ...item(r), dueAt: r.due_at ?? '' }),
  );
}

export interface StayEnding {
  stayId: string;
  caseId: string;
  admittedAt: string;
  plannedExitAt: string;
  extendedCount: number;
}

/** Open shelter stays at this facility whose planned exit falls before `until` (overstays included). */
export async function shelterStaysEnding(
  db: Executor,
  facilityAgencyId: string,
  until: string,
  limit: number,
): Promise<{ count: number; items: StayEnding[] }> {
  const matching = () =>
    t(db)
      .selectFrom('shelter_stays')
      .where('facility_agency_id', '=', facilityAgencyId)
      .where('exit_at', 'is', null)
      .where('planned_exit_at', '<=', until);
  return countWithFirst(
    matching,
    (q) =>
      q
        .select(['id', 'case_id', 'admitted_at', 'planned_exit_at', 'extended_count'])
        .orderBy('planned_exit_at')
        .limit(limit),
    (r) => ({
      stayId: r.id,
      caseId: r.case_id,
      admittedAt: r.admitted_at,
      plannedExitAt: r.planned_exit_at,
      extendedCount: Number(r.extended_count),
    }),
  );
}

/**
 * The next statutory deadline of each of some cases (a page of the case list): the open request due soonest,
 * one query through the open-services partial index (status as a literal so SQLite proves it applies).
 */
export async function nextDeadlinesOf(db: Executor, caseIds: string[]) {
  const out = new Map<string, { requestId: string; type: string; dueAt: string }>();
  if (caseIds.length === 0) return out;
  const rows = await t(db)
    .selectFrom('service_requests')
    .select(['id', 'case_id', 'type', 'due_at'])
    .where(isOpen)
    .where('due_at', 'is not', null)
    .where('case_id', 'in', caseIds)
    .orderBy('due_at')
    .execute();
  for (const r of rows)
    if (!out.has(r.case_id)) out.set(r.case_id, { requestId: r.id, type: r.type, dueAt: r.due_at! });
  return out;
}
