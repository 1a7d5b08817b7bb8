import { sql } from 'kysely';
import { type Executor, tables } from '../../platform/db/index.js';

export interface ProceedingRow {
  id: string;
  report_number: string;
  police_unit: string;
  reported_on: string;
  law: string;
  exploitation_type: string | null;
  stage: string;
  stage_on: string;
  stopped_reason: string | null;
  stopped_note_enc: string | null;
  court_name: string | null;
  open: number;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface PartyRow {
  proceeding_id: string;
  agency_id: string;
  role: string;
}
export interface VictimRow {
  id: string;
  proceeding_id: string;
  case_id: string;
  role: string;
  accompanied_by_enc: string | null;
  open: number;
  last_informed_at: string;
  uninformed_alerted_at: string | null;
  linked_at: string;
}
export interface DefendantRow {
  id: string;
  proceeding_id: string;
  person_id: string;
  sex: string | null;
  roles_in_process: unknown;
  status: string;
  created_at: string;
}
export interface ChargeRow {
  id: string;
  proceeding_id: string;
  defendant_id: string | null;
  law: string;
  article: string;
}
export interface StageHistoryRow {
  id: string;
  proceeding_id: string;
  stage: string;
  on_date: string;
  recorded_by: string;
  recorded_at: string;
}
export interface HearingRow {
  id: string;
  proceeding_id: string;
  case_id: string | null;
  held_on: string;
  court: string;
  testimony_mode: string | null;
  accompanied_by_enc: string | null;
  notes_enc: string | null;
  created_by: string;
  created_at: string;
}
export interface VerdictRow {
  id: string;
  proceeding_id: string;
  defendant_id: string;
  instance: string;
  decided_on: string;
  outcome: string;
  sentence_months: number | null;
  fine_amount: number | null;
  restitution_ordered: number;
  restitution_amount: number | null;
  final_on: string | null;
  created_by: string;
  created_at: string;
}
export interface ClaimRow {
  id: string;
  proceeding_id: string;
  case_id: string;
  defendant_id: string | null;
  chain: string;
  filed_on: string;
  components: unknown;
  claimed_amount: number;
  lpsk_assessed_amount: number | null;
  lpsk_assessed_on: string | null;
  ordered_amount: number | null;
  paid_amount: number;
  status: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface StepRow {
  id: string;
  claim_id: string;
  proceeding_id: string;
  case_id: string;
  step: string;
  seq: number;
  status: string;
  due_at: string | null;
  occurred_on: string | null;
  note_enc: string | null;
  recorded_by: string | null;
  recorded_at: string | null;
  alerted_at: string | null;
  created_at: string;
}
export interface PaymentRow {
  id: string;
  claim_id: string;
  paid_on: string;
  amount: number;
  evidence: string;
  evidence_attachment_id: string | null;
  recorded_by: string;
  recorded_at: string;
}
export interface MeasureRow {
  id: string;
  case_id: string;
  proceeding_id: string | null;
  type: string;
  agency_id: string;
  status: string;
  requested_at: string;
  respond_by: string | null;
  granted_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  threat_level: string;
  threat_assessment_enc: string | null;
  review_on: string | null;
  due_at: string | null;
  alerted_at: string | null;
  child_checklist: unknown;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface InformedRow {
  id: string;
  proceeding_id: string;
  case_id: string;
  informed_at: string;
  channel: string;
  topics: unknown;
  summary_enc: string;
  informed_by: string;
  informed_by_agency_id: string;
  created_at: string;
}

type LegalTables = {
  legal_proceedings: ProceedingRow;
  legal_parties: PartyRow;
  legal_victims: VictimRow;
  legal_defendants: DefendantRow;
  legal_charges: ChargeRow;
  legal_stage_history: StageHistoryRow;
  legal_hearings: HearingRow;
  legal_verdicts: VerdictRow;
  restitution_claims: ClaimRow;
  restitution_steps: StepRow;
  restitution_payments: PaymentRow;
  protection_measures: MeasureRow;
  legal_victim_informed: InformedRow;
};
export const t = (db: Executor) => tables<LegalTables>(db);
/** Whether a conditional update changed its one row (the loser of a race gets false). */
export const changed = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows) === 1;

/* ---------- proceedings ---------- */

export async function insertProceeding(
  db: Executor,
  p: ProceedingRow,
  parties: PartyRow[],
  victims: VictimRow[],
  defendants: DefendantRow[],
  charges: ChargeRow[],
  history: StageHistoryRow,
): Promise<void> {
  await t(db).insertInto('legal_proceedings').values(p).execute();
  if (parties.length) await t(db).insertInto('legal_parties').values(parties).execute();
  if (victims.length) await t(db).insertInto('legal_victims').values(victims).execute();
  if (defendants.length) await t(db).insertInto('legal_defendants').values(defendants).execute();
  if (charges.length) await t(db).insertInto('legal_charges').values(charges).execute();
  await t(db).insertInto('legal_stage_history').values(history).execute();
}

export const selectProceeding = (db: Executor, id: string) =>
  t(db).selectFrom('legal_proceedings').selectAll().where('id', '=', id).executeTakeFirst();

export const selectParties = (db: Executor, id: string) =>
  t(db).selectFrom('legal_parties').selectAll().where('proceeding_id', '=', id).execute();

export const selectParty = (db: Executor, id: string, agencyId: string) =>
  t(db)
    .selectFrom('legal_parties')
    .selectAll()
    .where('proceeding_id', '=', id)
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();

export const selectVictims = (db: Executor, id: string) =>
  t(db).selectFrom('legal_victims').selectAll().where('proceeding_id', '=', id).orderBy('linked_at').execute();

export const selectDefendants = (db: Executor, id: string) =>
  t(db).selectFrom('legal_defendants').selectAll().where('proceeding_id', '=', id).orderBy('id').execute();

export const selectCharges = (db: Executor, id: string) =>
  t(db).selectFrom('legal_charges').selectAll().where('proceeding_id', '=', id).orderBy('id').execute();

export const selectHistory = (db: Executor, id: string) =>
  t(db).selectFrom('legal_stage_history').selectAll().where('proceeding_id', '=', id).orderBy('id').execute();

export const selectHearings = (db: Executor, id: string) =>
  t(db)
    .selectFrom('legal_hearings')
    .selectAll()
    .where('proceeding_id', '=', id)
    .orderBy('held_on')
    .orderBy('id')
    .execute();

export const selectVerdicts = (db: Executor, id: string) =>
  t(db)
    .selectFrom('legal_verdicts')
    .selectAll()
    .where('proceeding_id', '=', id)
    .orderBy('decided_on')
    .orderBy('id')
    .execute();

/** Conditional update on the version the caller saw; false when someone changed it first. */
export async function bumpProceeding(
  db: Executor,
  id: string,
  version: number,
  set: Partial<ProceedingRow>,
): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('legal_proceedings')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

/** Moves the stage only from the stage the caller saw (the loser of a race gets false). */
export async function moveStage(
  db: Executor,
  id: string,
  from: string,
  set: Pick<ProceedingRow, 'stage' | 'stage_on' | 'open' | 'updated_at'> & Partial<ProceedingRow>,
): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('legal_proceedings')
      .set({ ...set, version: sql<number>`version + 1` as unknown as number })
      .where('id', '=', id)
      .where('stage', '=', from)
      .executeTakeFirst(),
  );
}

export async function closeVictimLinks(db: Executor, id: string): Promise<void> {
  await t(db).updateTable('legal_victims').set({ open: 0 }).where('proceeding_id', '=', id).execute();
}

/** Proceedings visible through any of these cases, or that the agency is party to; newest first (keyset on id). */
export async function selectProceedingIds(
  db: Executor,
  q: { agencyId?: string; caseId?: string; stage?: string; before?: string; limit: number },
): Promise<ProceedingRow[]> {
  let query = t(db).selectFrom('legal_proceedings as p').selectAll('p');
  if (q.caseId)
    query = query.where('p.id', 'in', (eb) =>
      eb.selectFrom('legal_victims').select('proceeding_id').where('case_id', '=', q.caseId!),
    );
  if (q.agencyId)
    query = query.where('p.id', 'in', (eb) =>
      eb.selectFrom('legal_parties').select('proceeding_id').where('agency_id', '=', q.agencyId!),
    );
  if (q.stage) query = query.where('p.stage', '=', q.stage);
  if (q.before) query = query.where('p.id', '<', q.before);
  return query.orderBy('p.id', 'desc').limit(q.limit).execute();
}

export async function countVictims(db: Executor, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await t(db)
    .selectFrom('legal_victims')
    .select(['proceeding_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('proceeding_id', 'in', ids)
    .groupBy('proceeding_id')
    .execute();
  return new Map(rows.map((r) => [r.proceeding_id, Number(r.n)]));
}

/** A case's proceedings (the case page's legal tab). */
export async function selectProceedingsOfCase(db: Executor, caseId: string): Promise<ProceedingRow[]> {
  return t(db)
    .selectFrom('legal_proceedings as p')
    .innerJoin('legal_victims as v', 'v.proceeding_id', 'p.id')
    .selectAll('p')
    .where('v.case_id', '=', caseId)
    .orderBy('p.id', 'desc')
    .limit(100)
    .execute();
}

/** Whether the agency is party to any proceeding of the case (police may then request protection for her). */
export async function agencyPartyToCase(db: Executor, caseId: string, agencyId: string): Promise<boolean> {
  const row = await t(db)
    .selectFrom('legal_victims as v')
    .innerJoin('legal_parties as p', 'p.proceeding_id', 'v.proceeding_id')
    .select('v.proceeding_id')
    .where('v.case_id', '=', caseId)
    .where('p.agency_id', '=', agencyId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Proceedings holding a person: as a defendant, or through an open case link (for erasure checks). */
export async function openProceedingOfPerson(db: Executor, personId: string): Promise<string | undefined> {
  const row = await t(db)
    .selectFrom('legal_defendants as d')
    .innerJoin('legal_proceedings as p', 'p.id', 'd.proceeding_id')
    .select('p.id')
    .where('d.person_id', '=', personId)
    .where('p.open', '=', 1)
    .executeTakeFirst();
  return row?.id;
}

/** An open proceeding in which this case's victim takes part (her testimony and record are evidence). */
export async function openProceedingOfVictimCase(db: Executor, caseId: string): Promise<string | undefined> {
  const row = await t(db)
    .selectFrom('legal_victims as v')
    .innerJoin('legal_proceedings as p', 'p.id', 'v.proceeding_id')
    .select('p.id')
    .where('v.case_id', '=', caseId)
    .where('p.open', '=', 1)
    .executeTakeFirst();
  return row?.id;
}
