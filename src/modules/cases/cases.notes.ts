/** Notes (restricted ones only for author and supervisors) and tasks of a case. */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { logRead } from '../../platform/read-log.js';
import { assertOpen } from './cases.change.js';
import { canReadNote, casePermissions } from './cases.policy.js';
import { caseCursor } from './cases.read.js';
import { loadCase, recordTimeline, scheduleTask, taskTitle } from './cases.record.js';
import { RISK_RESPONSE_TASK, respondedTo } from './cases.response.js';
import { insertNote, selectMemberIds, selectNotes, selectTask, selectTasks, updateTaskRow } from './cases.store.js';

const P = casePermissions;

export async function createNote(
  ctx: Context,
  id: string,
  body: string,
  sensitivity: 'normal' | 'sensitive' | 'restricted',
) {
  const row = await loadCase(ctx, id, P.update);
  const noteId = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await insertNote(tx, {
      id: noteId,
      case_id: row.id,
      author_user_id: ctx.actor!.userId,
      sensitivity,
      body_enc: ctx.keyring.encrypt('case_notes', 'body_enc', noteId, body),
      created_at: now,
    });
    await appendAudit(tx, ctx, {
      action: 'notes.create',
      entityType: 'case',
      entityId: id,
      details: { noteId, sensitivity },
    });
    await recordTimeline(tx, ctx, id, 'note.created', { noteId, sensitivity });
  });
  return { id: noteId, authorUserId: ctx.actor!.userId, sensitivity, body, createdAt: now };
}

/** Notes, newest first; restricted notes only for their author and supervisors. */
export async function listNotes(ctx: Context, id: string, cursor?: string, limit = 50) {
  const kase = await loadCase(ctx, id, P.read);
  logRead(ctx, { kind: 'case_notes', caseId: id, personId: kase.person_id });
  const before = decodeCursor(cursor, caseCursor)?.[0];
  const rows = await selectNotes(ctx.database.db, id, before, limit + 1);
  const visible = rows
    .slice(0, limit)
    .filter((n) => canReadNote(ctx, n))
    .map((n) => ({
      id: n.id,
      authorUserId: n.author_user_id,
      sensitivity: n.sensitivity,
      body: ctx.keyring.decrypt('case_notes', 'body_enc', n.id, n.body_enc),
      createdAt: n.created_at,
    }));
  const last = rows.slice(0, limit).at(-1);
  return { items: visible, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

const toTask = (ctx: Context, t: Awaited<ReturnType<typeof selectTasks>>[number]) => ({
  id: t.id,
  title: taskTitle(ctx.keyring, t),
  kind: t.kind,
  dueAt: t.due_at,
  assignedUserId: t.assigned_user_id,
  status: t.status,
  doneAt: t.done_at,
  overdue: t.status === 'open' && t.due_at !== null && t.due_at < ctx.clock.now().toISOString(),
  createdAt: t.created_at,
});

export async function createTask(
  ctx: Context,
  id: string,
  input: { title: string; dueAt?: string; assignedUserId?: string },
) {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (input.assignedUserId) {
    const team = await selectMemberIds(ctx.database.db, id);
    if (!team.includes(input.assignedUserId))
      throw new AppError('validation', 'validation', {}, [{ field: 'assignedUserId', code: 'member_not_in_team' }]);
  }
  const task = await transact(ctx, async (tx) => {
    const t = await scheduleTask(tx, ctx, id, {
      title: input.title,
      kind: 'manual',
      dueAt: input.dueAt ? new Date(input.dueAt).toISOString() : null,
      assignedUserId: input.assignedUserId,
    });
    await appendAudit(tx, ctx, { action: 'tasks.create', entityType: 'case', entityId: id, details: { taskId: t.id } });
    return t;
  });
  return toTask(ctx, task);
}

export async function listTasks(ctx: Context, id: string) {
  await loadCase(ctx, id, P.read);
  return (await selectTasks(ctx.database.db, id)).map((t) => toTask(ctx, t));
}

export async function completeTask(ctx: Context, id: string, taskId: string) {
  await loadCase(ctx, id, P.update);
  return transact(ctx, async (tx) => {
    const task = await selectTask(tx, id, taskId);
    if (!task) throw notFound();
    if (task.status !== 'open') throw new AppError('conflict', 'task_not_open');
    const now = ctx.clock.now().toISOString();
    await updateTaskRow(tx, taskId, { status: 'done', done_at: now });
    await appendAudit(tx, ctx, { action: 'tasks.complete', entityType: 'case', entityId: id, details: { taskId } });
    await recordTimeline(tx, ctx, id, 'task.completed', { taskId, kind: task.kind });
    if (task.kind === RISK_RESPONSE_TASK) await respondedTo(tx, ctx, taskId);
    return toTask(ctx, { ...task, status: 'done', done_at: now });
  });
}

/**
 * Completes, as part of the caller's transaction, the case's open tasks of one kind that fall due at one
 * time: work recorded elsewhere that is what the task asked for (a follow-up survey closes its follow-up task).
 */
export async function completeDueTasks(tx: Tx, ctx: Context, caseId: string, kind: string, dueAt: string) {
  const now = ctx.clock.now().toISOString();
  const open = (await selectTasks(tx, caseId)).filter(
    (task) =>
      task.status === 'open' &&
      task.kind === kind &&
      task.due_at !== null &&
      Date.parse(task.due_at) === Date.parse(dueAt),
  );
  for (const task of open) {
    await updateTaskRow(tx, task.id, { status: 'done', done_at: now });
    await recordTimeline(tx, ctx, caseId, 'task.completed', { taskId: task.id, kind: task.kind });
  }
  return open.length;
}
