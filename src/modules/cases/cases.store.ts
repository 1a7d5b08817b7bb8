import { sql } from 'kysely';
import { type Executor, tables, updateIf } from '../../platform/db/index.js';
import { nextOverdueBatch } from '../../platform/jobs.js';
import type { CaseStage } from './cases.schema.js';

export interface CaseRow {
  id: string;
  case_number: string;
  /** The number's sequence part (00042 → 42), for lookups by the sequence alone; null before migration 0051 backfilled it. */
  case_seq?: number | null;
  lead_agency_id: string;
  person_id: string;
  region_code: string | null;
  stage: CaseStage;
  stage_changed_at: string;
  is_child: number;
  /** What the child flag rests on (child-status.ts; migration 0020). */
  child_basis?: string | null;
  referral_source: string;
  intake_at: string;
  identified_at: string | null;
  closed_at: string | null;
  trafficking_status: string | null;
  status_decided_by_org: string | null;
  status_decided_at: string | null;
  risk_level: string | null;
  relationship_to_trafficker: string | null;
  forced_labour_industry: string | null;
  exploitation_country: string | null;
  age_when_trafficked: number | null;
  late_services: number;
  /** Due time of the open statutory service request due soonest, kept by the services module (migration 0095). */
  next_due_at?: string | null;
  summary_enc: string | null;
  closure_reason: string | null;
  closure_note_enc: string | null;
  closure_requested_by: string | null;
  closure_requested_at: string | null;
  closure_from_stage: string | null;
  reopened_count: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CaseAttributeRow {
  case_id: string;
  attribute: string;
  value: string;
}

export interface CaseMemberRow {
  case_id: string;
  user_id: string;
  role: string;
  added_at: string;
}

export interface CaseEventRow {
  id: string;
  case_id: string;
  type: string;
  country_code: string;
  region_code: string | null;
  city: string | null;
  started_on: string | null;
  ended_on: string | null;
  description_enc: string | null;
  created_at: string;
}

export interface CaseNoteRow {
  id: string;
  case_id: string;
  author_user_id: string;
  sensitivity: 'normal' | 'sensitive' | 'restricted';
  body_enc: string;
  created_at: string;
}

export interface CaseTaskRow {
  id: string;
  case_id: string;
  /** Emptied since migration 0070: the title is in title_enc (it may name a person or a place). */
  title: string;
  title_enc?: string | null;
  kind: string;
  due_at: string | null;
  assigned_user_id: string | null;
  status: 'open' | 'done' | 'cancelled';
  done_at: string | null;
  /** When the team was alerted that the task passed its due time (migration 0020; risk responses). */
  overdue_alerted_at?: string | null;
  created_by: string;
  created_at: string;
}

export interface CaseTimelineRow {
  id: string;
  case_id: string;
  at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  kind: string;
  params: unknown;
}

export interface CaseRelativeRow {
  case_id: string;
  person_id: string;
  relationship: string;
  is_contact: number;
  threatened: number;
  /** Recorded as a suspect in the case, or related to the trafficker (migration 0020): never a consenting guardian. */
  suspect?: number;
  related_to_trafficker?: number;
  added_at: string;
}

export interface CaseLeadTransferRow {
  id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  reason_enc: string;
  status: 'awaiting_approval' | 'pending' | 'accepted' | 'declined' | 'cancelled';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decline_reason_enc: string | null;
  /** The consent the transfer travels under (required abroad: cross_border_transfer naming the agency). */
  consent_id: string | null;
  /** JSON array of the identity field groups the receiving agency gets; null: none. */
  identity_groups: string | null;
  /** The sending agency's supervisor who approved it (the requester, when a supervisor). */
  approved_by: string | null;
  approved_at: string | null;
}

interface CaseCounterRow {
  agency_id: string;
  year: number;
  last_seq: number;
}

export type CaseTables = {
  cases: CaseRow;
  case_attributes: CaseAttributeRow;
  case_members: CaseMemberRow;
  case_events: CaseEventRow;
  case_notes: CaseNoteRow;
  case_tasks: CaseTaskRow;
  case_timeline: CaseTimelineRow;
  case_counters: CaseCounterRow;
  case_relatives: CaseRelativeRow;
  case_lead_transfers: CaseLeadTransferRow;
  /** The victim's keyed name tokens per case (migration 0144): the list's name search walks them in case order. */
  case_name_tokens: { token: string; case_id: string };
};

export const t = (db: Executor) => tables<CaseTables>(db);

/** Next number in the agency's yearly sequence (the row lock serialises concurrent intakes). */
export async function nextCaseSeq(db: Executor, agencyId: string, year: number): Promise<number> {
  const updated = await t(db)
    .updateTable('case_counters')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .returning('last_seq')
    .executeTakeFirst();
  if (updated) return Number(updated.last_seq);
  await t(db).insertInto('case_counters').values({ agency_id: agencyId, year, last_seq: 1 }).execute();
  return 1;
}

export async function insertCase(db: Executor, row: CaseRow) {
  await t(db).insertInto('cases').values(row).execute();
}

/** Replaces the name postings of some cases with the victim's keyed name tokens (the same for each case). */
export async function replaceCaseNameTokens(db: Executor, caseIds: readonly string[], tokens: readonly string[]) {
  if (caseIds.length === 0) return;
  await t(db).deleteFrom('case_name_tokens').where('case_id', 'in', caseIds).execute();
  const rows = caseIds.flatMap((case_id) => tokens.map((token) => ({ token, case_id })));
  if (rows.length > 0)
    await t(db)
      .insertInto('case_name_tokens')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/**
 * The hook `persons.nameTokensChanged`: a person's name tokens were written (intake, a name correction, the start-up
 * re-index, an erasure), so her cases' name postings follow, in the same transaction.
 */
export async function personNameTokensChanged(tx: Executor, personId: string, tokens: readonly string[]) {
  const cases = await t(tx).selectFrom('cases').select('id').where('person_id', '=', personId).execute();
  await replaceCaseNameTokens(
    tx,
    cases.map((c) => c.id),
    tokens,
  );
}

export async function selectCase(db: Executor, id: string) {
  return t(db).selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A case and its team (user and role, in the order they joined) in one query: loading a case in scope needs both,
 * and on PostgreSQL each query is a round trip (issue 8). A case without members gives one row of nulls for them.
 */
export async function selectCaseWithMembers(
  db: Executor,
  id: string,
): Promise<{ row: CaseRow; members: { user_id: string; role: string }[] } | undefined> {
  const rows = await t(db)
    .selectFrom('cases as c')
    .leftJoin('case_members as m', 'm.case_id', 'c.id')
    .selectAll('c')
    .select(['m.user_id as member_user_id', 'm.role as member_role'])
    .where('c.id', '=', id)
    .orderBy('m.added_at')
    .execute();
  const [first] = rows;
  if (!first) return undefined;
  const { member_user_id: _u, member_role: _r, ...row } = first;
  const members = rows.flatMap((r) =>
    r.member_user_id === null ? [] : [{ user_id: r.member_user_id, role: r.member_role as string }],
  );
  return { row: row as CaseRow, members };
}

export async function selectCasesByIds(db: Executor, ids: string[]) {
  return t(db).selectFrom('cases').selectAll().where('id', 'in', ids).execute();
}

/** What the access rule needs of each case (lead agency, region), for checking a page of cases at once. */
export async function selectCaseScopes(db: Executor, ids: string[]) {
  return t(db).selectFrom('cases').select(['id', 'lead_agency_id', 'region_code']).where('id', 'in', ids).execute();
}

/** Each case's team, for the `own` scope of a page of cases. */
export async function selectMembersOfCases(db: Executor, caseIds: string[]): Promise<Map<string, string[]>> {
  const rows = await t(db)
    .selectFrom('case_members')
    .select(['case_id', 'user_id'])
    .where('case_id', 'in', caseIds)
    .execute();
  const teams = new Map<string, string[]>();
  for (const r of rows) teams.set(r.case_id, [...(teams.get(r.case_id) ?? []), r.user_id]);
  return teams;
}

export async function updateCaseRow(db: Executor, id: string, patch: Partial<CaseRow>) {
  await t(db).updateTable('cases').set(patch).where('id', '=', id).execute();
}

/**
 * What a change of a case expects it still to be when the change is written. `stage: 'open'` means any stage
 * but closed; `closureRequestedAt: null` means no closure pending, a string that very request.
 */
export interface CaseExpectation {
  stage: CaseStage | 'open';
  closureRequestedAt?: string | null;
  closedAt?: string | null;
  leadAgencyId?: string;
  traffickingStatuses?: readonly string[];
}

/**
 * Changes a case only if it is still as the caller read it (a concurrent change loses: on PostgreSQL the
 * second writer waits for the row lock, then finds the condition false). Also takes the case's row lock for
 * the rest of the transaction, so every change of one case is serialised. True when the row changed.
 */
export async function updateCaseIf(
  db: Executor,
  id: string,
  expect: CaseExpectation,
  patch: Partial<CaseRow>,
): Promise<boolean> {
  let q = t(db).updateTable('cases').set(patch).where('id', '=', id);
  q = expect.stage === 'open' ? q.where('stage', '!=', 'closed') : q.where('stage', '=', expect.stage);
  if (expect.closureRequestedAt === null) q = q.where('closure_requested_at', 'is', null);
  else if (expect.closureRequestedAt !== undefined) q = q.where('closure_requested_at', '=', expect.closureRequestedAt);
  if (expect.closedAt === null) q = q.where('closed_at', 'is', null);
  else if (expect.closedAt !== undefined) q = q.where('closed_at', '=', expect.closedAt);
  if (expect.leadAgencyId !== undefined) q = q.where('lead_agency_id', '=', expect.leadAgencyId);
  if (expect.traffickingStatuses) q = q.where('trafficking_status', 'in', [...expect.traffickingStatuses]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function selectAttributes(db: Executor, caseId: string) {
  return t(db)
    .selectFrom('case_attributes')
    .select(['attribute', 'value'])
    .where('case_id', '=', caseId)
    .orderBy('attribute')
    .orderBy('value')
    .execute();
}

export async function replaceAttribute(db: Executor, caseId: string, attribute: string, values: readonly string[]) {
  await t(db).deleteFrom('case_attributes').where('case_id', '=', caseId).where('attribute', '=', attribute).execute();
  if (values.length > 0) {
    await t(db)
      .insertInto('case_attributes')
      .values([...new Set(values)].map((value) => ({ case_id: caseId, attribute, value })))
      .execute();
  }
}

export async function selectMembers(db: Executor, caseId: string) {
  return t(db)
    .selectFrom('case_members')
    .select(['user_id', 'role'])
    .where('case_id', '=', caseId)
    .orderBy('added_at')
    .execute();
}

export async function selectMemberIds(db: Executor, caseId: string): Promise<string[]> {
  const rows = await t(db).selectFrom('case_members').select('user_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.user_id);
}

/** Adds a member who was not on the team when read; false when someone added them meanwhile. */
export async function insertMemberIfAbsent(db: Executor, row: CaseMemberRow): Promise<boolean> {
  const r = await t(db)
    .insertInto('case_members')
    .values(row)
    .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Changes a member's role only if it is still the role the caller read. */
export async function updateMemberRoleIf(
  db: Executor,
  caseId: string,
  userId: string,
  fromRole: string,
  role: string,
): Promise<boolean> {
  return updateIf(t(db), 'case_members', { case_id: caseId, user_id: userId, role: fromRole }, { role });
}

export async function upsertMember(db: Executor, row: CaseMemberRow) {
  await t(db)
    .insertInto('case_members')
    .values(row)
    .onConflict((oc) => oc.columns(['case_id', 'user_id']).doUpdateSet({ role: row.role }))
    .execute();
}

export async function deleteMember(db: Executor, caseId: string, userId: string) {
  const r = await t(db)
    .deleteFrom('case_members')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** A case of a person with its team and, when its lead agency received it by an accepted transfer, that transfer's
 * consented identity groups (the newest such transfer's; '[]' for one without groups, null for none). */
export interface CaseOfPerson {
  id: string;
  lead_agency_id: string;
  region_code: string | null;
  team: string[];
  received_groups: string | null;
}

/**
 * The cases of many persons (person id → at most 100 cases, by id) with each case's team and the transfer its lead
 * agency received, in one query: her own cases and those where she is a relative or contact, joined to their
 * members (on PostgreSQL each query is a round trip: the duplicate check asks for all its matches at once, and the
 * transfers were a second query, issue 8).
 */
export async function selectCasesOfPersons(
  db: Executor,
  personIds: readonly string[],
): Promise<Map<string, CaseOfPerson[]>> {
  const out = new Map<string, CaseOfPerson[]>();
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return out;
  const rows = (
    await t(db)
      .selectFrom(casesOfPersonsQuery(db, ids).as('h'))
      .leftJoin('case_members as m', 'm.case_id', 'h.id')
      .select(['h.holder_id', 'h.id', 'h.lead_agency_id', 'h.region_code', 'm.user_id'])
      .select(
        sql<string | null>`(select coalesce(x.identity_groups, '[]') from case_lead_transfers x
          where x.case_id = h.id and x.to_agency_id = h.lead_agency_id and x.status = 'accepted'
          order by x.decided_at desc limit 1)`.as('received_groups'),
      )
      .execute()
  ).sort((a, b) => (a.id < b.id ? -1 : 1));
  const seen = new Map<string, CaseOfPerson>();
  for (const { holder_id, user_id, ...r } of rows) {
    const key = `${holder_id} ${r.id}`;
    let entry = seen.get(key);
    if (!entry) {
      const list = out.get(holder_id) ?? [];
      out.set(holder_id, list);
      if (list.length >= 100) continue;
      entry = { ...r, team: [] };
      seen.set(key, entry);
      list.push(entry);
    }
    if (user_id !== null) entry.team.push(user_id);
  }
  return out;
}

/**
 * The cases of some persons as a query (holder_id, id, lead_agency_id, region_code): two indexed lookups (her own
 * cases; cases where she is a relative or contact) rather than one OR with EXISTS, which read the whole cases table
 * for every call.
 */
function casesOfPersonsQuery(db: Executor, ids: readonly string[]) {
  const own = t(db)
    .selectFrom('cases as c')
    .select(['c.person_id as holder_id', 'c.id', 'c.lead_agency_id', 'c.region_code'])
    .where('c.person_id', 'in', ids);
  const asRelative = t(db)
    .selectFrom('case_relatives as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['r.person_id as holder_id', 'c.id', 'c.lead_agency_id', 'c.region_code'])
    .where('r.person_id', 'in', ids);
  return own.union(asRelative);
}

export async function insertRelative(db: Executor, row: CaseRelativeRow) {
  await t(db).insertInto('case_relatives').values(row).execute();
}

export async function selectRelative(db: Executor, caseId: string, personId: string) {
  return t(db)
    .selectFrom('case_relatives')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function updateRelativeRow(
  db: Executor,
  caseId: string,
  personId: string,
  patch: Partial<CaseRelativeRow>,
): Promise<boolean> {
  return updateIf(t(db), 'case_relatives', { case_id: caseId, person_id: personId }, patch);
}

/** The cases in which a person is the victim (for recomputing their child flag when her age is corrected). */
export async function selectCasesOfVictim(db: Executor, personId: string) {
  return t(db)
    .selectFrom('cases')
    .select(['id', 'intake_at', 'age_when_trafficked', 'is_child', 'child_basis', 'stage'])
    .where('person_id', '=', personId)
    .orderBy('id')
    .limit(100)
    .execute();
}

export async function selectRelatives(db: Executor, caseId: string) {
  return t(db).selectFrom('case_relatives').selectAll().where('case_id', '=', caseId).orderBy('added_at').execute();
}

export async function insertEvent(db: Executor, row: CaseEventRow) {
  await t(db).insertInto('case_events').values(row).execute();
}

export async function selectEvents(db: Executor, caseId: string) {
  return t(db)
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('started_on')
    .orderBy('id')
    .execute();
}

export async function insertNote(db: Executor, row: CaseNoteRow) {
  await t(db).insertInto('case_notes').values(row).execute();
}

export async function selectNotes(db: Executor, caseId: string, before: string | undefined, limit: number) {
  let q = t(db).selectFrom('case_notes').selectAll().where('case_id', '=', caseId);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function insertTask(db: Executor, row: CaseTaskRow) {
  await t(db).insertInto('case_tasks').values(row).execute();
}

export async function selectTasks(db: Executor, caseId: string) {
  return t(db)
    .selectFrom('case_tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('status')
    .orderBy('due_at')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function selectTask(db: Executor, caseId: string, id: string) {
  return t(db)
    .selectFrom('case_tasks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateTaskRow(db: Executor, id: string, patch: Partial<CaseTaskRow>) {
  await t(db).updateTable('case_tasks').set(patch).where('id', '=', id).execute();
}

export async function insertTimeline(db: Executor, row: CaseTimelineRow) {
  await t(db).insertInto('case_timeline').values(row).execute();
}

export async function selectTimeline(db: Executor, caseId: string, before: string | undefined, limit: number) {
  let q = t(db).selectFrom('case_timeline').selectAll().where('case_id', '=', caseId);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** The next batch of open tasks of some kinds past their due time that nobody was alerted about. */
export async function selectUnalertedOverdueTasks(
  db: Executor,
  kinds: string[],
  now: string,
  after: { dueAt: string; id: string } | undefined,
  limit: number,
) {
  const open = t(db)
    .selectFrom('case_tasks')
    .select(['id', 'case_id', 'kind', 'due_at'])
    // The literal of the partial index (migration 0116): SQLite walks only the open tasks.
    .where(sql<boolean>`status = 'open'`)
    .where('due_at', 'is not', null)
    .where('kind', 'in', kinds);
  return nextOverdueBatch(open, now, after, limit);
}

/** Claims an overdue task for alerting; false when another process did, or it was done or moved meanwhile. */
export async function claimOverdueTask(db: Executor, id: string, dueAt: string, at: string): Promise<boolean> {
  const open = { id, status: 'open' as const, overdue_alerted_at: null, due_at: dueAt };
  return updateIf(t(db), 'case_tasks', open, { overdue_alerted_at: at });
}
