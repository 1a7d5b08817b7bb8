import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import { AppError, type FieldIssue, forbidden, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { findActiveAgency } from '../agencies/index.js';
import { resolveAlerts } from '../alerts/index.js';
import { caseFacts, recordTimeline } from '../cases/index.js';
import { casesSharedWithAgency } from '../consent/index.js';
import { insertPersonRecord } from '../persons/index.js';
import { userSummaries } from '../users/index.js';
import { audit } from './legal.audit.js';
import { canInformVictim, canOpenProceeding, LEGAL_FIELD_GROUP, mayUseLegal } from './legal.policy.js';
import {
  closedStages,
  type hearingCreateSchema,
  type informedRecordSchema,
  nextStages,
  type PartyRole,
  type ProceedingStage,
  type stageAdvanceSchema,
  type TProceeding,
  type TProceedingCreate,
  type TProceedingUpdate,
  type verdictRecordSchema,
} from './legal.schema.js';
import { fail, legalActionKey, todayInIndonesia } from './legal.shared.js';
import {
  bumpProceeding,
  type ChargeRow,
  closeVictimLinks,
  countVictims,
  type DefendantRow,
  insertProceeding,
  moveStage,
  type PartyRow,
  type ProceedingRow,
  selectDefendants,
  selectInformed,
  selectParties,
  selectProceedingIds,
  t,
  type VictimRow,
} from './legal.store.js';
import {
  agencyNames,
  caseLegalVisible,
  type LoadedProceeding,
  loadForManage,
  loadProceeding,
  presentProceeding,
  seesAllVictims,
} from './legal.view.js';
import { startChainsOnVerdict } from './restitution.service.js';

/** Encrypted columns of the legal tables, for key rotation. */
export const legalEncryptedColumns: EncryptedColumnSet[] = [
  { table: 'legal_proceedings', idColumn: 'id', columns: ['stopped_note_enc'] },
  { table: 'legal_victims', idColumn: 'id', columns: ['accompanied_by_enc'] },
  { table: 'legal_hearings', idColumn: 'id', columns: ['accompanied_by_enc', 'notes_enc'] },
  { table: 'restitution_steps', idColumn: 'id', columns: ['note_enc'] },
  { table: 'protection_measures', idColumn: 'id', columns: ['threat_assessment_enc'] },
  { table: 'legal_victim_informed', idColumn: 'id', columns: ['summary_enc'] },
];

/* ---------- proceedings ---------- */

const agencyTypeParty: Record<string, PartyRole> = {
  police_ppa: 'police',
  prosecutor: 'prosecutor',
  court: 'court',
  lpsk: 'lpsk',
  legal_aid: 'legal_aid',
};

/** Writes suspects into the persons vault (identity encrypted) and their perpetrator context here. */
async function insertSuspects(
  tx: Tx,
  ctx: Context,
  proceedingId: string,
  suspects: TProceedingCreate['suspects'],
  now: string,
): Promise<DefendantRow[]> {
  const actor = requireActor(ctx);
  const rows: DefendantRow[] = [];
  for (const s of suspects) {
    const person = await insertPersonRecord(tx, ctx, s.person, actor.agencyId);
    rows.push({
      id: uuidv7(),
      proceeding_id: proceedingId,
      person_id: person.id,
      sex: s.person.sex ?? null,
      roles_in_process: ctx.database.adapter.toJson([...new Set(s.rolesInProcess)]),
      status: 'suspect',
      created_at: now,
    });
  }
  return rows;
}

/**
 * Opens a proceeding from a police report for one or more victims. A victim's case may be linked when the caller
 * may read it or when the victim's agency shared her legal data with the caller's agency by consent; anything
 * else is refused with the same field error as a case that does not exist.
 */
export async function createProceeding(ctx: Context, input: TProceedingCreate): Promise<TProceeding> {
  const actor = requireActor(ctx);
  if (!canOpenProceeding(ctx)) throw forbidden();
  const issues: FieldIssue[] = [];
  if (input.reportedOn > todayInIndonesia(ctx)) issues.push({ field: 'reportedOn', code: 'in_future' });
  const seen = new Set<string>();
  const leadAgencies = new Set<string>();
  for (const [i, v] of input.victims.entries()) {
    const facts = await caseFacts(ctx.database.db, v.caseId);
    if (!facts || !(await caseLegalVisible(ctx, v.caseId)))
      issues.push({ field: `victims.${i}.caseId`, code: 'case_not_shared' });
    else if (seen.has(v.caseId)) issues.push({ field: `victims.${i}.caseId`, code: 'duplicate' });
    else {
      seen.add(v.caseId);
      leadAgencies.add(facts.leadAgencyId);
    }
  }
  for (const [i, p] of input.parties.entries())
    if (!(await findActiveAgency(ctx, p.agencyId)))
      issues.push({ field: `parties.${i}.agencyId`, code: 'agency_not_active' });
  for (const [i, c] of input.charges.entries())
    if (c.suspectIndex !== undefined && c.suspectIndex >= input.suspects.length)
      issues.push({ field: `charges.${i}.suspectIndex`, code: 'invalid' });
  fail(issues);

  const own = await findActiveAgency(ctx, actor.agencyId);
  const now = ctx.clock.now().toISOString();
  const id = uuidv7();
  const row: ProceedingRow = {
    id,
    report_number: input.reportNumber,
    police_unit: input.policeUnit,
    reported_on: input.reportedOn,
    law: input.law,
    exploitation_type: input.exploitationType ?? null,
    stage: 'report',
    stage_on: input.reportedOn,
    stopped_reason: null,
    stopped_note_enc: null,
    court_name: null,
    open: 1,
    version: 1,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  const parties = new Map<string, PartyRow>();
  parties.set(actor.agencyId, {
    proceeding_id: id,
    agency_id: actor.agencyId,
    role: agencyTypeParty[own?.type ?? ''] ?? 'police',
  });
  for (const p of input.parties)
    if (!parties.has(p.agencyId)) parties.set(p.agencyId, { proceeding_id: id, agency_id: p.agencyId, role: p.role });
  // The victims' service agencies are parties too: they follow the case for her (restitution, being informed).
  for (const a of leadAgencies)
    if (!parties.has(a)) parties.set(a, { proceeding_id: id, agency_id: a, role: 'victim_service' });
  const victims: VictimRow[] = input.victims.map((v) => {
    const vid = uuidv7();
    return {
      id: vid,
      proceeding_id: id,
      case_id: v.caseId,
      role: v.role,
      accompanied_by_enc: v.accompaniedBy
        ? ctx.keyring.encrypt('legal_victims', 'accompanied_by_enc', vid, v.accompaniedBy)
        : null,
      open: 1,
      last_informed_at: now,
      uninformed_alerted_at: null,
      linked_at: now,
    };
  });
  await transact(ctx, async (tx) => {
    const defendants = await insertSuspects(tx, ctx, id, input.suspects, now);
    const charges: ChargeRow[] = input.charges.map((c) => ({
      id: uuidv7(),
      proceeding_id: id,
      defendant_id: c.suspectIndex === undefined ? null : defendants[c.suspectIndex]!.id,
      law: c.law,
      article: c.article,
    }));
    await insertProceeding(tx, row, [...parties.values()], victims, defendants, charges, {
      id: uuidv7(),
      proceeding_id: id,
      stage: 'report',
      on_date: input.reportedOn,
      recorded_by: actor.userId,
      recorded_at: now,
    });
    await audit(tx, ctx, 'proceedingCreate', id, {
      caseIds: victims.map((v) => v.case_id),
      parties: [...parties.values()].map((p) => ({ agencyId: p.agency_id, role: p.role })),
      defendantIds: defendants.map((d) => d.id),
      charges: charges.length,
      law: input.law,
    });
    for (const v of victims)
      await recordTimeline(tx, ctx, v.case_id, 'legal.proceeding_opened', { proceedingId: id, role: v.role });
  });
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}

const listCursor = z.tuple([z.string()]);

/**
 * Proceedings the caller's agency is party to (police, prosecutors, LPSK, the victims' agencies), newest first;
 * with `caseId`, that case's proceedings (the case must be visible to the caller).
 */
export async function listProceedings(
  ctx: Context,
  q: { limit: number; cursor?: string; caseId?: string; stage?: string },
) {
  const actor = requireActor(ctx);
  if (q.caseId) {
    if (!(await caseLegalVisible(ctx, q.caseId))) throw notFound();
  } else if (!mayUseLegal(ctx)) throw forbidden();
  const rows = await selectProceedingIds(ctx.database.db, {
    agencyId: q.caseId ? undefined : actor.agencyId,
    caseId: q.caseId,
    stage: q.stage,
    before: decodeCursor(q.cursor, listCursor)?.[0],
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const counts = await countVictims(
    ctx.database.db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      reportNumber: r.report_number,
      reportedOn: r.reported_on,
      law: r.law as TProceeding['law'],
      stage: r.stage as ProceedingStage,
      stageOn: r.stage_on,
      open: r.open === 1,
      victims: counts.get(r.id) ?? 0,
      createdAt: r.created_at,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** Changes the report facts, adds parties, suspects and charges; on the version the caller saw (else 409). */
export async function updateProceeding(ctx: Context, id: string, input: TProceedingUpdate): Promise<TProceeding> {
  const actor = requireActor(ctx);
  const p = await loadForManage(ctx, id);
  const issues: FieldIssue[] = [];
  for (const [i, x] of (input.addParties ?? []).entries())
    if (!(await findActiveAgency(ctx, x.agencyId)))
      issues.push({ field: `addParties.${i}.agencyId`, code: 'agency_not_active' });
  const existingDefendants = new Set((await selectDefendants(ctx.database.db, id)).map((d) => d.id));
  for (const [i, c] of (input.addCharges ?? []).entries())
    if (c.defendantId && !existingDefendants.has(c.defendantId))
      issues.push({ field: `addCharges.${i}.defendantId`, code: 'invalid' });
  fail(issues);
  const now = ctx.clock.now().toISOString();
  const set: Partial<ProceedingRow> = { updated_at: now };
  if (input.reportNumber !== undefined) set.report_number = input.reportNumber;
  if (input.policeUnit !== undefined) set.police_unit = input.policeUnit;
  if (input.courtName !== undefined) set.court_name = input.courtName;
  if (input.exploitationType !== undefined) set.exploitation_type = input.exploitationType;
  const existingParties = new Set((await selectParties(ctx.database.db, id)).map((x) => x.agency_id));
  await transact(ctx, async (tx) => {
    if (!(await bumpProceeding(tx, id, input.version, set))) throw new AppError('conflict', 'version_conflict');
    const parties = (input.addParties ?? [])
      .filter((x) => !existingParties.has(x.agencyId))
      .map((x) => ({ proceeding_id: id, agency_id: x.agencyId, role: x.role }));
    const unique = [...new Map(parties.map((x) => [x.agency_id, x])).values()];
    if (unique.length) await t(tx).insertInto('legal_parties').values(unique).execute();
    const defendants = await insertSuspects(tx, ctx, id, input.addSuspects ?? [], now);
    if (defendants.length) await t(tx).insertInto('legal_defendants').values(defendants).execute();
    const charges = (input.addCharges ?? []).map((c) => ({
      id: uuidv7(),
      proceeding_id: id,
      defendant_id: c.defendantId ?? null,
      law: c.law,
      article: c.article,
    }));
    if (charges.length) await t(tx).insertInto('legal_charges').values(charges).execute();
    await audit(tx, ctx, 'proceedingUpdate', id, {
      fields: Object.keys(input).filter((k) => k !== 'version'),
      addedParties: unique.map((x) => x.agency_id),
      addedDefendants: defendants.map((d) => d.id),
      addedCharges: charges.length,
      by: actor.agencyId,
    });
  });
  return presentProceeding(ctx, await loadProceeding(ctx, p.row.id));
}

/** Moves a proceeding to the next stage (or SP3) from the stage the caller saw; a concurrent move answers 409. */
export async function advanceStage(
  ctx: Context,
  id: string,
  input: z.infer<typeof stageAdvanceSchema>,
): Promise<TProceeding> {
  const actor = requireActor(ctx);
  const p = await loadForManage(ctx, id);
  if (p.row.stage !== input.from) throw new AppError('conflict', 'stage_changed');
  const issues: FieldIssue[] = [];
  if (!nextStages[input.from].includes(input.to)) issues.push({ field: 'to', code: 'stage_not_allowed' });
  if (input.to === 'stopped' && !input.stoppedReason) issues.push({ field: 'stoppedReason', code: 'required' });
  if (input.to !== 'stopped' && input.stoppedReason) issues.push({ field: 'stoppedReason', code: 'not_applicable' });
  if (input.on < p.row.stage_on) issues.push({ field: 'on', code: 'before_previous_stage' });
  if (input.on > todayInIndonesia(ctx)) issues.push({ field: 'on', code: 'in_future' });
  fail(issues);
  await transact(ctx, (tx) => applyStage(tx, ctx, p, input.from, input.to, input.on, input));
  void actor;
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}

/** Writes a stage move inside the caller's transaction (conditional on `from`), with history, audit and timeline. */
async function applyStage(
  tx: Tx,
  ctx: Context,
  p: LoadedProceeding,
  from: ProceedingStage,
  to: ProceedingStage,
  on: string,
  extra: { stoppedReason?: string; note?: string } = {},
) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now().toISOString();
  const closing = closedStages.has(to);
  const moved = await moveStage(tx, p.row.id, from, {
    stage: to,
    stage_on: on,
    open: closing ? 0 : 1,
    updated_at: now,
    ...(to === 'stopped'
      ? {
          stopped_reason: extra.stoppedReason ?? null,
          stopped_note_enc: extra.note
            ? ctx.keyring.encrypt('legal_proceedings', 'stopped_note_enc', p.row.id, extra.note)
            : null,
        }
      : {}),
  });
  if (!moved) throw new AppError('conflict', 'stage_changed');
  await t(tx)
    .insertInto('legal_stage_history')
    .values({
      id: uuidv7(),
      proceeding_id: p.row.id,
      stage: to,
      on_date: on,
      recorded_by: actor.userId,
      recorded_at: now,
    })
    .execute();
  if (to === 'prosecution')
    await t(tx)
      .updateTable('legal_defendants')
      .set({ status: 'defendant' })
      .where('proceeding_id', '=', p.row.id)
      .where('status', '=', 'suspect')
      .execute();
  if (closing) await closeVictimLinks(tx, p.row.id);
  await audit(tx, ctx, 'stageAdvance', p.row.id, { from, to, on, stoppedReason: extra.stoppedReason ?? null });
  for (const v of p.victims)
    await recordTimeline(tx, ctx, v.case_id, 'legal.stage', { proceedingId: p.row.id, stage: to, on });
}

/** A hearing; a child victim never testifies face to face in open court (Art. 38–40). */
export async function createHearing(ctx: Context, id: string, input: z.infer<typeof hearingCreateSchema>) {
  const actor = requireActor(ctx);
  const p = await loadForManage(ctx, id);
  const issues: FieldIssue[] = [];
  if (input.heldOn < p.row.reported_on) issues.push({ field: 'heldOn', code: 'before_report' });
  if (input.caseId) {
    if (!p.victims.some((v) => v.case_id === input.caseId)) issues.push({ field: 'caseId', code: 'not_a_victim' });
    else if (input.testimonyMode === 'in_person' && (await caseFacts(ctx.database.db, input.caseId))?.isChild)
      issues.push({ field: 'testimonyMode', code: 'child_testimony_mode' });
  } else if (input.testimonyMode) issues.push({ field: 'caseId', code: 'required' });
  fail(issues);
  const hid = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('legal_hearings')
      .values({
        id: hid,
        proceeding_id: id,
        case_id: input.caseId ?? null,
        held_on: input.heldOn,
        court: input.court,
        testimony_mode: input.testimonyMode ?? null,
        accompanied_by_enc: input.accompaniedBy
          ? ctx.keyring.encrypt('legal_hearings', 'accompanied_by_enc', hid, input.accompaniedBy)
          : null,
        notes_enc: input.notes ? ctx.keyring.encrypt('legal_hearings', 'notes_enc', hid, input.notes) : null,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    await audit(tx, ctx, 'hearingCreate', hid, {
      proceedingId: id,
      heldOn: input.heldOn,
      caseId: input.caseId ?? null,
      testimonyMode: input.testimonyMode ?? null,
    });
    for (const v of p.victims)
      await recordTimeline(tx, ctx, v.case_id, 'legal.hearing', { proceedingId: id, heldOn: input.heldOn });
  });
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}

const instanceStage: Record<string, ProceedingStage> = {
  first_instance: 'first_instance_verdict',
  appeal: 'appeal',
  cassation: 'cassation',
};

/**
 * Records a verdict. The proceeding moves to the verdict's stage (and to `final` when the verdict is legally
 * final); restitution ordered for a victim sets her claim's amount, and a final verdict starts its deadline chain.
 */
export async function recordVerdict(ctx: Context, id: string, input: z.infer<typeof verdictRecordSchema>) {
  const actor = requireActor(ctx);
  const p = await loadForManage(ctx, id);
  const issues: FieldIssue[] = [];
  const defendants = await selectDefendants(ctx.database.db, id);
  if (!defendants.some((d) => d.id === input.defendantId)) issues.push({ field: 'defendantId', code: 'invalid' });
  if (input.decidedOn < p.row.reported_on) issues.push({ field: 'decidedOn', code: 'verdict_before_report' });
  if (input.decidedOn > todayInIndonesia(ctx)) issues.push({ field: 'decidedOn', code: 'in_future' });
  if (input.finalOn && input.finalOn < input.decidedOn) issues.push({ field: 'finalOn', code: 'date_order' });
  if (input.finalOn && input.finalOn > todayInIndonesia(ctx)) issues.push({ field: 'finalOn', code: 'in_future' });
  if (input.restitutionOrdered && !input.restitutionAmount)
    issues.push({ field: 'restitutionAmount', code: 'required' });
  if (!input.restitutionOrdered && input.restitutionAmount)
    issues.push({ field: 'restitutionAmount', code: 'not_applicable' });
  if (input.outcome !== 'convicted' && input.restitutionOrdered)
    issues.push({ field: 'restitutionOrdered', code: 'not_applicable' });
  const stage = instanceStage[input.instance]!;
  const order = proceedingStagesOrder(p.row.stage as ProceedingStage);
  if (order < proceedingStagesOrder('prosecution') || p.row.stage === 'stopped' || p.row.stage === 'final')
    issues.push({ field: 'instance', code: 'stage_not_allowed' });
  fail(issues);
  const vid = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('legal_verdicts')
      .values({
        id: vid,
        proceeding_id: id,
        defendant_id: input.defendantId,
        instance: input.instance,
        decided_on: input.decidedOn,
        outcome: input.outcome,
        sentence_months: input.sentenceMonths ?? null,
        fine_amount: input.fineAmount ?? null,
        restitution_ordered: input.restitutionOrdered ? 1 : 0,
        restitution_amount: input.restitutionAmount ?? null,
        final_on: input.finalOn ?? null,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    await t(tx)
      .updateTable('legal_defendants')
      .set({ status: input.outcome === 'convicted' ? 'convicted' : 'acquitted' })
      .where('id', '=', input.defendantId)
      .execute();
    await audit(tx, ctx, 'verdictRecord', vid, {
      proceedingId: id,
      defendantId: input.defendantId,
      instance: input.instance,
      decidedOn: input.decidedOn,
      outcome: input.outcome,
      restitutionOrdered: input.restitutionOrdered,
      restitutionAmount: input.restitutionAmount ?? null,
      finalOn: input.finalOn ?? null,
    });
    for (const v of p.victims)
      await recordTimeline(tx, ctx, v.case_id, 'legal.verdict', {
        proceedingId: id,
        outcome: input.outcome,
        restitutionOrdered: input.restitutionOrdered,
      });
    let current = p.row.stage as ProceedingStage;
    if (current !== stage && nextStages[current].includes(stage)) {
      await applyStage(tx, ctx, p, current, stage, input.decidedOn);
      current = stage;
    }
    if (input.finalOn && nextStages[current].includes('final'))
      await applyStage(tx, ctx, p, current, 'final', input.finalOn);
    if (input.restitutionOrdered && input.restitutionAmount)
      await startChainsOnVerdict(tx, ctx, id, input.defendantId, input.restitutionAmount, input.finalOn ?? null);
  });
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}

const stageOrder = new Map<ProceedingStage, number>(
  (
    [
      'report',
      'preliminary_investigation',
      'investigation',
      'file_complete',
      'prosecution',
      'first_instance_verdict',
      'appeal',
      'cassation',
      'final',
      'stopped',
    ] as const
  ).map((s, i) => [s, i]),
);
const proceedingStagesOrder = (s: ProceedingStage) => stageOrder.get(s) ?? 0;

/* ---------- the victim's right to know (Art. 36) ---------- */

export async function recordVictimInformed(ctx: Context, id: string, input: z.infer<typeof informedRecordSchema>) {
  const actor = requireActor(ctx);
  const p = await loadProceeding(ctx, id);
  const link = p.victims.find((v) => v.case_id === input.caseId);
  if (!link || !p.access.visibleCases.has(input.caseId)) fail([{ field: 'caseId', code: 'not_a_victim' }]);
  if (!canInformVictim(ctx, p.access, input.caseId)) throw forbidden();
  const informedAt = new Date(input.informedAt).toISOString();
  const issues: FieldIssue[] = [];
  if (informedAt > ctx.clock.now().toISOString()) issues.push({ field: 'informedAt', code: 'in_future' });
  if (informedAt.slice(0, 10) < p.row.reported_on) issues.push({ field: 'informedAt', code: 'before_report' });
  fail(issues);
  const rid = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('legal_victim_informed')
      .values({
        id: rid,
        proceeding_id: id,
        case_id: input.caseId,
        informed_at: informedAt,
        channel: input.channel,
        topics: ctx.database.adapter.toJson(input.topics),
        summary_enc: ctx.keyring.encrypt('legal_victim_informed', 'summary_enc', rid, input.summary),
        informed_by: actor.userId,
        informed_by_agency_id: actor.agencyId,
        created_at: now,
      })
      .execute();
    await t(tx)
      .updateTable('legal_victims')
      .set({ last_informed_at: informedAt })
      .where('proceeding_id', '=', id)
      .where('case_id', '=', input.caseId)
      .where('last_informed_at', '<', informedAt)
      .execute();
    await resolveAlerts(tx, ctx, legalActionKey.informed(id, input.caseId));
    await audit(tx, ctx, 'victimInformed', id, {
      recordId: rid,
      caseId: input.caseId,
      channel: input.channel,
      topics: input.topics,
    });
    await recordTimeline(tx, ctx, input.caseId, 'legal.victim_informed', {
      proceedingId: id,
      channel: input.channel,
      topics: input.topics,
    });
  });
  return listVictimInformed(ctx, id);
}

/** The information log of the victims the caller sees, newest first. */
export async function listVictimInformed(ctx: Context, id: string) {
  const p = await loadProceeding(ctx, id);
  const all = seesAllVictims(p.access);
  const rows = (await selectInformed(ctx.database.db, id)).filter((r) => all || p.access.visibleCases.has(r.case_id));
  const names = await agencyNames(
    ctx,
    rows.map((r) => r.informed_by_agency_id),
  );
  const users = await userNames(
    ctx,
    rows.map((r) => r.informed_by),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      proceedingId: r.proceeding_id,
      caseId: r.case_id,
      informedAt: r.informed_at,
      channel: r.channel as 'in_person',
      topics: ctx.database.adapter.fromJson<string[]>(r.topics) as 'stage'[],
      summary: ctx.keyring.decrypt('legal_victim_informed', 'summary_enc', r.id, r.summary_enc),
      informedBy: users.get(r.informed_by) ?? '',
      informedByAgency: { id: r.informed_by_agency_id, name: names.get(r.informed_by_agency_id) ?? '' },
    })),
  };
}

async function userNames(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  const users = await userSummaries(ctx.database.db, ids);
  return new Map([...users].map(([id, u]) => [id, u.displayName]));
}

/**
 * Cases whose victims shared their legal data with the caller's agency by consent (what police may link to a
 * proceeding they open), with the case number and whether she is a child; nothing else of the case.
 */
export async function listSharedCases(ctx: Context) {
  const actor = requireActor(ctx);
  if (!canOpenProceeding(ctx)) throw forbidden();
  const ids = await casesSharedWithAgency(ctx, actor.agencyId, LEGAL_FIELD_GROUP);
  const items = [];
  for (const id of ids.slice(0, 200)) {
    const f = await caseFacts(ctx.database.db, id);
    if (f && f.stage !== 'closed') items.push({ caseId: f.id, caseNumber: f.caseNumber, isChild: f.isChild });
  }
  return { items };
}
