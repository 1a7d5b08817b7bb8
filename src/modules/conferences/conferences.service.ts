import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { type Job, jobContext, sweepOverdue } from '../../platform/jobs.js';
import { endOfDayWib, latestDateInIndonesia } from '../../platform/time.js';
import { findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { caseTeamIds, recordTimeline } from '../cases/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import {
  ASSIGNEE_PERMISSIONS,
  conferenceJobPermissions,
  isAssigneeOf,
  requireReadConferences,
  requireUpdateConferences,
} from './conferences.policy.js';
import type { TActionItem, TConference, TConferenceCreate } from './conferences.schema.js';
import {
  type ActionItemRow,
  type ConferenceRow,
  claimOverdue,
  completeItem,
  insertConference,
  selectActionItem,
  selectActionItems,
  selectConferenceAgencies,
  selectConferences,
  selectUnalertedOverdue,
} from './conferences.store.js';

/** Encrypted columns of the conference tables, for key rotation. */
export const conferenceEncryptedColumns: EncryptedColumnSet[] = [
  { table: 'case_conferences', idColumn: 'id', columns: ['decisions_enc'] },
  { table: 'conference_action_items', idColumn: 'id', columns: ['description_enc'] },
];

/** A due date passes when that day has ended everywhere in Indonesia: midnight after it in WIB (UTC+7). */
export function dueInstant(dueOn: string): string {
  return endOfDayWib(dueOn);
}

async function agencyNames(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => findAgencyRow(ctx, id)));
  return new Map(unique.map((id, i) => [id, rows[i]?.name ?? '']));
}

function presentItem(ctx: Context, row: ActionItemRow, names: Map<string, string>): TActionItem {
  return {
    id: row.id,
    conferenceId: row.conference_id,
    caseId: row.case_id,
    agency: { id: row.agency_id, name: names.get(row.agency_id) ?? '' },
    description: ctx.keyring.decrypt('conference_action_items', 'description_enc', row.id, row.description_enc),
    dueOn: row.due_on,
    dueAt: row.due_at,
    overdue: row.completed_at === null && row.due_at < ctx.clock.now().toISOString(),
    completedAt: row.completed_at,
    completedBy: row.completed_by,
    overdueAlertedAt: row.overdue_alerted_at,
    createdAt: row.created_at,
  };
}

function presentConference(
  ctx: Context,
  row: ConferenceRow,
  agencyIds: string[],
  items: ActionItemRow[],
  names: Map<string, string>,
): TConference {
  return {
    id: row.id,
    caseId: row.case_id,
    heldOn: row.held_on,
    agencies: agencyIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    decisions: ctx.keyring.decrypt('case_conferences', 'decisions_enc', row.id, row.decisions_enc),
    actionItems: items.map((i) => presentItem(ctx, i, names)),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/**
 * Records a case conference: who took part, what was decided (encrypted), and action items for agencies with
 * due dates. Each assigned agency's case and referral staff are alerted; the case timeline and audit record it.
 */
export async function createConference(ctx: Context, caseId: string, input: TConferenceCreate): Promise<TConference> {
  const actor = requireActor(ctx);
  const kase = await requireUpdateConferences(ctx, caseId);
  if (kase.stage === 'closed') throw new AppError('conflict', 'case_closed');

  const issues: FieldIssue[] = [];
  // A conference held "today" in WIT may be tomorrow in UTC.
  if (input.heldOn > latestDateInIndonesia(ctx.clock.now())) issues.push({ field: 'heldOn', code: 'in_future' });
  const present: string[] = [];
  for (const [i, id] of input.agencyIds.entries()) {
    if (!(await findActiveAgency(ctx, id))) issues.push({ field: `agencyIds.${i}`, code: 'agency_not_active' });
    else if (!present.includes(id)) present.push(id);
  }
  for (const [i, item] of input.actionItems.entries()) {
    if (!(await findActiveAgency(ctx, item.agencyId)))
      issues.push({ field: `actionItems.${i}.agencyId`, code: 'agency_not_active' });
    if (item.dueOn < input.heldOn) issues.push({ field: `actionItems.${i}.dueOn`, code: 'date_order' });
  }
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  const now = ctx.clock.now().toISOString();
  const id = uuidv7();
  const row: ConferenceRow = {
    id,
    case_id: caseId,
    held_on: input.heldOn,
    decisions_enc: ctx.keyring.encrypt('case_conferences', 'decisions_enc', id, input.decisions),
    created_by: actor.userId,
    created_at: now,
  };
  const items: ActionItemRow[] = input.actionItems.map((item) => {
    const itemId = uuidv7();
    return {
      id: itemId,
      conference_id: id,
      case_id: caseId,
      agency_id: item.agencyId,
      description_enc: ctx.keyring.encrypt('conference_action_items', 'description_enc', itemId, item.description),
      due_on: item.dueOn,
      due_at: dueInstant(item.dueOn),
      completed_at: null,
      completed_by: null,
      overdue_alerted_at: null,
      created_at: now,
    };
  });
  const assignees = new Map<string, string[]>();
  for (const agencyId of new Set(items.map((i) => i.agency_id))) {
    const users = await agencyUserIdsWithPermission(ctx, agencyId, ASSIGNEE_PERMISSIONS);
    assignees.set(
      agencyId,
      users.filter((u) => u !== actor.userId),
    );
  }

  await transact(ctx, async (tx) => {
    await insertConference(tx, row, present, items);
    for (const item of items) {
      await raiseAlerts(tx, ctx, assignees.get(item.agency_id) ?? [], {
        kind: 'action_item_assigned',
        entityType: 'case',
        entityId: caseId,
        params: { caseNumber: kase.case_number, conferenceId: id, actionItemId: item.id, dueOn: item.due_on },
        // Another agency's staff cannot open the case: their alert points at the action item itself.
        fallback: { entityType: 'conference_action_item', entityId: item.id },
      });
    }
    await appendAudit(tx, ctx, {
      action: 'conferences.create',
      entityType: 'case_conference',
      entityId: id,
      details: {
        caseId,
        heldOn: input.heldOn,
        agencyIds: present,
        actionItems: items.map((i) => ({ id: i.id, agencyId: i.agency_id, dueOn: i.due_on })),
      },
    });
    await recordTimeline(tx, ctx, caseId, 'conference.held', {
      conferenceId: id,
      heldOn: input.heldOn,
      agencyIds: present,
      actionItems: items.length,
    });
  });
  const names = await agencyNames(ctx, [...present, ...items.map((i) => i.agency_id)]);
  return presentConference(ctx, row, present, items, names);
}

const listCursor = z.tuple([z.string()]);

/** A case's conferences with their action items, newest first. */
export async function listConferences(ctx: Context, caseId: string, q: { limit: number; cursor?: string }) {
  await requireReadConferences(ctx, caseId);
  const db = ctx.database.db;
  const rows = await selectConferences(db, caseId, decodeCursor(q.cursor, listCursor)?.[0], q.limit + 1);
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  const [agencies, items] = await Promise.all([selectConferenceAgencies(db, ids), selectActionItems(db, ids)]);
  const names = await agencyNames(ctx, [...[...agencies.values()].flat(), ...items.map((i) => i.agency_id)]);
  const out = page.map((r) =>
    presentConference(
      ctx,
      r,
      agencies.get(r.id) ?? [],
      items.filter((i) => i.conference_id === r.id),
      names,
    ),
  );
  const last = page.at(-1);
  return { items: out, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

/**
 * Marks an action item done. The case team (cases.update on the case) may, and so may the assigned agency's
 * case or referral staff, who need not see the case itself. Anyone else gets a 404.
 */
export async function completeActionItem(ctx: Context, conferenceId: string, itemId: string): Promise<TActionItem> {
  const actor = requireActor(ctx);
  const item = await selectActionItem(ctx.database.db, conferenceId, itemId);
  if (!item) throw notFound();
  const assignee = isAssigneeOf(ctx, item.agency_id);
  if (!assignee) await requireUpdateConferences(ctx, item.case_id);
  if (item.completed_at) throw new AppError('conflict', 'action_item_completed');
  const now = ctx.clock.now().toISOString();
  const late = item.due_at < now;
  await transact(ctx, async (tx) => {
    if (!(await completeItem(tx, item.id, now, actor.userId))) throw new AppError('conflict', 'action_item_completed');
    await resolveAlerts(tx, ctx, alertActionKey.actionItem(item.id));
    await appendAudit(tx, ctx, {
      action: 'conferences.actionItems.complete',
      entityType: 'conference_action_item',
      entityId: item.id,
      details: { caseId: item.case_id, conferenceId, agencyId: item.agency_id, late },
    });
    await recordTimeline(tx, ctx, item.case_id, 'conference.action_item_completed', {
      conferenceId,
      actionItemId: item.id,
      agencyId: item.agency_id,
      late,
    });
  });
  const names = await agencyNames(ctx, [item.agency_id]);
  return presentItem(ctx, { ...item, completed_at: now, completed_by: actor.userId }, names);
}

/* ---------- the overdue job ---------- */

export const ACTION_ITEM_OVERDUE_JOB = 'conference-action-overdue';
const OVERDUE_BATCH = 100;

/**
 * Alerts once about each action item whose due date passed while still open: the assigned agency's case and
 * referral staff and the case team. Claims each item with a conditional update, so concurrent runs never
 * alert twice. Returns how many items it alerted.
 */
export async function checkOverdueActionItems(ctx: Context, batchSize = OVERDUE_BATCH): Promise<number> {
  const job = jobContext(ctx, ACTION_ITEM_OVERDUE_JOB, conferenceJobPermissions);
  const now = job.clock.now().toISOString();
  return sweepOverdue(job, {
    name: ACTION_ITEM_OVERDUE_JOB,
    batchSize,
    select: (after, limit) => selectUnalertedOverdue(job.database.db, now, after, limit),
    dueOf: (r) => r.due_at,
    groupBy: (r) => r.case_id,
    alert: (items) => alertOverdueForCase(job, items[0].case_id, items, now),
  });
}

async function alertOverdueForCase(job: Context, caseId: string, items: ActionItemRow[], now: string) {
  const kase = await requireReadConferences(job, caseId);
  const team = await caseTeamIds(job.database.db, caseId);
  const assignees = new Map<string, string[]>();
  for (const agencyId of new Set(items.map((i) => i.agency_id)))
    assignees.set(agencyId, await agencyUserIdsWithPermission(job, agencyId, ASSIGNEE_PERMISSIONS));
  return transact(job, async (tx) => {
    let claimed = 0;
    for (const item of items) {
      if (!(await claimOverdue(tx, item.id, now))) continue;
      claimed += 1;
      const recipients = [...(assignees.get(item.agency_id) ?? []), ...team];
      await raiseAlerts(tx, job, recipients, {
        kind: 'action_item_overdue',
        entityType: 'case',
        entityId: caseId,
        params: {
          caseNumber: kase.case_number,
          conferenceId: item.conference_id,
          actionItemId: item.id,
          dueOn: item.due_on,
        },
        fallback: { entityType: 'conference_action_item', entityId: item.id },
      });
      await appendAudit(tx, job, {
        action: 'conferences.actionItems.overdue',
        entityType: 'conference_action_item',
        entityId: item.id,
        details: { caseId, agencyId: item.agency_id, dueOn: item.due_on, alerted: new Set(recipients).size },
      });
      await recordTimeline(tx, job, caseId, 'conference.action_item_overdue', {
        conferenceId: item.conference_id,
        actionItemId: item.id,
        agencyId: item.agency_id,
        dueOn: item.due_on,
      });
    }
    return claimed;
  });
}

/** Jobs of this module for the scheduler. */
export const conferenceJobs: Job[] = [
  { name: ACTION_ITEM_OVERDUE_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkOverdueActionItems(ctx) },
];
