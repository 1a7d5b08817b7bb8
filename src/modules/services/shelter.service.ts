import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { type Job, jobContext, sweepOverdue } from '../../platform/jobs.js';
import { findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { alertCaseTeamOverdue, recordTimeline } from '../cases/index.js';
import { requireManageServices, serviceJobPermissions } from './services.policy.js';
import type { TShelterAdmit, TShelterExit, TShelterStay } from './services.schema.js';
import { assertCaseOpen, notInFuture } from './services.service.js';
import {
  claimOverstay,
  insertStay,
  type ShelterStayRow,
  selectOpenStay,
  selectStay,
  selectStays,
  selectUnalertedOverstays,
  updateOpenStay,
} from './services.store.js';

/**
 * Temporary shelter stays (Permen PPPA 2/2022: UPTD PPA temporary shelter). The planned stay follows the
 * local service charter (DOMAIN.md §2: 7 days, extendable; PULIH_SHELTER_STAY_DAYS). One open stay per case.
 */

const ENC = 'shelter_stays';
const DAY_MS = 86_400_000;

function present(ctx: Context, row: ShelterStayRow, facilityName: string): TShelterStay {
  return {
    id: row.id,
    caseId: row.case_id,
    facilityAgency: { id: row.facility_agency_id, name: facilityName },
    admittedAt: row.admitted_at,
    plannedExitAt: row.planned_exit_at,
    extendedCount: row.extended_count,
    exitAt: row.exit_at,
    exitReason: row.exit_reason as TShelterStay['exitReason'],
    exitNote: ctx.keyring.decryptNullable(ENC, 'exit_note_enc', row.id, row.exit_note_enc),
    open: row.exit_at === null,
    overstay: row.exit_at === null && row.planned_exit_at < ctx.clock.now().toISOString(),
    createdAt: row.created_at,
  };
}

const facilityName = async (ctx: Context, id: string) => (await findAgencyRow(ctx, id))?.name ?? '';

/** A unique-index violation on either dialect (the one-open-stay index under a race). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Admits the person of a case to a shelter; a case has at most one open stay (409 otherwise). */
export async function admitToShelter(ctx: Context, caseId: string, input: TShelterAdmit): Promise<TShelterStay> {
  const actor = requireActor(ctx);
  const kase = await requireManageServices(ctx, caseId);
  assertCaseOpen(kase);
  const issues: FieldIssue[] = [];
  notInFuture(ctx, 'admittedAt', input.admittedAt, issues);
  const facility = await findActiveAgency(ctx, input.facilityAgencyId);
  if (!facility) issues.push({ field: 'facilityAgencyId', code: 'agency_not_active' });
  const admitted = input.admittedAt ? new Date(input.admittedAt) : ctx.clock.now();
  const planned = input.plannedExitAt
    ? new Date(input.plannedExitAt)
    : new Date(admitted.getTime() + ctx.config.shelterStayMs);
  if (planned.getTime() <= admitted.getTime()) issues.push({ field: 'plannedExitAt', code: 'date_order' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  const now = ctx.clock.now().toISOString();
  const row: ShelterStayRow = {
    id: uuidv7(),
    case_id: caseId,
    facility_agency_id: facility!.id,
    admitted_at: admitted.toISOString(),
    planned_exit_at: planned.toISOString(),
    extended_count: 0,
    exit_at: null,
    exit_reason: null,
    exit_note_enc: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  try {
    await transact(ctx, async (tx) => {
      if (await selectOpenStay(tx, caseId)) throw new AppError('conflict', 'shelter_stay_open');
      await insertStay(tx, row);
      await appendAudit(tx, ctx, {
        action: 'shelter.admit',
        entityType: 'shelter_stay',
        entityId: row.id,
        details: { caseId, facilityAgencyId: row.facility_agency_id, plannedExitAt: row.planned_exit_at },
      });
      await recordTimeline(tx, ctx, caseId, 'shelter.admitted', {
        stayId: row.id,
        facilityAgencyId: row.facility_agency_id,
        admittedAt: row.admitted_at,
        plannedExitAt: row.planned_exit_at,
      });
    });
  } catch (error) {
    // Two admissions at once: the partial unique index lets only one through.
    if (isUniqueViolation(error)) throw new AppError('conflict', 'shelter_stay_open');
    throw error;
  }
  return present(ctx, row, facility!.name);
}

async function loadStay(ctx: Context, id: string): Promise<ShelterStayRow> {
  const row = await selectStay(ctx.database.db, id);
  if (!row) throw notFound();
  await requireManageServices(ctx, row.case_id);
  return row;
}

/** Moves the planned exit of an open stay (the charter's 7 days are extendable). */
export async function extendShelterStay(ctx: Context, id: string, plannedExitAt: string): Promise<TShelterStay> {
  const row = await loadStay(ctx, id);
  if (row.exit_at) throw new AppError('conflict', 'shelter_stay_closed');
  const planned = new Date(plannedExitAt).toISOString();
  if (planned <= row.admitted_at) {
    throw new AppError('validation', 'validation', {}, [{ field: 'plannedExitAt', code: 'date_order' }]);
  }
  const now = ctx.clock.now().toISOString();
  const extended = planned > row.planned_exit_at;
  const patch = {
    planned_exit_at: planned,
    extended_count: row.extended_count + (extended ? 1 : 0),
    // A new planned exit is a new deadline: passing it alerts again.
    overstay_alerted_at: null,
    updated_at: now,
  };
  await transact(ctx, async (tx) => {
    if (!(await updateOpenStay(tx, id, patch))) throw new AppError('conflict', 'shelter_stay_closed');
    await appendAudit(tx, ctx, {
      action: 'shelter.extend',
      entityType: 'shelter_stay',
      entityId: id,
      details: { caseId: row.case_id, from: row.planned_exit_at, to: planned },
    });
    if (row.overstay_alerted_at) await resolveAlerts(tx, ctx, overstayActionKey(id));
    await recordTimeline(tx, ctx, row.case_id, 'shelter.extended', {
      stayId: id,
      from: row.planned_exit_at,
      to: planned,
    });
  });
  return present(ctx, { ...row, ...patch }, await facilityName(ctx, row.facility_agency_id));
}

/** Records the end of a stay: when and why (the circumstances, if given, are encrypted). */
export async function exitShelter(ctx: Context, id: string, input: TShelterExit): Promise<TShelterStay> {
  const row = await loadStay(ctx, id);
  if (row.exit_at) throw new AppError('conflict', 'shelter_stay_closed');
  const issues: FieldIssue[] = [];
  notInFuture(ctx, 'exitAt', input.exitAt, issues);
  const exitAt = new Date(input.exitAt).toISOString();
  if (exitAt < row.admitted_at) issues.push({ field: 'exitAt', code: 'date_order' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
  const now = ctx.clock.now().toISOString();
  const patch = {
    exit_at: exitAt,
    exit_reason: input.reason,
    exit_note_enc: ctx.keyring.encryptNullable(ENC, 'exit_note_enc', id, input.note),
    updated_at: now,
  };
  const days = Math.ceil((new Date(exitAt).getTime() - new Date(row.admitted_at).getTime()) / DAY_MS);
  await transact(ctx, async (tx) => {
    if (!(await updateOpenStay(tx, id, patch))) throw new AppError('conflict', 'shelter_stay_closed');
    await appendAudit(tx, ctx, {
      action: 'shelter.exit',
      entityType: 'shelter_stay',
      entityId: id,
      details: { caseId: row.case_id, reason: input.reason, days },
    });
    await recordTimeline(tx, ctx, row.case_id, 'shelter.exited', { stayId: id, reason: input.reason, days });
    if (row.overstay_alerted_at) await resolveAlerts(tx, ctx, overstayActionKey(id));
  });
  return present(ctx, { ...row, ...patch }, await facilityName(ctx, row.facility_agency_id));
}

const stayCursor = z.tuple([z.string()]);

/** A case's shelter stays, newest first. */
export async function listShelterStays(ctx: Context, caseId: string, q: { cursor?: string; limit: number }) {
  await requireManageServices(ctx, caseId);
  const rows = await selectStays(ctx.database.db, caseId, decodeCursor(q.cursor, stayCursor)?.[0], q.limit + 1);
  const page = rows.slice(0, q.limit);
  const ids = [...new Set(page.map((r) => r.facility_agency_id))];
  const names = new Map(await Promise.all(ids.map(async (i) => [i, await facilityName(ctx, i)] as const)));
  const last = page.at(-1);
  return {
    items: page.map((r) => present(ctx, r, names.get(r.facility_agency_id) ?? '')),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
  };
}

/* ---------- the overstay job ---------- */

export const OVERSTAY_JOB = 'shelter-overstay';
const OVERSTAY_BATCH = 100;
/** The action that answers an overstay alert: the stay is extended or ended. */
const overstayActionKey = (stayId: string) => `shelter_stay:${stayId}`;

/**
 * Finds open shelter stays past their planned exit (the charter's 7 days, or as extended) that nobody was alerted
 * about, in batches, and alerts the case team and supervisors once per planned exit, like the other overdue items.
 * Safe to run concurrently: each stay is claimed with a conditional update. Returns how many it alerted.
 */
export async function checkShelterOverstays(ctx: Context, batchSize = OVERSTAY_BATCH): Promise<number> {
  const job = jobContext(ctx, OVERSTAY_JOB, serviceJobPermissions);
  const now = job.clock.now().toISOString();
  return sweepOverdue(job, {
    name: OVERSTAY_JOB,
    batchSize,
    select: (after, limit) => selectUnalertedOverstays(job.database.db, now, after, limit),
    dueOf: (stay) => stay.planned_exit_at,
    alert: async ([stay]) => ((await alertOverstay(job, stay, now)) ? 1 : 0),
  });
}

async function alertOverstay(
  job: Context,
  stay: { id: string; case_id: string; facility_agency_id: string; planned_exit_at: string },
  now: string,
): Promise<boolean> {
  const kase = await requireManageServices(job, stay.case_id);
  return alertCaseTeamOverdue(job, kase, {
    claim: (tx) => claimOverstay(tx, stay.id, stay.planned_exit_at, now),
    alert: {
      kind: 'shelter_overstay',
      params: {
        caseNumber: kase.case_number,
        stayId: stay.id,
        facilityAgencyId: stay.facility_agency_id,
        plannedExitAt: stay.planned_exit_at,
      },
      actionKey: overstayActionKey(stay.id),
    },
    audit: (alerted) => ({
      action: 'shelter.overstay',
      entityType: 'shelter_stay',
      entityId: stay.id,
      details: { caseId: stay.case_id, plannedExitAt: stay.planned_exit_at, alerted },
    }),
    timeline: { kind: 'shelter.overstay', params: { stayId: stay.id, plannedExitAt: stay.planned_exit_at } },
  });
}

/** Jobs of the shelter part of this module. */
export const shelterJobs: Job[] = [
  { name: OVERSTAY_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkShelterOverstays(ctx) },
];
