import type { ExpressionBuilder } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import { type Executor, tables, updateIf } from '../../platform/db/index.js';
import { nextOverdueBatch } from '../../platform/jobs.js';

export interface TipRow {
  id: string;
  code_bidx: string;
  pow_hash: string | null;
  agency_id: string;
  status: string;
  version: number;
  urgency: string;
  is_child: number;
  held_now: number;
  near_border: number;
  region_code: string;
  happened_on: string | null;
  people_count: number | null;
  indicators: unknown;
  description_enc: string;
  reporter_person_id: string | null;
  reporter_relation: string | null;
  locale: string;
  assigned_to: string | null;
  group_id: string | null;
  case_id: string | null;
  referred_agency_id: string | null;
  outcome_note_enc: string | null;
  closure_reason: string | null;
  awaiting_reply: number;
  due_at: string;
  first_response_at: string | null;
  overdue_alerted_at: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}
export interface TipMessageRow {
  id: string;
  tip_id: string;
  author: 'staff' | 'reporter';
  body_enc: string;
  created_by: string | null;
  created_at: string;
}
interface TargetRow {
  urgency: string;
  hours: number;
  updated_by: string;
  updated_at: string;
}
type TipTables = { tips: TipRow; tip_messages: TipMessageRow; tip_response_targets: TargetRow };
const t = (db: Executor) => tables<TipTables>(db);

export const OPEN_STATUSES = ['new', 'in_review'] as const;

export async function insertTip(db: Executor, row: TipRow): Promise<void> {
  await t(db).insertInto('tips').values(row).execute();
}

export async function selectTip(db: Executor, id: string): Promise<TipRow | undefined> {
  return t(db).selectFrom('tips').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectTipByCode(db: Executor, codeBidx: string): Promise<TipRow | undefined> {
  return t(db).selectFrom('tips').selectAll().where('code_bidx', '=', codeBidx).executeTakeFirst();
}

export async function selectTipsByIds(db: Executor, ids: string[]): Promise<TipRow[]> {
  if (ids.length === 0) return [];
  return t(db).selectFrom('tips').selectAll().where('id', 'in', ids).execute();
}

/**
 * Changes a tip only if it is still at the version (and in one of the states) the caller read; false for the
 * loser of a race, who answers 409.
 */
export async function updateTipIf(
  db: Executor,
  id: string,
  expect: { version: number; statuses: readonly string[] },
  set: Partial<TipRow>,
): Promise<boolean> {
  const r = await t(db)
    .updateTable('tips')
    .set({ ...set, version: expect.version + 1 })
    .where('id', '=', id)
    .where('version', '=', expect.version)
    .where('status', 'in', [...expect.statuses])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The reporter's answer: no version (the reporter never sees one), only an open tip. */
export async function markReporterReplied(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await t(db)
    .updateTable('tips')
    .set((eb) => ({ awaiting_reply: 0, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '!=', 'closed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertTipMessage(db: Executor, row: TipMessageRow): Promise<void> {
  await t(db).insertInto('tip_messages').values(row).execute();
}

export async function selectTipMessages(db: Executor, tipId: string, limit = 200): Promise<TipMessageRow[]> {
  return t(db).selectFrom('tip_messages').selectAll().where('tip_id', '=', tipId).orderBy('id').limit(limit).execute();
}

export async function countReporterMessages(db: Executor, tipId: string): Promise<number> {
  const r = await t(db)
    .selectFrom('tip_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tip_id', '=', tipId)
    .where('author', '=', 'reporter')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface TipListFilter {
  scope: ScopeFilter;
  status?: string;
  open?: boolean;
  urgency?: string;
  assignedTo?: string;
  overdueAt?: string;
  after?: { rank: number; id: string };
  limit: number;
}

/** Urgent first, then high, then normal; oldest first inside an urgency (the queue order). */
const urgencyRank = (u: string) => (u === 'urgent' ? 0 : u === 'high' ? 1 : 2);

export { urgencyRank };

export async function selectTipQueue(db: Executor, f: TipListFilter): Promise<TipRow[]> {
  let q = t(db).selectFrom('tips').selectAll();
  const s = f.scope;
  if (s.kind === 'agency' || s.kind === 'jurisdiction')
    q = q.where((eb) =>
      eb.or([
        eb('agency_id', '=', s.agencyId),
        eb('referred_agency_id', '=', s.agencyId),
        ...(s.kind === 'jurisdiction'
          ? [eb('region_code', '=', s.regionCode), eb('region_code', 'like', `${s.regionCode}.%`)]
          : []),
      ]),
    );
  if (s.kind === 'own') q = q.where('assigned_to', '=', s.userId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.open === true) q = q.where('status', 'in', [...OPEN_STATUSES]);
  if (f.open === false) q = q.where('status', 'not in', [...OPEN_STATUSES]);
  if (f.urgency) q = q.where('urgency', '=', f.urgency);
  if (f.assignedTo) q = q.where('assigned_to', '=', f.assignedTo);
  if (f.overdueAt) q = q.where('first_response_at', 'is', null).where('due_at', '<', f.overdueAt);
  const rank = (eb: ExpressionBuilder<TipTables, 'tips'>) =>
    eb.case().when('urgency', '=', 'urgent').then(0).when('urgency', '=', 'high').then(1).else(2).end();
  if (f.after) {
    const a = f.after;
    q = q.where((eb) => eb.or([eb(rank(eb), '>', a.rank), eb.and([eb(rank(eb), '=', a.rank), eb('id', '>', a.id)])]));
  }
  return q
    .orderBy((eb) => rank(eb))
    .orderBy('id')
    .limit(f.limit)
    .execute();
}

export async function selectGroup(db: Executor, groupId: string): Promise<TipRow[]> {
  return t(db).selectFrom('tips').selectAll().where('group_id', '=', groupId).orderBy('id').limit(100).execute();
}

/** Tips of the same agency and regency reported within the window (candidates for "the same situation"). */
export async function selectNearby(
  db: Executor,
  tip: { id: string; agencyId: string; regionCode: string },
  from: string,
  to: string,
): Promise<TipRow[]> {
  return t(db)
    .selectFrom('tips')
    .selectAll()
    .where('agency_id', '=', tip.agencyId)
    .where('region_code', '=', tip.regionCode)
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .where('id', '!=', tip.id)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

export async function setGroup(db: Executor, ids: string[], groupId: string | null): Promise<void> {
  if (ids.length === 0) return;
  await t(db).updateTable('tips').set({ group_id: groupId }).where('id', 'in', ids).execute();
}

export async function selectTargets(db: Executor): Promise<TargetRow[]> {
  return t(db).selectFrom('tip_response_targets').selectAll().execute();
}

export async function upsertTarget(db: Executor, row: TargetRow): Promise<void> {
  await t(db)
    .insertInto('tip_response_targets')
    .values(row)
    .onConflict((oc) =>
      oc.column('urgency').doUpdateSet({ hours: row.hours, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

/** Tips nobody has responded to by their due time and nobody was alerted about, in due order. */
export async function selectUnalertedOverdue(
  db: Executor,
  now: string,
  after: { dueAt: string; id: string } | undefined,
  limit: number,
): Promise<TipRow[]> {
  const open = t(db).selectFrom('tips').selectAll().where('first_response_at', 'is', null);
  return nextOverdueBatch(open, now, after, limit);
}

export async function claimOverdue(db: Executor, id: string, at: string): Promise<boolean> {
  return updateIf(t(db), 'tips', { id, overdue_alerted_at: null, first_response_at: null }, { overdue_alerted_at: at });
}
