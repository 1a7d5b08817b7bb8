import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, type FieldIssue, forbidden, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { canAccessCase, caseFacts, recordTimeline } from '../cases/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import { audit } from './legal.audit.js';
import {
  canDecideProtection,
  canReadMeasure,
  canRequestProtection,
  legalCasePermissions,
  PROTECTION_STAFF_PERMISSIONS,
} from './legal.policy.js';
import {
  type measureCreateSchema,
  type measureUpdateSchema,
  type ProtectionType,
  type TMeasure,
  TPKS_TEMPORARY_HOURS,
} from './legal.schema.js';
import { endOfDay, fail, legalActionKey, todayInIndonesia } from './legal.shared.js';
import { agencyPartyToCase, type MeasureRow, t } from './legal.store.js';
import { caseLegalVisible } from './legal.view.js';
import { bumpMeasure, selectMeasure, selectMeasuresOfAgency, selectMeasuresOfCase } from './protection.store.js';

export const PROTECTION_PERMISSIONS = PROTECTION_STAFF_PERMISSIONS;

/** Which deadline a measure is waiting on: an answer (TPKS temporary protection, 1×24 h) or its next review. */
function dueOf(status: string, respondBy: string | null, reviewOn: string | null): string | null {
  if (status === 'requested') return respondBy;
  if (status === 'granted' && reviewOn) return endOfDay(reviewOn);
  return null;
}

export async function presentMeasure(ctx: Context, m: MeasureRow): Promise<TMeasure> {
  const agency = await findAgencyRow(ctx, m.agency_id);
  const facts = await caseFacts(ctx.database.db, m.case_id);
  return {
    id: m.id,
    caseId: m.case_id,
    caseNumber: facts?.caseNumber ?? '',
    proceedingId: m.proceeding_id,
    type: m.type as ProtectionType,
    agency: { id: m.agency_id, name: agency?.name ?? '' },
    status: m.status as TMeasure['status'],
    requestedAt: m.requested_at,
    respondBy: m.respond_by,
    grantedOn: m.granted_on,
    endedOn: m.ended_on,
    endReason: m.end_reason,
    threatLevel: m.threat_level as TMeasure['threatLevel'],
    threatAssessment:
      m.threat_assessment_enc === null
        ? null
        : ctx.keyring.decrypt('protection_measures', 'threat_assessment_enc', m.id, m.threat_assessment_enc),
    reviewOn: m.review_on,
    childChecklist:
      m.child_checklist === null ? null : ctx.database.adapter.fromJson<TMeasure['childChecklist']>(m.child_checklist),
    version: m.version,
  };
}

/** A measure the caller may see (case team, consented recipient, the providing agency); else 404. */
async function loadMeasure(ctx: Context, id: string): Promise<MeasureRow> {
  const m = await selectMeasure(ctx.database.db, id);
  if (!m) throw notFound();
  const provider = canDecideProtection(ctx, m.agency_id);
  if (!canReadMeasure(ctx, provider || (await caseLegalVisible(ctx, m.case_id)), m.agency_id)) throw notFound();
  return m;
}

/**
 * A protection request for a victim (Law 21/2007 Art. 43, 47; Law 31/2014; Law 12/2022 Art. 42): by her case team,
 * or by police or LPSK staff party to her proceeding. The providing agency's protection staff are alerted.
 */
export async function createMeasure(ctx: Context, input: z.infer<typeof measureCreateSchema>): Promise<TMeasure> {
  const actor = requireActor(ctx);
  const facts = await caseFacts(ctx.database.db, input.caseId);
  const works = facts ? await canAccessCase(ctx, input.caseId, legalCasePermissions.work) : false;
  const party = facts ? await agencyPartyToCase(ctx.database.db, input.caseId, actor.agencyId) : false;
  if (!facts || !canRequestProtection(ctx, works, party)) throw notFound();
  const issues: FieldIssue[] = [];
  if (!(await findActiveAgency(ctx, input.agencyId))) issues.push({ field: 'agencyId', code: 'agency_not_active' });
  if (input.reviewOn && input.reviewOn < todayInIndonesia(ctx)) issues.push({ field: 'reviewOn', code: 'in_past' });
  if (input.proceedingId) {
    const link = await t(ctx.database.db)
      .selectFrom('legal_victims')
      .select('case_id')
      .where('proceeding_id', '=', input.proceedingId)
      .where('case_id', '=', input.caseId)
      .executeTakeFirst();
    if (!link) issues.push({ field: 'proceedingId', code: 'not_a_victim' });
  }
  if (input.childChecklist && !facts.isChild) issues.push({ field: 'childChecklist', code: 'not_applicable' });
  fail(issues);
  const now = ctx.clock.now();
  const id = uuidv7();
  // Law 12/2022 Art. 42(1): temporary protection within 1×24 hours of the request.
  const respondBy =
    input.type === 'tpks_temporary' ? new Date(now.getTime() + TPKS_TEMPORARY_HOURS * 3_600_000).toISOString() : null;
  const row: MeasureRow = {
    id,
    case_id: input.caseId,
    proceeding_id: input.proceedingId ?? null,
    type: input.type,
    agency_id: input.agencyId,
    status: 'requested',
    requested_at: now.toISOString(),
    respond_by: respondBy,
    granted_on: null,
    ended_on: null,
    end_reason: null,
    threat_level: input.threatLevel,
    threat_assessment_enc: input.threatAssessment
      ? ctx.keyring.encrypt('protection_measures', 'threat_assessment_enc', id, input.threatAssessment)
      : null,
    review_on: input.reviewOn ?? null,
    due_at: dueOf('requested', respondBy, null),
    alerted_at: null,
    child_checklist: input.childChecklist ? ctx.database.adapter.toJson(input.childChecklist) : null,
    version: 1,
    created_by: actor.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  const staff = (await agencyUserIdsWithPermission(ctx, input.agencyId, PROTECTION_PERMISSIONS)).filter(
    (u) => u !== actor.userId,
  );
  await transact(ctx, async (tx) => {
    await t(tx).insertInto('protection_measures').values(row).execute();
    await raiseAlerts(tx, ctx, staff, {
      kind: 'protection_requested',
      actionKey: legalActionKey.protection(id),
      entityType: 'protection_measure',
      entityId: id,
      params: { caseNumber: facts.caseNumber, type: input.type, respondBy },
    });
    await audit(tx, ctx, 'measureCreate', id, {
      caseId: input.caseId,
      type: input.type,
      agencyId: input.agencyId,
      threatLevel: input.threatLevel,
    });
    await recordTimeline(tx, ctx, input.caseId, 'legal.protection_requested', { measureId: id, type: input.type });
  });
  return presentMeasure(ctx, row);
}

const transitions: Record<string, readonly string[]> = {
  requested: ['granted', 'rejected'],
  granted: ['ended'],
  rejected: [],
  ended: [],
};

/**
 * Grants, refuses or ends a measure (the providing agency's protection staff) or updates its threat assessment,
 * review date and child-witness checklist (they or the case team); on the version the caller saw (else 409).
 */
export async function updateMeasure(ctx: Context, id: string, input: z.infer<typeof measureUpdateSchema>) {
  const m = await loadMeasure(ctx, id);
  const provider = canDecideProtection(ctx, m.agency_id);
  const team = await canAccessCase(ctx, m.case_id, legalCasePermissions.work);
  if (!provider && !team) throw notFound();
  const issues: FieldIssue[] = [];
  const to = input.status && input.status !== m.status ? input.status : undefined;
  if (to) {
    if (!provider) throw new AppError('forbidden', 'forbidden');
    if (!transitions[m.status]!.includes(to)) issues.push({ field: 'status', code: 'stage_not_allowed' });
    if (to === 'granted' && !input.grantedOn) issues.push({ field: 'grantedOn', code: 'required' });
    if (to === 'ended' && !input.endedOn) issues.push({ field: 'endedOn', code: 'required' });
  }
  const today = todayInIndonesia(ctx);
  const requestedOn = m.requested_at.slice(0, 10);
  if (input.grantedOn && input.grantedOn < requestedOn) issues.push({ field: 'grantedOn', code: 'before_request' });
  if (input.grantedOn && input.grantedOn > today) issues.push({ field: 'grantedOn', code: 'in_future' });
  const grantedOn = input.grantedOn ?? m.granted_on;
  if (input.endedOn && grantedOn && input.endedOn < grantedOn) issues.push({ field: 'endedOn', code: 'date_order' });
  if (input.endedOn && input.endedOn > today) issues.push({ field: 'endedOn', code: 'in_future' });
  const facts = await caseFacts(ctx.database.db, m.case_id);
  if (input.childChecklist && !facts?.isChild) issues.push({ field: 'childChecklist', code: 'not_applicable' });
  fail(issues);
  const status = to ?? m.status;
  const reviewOn = input.reviewOn === undefined ? m.review_on : input.reviewOn;
  const dueAt = dueOf(status, m.respond_by, reviewOn);
  const now = ctx.clock.now().toISOString();
  const set: Partial<MeasureRow> = {
    status,
    granted_on: to === 'granted' ? input.grantedOn! : m.granted_on,
    ended_on: to === 'ended' ? input.endedOn! : m.ended_on,
    end_reason: to === 'ended' || to === 'rejected' ? (input.endReason ?? null) : m.end_reason,
    threat_level: input.threatLevel ?? m.threat_level,
    review_on: reviewOn,
    due_at: dueAt,
    alerted_at: dueAt === m.due_at ? m.alerted_at : null,
    updated_at: now,
  };
  if (input.threatAssessment)
    set.threat_assessment_enc = ctx.keyring.encrypt(
      'protection_measures',
      'threat_assessment_enc',
      id,
      input.threatAssessment,
    );
  if (input.childChecklist) set.child_checklist = ctx.database.adapter.toJson(input.childChecklist);
  await transact(ctx, async (tx) => {
    if (!(await bumpMeasure(tx, id, input.version, set))) throw new AppError('conflict', 'version_conflict');
    await audit(tx, ctx, 'measureUpdate', id, {
      from: m.status,
      to: status,
      fields: Object.keys(input).filter((k) => k !== 'version'),
      reviewOn,
    });
    // Granting, refusing or ending answers the request (and a new review date answers a review that was due).
    if (to || input.reviewOn !== undefined) await resolveAlerts(tx, ctx, legalActionKey.protection(id));
    if (to) await recordTimeline(tx, ctx, m.case_id, `legal.protection_${to}`, { measureId: id, type: m.type });
  });
  return presentMeasure(ctx, { ...m, ...set, version: input.version + 1 } as MeasureRow);
}

export async function getMeasure(ctx: Context, id: string) {
  return presentMeasure(ctx, await loadMeasure(ctx, id));
}

/** A case's measures (case team and consented recipients). */
export async function listCaseMeasures(ctx: Context, caseId: string) {
  if (!(await caseLegalVisible(ctx, caseId))) throw notFound();
  const rows = await selectMeasuresOfCase(ctx.database.db, caseId);
  return Promise.all(rows.map((m) => presentMeasure(ctx, m)));
}

const agencyCursor = z.tuple([z.string()]);

/** The measures the caller's agency provides, newest first (LPSK and police protection staff). */
export async function listAgencyMeasures(ctx: Context, q: { limit: number; cursor?: string }) {
  const actor = requireActor(ctx);
  if (!canDecideProtection(ctx, actor.agencyId)) throw forbidden();
  const rows = await selectMeasuresOfAgency(
    ctx.database.db,
    actor.agencyId,
    decodeCursor(q.cursor, agencyCursor)?.[0],
    q.limit + 1,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: await Promise.all(page.map((m) => presentMeasure(ctx, m))),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
  };
}
