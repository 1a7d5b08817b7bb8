import { type Executor, tables, updateIf } from '../../platform/db/index.js';
import { nextOverdueBatch } from '../../platform/jobs.js';

export interface ConferenceRow {
  id: string;
  case_id: string;
  held_on: string;
  decisions_enc: string;
  created_by: string;
  created_at: string;
}
export interface ActionItemRow {
  id: string;
  conference_id: string;
  case_id: string;
  agency_id: string;
  description_enc: string;
  due_on: string;
  due_at: string;
  completed_at: string | null;
  completed_by: string | null;
  overdue_alerted_at: string | null;
  created_at: string;
}
type ConferenceTables = {
  case_conferences: ConferenceRow;
  case_conference_agencies: { conference_id: string; agency_id: string };
  conference_action_items: ActionItemRow;
};
const t = (db: Executor) => tables<ConferenceTables>(db);

export async function insertConference(
  db: Executor,
  row: ConferenceRow,
  agencyIds: string[],
  items: ActionItemRow[],
): Promise<void> {
  await t(db).insertInto('case_conferences').values(row).execute();
  await t(db)
    .insertInto('case_conference_agencies')
    .values(agencyIds.map((agency_id) => ({ conference_id: row.id, agency_id })))
    .execute();
  if (items.length > 0) await t(db).insertInto('conference_action_items').values(items).execute();
}

export async function selectConference(db: Executor, id: string): Promise<ConferenceRow | undefined> {
  return t(db).selectFrom('case_conferences').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A case's conferences, newest first (keyset on id). */
export async function selectConferences(
  db: Executor,
  caseId: string,
  before: string | undefined,
  limit: number,
): Promise<ConferenceRow[]> {
  let q = t(db).selectFrom('case_conferences').selectAll().where('case_id', '=', caseId);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function selectConferenceAgencies(db: Executor, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await t(db)
    .selectFrom('case_conference_agencies')
    .selectAll()
    .where('conference_id', 'in', ids)
    .execute();
  for (const r of rows) out.get(r.conference_id)?.push(r.agency_id);
  return out;
}

export async function selectActionItems(db: Executor, conferenceIds: string[]): Promise<ActionItemRow[]> {
  if (conferenceIds.length === 0) return [];
  return t(db)
    .selectFrom('conference_action_items')
    .selectAll()
    .where('conference_id', 'in', conferenceIds)
    .orderBy('id')
    .execute();
}

export async function selectActionItem(
  db: Executor,
  conferenceId: string,
  id: string,
): Promise<ActionItemRow | undefined> {
  return t(db)
    .selectFrom('conference_action_items')
    .selectAll()
    .where('id', '=', id)
    .where('conference_id', '=', conferenceId)
    .executeTakeFirst();
}

/** Marks an open item done; false when it was already done (a concurrent completion). */
export async function completeItem(db: Executor, id: string, at: string, by: string): Promise<boolean> {
  const r = await t(db)
    .updateTable('conference_action_items')
    .set({ completed_at: at, completed_by: by })
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open items past their due time that were not alerted yet, in due order (keyset on due_at, id). */
export async function selectUnalertedOverdue(
  db: Executor,
  now: string,
  after: { dueAt: string; id: string } | undefined,
  limit: number,
): Promise<ActionItemRow[]> {
  const open = t(db).selectFrom('conference_action_items').selectAll().where('completed_at', 'is', null);
  return nextOverdueBatch(open, now, after, limit);
}

/** Claims an overdue item for alerting; false when another run already did (or it was completed meanwhile). */
export async function claimOverdue(db: Executor, id: string, at: string): Promise<boolean> {
  const open = { id, overdue_alerted_at: null, completed_at: null };
  return updateIf(t(db), 'conference_action_items', open, { overdue_alerted_at: at });
}
