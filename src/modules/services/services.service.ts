import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { type Job, jobContext, sweepOverdue } from '../../platform/jobs.js';
import { isBeyondClockSkew } from '../../platform/time.js';
import { findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import {
  caseSupervisorIds,
  caseTeamIds,
  type loadCase,
  recordTimeline,
  setLateServices,
  setNextDeadline,
} from '../cases/index.js';
import { requireManageServices, serviceJobPermissions } from './services.policy.js';
import {
  openServiceStatuses,
  rightAnsweringTypes,
  rightOfType,
  type ServiceStatus,
  type ServiceType,
  STATUTORY_DUE_MS,
  type StatutoryRight,
  serviceTransitions,
  statutoryServiceTypes,
  type TServiceListQuery,
  type TServiceRequest,
  type TServiceRequestCreate,
  type TServiceRequestUpdate,
} from './services.schema.js';
import {
  claimOverdue,
  countLateRequests,
  insertRequest,
  type ServiceRequestRow,
  selectNextDue,
  selectRequest,
  selectRequests,
  selectRequestsByIds,
  selectUnalertedLate,
  updateRequestIfStatus,
} from './services.store.js';

/** The permission for everything in this module, checked on the case. */
const ENC = 'service_requests';

type CaseRow = Awaited<ReturnType<typeof loadCase>>;

/** New work cannot be added to a closed case (reopen it first); winding up open items stays possible. */
export function assertCaseOpen(row: CaseRow): void {
  if (row.stage === 'closed') throw new AppError('conflict', 'case_closed');
}

/** Checks a client-given instant is not in the future (beyond clock skew). */
export function notInFuture(ctx: Context, field: string, value: string | undefined, issues: FieldIssue[]) {
  if (value && isBeyondClockSkew(value, ctx.clock.now())) {
    issues.push({ field, code: 'in_future' });
  }
}

const isOpen = (status: ServiceStatus) => (openServiceStatuses as readonly ServiceStatus[]).includes(status);
const isLate = (row: ServiceRequestRow, now: string) => isOpen(row.status) && row.due_at !== null && row.due_at < now;

async function agencyNames(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => findAgencyRow(ctx, id)));
  return new Map(unique.map((id, i) => [id, rows[i]?.name ?? '']));
}

function present(ctx: Context, row: ServiceRequestRow, names: Map<string, string>): TServiceRequest {
  const k = ctx.keyring;
  return {
    id: row.id,
    caseId: row.case_id,
    type: row.type,
    statutory: row.due_at !== null,
    statutoryRight: rightOfRequest(row),
    applicant: row.applicant as TServiceRequest['applicant'],
    appliedAt: row.applied_at,
    dueAt: row.due_at,
    providerAgency: { id: row.provider_agency_id, name: names.get(row.provider_agency_id) ?? '' },
    status: row.status,
    reason: k.decryptNullable(ENC, 'status_reason_enc', row.id, row.status_reason_enc),
    note: k.decryptNullable(ENC, 'note_enc', row.id, row.note_enc),
    deliveredAt: row.delivered_at,
    closedAt: row.closed_at,
    late: isLate(row, ctx.clock.now().toISOString()),
    overdueAlertedAt: row.overdue_alerted_at,
    allowedTransitions: [...serviceTransitions[row.status]],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The Art. 51–53 right a request answers: its type's own, or the one recorded for a shelter or counselling. */
function rightOfRequest(row: Pick<ServiceRequestRow, 'type' | 'statutory_right'>): StatutoryRight | null {
  return rightOfType[row.type] ?? (row.statutory_right as StatutoryRight | null | undefined) ?? null;
}

/** Recomputes the case's count of late statutory requests inside the caller's transaction. */
async function refreshLateCount(tx: Tx, ctx: Context, caseId: string): Promise<number> {
  const n = await countLateRequests(tx, caseId, ctx.clock.now().toISOString());
  await setLateServices(tx, caseId, n);
  return n;
}

/** Recomputes the case's next statutory deadline (the case list's deadline sort) inside the transaction. */
async function refreshNextDeadline(tx: Tx, caseId: string): Promise<void> {
  await setNextDeadline(tx, caseId, await selectNextDue(tx, caseId));
}

/** Records an application for a service; statutory services are due 7 days after the application. */
export async function requestService(
  ctx: Context,
  caseId: string,
  input: TServiceRequestCreate,
): Promise<TServiceRequest> {
  const actor = requireActor(ctx);
  const kase = await requireManageServices(ctx, caseId);
  assertCaseOpen(kase);
  const issues: FieldIssue[] = [];
  notInFuture(ctx, 'appliedAt', input.appliedAt, issues);
  const provider = await findActiveAgency(ctx, input.providerAgencyId);
  if (!provider) issues.push({ field: 'providerAgencyId', code: 'agency_not_active' });
  if (input.statutoryRight && !rightAnsweringTypes.has(input.type))
    issues.push({ field: 'statutoryRight', code: 'not_applicable' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  const now = ctx.clock.now().toISOString();
  const appliedAt = input.appliedAt ? new Date(input.appliedAt) : ctx.clock.now();
  // Law 21/2007 Art. 52(1) (Art. 51 rights) and Art. 53 (emergency first aid): within 7 days of the application,
  // also for a shelter or counselling request recorded as answering one of those rights.
  const right = rightOfType[input.type] ?? input.statutoryRight ?? null;
  const dueAt = right ? new Date(appliedAt.getTime() + STATUTORY_DUE_MS).toISOString() : null;
  const id = uuidv7();
  const row: ServiceRequestRow = {
    id,
    case_id: caseId,
    type: input.type,
    applicant: input.applicant,
    applied_at: appliedAt.toISOString(),
    due_at: dueAt,
    statutory_right: statutoryServiceTypes.has(input.type) ? null : (input.statutoryRight ?? null),
    provider_agency_id: provider!.id,
    status: 'requested',
    status_reason_enc: null,
    note_enc: ctx.keyring.encryptNullable(ENC, 'note_enc', id, input.note),
    delivered_at: null,
    closed_at: null,
    overdue_alerted_at: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await transact(ctx, async (tx) => {
    await insertRequest(tx, row);
    if (dueAt) await refreshNextDeadline(tx, caseId);
    // An application entered late may already be past its due time.
    if (dueAt && dueAt < now) await refreshLateCount(tx, ctx, caseId);
    await appendAudit(tx, ctx, {
      action: 'services.request',
      entityType: 'service_request',
      entityId: id,
      details: {
        caseId,
        type: input.type,
        applicant: input.applicant,
        providerAgencyId: provider!.id,
        statutoryRight: right,
        dueAt,
      },
    });
    await recordTimeline(tx, ctx, caseId, 'service.requested', {
      requestId: id,
      type: input.type,
      applicant: input.applicant,
      providerAgencyId: provider!.id,
      dueAt,
    });
  });
  return present(ctx, row, new Map([[provider!.id, provider!.name]]));
}

/** Loads a request and its case with the services permission; out of scope is a 404 like a missing one. */
async function loadRequest(ctx: Context, id: string): Promise<{ row: ServiceRequestRow; kase: CaseRow }> {
  const row = await selectRequest(ctx.database.db, id);
  if (!row) throw notFound();
  const kase = await requireManageServices(ctx, row.case_id);
  return { row, kase };
}

/** Moves a request along its lifecycle (see serviceTransitions); declining or cancelling needs a reason. */
export async function updateServiceRequest(
  ctx: Context,
  id: string,
  input: TServiceRequestUpdate,
): Promise<TServiceRequest> {
  const { row } = await loadRequest(ctx, id);
  const from = row.status;
  const to = input.status;
  if (!serviceTransitions[from].includes(to)) {
    throw new AppError('conflict', 'service_transition_not_allowed', { from, to });
  }
  const issues: FieldIssue[] = [];
  if ((to === 'declined' || to === 'cancelled') && !input.reason) issues.push({ field: 'reason', code: 'required' });
  if (input.deliveredAt !== undefined && to !== 'delivered')
    issues.push({ field: 'deliveredAt', code: 'only_when_delivered' });
  notInFuture(ctx, 'deliveredAt', input.deliveredAt, issues);
  if (input.deliveredAt && new Date(input.deliveredAt).getTime() < new Date(row.applied_at).getTime())
    issues.push({ field: 'deliveredAt', code: 'date_order' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  const now = ctx.clock.now().toISOString();
  const terminal = !isOpen(to);
  const deliveredAt = to === 'delivered' ? new Date(input.deliveredAt ?? now).toISOString() : row.delivered_at;
  const patch: Partial<ServiceRequestRow> = {
    status: to,
    delivered_at: deliveredAt,
    closed_at: terminal ? now : null,
    updated_at: now,
    ...(input.reason !== undefined
      ? { status_reason_enc: ctx.keyring.encrypt(ENC, 'status_reason_enc', id, input.reason) }
      : {}),
  };
  const wasLate = isLate(row, now);
  // Compliance with Art. 52(1)/53: was the statutory service delivered within its 7 days?
  const deliveredLate = to === 'delivered' && row.due_at !== null && deliveredAt! > row.due_at;
  await transact(ctx, async (tx) => {
    if (!(await updateRequestIfStatus(tx, id, from, patch))) {
      throw new AppError('conflict', 'service_transition_not_allowed', { from, to });
    }
    // A request that stops being open stops being late: the case's late count follows in the same transaction.
    if (terminal || wasLate) await refreshLateCount(tx, ctx, row.case_id);
    if (terminal && row.due_at !== null) await refreshNextDeadline(tx, row.case_id);
    if (terminal) await resolveAlerts(tx, ctx, alertActionKey.serviceDelivery(id));
    await appendAudit(tx, ctx, {
      action: 'services.update',
      entityType: 'service_request',
      entityId: id,
      details: { caseId: row.case_id, type: row.type, from, to, wasLate, deliveredLate },
    });
    await recordTimeline(tx, ctx, row.case_id, 'service.status', {
      requestId: id,
      type: row.type,
      from,
      to,
      wasLate,
      ...(to === 'delivered' ? { deliveredLate } : {}),
    });
  });
  const updated = { ...row, ...patch } as ServiceRequestRow;
  return present(ctx, updated, await agencyNames(ctx, [row.provider_agency_id]));
}

/* ---------- for the referrals module ---------- */

/** What a referral needs to know about a service request (no access check: the caller has checked the case). */
export interface ServiceRequestFact {
  id: string;
  caseId: string;
  type: ServiceType;
  status: ServiceStatus;
  providerAgencyId: string;
  appliedAt: string;
}

/** Facts of the given service requests, in the order asked; unknown ids are left out. */
export async function serviceRequestFacts(db: Executor, ids: string[]): Promise<ServiceRequestFact[]> {
  const rows = new Map((await selectRequestsByIds(db, [...new Set(ids)])).map((r) => [r.id, r]));
  return ids
    .map((id) => rows.get(id))
    .filter((r): r is ServiceRequestRow => r !== undefined)
    .map((r) => ({
      id: r.id,
      caseId: r.case_id,
      type: r.type,
      status: r.status,
      providerAgencyId: r.provider_agency_id,
      appliedAt: r.applied_at,
    }));
}

/**
 * Moves a request on behalf of the agency a referral was sent to, inside the referral's transaction:
 * `accepted` when it accepts the referral, `delivered` when it records the service given. The transition
 * table, the 7-day rule (Law 21/2007 Art. 52(1), 53: delivered late or not; the case's late count), audit and
 * timeline are the same as for updateServiceRequest. The caller has checked that the actor is the recipient
 * and validated deliveredAt. Returns false when the request's status does not allow the move.
 */
export async function applyReferralServiceStatus(
  tx: Tx,
  ctx: Context,
  id: string,
  change: { status: 'accepted' | 'delivered'; deliveredAt?: string; referralId: string },
): Promise<boolean> {
  const row = await selectRequest(tx, id);
  if (!row) throw notFound();
  const from = row.status;
  const to = change.status;
  if (!serviceTransitions[from].includes(to)) return false;
  const now = ctx.clock.now().toISOString();
  const deliveredAt = to === 'delivered' ? new Date(change.deliveredAt ?? now).toISOString() : row.delivered_at;
  const terminal = !isOpen(to);
  const patch: Partial<ServiceRequestRow> = {
    status: to,
    delivered_at: deliveredAt,
    closed_at: terminal ? now : null,
    updated_at: now,
  };
  const wasLate = isLate(row, now);
  const deliveredLate = to === 'delivered' && row.due_at !== null && deliveredAt! > row.due_at;
  if (!(await updateRequestIfStatus(tx, id, from, patch))) return false;
  if (terminal || wasLate) await refreshLateCount(tx, ctx, row.case_id);
  if (terminal && row.due_at !== null) await refreshNextDeadline(tx, row.case_id);
  if (terminal) await resolveAlerts(tx, ctx, alertActionKey.serviceDelivery(id));
  await appendAudit(tx, ctx, {
    action: 'services.update',
    entityType: 'service_request',
    entityId: id,
    details: { caseId: row.case_id, type: row.type, from, to, wasLate, deliveredLate, referralId: change.referralId },
  });
  await recordTimeline(tx, ctx, row.case_id, 'service.status', {
    requestId: id,
    type: row.type,
    from,
    to,
    wasLate,
    referralId: change.referralId,
    ...(to === 'delivered' ? { deliveredLate } : {}),
  });
  return true;
}

const requestCursor = z.tuple([z.string()]);

/** A case's service requests, newest first; `late=true` keeps those past their statutory due time. */
export async function listServiceRequests(ctx: Context, caseId: string, q: TServiceListQuery) {
  await requireManageServices(ctx, caseId);
  const rows = await selectRequests(ctx.database.db, {
    caseId,
    late: q.late === undefined ? undefined : q.late === 'true',
    now: ctx.clock.now().toISOString(),
    status: q.status,
    type: q.type,
    after: decodeCursor(q.cursor, requestCursor)?.[0],
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const names = await agencyNames(
    ctx,
    page.map((r) => r.provider_agency_id),
  );
  const items = page.map((r) => present(ctx, r, names));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

/* ---------- the overdue job ---------- */

export const OVERDUE_JOB = 'service-overdue';
const OVERDUE_BATCH = 100;

/**
 * Finds statutory requests that passed their 7-day due time (Law 21/2007 Art. 52(1), 53) and have not been
 * alerted yet, in batches; alerts the case team and supervisors, marks them alerted, updates the case's late
 * count. Safe to run concurrently: each request is claimed with a conditional update. Returns how many it alerted.
 */
export async function checkOverdueServiceRequests(ctx: Context, batchSize = OVERDUE_BATCH): Promise<number> {
  const job = jobContext(ctx, OVERDUE_JOB, serviceJobPermissions);
  const now = job.clock.now().toISOString();
  return sweepOverdue(job, {
    name: OVERDUE_JOB,
    batchSize,
    select: (after, limit) => selectUnalertedLate(job.database.db, now, after, limit),
    dueOf: (r) => r.due_at!,
    groupBy: (r) => r.case_id,
    alert: (requests) => alertOverdueForCase(job, requests[0].case_id, requests, now),
  });
}

async function alertOverdueForCase(
  job: Context,
  caseId: string,
  requests: { id: string; type: string; due_at: string | null }[],
  now: string,
): Promise<number> {
  const kase = await requireManageServices(job, caseId);
  const db = job.database.db;
  const recipients = [...(await caseTeamIds(db, caseId)), ...(await caseSupervisorIds(db, kase))];
  return transact(job, async (tx) => {
    let claimed = 0;
    for (const r of requests) {
      if (!(await claimOverdue(tx, r.id, now))) continue;
      claimed += 1;
      await raiseAlerts(tx, job, recipients, {
        kind: 'service_overdue',
        entityType: 'case',
        entityId: caseId,
        params: { caseNumber: kase.case_number, requestId: r.id, serviceType: r.type, dueAt: r.due_at },
      });
      await appendAudit(tx, job, {
        action: 'services.overdue',
        entityType: 'service_request',
        entityId: r.id,
        details: { caseId, type: r.type, dueAt: r.due_at, alerted: [...new Set(recipients)].length },
      });
      await recordTimeline(tx, job, caseId, 'service.overdue', { requestId: r.id, type: r.type, dueAt: r.due_at });
    }
    if (claimed > 0) await refreshLateCount(tx, job, caseId);
    return claimed;
  });
}

/** The statutory-request job for the scheduler (index.ts adds the shelter job). */
export const serviceRequestJobs: Job[] = [
  { name: OVERDUE_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkOverdueServiceRequests(ctx) },
];
