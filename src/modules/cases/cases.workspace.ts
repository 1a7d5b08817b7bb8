import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { KeyRing } from '../../platform/crypto.js';
import { type Bounded, type Executor, selectBounded, tables } from '../../platform/db/index.js';
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

/**
 * Counts on the home page stop here ("100+"): each is found from the rows that need an action, so a count
 * never walks more than this many matches, whatever the size of the caseload.
 */
export const COUNT_CAP = 100;

export type { Bounded };

/**
 * "This row's case is open and in the caller's scope", checked for one row at a time (a correlated EXISTS on
 * the case's primary key, and on the (case, user) key of its team for the own scope). A query finds its few
 * actionable rows through its own index first and asks this of each, so its cost follows those rows, not the
 * caller's caseload (a case worker of the bench holds 40% of a million cases).
 */
export type CaseCondition = (caseIdColumn: string) => RawBuilder<SqlBool>;
export function openCaseInScope(scope: ScopeFilter): CaseCondition {
  const onCase = scopeOnCase(scope, 'sc');
  return (caseIdColumn) =>
    sql<SqlBool>`exists (select 1 from cases sc where sc.id = ${sql.ref(caseIdColumn)} and sc.stage <> 'closed'${onCase})`;
}

/** The scope as a condition on a cases row under `alias` (empty for the national scope). */
function scopeOnCase(scope: ScopeFilter, alias: string): RawBuilder<unknown> {
  const c = sql.raw(alias);
  switch (scope.kind) {
    case 'agency':
      return sql` and ${c}.lead_agency_id = ${scope.agencyId}`;
    case 'jurisdiction':
      return sql` and (${c}.region_code = ${scope.regionCode} or ${c}.region_code like ${`${scope.regionCode}.%`} or ${c}.lead_agency_id = ${scope.agencyId})`;
    case 'own':
      return sql` and exists (select 1 from case_members scm where scm.case_id = ${c}.id and scm.user_id = ${scope.userId})`;
    case 'all':
      return sql``;
  }
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

/**
 * A caseload at or above this size is searched from the due tasks (latest due first, stopping at the cap); a
 * smaller one from its own cases' open tasks. Either way the work is bounded: a small caseload has few tasks, and
 * a large one holds enough of the recently due tasks that the cap is reached early. The crossover is where both
 * cost about the same at a million cases (√(cap × open cases) ≈ 4,000).
 */
const TASKS_BY_CASELOAD_BELOW = 4000;

/**
 * Open tasks due by `until` on the caller's open cases (tasks are assigned only to members of a case's team, and
 * unassigned follow-ups belong to the whole team), with a bounded count. Latest due first: what falls due today
 * comes before follow-ups missed long ago (open tasks of closed cases and old misses would otherwise fill the
 * first rows the index gives).
 */
export async function tasksDue(
  db: Executor,
  scope: ScopeFilter,
  until: string,
  limit: number,
  keyring: KeyRing,
): Promise<Bounded & { items: TaskDue[] }> {
  const caseload = await casesReached(db, scope);
  const inScope = openCaseInScope(scope);
  let q = t(db)
    .selectFrom('case_tasks as k')
    .select(['k.id', 'k.case_id', 'k.title', 'k.title_enc', 'k.kind', 'k.due_at'])
    // Literal, so SQLite can prove the partial indexes (status = 'open') apply.
    .where(sql<SqlBool>`k.status = 'open'`)
    .where('k.due_at', '<=', until);
  q =
    caseload < TASKS_BY_CASELOAD_BELOW
      ? q.where('k.case_id', 'in', caseIdsInScope(db, scope))
      : q.where(inScope('k.case_id'));
  return selectBounded(q.orderBy('k.due_at', 'desc'), COUNT_CAP, limit, (r) => ({
    taskId: r.id,
    caseId: r.case_id,
    title: taskTitle(keyring, r),
    kind: r.kind,
    dueAt: r.due_at!,
  }));
}

/**
 * How many cases (open or closed) the scope reaches, counted up to TASKS_BY_CASELOAD_BELOW (a bounded index range):
 * once per scope object (the home page's parts share one), however many parts ask, and remembered per user or
 * agency for a minute. The count only chooses a plan (both plans find the same tasks and late cases), and a
 * caseload crosses the threshold rarely; on PostgreSQL each query is a round trip that the tasks waited for before
 * they were asked (issue 8: one statement fewer on every home page).
 */
function casesReached(db: Executor, scope: ScopeFilter): Promise<number> {
  const known = reached.get(scope);
  if (known) return known;
  const key = scope.kind === 'own' ? `u:${scope.userId}` : scope.kind === 'agency' ? `a:${scope.agencyId}` : null;
  const remembered = key ? reachedRecently.get(key) : undefined;
  let counting: Promise<number>;
  if (remembered && remembered.db === db && remembered.until > Date.now()) counting = Promise.resolve(remembered.n);
  else {
    counting = countReached(db, scope, TASKS_BY_CASELOAD_BELOW);
    if (key)
      counting.then(
        (n) => {
          if (reachedRecently.size >= 10_000) reachedRecently.clear();
          reachedRecently.set(key, { db, n, until: Date.now() + REACHED_TTL_MS });
        },
        () => {},
      );
  }
  reached.set(scope, counting);
  return counting;
}
const reached = new WeakMap<ScopeFilter, Promise<number>>();
const REACHED_TTL_MS = 60_000;
const reachedRecently = new Map<string, { db: Executor; n: number; until: number }>();

async function countReached(db: Executor, scope: ScopeFilter, upTo: number): Promise<number> {
  const within =
    scope.kind === 'own'
      ? t(db)
          .selectFrom('case_members as m')
          .select('m.case_id as id')
          .where('m.user_id', '=', scope.userId)
          .limit(upTo)
      : scope.kind === 'agency'
        ? t(db).selectFrom('cases as c').select('c.id').where('c.lead_agency_id', '=', scope.agencyId).limit(upTo)
        : null;
  if (!within) return upTo;
  const row = await t(db)
    .selectFrom(within.as('x'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The caller's open cases with late statutory services, the most overdue first: the home page's late count (the
 * sum of the per-case late counts, kept in step by the services module, over at most COUNT_CAP cases) and the
 * first `limit` cases, whose late requests it lists (the most overdue requests are all among these cases: a case's
 * next deadline is its most overdue open request).
 *
 * One walk of the open cases whose next deadline has passed, in deadline order, through partial indexes that hold
 * open cases only (migration 0120: closed cases keep their undelivered requests, late counts and deadlines, and
 * filled the walks before), the scope checked on each row and stopping at the cap. A small own caseload is read
 * through its team rows instead. Every case with late services has a passed deadline; a case whose deadline has
 * just passed counts once the overdue job has counted it (as the case list's "late" filter).
 */
export async function lateCases(
  db: Executor,
  scope: ScopeFilter,
  now: string,
  limit: number,
): Promise<Bounded & { caseIds: string[] }> {
  let q = t(db)
    .selectFrom('cases as c')
    .select(['c.id', 'c.late_services'])
    // Literal, so SQLite can prove the partial indexes apply.
    .where(sql<SqlBool>`c.next_due_at is not null and c.stage <> 'closed'`)
    .where('c.next_due_at', '<', now);
  const small = scope.kind === 'own' && (await casesReached(db, scope)) < TASKS_BY_CASELOAD_BELOW;
  q =
    small && scope.kind === 'own'
      ? q.where('c.id', 'in', (eb) =>
          eb.selectFrom('case_members as m').select('m.case_id').where('m.user_id', '=', scope.userId),
        )
      : q.where(sql<SqlBool>`1 = 1${scopeOnCase(scope, 'c')}`);
  const rows = await q
    .orderBy('c.next_due_at')
    .orderBy('c.id')
    .limit(COUNT_CAP + 1)
    .execute();
  const counted = rows.slice(0, COUNT_CAP);
  return {
    count: counted.reduce((n, r) => n + Number(r.late_services), 0),
    capped: rows.length > COUNT_CAP,
    caseIds: counted.slice(0, limit).map((r) => r.id),
  };
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
): Promise<Bounded & { items: ClosureAwaiting[] }> {
  // The scope is a condition on the same row: the pending-closure partial index answers the agency scope.
  const query = t(db)
    .selectFrom('cases as c')
    .select(['c.id', 'c.case_number', 'c.closure_requested_at', 'c.closure_reason'])
    .where(sql<SqlBool>`c.closure_requested_at is not null and c.stage <> 'closed'${scopeOnCase(scope, 'c')}`)
    .orderBy('c.closure_requested_at');
  return selectBounded(query, Math.max(limit, COUNT_CAP), limit, (r) => ({
    caseId: r.id,
    caseNumber: r.case_number,
    requestedAt: r.closure_requested_at!,
    reason: r.closure_reason,
  }));
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
  // The count beside the first rows, in one statement (the window counts every pending row before the limit).
  const rows = await tt
    .selectFrom('case_lead_transfers')
    .where('to_agency_id', '=', agencyId)
    .where('status', '=', 'pending')
    .select(['id', 'case_id', 'from_agency_id', 'requested_at'])
    .select(sql<number>`count(*) over ()`.as('n'))
    .orderBy('requested_at')
    .limit(Math.max(limit, 1))
    .execute();
  return {
    count: Number(rows[0]?.n ?? 0),
    items: rows.slice(0, limit).map((r) => ({
      transferId: r.id,
      caseId: r.case_id,
      fromAgencyId: r.from_agency_id,
      requestedAt: r.requested_at,
    })),
  };
}
