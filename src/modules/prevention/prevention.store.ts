import { sql } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import { type Executor, tables } from '../../platform/db/index.js';

export interface ProgrammeRow {
  id: string;
  agency_id: string;
  type: string;
  name: string;
  description: string | null;
  starts_on: string;
  ends_on: string;
  target_groups: unknown;
  created_by: string;
  created_at: string;
}
export interface SessionRow {
  id: string;
  programme_id: string;
  held_on: string;
  place: string;
  region_code: string;
  facilitator: string;
  participants: unknown;
  participant_total: number;
  materials: unknown;
  survey_code: string;
  created_by: string;
  created_at: string;
}
export interface ResponseRow {
  id: string;
  session_id: string;
  programme_id: string;
  phase: 'pre' | 'post';
  participant_code: string | null;
  questionnaire_key: string;
  questionnaire_version: number;
  answers: unknown;
  score: number;
  source: 'paper' | 'phone';
  created_by: string | null;
  created_at: string;
}
export interface AllocationRow {
  id: string;
  agency_id: string;
  programme_id: string | null;
  purpose: string;
  year: number;
  source: string;
  amount: number;
  spent: number;
  note: string | null;
  created_by: string;
  created_at: string;
}
export interface ExpenditureRow {
  id: string;
  allocation_id: string;
  spent_on: string;
  amount: number;
  description: string;
  evidence_ref: string;
  created_by: string;
  created_at: string;
}
type PreventionTables = {
  programmes: ProgrammeRow;
  programme_regions: { programme_id: string; region_code: string };
  programme_sessions: SessionRow;
  survey_responses: ResponseRow;
  budget_allocations: AllocationRow;
  budget_expenditures: ExpenditureRow;
};
const t = (db: Executor) => tables<PreventionTables>(db);

export async function insertProgramme(db: Executor, row: ProgrammeRow, regions: string[]): Promise<void> {
  await t(db).insertInto('programmes').values(row).execute();
  await t(db)
    .insertInto('programme_regions')
    .values(regions.map((region_code) => ({ programme_id: row.id, region_code })))
    .execute();
}
export async function selectProgramme(db: Executor, id: string) {
  return t(db).selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function selectProgrammeRegions(db: Executor, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await t(db)
    .selectFrom('programme_regions')
    .selectAll()
    .where('programme_id', 'in', ids)
    .orderBy('region_code')
    .execute();
  for (const r of rows) out.get(r.programme_id)?.push(r.region_code);
  return out;
}

export async function selectProgrammes(
  db: Executor,
  f: { scope: ScopeFilter; type?: string; year?: number; before?: string; limit: number },
): Promise<ProgrammeRow[]> {
  let q = t(db).selectFrom('programmes').selectAll();
  const s = f.scope;
  if (s.kind === 'agency') q = q.where('agency_id', '=', s.agencyId);
  if (s.kind === 'own') q = q.where('created_by', '=', s.userId);
  if (s.kind === 'jurisdiction')
    q = q.where((eb) =>
      eb.or([
        eb('agency_id', '=', s.agencyId),
        eb.exists(
          eb
            .selectFrom('programme_regions as pr')
            .select('pr.programme_id')
            .whereRef('pr.programme_id', '=', 'programmes.id')
            .where((e) =>
              e.or([e('pr.region_code', '=', s.regionCode), e('pr.region_code', 'like', `${s.regionCode}.%`)]),
            ),
        ),
      ]),
    );
  if (f.type) q = q.where('type', '=', f.type);
  if (f.year) q = q.where('starts_on', '<=', `${f.year}-12-31`).where('ends_on', '>=', `${f.year}-01-01`);
  if (f.before) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await t(db).insertInto('programme_sessions').values(row).execute();
}
export async function selectSession(db: Executor, id: string) {
  return t(db).selectFrom('programme_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function selectSessionByCode(db: Executor, code: string) {
  return t(db).selectFrom('programme_sessions').selectAll().where('survey_code', '=', code).executeTakeFirst();
}
export async function selectSessions(db: Executor, programmeId: string): Promise<SessionRow[]> {
  return t(db)
    .selectFrom('programme_sessions')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .orderBy('held_on')
    .orderBy('id')
    .limit(1000)
    .execute();
}
/** Participants per programme (for costs). */
export async function sumParticipants(db: Executor, programmeIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (programmeIds.length === 0) return out;
  const rows = await t(db)
    .selectFrom('programme_sessions')
    .select((eb) => ['programme_id', eb.fn.sum<number>('participant_total').as('n')])
    .where('programme_id', 'in', programmeIds)
    .groupBy('programme_id')
    .execute();
  for (const r of rows) out.set(r.programme_id, Number(r.n));
  return out;
}

export async function countResponses(db: Executor, sessionIds: string[]) {
  const out = new Map<string, { pre: number; post: number }>(sessionIds.map((id) => [id, { pre: 0, post: 0 }]));
  if (sessionIds.length === 0) return out;
  const rows = await t(db)
    .selectFrom('survey_responses')
    .select((eb) => ['session_id', 'phase', eb.fn.countAll<number>().as('n')])
    .where('session_id', 'in', sessionIds)
    .groupBy(['session_id', 'phase'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.session_id);
    if (c) c[r.phase] = Number(r.n);
  }
  return out;
}

export async function insertResponse(db: Executor, row: ResponseRow): Promise<void> {
  await t(db).insertInto('survey_responses').values(row).execute();
}
export async function responseExists(db: Executor, sessionId: string, phase: string, code: string) {
  const r = await t(db)
    .selectFrom('survey_responses')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('phase', '=', phase as 'pre')
    .where('participant_code', '=', code)
    .executeTakeFirst();
  return r !== undefined;
}

/** Scores of a programme's responses to one questionnaire version (bounded by the programme, read in one go). */
export async function selectScores(
  db: Executor,
  programmeId: string,
  key: string,
  version: number,
  sessionId?: string,
): Promise<{ session_id: string; phase: 'pre' | 'post'; participant_code: string | null; score: number }[]> {
  let q = t(db)
    .selectFrom('survey_responses')
    .select(['session_id', 'phase', 'participant_code', 'score'])
    .where('programme_id', '=', programmeId)
    .where('questionnaire_key', '=', key)
    .where('questionnaire_version', '=', version);
  if (sessionId) q = q.where('session_id', '=', sessionId);
  return q.orderBy('id').execute();
}

/** Count, sum and sum of squares of scores per group and phase (for comparisons across many programmes). */
export async function aggregateScores(
  db: Executor,
  f: { by: 'region' | 'type'; scope: ScopeFilter; year?: number; key: string; version: number },
): Promise<{ key: string; phase: 'pre' | 'post'; n: number; sum: number; sumsq: number }[]> {
  const group = f.by === 'type' ? sql<string>`p.type` : sql<string>`substr(s.region_code, 1, 2)`;
  let q = t(db)
    .selectFrom('survey_responses as r')
    .innerJoin('programme_sessions as s', 's.id', 'r.session_id')
    .innerJoin('programmes as p', 'p.id', 'r.programme_id')
    .select([
      group.as('key'),
      'r.phase',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(r.score)`.as('sum'),
      sql<number>`sum(r.score * r.score)`.as('sumsq'),
    ])
    .where('r.questionnaire_key', '=', f.key)
    .where('r.questionnaire_version', '=', f.version);
  const s = f.scope;
  if (s.kind === 'agency') q = q.where('p.agency_id', '=', s.agencyId);
  if (s.kind === 'own') q = q.where('p.created_by', '=', s.userId);
  if (s.kind === 'jurisdiction')
    q = q.where((eb) =>
      eb.or([
        eb('p.agency_id', '=', s.agencyId),
        eb('s.region_code', '=', s.regionCode),
        eb('s.region_code', 'like', `${s.regionCode}.%`),
      ]),
    );
  if (f.year) q = q.where('s.held_on', '>=', `${f.year}-01-01`).where('s.held_on', '<=', `${f.year}-12-31`);
  const rows = await q.groupBy([group, 'r.phase']).execute();
  return rows.map((r) => ({ key: r.key, phase: r.phase, n: Number(r.n), sum: Number(r.sum), sumsq: Number(r.sumsq) }));
}

/* ---------- budgets ---------- */

export async function insertAllocation(db: Executor, row: AllocationRow): Promise<void> {
  await t(db).insertInto('budget_allocations').values(row).execute();
}
export async function selectAllocation(db: Executor, id: string) {
  return t(db).selectFrom('budget_allocations').selectAll().where('id', '=', id).executeTakeFirst();
}
/** Books spending against an allocation only while it stays within the amount; false for the loser of a race. */
export async function bookSpending(db: Executor, id: string, amount: number): Promise<boolean> {
  const r = await t(db)
    .updateTable('budget_allocations')
    .set((eb) => ({ spent: eb('spent', '+', amount) }))
    .where('id', '=', id)
    .where((eb) => eb(eb('spent', '+', amount), '<=', eb.ref('amount')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function insertExpenditure(db: Executor, row: ExpenditureRow): Promise<void> {
  await t(db).insertInto('budget_expenditures').values(row).execute();
}
export async function selectExpenditures(db: Executor, allocationId: string): Promise<ExpenditureRow[]> {
  return t(db)
    .selectFrom('budget_expenditures')
    .selectAll()
    .where('allocation_id', '=', allocationId)
    .orderBy('spent_on')
    .orderBy('id')
    .limit(1000)
    .execute();
}
export async function selectAllocations(
  db: Executor,
  f: { scope: ScopeFilter; year: number; agencyId?: string },
): Promise<AllocationRow[]> {
  let q = t(db).selectFrom('budget_allocations').selectAll().where('year', '=', f.year);
  const s = f.scope;
  if (s.kind === 'agency' || s.kind === 'jurisdiction') q = q.where('agency_id', '=', s.agencyId);
  if (s.kind === 'own') q = q.where('created_by', '=', s.userId);
  if (f.agencyId) q = q.where('agency_id', '=', f.agencyId);
  return q.orderBy('id').limit(5000).execute();
}
export async function selectProgrammesByIds(db: Executor, ids: string[]): Promise<ProgrammeRow[]> {
  if (ids.length === 0) return [];
  return t(db).selectFrom('programmes').selectAll().where('id', 'in', ids).execute();
}
