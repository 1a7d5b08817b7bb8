import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import { AppError, type FieldIssue, forbidden, notFound } from '../../platform/errors.js';
import { decodeCursor, keysetPage } from '../../platform/http.js';
import { findActiveAgency } from '../agencies/index.js';
import { caseFacts, recordTimeline } from '../cases/index.js';
import { casesSharedWithAgency } from '../consent/index.js';
import { insertPersonRecord } from '../persons/index.js';
import { audit } from './legal.audit.js';
import { canOpenProceeding, LEGAL_FIELD_GROUP, mayUseLegal } from './legal.policy.js';
import type { PartyRole, ProceedingStage, TProceeding, TProceedingCreate, TProceedingUpdate } from './legal.schema.js';
import { fail, todayInIndonesia } from './legal.shared.js';
import {
  bumpProceeding,
  type ChargeRow,
  countVictims,
  type DefendantRow,
  insertProceeding,
  type PartyRow,
  type ProceedingRow,
  selectDefendants,
  selectParties,
  selectProceedingIds,
  t,
  type VictimRow,
} from './legal.store.js';
import { caseLegalVisible, loadForManage, loadProceeding, presentProceeding } from './legal.view.js';

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
  const page = keysetPage(rows, q.limit, (r) => [r.id]);
  const counts = await countVictims(
    ctx.database.db,
    page.rows.map((r) => r.id),
  );
  return {
    items: page.rows.map((r) => ({
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
    nextCursor: page.nextCursor,
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
