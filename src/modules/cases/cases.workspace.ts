import { type Expression, sql } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { KeyRing } from '../../platform/crypto.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { taskTitle } from './cases.record.js';
import type { CaseRow, CaseTaskRow } from './cases.store.js';

/**
 * Case facts for the daily workspace (home page, approvals queue, team view): counts and the first few items,
 * each one indexed query within the caller's scope. Other modules narrow their own rows to the caller's cases
 * with `caseIdsInScope` (a subquery the database plans together with theirs), never by reading this table.
 */
type T = {
  cases: CaseRow;
  case_tasks: CaseTaskRow;
  case_members: { case_id: string; user_id: string; role: string; added_at: string };
};
const t = (db: Executor) => tables<T>(db);

/** The ids of the open cases the scope reaches, as a subquery (`where case_id in (…)`). */
export function caseIdsInScope(db: Executor, scope: ScopeFilter, f: { lateOnly?: boolean } = {}): Expression<string> {
  let q = t(db).selectFrom('cases as c').select('c.id').where('c.stage', '!=', 'closed');
  switch (scope.kind) {
    case 'agency':
      q = q.where('c.lead_agency_id', '=', scope.agencyId);
      break;
    case 'jurisdiction': {
      const { regionCode, agencyId } = scope;
      q = q.where((eb) =>
        eb.or([
          eb('c.region_code', '=', regionCode),
          eb('c.region_code', 'like', `${regionCode}.%`),
          eb('c.lead_agency_id', '=', agencyId),
        ]),
      );
      break;
    }
    case 'own': {
      const userId = scope.userId;
      q = q.where('c.id', 'in', (eb) =>
        eb.selectFrom('case_members as m').select('m.case_id').where('m.user_id', '=', userId),
      );
      break;
    }
    case 'all':
      break;
  }
  if (f.lateOnly) q = q.where('c.late_services', '>', 0);
  return q as unknown as Expression<string>;
}

/** Case numbers of some cases (for items shown on the home page and in queues). */
export async function caseNumbersOf(db: Executor, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await t(db).selectFrom('cases').select(['id', 'case_number']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.case_number]));
}

export interface TaskDue {
  taskId: string;
  caseId: string;
  title: string;
  kind: string;
  dueAt: string;
}

/** Open tasks due by `until` on the caller's cases (or assigned to the caller), soonest first. */
export async function tasksDue(
  db: Executor,
  scope: ScopeFilter,
  _userId: string,
  until: string,
  limit: number,
  keyring: KeyRing,
): Promise<{ count: number; items: TaskDue[] }> {
  const base = () =>
    t(db)
      .selectFrom('case_tasks as k')
      .where('k.status', '=', 'open')
      .where('k.due_at', '<=', until)
      // Tasks are assigned only to members of the case's team, so the caller's cases hold every task assigned to
      // them; one IN (no OR) lets the database walk the due-tasks index.
      .where('k.case_id', 'in', caseIdsInScope(db, scope));
  const [count, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    base()
      .select(['k.id', 'k.case_id', 'k.title', 'k.title_enc', 'k.kind', 'k.due_at'])
      .orderBy('k.due_at')
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      taskId: r.id,
      caseId: r.case_id,
      title: taskTitle(keyring, r),
      kind: r.kind,
      dueAt: r.due_at!,
    })),
  };
}

/** Late statutory services across the caller's cases: the sum of the per-case late counts (kept in step). */
export async function lateServiceCount(db: Executor, scope: ScopeFilter): Promise<number> {
  const row = await t(db)
    .selectFrom('cases')
    .select((eb) => eb.fn.sum<number>('late_services').as('n'))
    .where('id', 'in', caseIdsInScope(db, scope, { lateOnly: true }))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface ClosureAwaiting {
  caseId: string;
  caseNumber: string;
  requestedAt: string;
  reason: string | null;
}

/** Closure requests waiting for a supervisor, oldest first. */
export async function closuresAwaiting(
  db: Executor,
  scope: ScopeFilter,
  limit: number,
): Promise<{ count: number; items: ClosureAwaiting[] }> {
  const base = () =>
    t(db)
      .selectFrom('cases')
      .where('closure_requested_at', 'is not', null)
      .where('stage', '!=', 'closed')
      .where('id', 'in', caseIdsInScope(db, scope));
  const [count, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    base()
      .select(['id', 'case_number', 'closure_requested_at', 'closure_reason'])
      .orderBy('closure_requested_at')
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      caseId: r.id,
      caseNumber: r.case_number,
      requestedAt: r.closure_requested_at!,
      reason: r.closure_reason,
    })),
  };
}

export interface MemberCaseload {
  userId: string;
  openCases: number;
  lateServices: number;
  casesWithLateServices: number;
  openTasks: number;
  overdueTasks: number;
}

/** Each member's open cases, late services and open tasks on the agency's cases (one grouped query each). */
export async function caseloadsOf(
  db: Executor,
  agencyId: string,
  userIds: string[],
  now: string,
): Promise<Map<string, MemberCaseload>> {
  const out = new Map<string, MemberCaseload>(
    userIds.map((u) => [
      u,
      { userId: u, openCases: 0, lateServices: 0, casesWithLateServices: 0, openTasks: 0, overdueTasks: 0 },
    ]),
  );
  if (userIds.length === 0) return out;
  const [cases, tasks] = await Promise.all([
    t(db)
      .selectFrom('case_members as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .select((eb) => [
        'm.user_id',
        eb.fn.countAll().as('open_cases'),
        eb.fn.sum<number>('c.late_services').as('late'),
        eb.fn.sum<number>(sql<number>`case when c.late_services > 0 then 1 else 0 end`).as('late_cases'),
      ])
      .where('m.user_id', 'in', userIds)
      .where('c.stage', '!=', 'closed')
      .where('c.lead_agency_id', '=', agencyId)
      .groupBy('m.user_id')
      .execute(),
    t(db)
      .selectFrom('case_tasks')
      .select((eb) => [
        'assigned_user_id',
        eb.fn.countAll().as('open'),
        eb.fn.sum<number>(sql<number>`case when due_at < ${now} then 1 else 0 end`).as('overdue'),
      ])
      .where('assigned_user_id', 'in', userIds)
      .where('status', '=', 'open')
      .groupBy('assigned_user_id')
      .execute(),
  ]);
  for (const r of cases) {
    const m = out.get(r.user_id)!;
    m.openCases = Number(r.open_cases);
    m.lateServices = Number(r.late ?? 0);
    m.casesWithLateServices = Number(r.late_cases ?? 0);
  }
  for (const r of tasks) {
    const m = out.get(r.assigned_user_id!);
    if (!m) continue;
    m.openTasks = Number(r.open);
    m.overdueTasks = Number(r.overdue ?? 0);
  }
  return out;
}

export interface LeadTransferAwaiting {
  transferId: string;
  caseId: string;
  fromAgencyId: string;
  requestedAt: string;
}

/** Lead-agency transfers waiting for this agency's answer, oldest first. */
export async function leadTransfersAwaiting(
  db: Executor,
  agencyId: string,
  limit: number,
): Promise<{ count: number; items: LeadTransferAwaiting[] }> {
  const tt = tables<{
    case_lead_transfers: {
      id: string;
      case_id: string;
      from_agency_id: string;
      to_agency_id: string;
      status: string;
      requested_at: string;
    };
  }>(db);
  const base = () =>
    tt.selectFrom('case_lead_transfers').where('to_agency_id', '=', agencyId).where('status', '=', 'pending');
  const [count, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    base().select(['id', 'case_id', 'from_agency_id', 'requested_at']).orderBy('requested_at').limit(limit).execute(),
  ]);
  return {
    count: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      transferId: r.id,
      caseId: r.case_id,
      fromAgencyId: r.from_agency_id,
      requestedAt: r.requested_at,
    })),
  };
}
