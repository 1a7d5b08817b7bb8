import { requireActor } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { findAgencyRow } from '../agencies/index.js';
import { accessibleCaseIds, canAccessCase, caseFacts } from '../cases/index.js';
import { consentedGroupsFor } from '../consent/index.js';
import { personsByIds } from '../persons/index.js';
import {
  canManageProceeding,
  canReadProceeding,
  consentOpensLegal,
  legalCasePermissions,
  mayUseLegal,
  type ProceedingAccess,
} from './legal.policy.js';
import { nextStages, type PartyRole, type ProceedingStage, type TProceeding } from './legal.schema.js';
import {
  type ProceedingRow,
  selectCharges,
  selectDefendants,
  selectHearings,
  selectHistory,
  selectParties,
  selectParty,
  selectProceeding,
  selectVerdicts,
  selectVictims,
  type VictimRow,
} from './legal.store.js';
import { presentClaims } from './restitution.chain.js';

/* ---------- access ---------- */

/** Whether the caller sees a case's legal data: she may read the case, or a consent for her agency covers it. */
export async function caseLegalVisible(ctx: Context, caseId: string): Promise<boolean> {
  if (await canAccessCase(ctx, caseId, legalCasePermissions.read)) return true;
  const actor = requireActor(ctx);
  return consentOpensLegal(ctx, await consentedGroupsFor(ctx, caseId, actor.agencyId));
}

/** The cases among `ids` whose legal data the caller sees (caseLegalVisible for a page at once). */
export async function casesLegalVisible(ctx: Context, ids: readonly string[]): Promise<Set<string>> {
  const actor = requireActor(ctx);
  const visible = await accessibleCaseIds(ctx, ids, legalCasePermissions.read);
  for (const id of new Set(ids)) {
    if (visible.has(id)) continue;
    if (consentOpensLegal(ctx, await consentedGroupsFor(ctx, id, actor.agencyId))) visible.add(id);
  }
  return visible;
}

/** What the caller is to a proceeding (party role, cases she sees, cases she works on). */
export async function proceedingAccess(ctx: Context, id: string, victims: VictimRow[]): Promise<ProceedingAccess> {
  const actor = requireActor(ctx);
  const party = await selectParty(ctx.database.db, id, actor.agencyId);
  const caseIds = victims.map((v) => v.case_id);
  const workCases = await accessibleCaseIds(ctx, caseIds, legalCasePermissions.work);
  const visibleCases = await casesLegalVisible(
    ctx,
    caseIds.filter((c) => !workCases.has(c)),
  );
  for (const c of workCases) visibleCases.add(c);
  return { party: (party?.role as PartyRole | undefined) ?? null, visibleCases, workCases };
}

export interface LoadedProceeding {
  row: ProceedingRow;
  victims: VictimRow[];
  access: ProceedingAccess;
}

/** Loads a proceeding the caller may read; anything else answers exactly like a missing one (404). */
export async function loadProceeding(ctx: Context, id: string): Promise<LoadedProceeding> {
  if (!mayUseLegal(ctx) && !ctx.actor) throw notFound();
  const row = await selectProceeding(ctx.database.db, id);
  if (!row) throw notFound();
  const victims = await selectVictims(ctx.database.db, id);
  const access = await proceedingAccess(ctx, id, victims);
  if (!canReadProceeding(ctx, access)) throw notFound();
  return { row, victims, access };
}

export async function loadForManage(ctx: Context, id: string): Promise<LoadedProceeding> {
  const p = await loadProceeding(ctx, id);
  if (!canManageProceeding(ctx, p.access)) throw forbidden();
  return p;
}

/** Parties of the proceeding's own agencies (police, prosecutor, court) see every victim; others theirs only. */
export const seesAllVictims = (a: ProceedingAccess) => a.party !== null && a.party !== 'victim_service';

/* ---------- presenting ---------- */

export async function agencyNames(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => findAgencyRow(ctx, id)));
  return new Map(unique.map((id, i) => [id, rows[i]?.name ?? '']));
}

export async function presentProceeding(ctx: Context, p: LoadedProceeding): Promise<TProceeding> {
  const db = ctx.database.db;
  const { row, access } = p;
  const dec = (table: string, column: string, id: string, v: string | null) =>
    v === null ? null : ctx.keyring.decrypt(table, column, id, v);
  const all = seesAllVictims(access);
  const shown = p.victims.filter((v) => all || access.visibleCases.has(v.case_id));
  const [parties, defendants, charges, history, hearings, verdicts] = await Promise.all([
    selectParties(db, row.id),
    selectDefendants(db, row.id),
    selectCharges(db, row.id),
    selectHistory(db, row.id),
    selectHearings(db, row.id),
    selectVerdicts(db, row.id),
  ]);
  const names = await agencyNames(
    ctx,
    parties.map((x) => x.agency_id),
  );
  const facts = new Map<string, Awaited<ReturnType<typeof caseFacts>>>();
  for (const v of p.victims) facts.set(v.case_id, await caseFacts(db, v.case_id));
  const persons = await personsByIds(
    ctx,
    defendants.map((d) => d.person_id),
  );
  const shownCases = new Set(shown.map((v) => v.case_id));
  return {
    id: row.id,
    reportNumber: row.report_number,
    policeUnit: row.police_unit,
    reportedOn: row.reported_on,
    law: row.law as TProceeding['law'],
    exploitationType: row.exploitation_type,
    stage: row.stage as ProceedingStage,
    stageOn: row.stage_on,
    nextStages: [...nextStages[row.stage as ProceedingStage]],
    stoppedReason: row.stopped_reason as TProceeding['stoppedReason'],
    courtName: row.court_name,
    open: row.open === 1,
    version: row.version,
    parties: parties.map((x) => ({
      agency: { id: x.agency_id, name: names.get(x.agency_id) ?? '' },
      role: x.role as PartyRole,
    })),
    victims: shown.map((v) => ({
      caseId: v.case_id,
      caseNumber: facts.get(v.case_id)?.caseNumber ?? '',
      isChild: facts.get(v.case_id)?.isChild ?? false,
      role: v.role as TProceeding['victims'][number]['role'],
      accompaniedBy: dec('legal_victims', 'accompanied_by_enc', v.id, v.accompanied_by_enc),
      lastInformedAt: v.last_informed_at,
    })),
    otherVictims: p.victims.length - shown.length,
    defendants: defendants.map((d) => ({
      id: d.id,
      personId: d.person_id,
      pseudonym: persons.get(d.person_id)?.pseudonym ?? '',
      initials: persons.get(d.person_id)?.initials ?? null,
      sex: d.sex,
      rolesInProcess: ctx.database.adapter.fromJson<string[]>(d.roles_in_process),
      status: d.status as TProceeding['defendants'][number]['status'],
    })),
    charges: charges.map((c) => ({
      id: c.id,
      law: c.law as TProceeding['charges'][number]['law'],
      article: c.article,
      defendantId: c.defendant_id,
    })),
    stageHistory: history.map((h) => ({ stage: h.stage as ProceedingStage, on: h.on_date, recordedAt: h.recorded_at })),
    hearings: hearings
      .filter((h) => h.case_id === null || shownCases.has(h.case_id))
      .map((h) => ({
        id: h.id,
        heldOn: h.held_on,
        court: h.court,
        caseId: h.case_id,
        testimonyMode: h.testimony_mode as TProceeding['hearings'][number]['testimonyMode'],
        accompaniedBy: dec('legal_hearings', 'accompanied_by_enc', h.id, h.accompanied_by_enc),
        notes: dec('legal_hearings', 'notes_enc', h.id, h.notes_enc),
        createdAt: h.created_at,
      })),
    verdicts: verdicts.map((v) => ({
      id: v.id,
      defendantId: v.defendant_id,
      instance: v.instance as TProceeding['verdicts'][number]['instance'],
      decidedOn: v.decided_on,
      outcome: v.outcome as TProceeding['verdicts'][number]['outcome'],
      sentenceMonths: v.sentence_months,
      fineAmount: v.fine_amount === null ? null : Number(v.fine_amount),
      restitutionOrdered: v.restitution_ordered === 1,
      restitutionAmount: v.restitution_amount === null ? null : Number(v.restitution_amount),
      finalOn: v.final_on,
      createdAt: v.created_at,
    })),
    claims: await presentClaims(ctx, row.id, shownCases, facts),
    abilities: {
      manage: canManageProceeding(ctx, access),
      recordRestitution: canManageProceeding(ctx, access) || access.workCases.size > 0,
      inform: access.workCases.size > 0 || canManageProceeding(ctx, access),
    },
    createdAt: row.created_at,
  };
}

export async function getProceeding(ctx: Context, id: string): Promise<TProceeding> {
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}
