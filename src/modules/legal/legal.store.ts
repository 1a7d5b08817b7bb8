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
const changed = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows) === 1;

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

/* ---------- claims, steps, payments ---------- */

export const selectClaimsOf = (db: Executor, proceedingId: string) =>
  t(db).selectFrom('restitution_claims').selectAll().where('proceeding_id', '=', proceedingId).orderBy('id').execute();

export const selectClaim = (db: Executor, id: string) =>
  t(db).selectFrom('restitution_claims').selectAll().where('id', '=', id).executeTakeFirst();

export async function selectStepsOf(db: Executor, claimIds: string[]): Promise<StepRow[]> {
  if (claimIds.length === 0) return [];
  return t(db).selectFrom('restitution_steps').selectAll().where('claim_id', 'in', claimIds).orderBy('seq').execute();
}

export async function selectPaymentsOf(db: Executor, claimIds: string[]): Promise<PaymentRow[]> {
  if (claimIds.length === 0) return [];
  return t(db)
    .selectFrom('restitution_payments')
    .selectAll()
    .where('claim_id', 'in', claimIds)
    .orderBy('paid_on')
    .orderBy('id')
    .execute();
}

/** Conditional update on the claim's version (every change to a claim, its steps or payments bumps it). */
export async function bumpClaim(db: Executor, id: string, version: number, set: Partial<ClaimRow>): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('restitution_claims')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

export async function closePendingSteps(db: Executor, claimId: string, status: 'met' | 'cancelled'): Promise<void> {
  await t(db)
    .updateTable('restitution_steps')
    .set({ status })
    .where('claim_id', '=', claimId)
    .where('status', '=', 'pending')
    .execute();
}

/** Settles a pending step; false when it is no longer pending (a concurrent recording or the job). */
export async function settleStep(db: Executor, id: string, set: Partial<StepRow>): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('restitution_steps')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  );
}

/** Pending steps due before `now` not yet alerted, in due order (keyset). */
export async function selectDueSteps(
  db: Executor,
  now: string,
  after: { dueAt: string; id: string } | undefined,
  limit: number,
): Promise<StepRow[]> {
  let q = t(db)
    .selectFrom('restitution_steps')
    .selectAll()
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .where('alerted_at', 'is', null);
  if (after)
    q = q.where((eb) =>
      eb.or([eb('due_at', '>', after.dueAt), eb.and([eb('due_at', '=', after.dueAt), eb('id', '>', after.id)])]),
    );
  return q.orderBy('due_at').orderBy('id').limit(limit).execute();
}

export async function claimStepAlert(db: Executor, id: string, at: string): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('restitution_steps')
      .set({ alerted_at: at })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('alerted_at', 'is', null)
      .executeTakeFirst(),
  );
}

/* ---------- the due list ---------- */

export interface DueRow {
  kind: 'restitution_step' | 'protection_response' | 'protection_review';
  id: string;
  due_at: string;
  case_id: string;
  proceeding_id: string | null;
  claim_id: string | null;
  step: string | null;
  measure_type: string | null;
  /** The agency providing a measure (null for restitution steps). */
  provider: string | null;
}

/**
 * Up to this many proceedings an agency is party to, its due list starts from them (index lookups, sorted
 * here); past it, from the due index in order, checking each row's party. The first costs about one lookup per
 * proceeding; the second about (page × all proceedings ÷ the agency's) rows, because the walk stops after a
 * page of the agency's own. They cross near √(page × all): about 2,300 at 100,000 proceedings. Measured at
 * 1,000,000 cases: LPSK serving the victims of 1,918 proceedings walked 25,000 others' measures a page
 * (42 ms of CPU) with the bound at 1,000.
 */
const FEW_PROCEEDINGS = 3_000;

/**
 * Pending restitution steps of proceedings the agency is party to, and open protection measures it provides or
 * whose victims it serves in a proceeding, in due order (keyset on due_at, id). Each part walks its partial due
 * index and returns at most a page; the parts are merged here.
 */
export async function selectDue(
  db: Executor,
  q: { agencyId: string; after?: { dueAt: string; id: string }; before?: string; limit: number },
  /** Tests set it to compare both ways of finding a page. */
  fewProceedings = FEW_PROCEEDINGS,
): Promise<DueRow[]> {
  const partyOf = async (role?: 'victim_service') => {
    let p = t(db).selectFrom('legal_parties').select('proceeding_id').where('agency_id', '=', q.agencyId);
    if (role) p = p.where('role', '=', role);
    const ids = (await p.limit(fewProceedings + 1).execute()).map((r) => r.proceeding_id);
    return ids.length > fewProceedings ? ('many' as const) : ids;
  };
  const [parties, served] = await Promise.all([partyOf(), partyOf('victim_service')]);
  const byDue = <T extends { due_at: string | null; id: string }>(rows: T[]) =>
    rows
      .sort((a, b) => (a.due_at! < b.due_at! ? -1 : a.due_at! > b.due_at! ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, q.limit);
  const chunked = async <T>(ids: string[], run: (chunk: string[]) => Promise<T[]>): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await run(ids.slice(i, i + 500))));
    return out;
  };

  const { after, before } = q;
  // Pending steps within the page's window (after the cursor, before the horizon).
  const pendingSteps = () => {
    let b = t(db)
      .selectFrom('restitution_steps as s')
      .select(['s.id', 's.due_at', 's.case_id', 's.proceeding_id', 's.claim_id', 's.step'])
      .where('s.status', '=', sql.lit('pending'))
      .where('s.due_at', 'is not', null);
    if (after)
      b = b.where((eb) =>
        eb.or([
          eb('s.due_at', '>', after.dueAt),
          eb.and([eb('s.due_at', '=', after.dueAt), eb('s.id', '>', after.id)]),
        ]),
      );
    return before ? b.where('s.due_at', '<', before) : b;
  };
  const stepsPage =
    parties === 'many'
      ? pendingSteps()
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('legal_parties as p')
                .select('p.proceeding_id')
                .whereRef('p.proceeding_id', '=', 's.proceeding_id')
                .where('p.agency_id', '=', q.agencyId),
            ),
          )
          .orderBy('s.due_at')
          .orderBy('s.id')
          .limit(q.limit)
          .execute()
      : chunked(parties, (ids) => pendingSteps().where('s.proceeding_id', 'in', ids).execute()).then(byDue);

  // Open measures within the page's window.
  const openMeasures = () => {
    let b = t(db)
      .selectFrom('protection_measures as m')
      .select(['m.id', 'm.due_at', 'm.case_id', 'm.proceeding_id', 'm.type', 'm.status', 'm.agency_id'])
      // Literal statuses: SQLite uses a partial index only when the query's terms match its WHERE as written,
      // and a bound `in (?, ?)` does not (a full scan and a sort of every open measure instead).
      .where('m.status', 'in', [sql.lit('requested'), sql.lit('granted')])
      .where('m.due_at', 'is not', null);
    if (after)
      b = b.where((eb) =>
        eb.or([
          eb('m.due_at', '>', after.dueAt),
          eb.and([eb('m.due_at', '=', after.dueAt), eb('m.id', '>', after.id)]),
        ]),
      );
    return before ? b.where('m.due_at', '<', before) : b;
  };
  // Measures the agency provides: its own walk of the provider due index (migration 0080).
  const providedPage = openMeasures()
    .where('m.agency_id', '=', q.agencyId)
    .orderBy('m.due_at')
    .orderBy('m.id')
    .limit(q.limit)
    .execute();
  // Measures others provide to victims the agency serves in a proceeding.
  const servedPage =
    served === 'many'
      ? openMeasures()
          .where('m.agency_id', '!=', q.agencyId)
          // Nested, so the check starts from the measure's case (its few proceedings), never from the agency's
          // tens of thousands of party rows — the join form let SQLite pick the latter (2.2 s a page at 100,000).
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('legal_victims as v')
                .select('v.case_id')
                .whereRef('v.case_id', '=', 'm.case_id')
                .where((inner) =>
                  inner.exists(
                    inner
                      .selectFrom('legal_parties as p')
                      .select('p.proceeding_id')
                      .whereRef('p.proceeding_id', '=', 'v.proceeding_id')
                      .where('p.agency_id', '=', q.agencyId)
                      .where('p.role', '=', 'victim_service'),
                  ),
                ),
            ),
          )
          .orderBy('m.due_at')
          .orderBy('m.id')
          .limit(q.limit)
          .execute()
      : chunked(served, (ids) =>
          t(db).selectFrom('legal_victims').select('case_id').where('proceeding_id', 'in', ids).execute(),
        ).then((victims) =>
          chunked([...new Set(victims.map((v) => v.case_id))], (caseIds) =>
            openMeasures().where('m.agency_id', '!=', q.agencyId).where('m.case_id', 'in', caseIds).execute(),
          ).then(byDue),
        );
  const [s, mp, ms] = await Promise.all([stepsPage, providedPage, servedPage]);
  const m = [...mp, ...ms];
  const out: DueRow[] = [
    ...s.map((r) => ({
      kind: 'restitution_step' as const,
      id: r.id,
      due_at: r.due_at!,
      case_id: r.case_id,
      proceeding_id: r.proceeding_id,
      claim_id: r.claim_id,
      step: r.step,
      measure_type: null,
      provider: null,
    })),
    ...m.map((r) => ({
      kind: r.status === 'requested' ? ('protection_response' as const) : ('protection_review' as const),
      id: r.id,
      due_at: r.due_at!,
      case_id: r.case_id,
      proceeding_id: r.proceeding_id,
      claim_id: null,
      step: null,
      measure_type: r.type,
      provider: r.agency_id,
    })),
  ];
  out.sort((a, b) => (a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out.slice(0, q.limit);
}

/* ---------- protection ---------- */

export const selectMeasure = (db: Executor, id: string) =>
  t(db).selectFrom('protection_measures').selectAll().where('id', '=', id).executeTakeFirst();

export const selectMeasuresOfCase = (db: Executor, caseId: string) =>
  t(db)
    .selectFrom('protection_measures')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();

export const selectMeasuresOfAgency = (db: Executor, agencyId: string, before: string | undefined, limit: number) => {
  let q = t(db).selectFrom('protection_measures').selectAll().where('agency_id', '=', agencyId);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
};

export async function bumpMeasure(db: Executor, id: string, version: number, set: Partial<MeasureRow>) {
  return changed(
    await t(db)
      .updateTable('protection_measures')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

export async function selectDueMeasures(db: Executor, now: string, limit: number): Promise<MeasureRow[]> {
  return t(db)
    .selectFrom('protection_measures')
    .selectAll()
    .where('status', 'in', ['requested', 'granted'])
    .where('due_at', '<=', now)
    .where('alerted_at', 'is', null)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function claimMeasureAlert(db: Executor, id: string, dueAt: string, at: string): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('protection_measures')
      .set({ alerted_at: at })
      .where('id', '=', id)
      .where('due_at', '=', dueAt)
      .where('alerted_at', 'is', null)
      .executeTakeFirst(),
  );
}

/* ---------- the victim's right to know ---------- */

export const selectInformed = (db: Executor, proceedingId: string) =>
  t(db)
    .selectFrom('legal_victim_informed')
    .selectAll()
    .where('proceeding_id', '=', proceedingId)
    .orderBy('informed_at', 'desc')
    .limit(200)
    .execute();

/** Open links whose victim was last told before `cutoff` and not alerted since (keyset on last_informed_at). */
export async function selectUninformed(db: Executor, cutoff: string, limit: number): Promise<VictimRow[]> {
  return t(db)
    .selectFrom('legal_victims')
    .selectAll()
    .where('open', '=', 1)
    .where('last_informed_at', '<', cutoff)
    .where((eb) =>
      eb.or([eb('uninformed_alerted_at', 'is', null), eb('uninformed_alerted_at', '<', eb.ref('last_informed_at'))]),
    )
    .orderBy('last_informed_at')
    .limit(limit)
    .execute();
}

export async function claimUninformed(db: Executor, v: VictimRow, at: string): Promise<boolean> {
  let q = t(db)
    .updateTable('legal_victims')
    .set({ uninformed_alerted_at: at })
    .where('proceeding_id', '=', v.proceeding_id)
    .where('case_id', '=', v.case_id)
    .where('last_informed_at', '=', v.last_informed_at);
  q =
    v.uninformed_alerted_at === null
      ? q.where('uninformed_alerted_at', 'is', null)
      : q.where('uninformed_alerted_at', '=', v.uninformed_alerted_at);
  return changed(await q.executeTakeFirst());
}
