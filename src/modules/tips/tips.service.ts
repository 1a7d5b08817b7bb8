import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { type Job, jobContext, sweepOverdue } from '../../platform/jobs.js';
import { findActiveAgency } from '../agencies/index.js';
import { raiseAlerts } from '../alerts/index.js';
import { createCase } from '../cases/index.js';
import { checkDuplicates } from '../persons/index.js';
import { agencyUserIdsWithPermission, supervisorsOf } from '../users/index.js';
import { tipsEncryptedTable } from './portal.service.js';
import { tipAudit } from './tips.audit.js';
import {
  requireConvertTip,
  requireManageTip,
  requireManageTipSettings,
  requireReadTip,
  requireReadTipSettings,
  TIP_REFERRAL_RECIPIENT_PERMISSIONS,
  TIP_STAFF_PERMISSIONS,
  type TipScopeFacts,
  tipJobPermissions,
  tipListScope,
} from './tips.policy.js';
import { responseTargets } from './tips.rules.js';
import type {
  TipStatus,
  TipUrgency,
  TResponseTargets,
  TTipDetail,
  TTipListQuery,
  TTipSummary,
  tipCloseSchema,
  tipConvertSchema,
  tipReferSchema,
  tipTriageSchema,
} from './tips.schema.js';
import {
  claimOverdue,
  insertTipMessage,
  OPEN_STATUSES,
  selectGroup,
  selectNearby,
  selectTip,
  selectTipMessages,
  selectTipQueue,
  selectUnalertedOverdue,
  setGroup,
  type TipRow,
  updateTipIf,
  upsertTarget,
  urgencyRank,
} from './tips.store.js';

const ENC = tipsEncryptedTable;
const DAY_MS = 86_400_000;

/** Encrypted columns of the tips tables, for key rotation. */
export const tipEncryptedColumns: EncryptedColumnSet[] = [
  { table: 'tips', idColumn: 'id', columns: ['description_enc', 'outcome_note_enc'] },
  { table: 'tip_messages', idColumn: 'id', columns: ['body_enc'] },
];

const facts = (r: TipRow): TipScopeFacts => ({
  id: r.id,
  agencyId: r.agency_id,
  regionCode: r.region_code,
  referredAgencyId: r.referred_agency_id,
  assignedTo: r.assigned_to,
});

function indicatorsOf(ctx: Context, r: TipRow): string[] {
  return ctx.database.adapter.fromJson<string[]>(r.indicators) ?? [];
}

function presentSummary(ctx: Context, r: TipRow): TTipSummary {
  return {
    id: r.id,
    ref: `L-${r.id.slice(-6).toUpperCase()}`,
    status: r.status as TipStatus,
    version: r.version,
    urgency: r.urgency as TipUrgency,
    isChild: r.is_child === 1,
    heldNow: r.held_now === 1,
    nearBorder: r.near_border === 1,
    regionCode: r.region_code,
    indicators: indicatorsOf(ctx, r),
    assignedTo: r.assigned_to,
    groupId: r.group_id,
    awaitingReply: r.awaiting_reply === 1,
    dueAt: r.due_at,
    overdue: r.first_response_at === null && r.due_at < ctx.clock.now().toISOString(),
    createdAt: r.created_at,
  };
}

/** Loads a tip the caller may read (404 otherwise, like a missing one). */
async function loadTip(ctx: Context, id: string): Promise<TipRow> {
  const row = await selectTip(ctx.database.db, id);
  if (!row) throw notFound();
  await requireReadTip(ctx, facts(row));
  return row;
}

async function loadManagedTip(ctx: Context, id: string): Promise<TipRow> {
  const row = await selectTip(ctx.database.db, id);
  if (!row) throw notFound();
  await requireManageTip(ctx, facts(row));
  return row;
}

const queueCursor = z.tuple([z.number().int(), z.string()]);

/** The triage queue: urgent first, oldest first within an urgency; only tips in the caller's reach. */
export async function listTips(ctx: Context, q: TTipListQuery) {
  const actor = requireActor(ctx);
  const scope = await tipListScope(ctx);
  const after = decodeCursor(q.cursor, queueCursor);
  const rows = await selectTipQueue(ctx.database.db, {
    scope,
    status: q.status,
    open: q.open === undefined ? undefined : q.open === 'true',
    urgency: q.urgency,
    assignedTo: q.assignedToMe ? actor.userId : undefined,
    overdueAt: q.overdue ? ctx.clock.now().toISOString() : undefined,
    after: after ? { rank: after[0], id: after[1] } : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => presentSummary(ctx, r)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([urgencyRank(last.urgency), last.id]) : null,
  };
}

/**
 * How much two tips look like the same situation: same agency and regency within 30 days is the ground;
 * shared signs, the same child flag and dates close together add to it.
 */
export function similarity(
  a: { indicators: string[]; isChild: boolean; heldNow: boolean; happenedOn: string | null },
  b: { indicators: string[]; isChild: boolean; heldNow: boolean; happenedOn: string | null },
): number {
  const A = new Set(a.indicators);
  const union = new Set([...a.indicators, ...b.indicators]);
  const shared = b.indicators.filter((i) => A.has(i)).length;
  const jaccard = union.size === 0 ? 0 : shared / union.size;
  let score = 0.3 + 0.4 * jaccard;
  if (a.isChild === b.isChild) score += 0.1;
  if (a.heldNow && b.heldNow) score += 0.1;
  if (a.happenedOn && b.happenedOn && Math.abs(Date.parse(a.happenedOn) - Date.parse(b.happenedOn)) <= 7 * DAY_MS)
    score += 0.1;
  return Math.round(Math.min(1, score) * 100) / 100;
}
const SIMILAR_THRESHOLD = 0.5;

/** One tip with its conversation, its group, tips that look alike, and the case draft it would make. */
export async function getTip(ctx: Context, id: string): Promise<TTipDetail> {
  const row = await loadTip(ctx, id);
  const db = ctx.database.db;
  const [messages, group] = await Promise.all([
    selectTipMessages(db, id),
    row.group_id ? selectGroup(db, row.group_id) : Promise.resolve([]),
  ]);
  const created = Date.parse(row.created_at);
  const nearby = await selectNearby(
    db,
    { id, agencyId: row.agency_id, regionCode: row.region_code },
    new Date(created - 30 * DAY_MS).toISOString(),
    new Date(created + 30 * DAY_MS).toISOString(),
  );
  const me = {
    indicators: indicatorsOf(ctx, row),
    isChild: row.is_child === 1,
    heldNow: row.held_now === 1,
    happenedOn: row.happened_on,
  };
  const similar = nearby
    .filter((r) => !row.group_id || r.group_id !== row.group_id)
    .map((r) => ({
      row: r,
      score: similarity(me, {
        indicators: indicatorsOf(ctx, r),
        isChild: r.is_child === 1,
        heldNow: r.held_now === 1,
        happenedOn: r.happened_on,
      }),
    }))
    .filter((s) => s.score >= SIMILAR_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
  const description = ctx.keyring.decrypt(ENC, 'description_enc', row.id, row.description_enc);
  return {
    ...presentSummary(ctx, row),
    agencyId: row.agency_id,
    description,
    happenedOn: row.happened_on,
    peopleCount: row.people_count,
    relation: row.reporter_relation,
    reporterPersonId: row.reporter_person_id,
    caseId: row.case_id,
    referredAgencyId: row.referred_agency_id,
    outcomeNote: ctx.keyring.decryptNullable(ENC, 'outcome_note_enc', row.id, row.outcome_note_enc) ?? null,
    closureReason: row.closure_reason,
    firstResponseAt: row.first_response_at,
    closedAt: row.closed_at,
    messages: messages.map((m) => ({
      id: m.id,
      from: m.author,
      body: ctx.keyring.decrypt('tip_messages', 'body_enc', m.id, m.body_enc),
      createdBy: m.created_by,
      createdAt: m.created_at,
    })),
    group: group.filter((g) => g.id !== id).map((g) => presentSummary(ctx, g)),
    similar: similar.map((s) => ({ ...presentSummary(ctx, s.row), similarity: s.score })),
    caseDraft: {
      referralSource: 'community',
      summary: description,
      person: { regionCode: row.region_code },
      riskLevel: row.urgency === 'urgent' ? 'high' : row.urgency === 'high' ? 'medium' : 'low',
      intakeAt: row.created_at,
    },
  };
}

function conflict(): AppError {
  return new AppError('conflict', 'tip_changed');
}

/** Stamps the first response (for the response-time target) when this is it. */
const firstResponse = (row: TipRow, now: string) => row.first_response_at ?? now;

/** Triage: urgency, assignment to an intake officer, grouping with a tip about the same situation. */
export async function triageTip(ctx: Context, id: string, input: z.infer<typeof tipTriageSchema>): Promise<TTipDetail> {
  const row = await loadManagedTip(ctx, id);
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw new AppError('conflict', 'tip_not_open');
  if (input.assignedTo) {
    const staff = await agencyUserIdsWithPermission(ctx, row.agency_id, TIP_STAFF_PERMISSIONS);
    if (!staff.includes(input.assignedTo))
      throw new AppError('validation', 'validation', {}, [{ field: 'assignedTo', code: 'assignee_invalid' }]);
  }
  let group: { id: string; members: string[] } | null | undefined;
  if (input.groupWith) {
    if (input.groupWith === id)
      throw new AppError('validation', 'validation', {}, [{ field: 'groupWith', code: 'tip_invalid' }]);
    const other = await selectTip(ctx.database.db, input.groupWith);
    if (!other || other.agency_id !== row.agency_id)
      throw new AppError('validation', 'validation', {}, [{ field: 'groupWith', code: 'tip_invalid' }]);
    const groupId = other.group_id ?? other.id;
    const members = [
      other.id,
      id,
      ...(row.group_id ? (await selectGroup(ctx.database.db, row.group_id)).map((g) => g.id) : []),
    ];
    group = { id: groupId, members: [...new Set(members)] };
  } else if (input.groupWith === null) group = null;
  const now = ctx.clock.now().toISOString();
  const set: Partial<TipRow> = { status: 'in_review', updated_at: now, first_response_at: firstResponse(row, now) };
  if (input.urgency) set.urgency = input.urgency;
  if (input.assignedTo !== undefined) set.assigned_to = input.assignedTo;
  await transact(ctx, async (tx) => {
    if (!(await updateTipIf(tx, id, { version: input.version, statuses: OPEN_STATUSES }, set))) throw conflict();
    if (group) await setGroup(tx, group.members, group.id);
    if (group === null) await setGroup(tx, [id], null);
    if (input.assignedTo && input.assignedTo !== ctx.actor?.userId)
      await raiseAlerts(tx, ctx, [input.assignedTo], { kind: 'tip_assigned', entityType: 'tip', entityId: id });
    await appendAudit(tx, ctx, {
      ...tipAudit.triage,
      entityId: id,
      details: {
        urgency: input.urgency ?? row.urgency,
        assignedTo: input.assignedTo === undefined ? row.assigned_to : input.assignedTo,
        groupId: group === undefined ? row.group_id : (group?.id ?? null),
      },
    });
  });
  return getTip(ctx, id);
}

/** A question to the reporter, who reads it on the status page behind the follow-up code. */
export async function askReporter(ctx: Context, id: string, input: { version: number; question: string }) {
  const actor = requireActor(ctx);
  const row = await loadManagedTip(ctx, id);
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw new AppError('conflict', 'tip_not_open');
  const now = ctx.clock.now().toISOString();
  const messageId = uuidv7();
  await transact(ctx, async (tx) => {
    const ok = await updateTipIf(
      tx,
      id,
      { version: input.version, statuses: OPEN_STATUSES },
      { status: 'in_review', awaiting_reply: 1, updated_at: now, first_response_at: firstResponse(row, now) },
    );
    if (!ok) throw conflict();
    await insertTipMessage(tx, {
      id: messageId,
      tip_id: id,
      author: 'staff',
      body_enc: ctx.keyring.encrypt('tip_messages', 'body_enc', messageId, input.question),
      created_by: actor.userId,
      created_at: now,
    });
    await appendAudit(tx, ctx, { ...tipAudit.ask, entityId: id, details: { messageId } });
  });
  return getTip(ctx, id);
}

/**
 * Turns a tip into a case: the intake the officer completed from the tip's draft, with the same duplicate check
 * as any intake (a possible match must be linked or explicitly set aside). The case and the tip's new state are
 * one transaction: a tip converted meanwhile by someone else leaves no case behind.
 */
export async function convertTipToCase(
  ctx: Context,
  id: string,
  input: z.infer<typeof tipConvertSchema>,
): Promise<{ tip: TTipDetail; caseId: string; caseNumber: string }> {
  const row = await selectTip(ctx.database.db, id);
  if (!row) throw notFound();
  await requireConvertTip(ctx, facts(row));
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw new AppError('conflict', 'tip_not_open');
  const intake = input.case;
  if (!intake.existingPersonId && intake.identity && !input.confirmNewPerson) {
    const matches = await checkDuplicates(ctx, {
      fullName: intake.identity.fullName,
      nik: intake.identity.nik,
      passportNumber: intake.identity.passportNumber,
      phones: intake.identity.phones,
      birthYear: intake.person?.birthYear,
      sex: intake.person?.sex,
      regionCode: intake.person?.regionCode,
    });
    if (matches.length > 0) throw new AppError('conflict', 'possible_duplicate', { count: matches.length });
  }
  const now = ctx.clock.now().toISOString();
  let created = { id: '', caseNumber: '' };
  await createCase(ctx, intake, {
    within: async (tx: Tx, kase) => {
      created = kase;
      const ok = await updateTipIf(
        tx,
        id,
        { version: input.version, statuses: OPEN_STATUSES },
        {
          status: 'converted',
          case_id: kase.id,
          awaiting_reply: 0,
          updated_at: now,
          closed_at: now,
          first_response_at: firstResponse(row, now),
        },
      );
      if (!ok) throw conflict();
      await appendAudit(tx, ctx, {
        ...tipAudit.convertToCase,
        entityId: id,
        details: { caseId: kase.id, caseNumber: kase.caseNumber },
      });
    },
  });
  return { tip: await getTip(ctx, id), caseId: created.id, caseNumber: created.caseNumber };
}

/** Hands a tip to the police or another agency, which can then read it; its staff are alerted. */
export async function referTip(ctx: Context, id: string, input: z.infer<typeof tipReferSchema>): Promise<TTipDetail> {
  const row = await loadManagedTip(ctx, id);
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw new AppError('conflict', 'tip_not_open');
  const agency = await findActiveAgency(ctx, input.agencyId);
  if (!agency || agency.id === row.agency_id)
    throw new AppError('validation', 'validation', {}, [{ field: 'agencyId', code: 'agency_not_active' }]);
  const recipients = await agencyUserIdsWithPermission(ctx, agency.id, TIP_REFERRAL_RECIPIENT_PERMISSIONS);
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    const ok = await updateTipIf(
      tx,
      id,
      { version: input.version, statuses: OPEN_STATUSES },
      {
        status: 'referred',
        referred_agency_id: agency.id,
        outcome_note_enc: ctx.keyring.encrypt(ENC, 'outcome_note_enc', id, input.note),
        awaiting_reply: 0,
        updated_at: now,
        closed_at: now,
        first_response_at: firstResponse(row, now),
      },
    );
    if (!ok) throw conflict();
    await raiseAlerts(tx, ctx, recipients, { kind: 'tip_referred', entityType: 'tip', entityId: id });
    await appendAudit(tx, ctx, { ...tipAudit.refer, entityId: id, details: { agencyId: agency.id } });
  });
  return getTip(ctx, id);
}

/** Closes a tip with a reason (no case, no referral). */
export async function closeTip(ctx: Context, id: string, input: z.infer<typeof tipCloseSchema>): Promise<TTipDetail> {
  const row = await loadManagedTip(ctx, id);
  if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw new AppError('conflict', 'tip_not_open');
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    const ok = await updateTipIf(
      tx,
      id,
      { version: input.version, statuses: OPEN_STATUSES },
      {
        status: 'closed',
        closure_reason: input.reason,
        outcome_note_enc: ctx.keyring.encryptNullable(ENC, 'outcome_note_enc', id, input.note) ?? null,
        awaiting_reply: 0,
        updated_at: now,
        closed_at: now,
        first_response_at: firstResponse(row, now),
      },
    );
    if (!ok) throw conflict();
    await appendAudit(tx, ctx, { ...tipAudit.close, entityId: id, details: { reason: input.reason } });
  });
  return getTip(ctx, id);
}

/* ---------- response-time targets ---------- */

export async function getResponseTargets(ctx: Context): Promise<TResponseTargets> {
  await requireReadTipSettings(ctx);
  return responseTargets(ctx);
}

/** Changes the targets for tips arriving from now on (due times of earlier tips stay as they were). */
export async function updateResponseTargets(ctx: Context, input: TResponseTargets): Promise<TResponseTargets> {
  const actor = requireActor(ctx);
  await requireManageTipSettings(ctx);
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    for (const urgency of ['urgent', 'high', 'normal'] as const)
      await upsertTarget(tx, { urgency, hours: input[urgency], updated_by: actor.userId, updated_at: now });
    await appendAudit(tx, ctx, { ...tipAudit.settingsUpdate, entityId: 'response_targets', details: { ...input } });
  });
  return responseTargets(ctx);
}

/* ---------- the overdue job ---------- */

export const TIP_OVERDUE_JOB = 'tip-overdue';
const OVERDUE_BATCH = 100;

/**
 * Alerts once about each tip nobody responded to within its target: the agency's intake staff, the assigned
 * officer and the agency's supervisors. Claims each tip with a conditional update, so concurrent runs never
 * alert twice. Returns how many tips it alerted.
 */
export async function checkOverdueTips(ctx: Context, batchSize = OVERDUE_BATCH): Promise<number> {
  const job = jobContext(ctx, TIP_OVERDUE_JOB, tipJobPermissions);
  const now = job.clock.now().toISOString();
  const recipientsByAgency = new Map<string, string[]>();
  return sweepOverdue(job, {
    name: TIP_OVERDUE_JOB,
    batchSize,
    select: (after, limit) => selectUnalertedOverdue(job.database.db, now, after, limit),
    dueOf: (tip) => tip.due_at,
    alert: async ([tip]) => {
      let recipients = recipientsByAgency.get(tip.agency_id);
      if (!recipients) {
        recipients = [
          ...(await agencyUserIdsWithPermission(job, tip.agency_id, TIP_STAFF_PERMISSIONS)),
          ...(await supervisorsOf(job.database.db, tip.agency_id)),
        ];
        recipientsByAgency.set(tip.agency_id, recipients);
      }
      const to = tip.assigned_to ? [tip.assigned_to, ...recipients] : recipients;
      return transact(job, async (tx) => {
        if (!(await claimOverdue(tx, tip.id, now))) return 0;
        await raiseAlerts(tx, job, to, {
          kind: 'tip_overdue',
          entityType: 'tip',
          entityId: tip.id,
          params: { urgency: tip.urgency, dueAt: tip.due_at },
        });
        await appendAudit(tx, job, {
          ...tipAudit.overdue,
          entityId: tip.id,
          details: { urgency: tip.urgency, dueAt: tip.due_at, alerted: new Set(to).size },
        });
        return 1;
      });
    },
  });
}

export const tipJobs: Job[] = [{ name: TIP_OVERDUE_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkOverdueTips(ctx) }];
