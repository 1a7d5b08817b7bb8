/**
 * The case's record primitives that the service and the case jobs (risk-level responses) both build on:
 * its access resource, loading it in scope, its team and supervisors, its one timeline, and tasks.
 */
import { v7 as uuidv7 } from 'uuid';
import {
  activeGrants,
  inScope,
  type Permission,
  requireAccess,
  requireActor,
  type ScopedResource,
} from '../../platform/access.js';
import type { Context, Tx } from '../../platform/context.js';
import type { KeyRing } from '../../platform/crypto.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { supervisorsOf } from '../users/index.js';
import { casePermissions } from './cases.policy.js';
import {
  type CaseRow,
  insertTask,
  insertTimeline,
  selectCaseScopes,
  selectCaseWithMembers,
  selectMemberIds,
  selectMembers,
  selectMembersOfCases,
} from './cases.store.js';

export async function caseResource(db: Executor, row: CaseRow): Promise<ScopedResource> {
  return {
    type: 'case',
    id: row.id,
    agencyId: row.lead_agency_id,
    regionCode: row.region_code,
    teamUserIds: await selectMemberIds(db, row.id),
  };
}

/** Loads a case the caller may act on with this permission; anything else is a 404. */
export async function loadCase(
  ctx: Context,
  id: string,
  permission: Permission = casePermissions.read,
): Promise<CaseRow> {
  return (await loadCaseWithTeam(ctx, id, permission)).row;
}

/** loadCase, with the team it read to decide (user and role, in the order they joined): one query for both. */
export async function loadCaseWithTeam(
  ctx: Context,
  id: string,
  permission: Permission = casePermissions.read,
): Promise<{ row: CaseRow; members: { user_id: string; role: string }[] }> {
  const found = await selectCaseWithMembers(ctx.database.db, id);
  if (!found) throw notFound();
  const { row, members } = found;
  await requireAccess(ctx, permission, {
    type: 'case',
    id: row.id,
    agencyId: row.lead_agency_id,
    regionCode: row.region_code,
    teamUserIds: members.map((m) => m.user_id),
  });
  // Restriction of processing (Law 27/2022 Art. 11): her case can be read, not changed (423, with the date).
  if (!permission.endsWith('.read')) {
    const restricted = await processingRestriction(ctx, row.person_id);
    if (restricted) throw new AppError('locked', 'processing_restricted', { since: restricted.since });
  }
  return found;
}

/** Whether processing of a person's data is restricted (the privacy module answers: `cases.processingRestriction`). */
export type RestrictionLookup = (db: Executor, personId: string) => Promise<{ since: string } | null>;
export function processingRestriction(ctx: Context, personId: string, db: Executor = ctx.database.db) {
  return ctx.hooks.one('cases.processingRestriction')(db, personId);
}

/**
 * The cases among `ids` the caller may act on with this permission — loadCase's rule for a whole page at once
 * (lists of other modules check 50 rows in three queries, not 150).
 */
export async function accessibleCaseIds(
  ctx: Context,
  ids: readonly string[],
  permission: Permission = casePermissions.read,
): Promise<Set<string>> {
  const actor = requireActor(ctx);
  const scope = actor.permissions.get(permission);
  const unique = [...new Set(ids)];
  const open = new Set<string>();
  if (!scope || unique.length === 0) return open;
  const db = ctx.database.db;
  const rows = await selectCaseScopes(db, unique);
  const teams = scope === 'own' ? await selectMembersOfCases(db, unique) : new Map<string, string[]>();
  const outside: string[] = [];
  for (const r of rows) {
    const resource = {
      type: 'case',
      id: r.id,
      agencyId: r.lead_agency_id,
      regionCode: r.region_code,
      teamUserIds: teams.get(r.id) ?? [],
    };
    if (inScope(actor, scope, resource)) open.add(r.id);
    else outside.push(r.id);
  }
  if (outside.length > 0) {
    // Break-the-glass opens a record for reading and working, never a permission the role lacks (as requireAccess).
    const granted = new Set(
      (await activeGrants(db, actor.userId, ctx.clock.now()))
        .filter((g) => g.entity_type === 'case')
        .map((g) => g.entity_id),
    );
    for (const id of outside) if (granted.has(id)) open.add(id);
  }
  return open;
}

/** Supervisors to alert about a case: its team's supervisors, else the lead agency's. */
export async function caseSupervisorIds(db: Executor, row: CaseRow): Promise<string[]> {
  const team = (await selectMembers(db, row.id)).filter((m) => m.role === 'supervisor').map((m) => m.user_id);
  return team.length > 0 ? team : supervisorsOf(db, row.lead_agency_id);
}

export async function caseTeamIds(db: Executor, caseId: string): Promise<string[]> {
  return selectMemberIds(db, caseId);
}

/** Appends to the case's one timeline (params: ids, codes and counts only — never identity). */
export async function recordTimeline(
  tx: Tx,
  ctx: Context,
  caseId: string,
  kind: string,
  params: Record<string, unknown> = {},
) {
  await insertTimeline(tx, {
    id: uuidv7(),
    case_id: caseId,
    at: ctx.clock.now().toISOString(),
    actor_user_id: ctx.actor?.userId ?? null,
    actor_username: ctx.actor?.username ?? null,
    kind,
    params: ctx.database.adapter.toJson(params),
  });
}

/** Writes a task inside the caller's transaction (other modules schedule follow-ups with it). */
export async function scheduleTask(
  tx: Tx,
  ctx: Context,
  caseId: string,
  task: { title: string; kind: string; dueAt?: string | null; assignedUserId?: string | null },
) {
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const row = {
    id,
    case_id: caseId,
    // A title may name the victim, a relative or a place: encrypted like a note (migration 0070).
    title: '',
    title_enc: ctx.keyring.encrypt('case_tasks', 'title_enc', id, task.title),
    kind: task.kind,
    due_at: task.dueAt ?? null,
    assigned_user_id: task.assignedUserId ?? null,
    status: 'open' as const,
    done_at: null,
    overdue_alerted_at: null,
    created_by: ctx.actor?.userId ?? 'system',
    created_at: now,
  };
  await insertTask(tx, row);
  await recordTimeline(tx, ctx, caseId, 'task.created', { taskId: id, kind: task.kind, dueAt: row.due_at });
  return row;
}

/** A task's title: the ciphertext since migration 0070, the old plaintext column until the server encrypted it. */
export function taskTitle(keyring: KeyRing, row: { id: string; title: string; title_enc?: string | null }): string {
  return row.title_enc ? keyring.decrypt('case_tasks', 'title_enc', row.id, row.title_enc) : row.title;
}
