import type { Expression } from 'kysely';
import { type Executor, tables } from '../../platform/db/index.js';
import { openServiceStatuses } from './services.schema.js';
import type { ServiceRequestRow, ShelterStayRow } from './services.store.js';

/** Service facts for the daily workspace: statutory services late or soon due, services to record, stays ending. */
type T = { service_requests: ServiceRequestRow; shelter_stays: ShelterStayRow };
const t = (db: Executor) => tables<T>(db);
const open = [...openServiceStatuses];

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

/** The most overdue open statutory services among some cases (a subquery of cases with late services). */
export async function lateServiceItems(db: Executor, lateCases: Expression<string>, now: string, limit: number) {
  const rows = await t(db)
    .selectFrom('service_requests')
    .select(cols)
    .where('case_id', 'in', lateCases)
    .where('status', 'in', open)
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows.map(item);
}

/** Open statutory services falling due between now and `until` (not yet late) among some cases. */
export async function servicesDueSoon(
  db: Executor,
  cases: Expression<string>,
  now: string,
  until: string,
  limit: number,
): Promise<{ count: number; items: ServiceDue[] }> {
  // Not yet alerted as overdue: the overdue index (overdue_alerted_at, due_at) holds exactly these by due time.
  const base = () =>
    t(db)
      .selectFrom('service_requests')
      .where('overdue_alerted_at', 'is', null)
      .where('due_at', '>=', now)
      .where('due_at', '<=', until)
      .where('status', 'in', open)
      .where('case_id', 'in', cases);
  const [count, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    base().select(cols).orderBy('due_at').limit(limit).execute(),
  ]);
  return { count: Number(count?.n ?? 0), items: rows.map(item) };
}

/** Services this provider accepted and has still to record as delivered, soonest due first. */
export async function servicesToRecord(
  db: Executor,
  providerAgencyId: string,
  limit: number,
): Promise<{ count: number; items: ServiceDue[] }> {
  const base = () =>
    t(db)
      .selectFrom('service_requests')
      .where('provider_agency_id', '=', providerAgencyId)
      .where('status', 'in', ['accepted', 'in_progress']);
  const [count, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    base().select(cols).orderBy('due_at').limit(limit).execute(),
  ]);
  return { count: Number(count?.n ?? 0), items: rows.map((r) => ({ ...item(r), dueAt: r.due_at ?? '' })) };
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
  const base = () =>
    t(db)
      .selectFrom('shelter_stays')
      .where('facility_agency_id', '=', facilityAgencyId)
      .where('exit_at', 'is', null)
      .where('planned_exit_at', '<=', until);
  const [count, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    base()
      .select(['id', 'case_id', 'admitted_at', 'planned_exit_at', 'extended_count'])
      .orderBy('planned_exit_at')
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      stayId: r.id,
      caseId: r.case_id,
      admittedAt: r.admitted_at,
      plannedExitAt: r.planned_exit_at,
      extendedCount: Number(r.extended_count),
    })),
  };
}
