import { type AuditInput, appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { translate } from '../../platform/i18n/index.js';
import { type Job, jobContext, sweepOverdue } from '../../platform/jobs.js';
import { raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { casePermissions, responseJobPermissions } from './cases.policy.js';
import { caseSupervisorIds, caseTeamIds, loadCase, recordTimeline, scheduleTask } from './cases.record.js';
import {
  type CaseRow,
  claimOverdueTask,
  selectTasks,
  selectUnalertedOverdueTasks,
  updateTaskRow,
} from './cases.store.js';

/**
 * Response targets by risk level, from the UPTD PPA service charters (DOMAIN.md §2, configurable local targets,
 * not statute): a high-risk case needs action immediately, a medium-risk one within 6 hours, otherwise outreach
 * to the victim within 12 hours. Each becomes a task of kind `risk_response` due at intake + the target; the
 * team marks it done when they have responded, and an open one past its due time alerts the team and the
 * supervisors once (the `case-response-overdue` job), like the other overdue items.
 */
export const RISK_RESPONSE_TASK = 'risk_response';
export type RiskLevel = 'low' | 'medium' | 'high';

/** The response target of a risk level in milliseconds (PULIH_RESPONSE_HOURS_HIGH / _MEDIUM / _LOW). */
export function responseTargetMs(ctx: Pick<Context, 'config'>, level: RiskLevel): number {
  return ctx.config.responseTargetsMs[level];
}

/** The action that answers a response alert: the response task is done. */
export const responseActionKey = (taskId: string) => `task:${taskId}`;

/**
 * Gives a case its response task when its risk level is set, inside the caller's transaction: due `target` after
 * `from` (the intake, or the moment the level was raised). A raised level brings an open task's due time forward;
 * a response already given is not asked again.
 */
export async function scheduleRiskResponse(
  tx: Tx,
  ctx: Context,
  caseId: string,
  level: RiskLevel,
  from: Date,
  assignedUserId: string | null,
): Promise<void> {
  const dueAt = new Date(from.getTime() + responseTargetMs(ctx, level)).toISOString();
  const tasks = (await selectTasks(tx, caseId)).filter((t) => t.kind === RISK_RESPONSE_TASK);
  if (tasks.some((t) => t.status === 'done')) return;
  const open = tasks.find((t) => t.status === 'open');
  const title = translate(ctx.locale, `task.risk_response.${level}`);
  if (!open) {
    await scheduleTask(tx, ctx, caseId, { title, kind: RISK_RESPONSE_TASK, dueAt, assignedUserId });
    return;
  }
  if (open.due_at !== null && open.due_at <= dueAt) return;
  await updateTaskRow(tx, open.id, { due_at: dueAt, title, overdue_alerted_at: null });
  await recordTimeline(tx, ctx, caseId, 'task.rescheduled', { taskId: open.id, kind: RISK_RESPONSE_TASK, dueAt });
}

/** When a response task is marked done: its overdue alerts are answered. */
export async function respondedTo(tx: Tx, ctx: Context, taskId: string): Promise<void> {
  await resolveAlerts(tx, ctx, responseActionKey(taskId));
}

export const RESPONSE_OVERDUE_JOB = 'case-response-overdue';
const BATCH = 100;

/**
 * Alerts the team and supervisors of cases whose risk-level response is past due and not done, once per due
 * time, in batches. Safe to run concurrently: each task is claimed with a conditional update.
 */
export async function checkOverdueResponses(ctx: Context, batchSize = BATCH): Promise<number> {
  const job = jobContext(ctx, RESPONSE_OVERDUE_JOB, responseJobPermissions);
  const now = job.clock.now().toISOString();
  return sweepOverdue(job, {
    name: RESPONSE_OVERDUE_JOB,
    batchSize,
    select: (after, limit) =>
      selectUnalertedOverdueTasks(job.database.db, [RISK_RESPONSE_TASK], now, after, limit) as Promise<
        { id: string; case_id: string; kind: string; due_at: string }[]
      >,
    dueOf: (task) => task.due_at,
    alert: async ([task]) => ((await alertOverdueResponse(job, task, now)) ? 1 : 0),
  });
}

async function alertOverdueResponse(
  job: Context,
  task: { id: string; case_id: string; due_at: string },
  now: string,
): Promise<boolean> {
  const kase = await loadCase(job, task.case_id, casePermissions.read);
  return alertCaseTeamOverdue(job, kase, {
    claim: (tx) => claimOverdueTask(tx, task.id, task.due_at, now),
    alert: {
      kind: 'risk_response_overdue',
      params: { caseNumber: kase.case_number, taskId: task.id, riskLevel: kase.risk_level, dueAt: task.due_at },
      actionKey: responseActionKey(task.id),
    },
    audit: (alerted) => ({
      action: 'cases.response.overdue',
      entityType: 'case',
      entityId: kase.id,
      details: { taskId: task.id, riskLevel: kase.risk_level, dueAt: task.due_at, alerted },
    }),
    timeline: { kind: 'case.response_overdue', params: { riskLevel: kase.risk_level, dueAt: task.due_at } },
  });
}

/**
 * Tells a case's team and its supervisors, once, that an item of the case is overdue: in one transaction it
 * claims the item (false when another run already did, or the item changed meanwhile), raises the alert on the
 * case, appends the audit event (told how many people were alerted) and records the timeline entry.
 */
export async function alertCaseTeamOverdue(
  job: Context,
  kase: CaseRow,
  overdue: {
    claim: (tx: Tx) => Promise<boolean>;
    alert: { kind: string; params: Record<string, unknown>; actionKey: string };
    audit: (alerted: number) => AuditInput;
    timeline: { kind: string; params: Record<string, unknown> };
  },
): Promise<boolean> {
  const db = job.database.db;
  const recipients = [...(await caseTeamIds(db, kase.id)), ...(await caseSupervisorIds(db, kase))];
  return transact(job, async (tx) => {
    if (!(await overdue.claim(tx))) return false;
    await raiseAlerts(tx, job, recipients, { ...overdue.alert, entityType: 'case', entityId: kase.id });
    await appendAudit(tx, job, overdue.audit(new Set(recipients).size));
    await recordTimeline(tx, job, kase.id, overdue.timeline.kind, overdue.timeline.params);
    return true;
  });
}

export const caseJobs: Job[] = [
  { name: RESPONSE_OVERDUE_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkOverdueResponses(ctx) },
];
