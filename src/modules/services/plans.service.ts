import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';
import { recordTimeline } from '../cases/index.js';
import { requireManageServices } from './services.policy.js';
import type { TServicePlan, TServicePlanUpdate } from './services.schema.js';
import { assertCaseOpen } from './services.service.js';
import {
  deletePlanItems,
  insertPlan,
  insertPlanItems,
  type ServicePlanItemRow,
  selectPlan,
  selectPlanItems,
  touchPlan,
} from './services.store.js';

/** Support plan of a case (HTCDS spl_): goals, each with actions; the text is encrypted (it describes the person). */

const ENC = 'service_plan_items';

/** The case's service plan (an empty plan when none was written yet). */
export async function getServicePlan(ctx: Context, caseId: string): Promise<TServicePlan> {
  await requireManageServices(ctx, caseId);
  const db = ctx.database.db;
  const plan = await selectPlan(db, caseId);
  if (!plan) return { caseId, goals: [], updatedAt: null, updatedBy: null };
  const items = await selectPlanItems(db, plan.id);
  const title = (i: ServicePlanItemRow) => ctx.keyring.decrypt(ENC, 'title_enc', i.id, i.title_enc);
  const goals = items
    .filter((i) => i.kind === 'goal')
    .map((g) => ({
      id: g.id,
      title: title(g),
      status: g.status as TServicePlan['goals'][number]['status'],
      targetOn: g.due_on,
      actions: items
        .filter((a) => a.kind === 'action' && a.goal_id === g.id)
        .map((a) => ({
          id: a.id,
          title: title(a),
          dueOn: a.due_on,
          status: a.status as TServicePlan['goals'][number]['actions'][number]['status'],
        })),
    }));
  return { caseId, goals, updatedAt: plan.updated_at, updatedBy: plan.updated_by };
}

/**
 * Replaces the plan with the given goals and actions. Items that carry an id keep it (and their creation
 * time); ids must belong to this plan; items left out are removed.
 */
export async function updateServicePlan(ctx: Context, caseId: string, input: TServicePlanUpdate) {
  const actor = requireActor(ctx);
  const kase = await requireManageServices(ctx, caseId);
  assertCaseOpen(kase);
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    const existingPlan = await selectPlan(tx, caseId);
    const existing = new Map(
      (existingPlan ? await selectPlanItems(tx, existingPlan.id) : []).map((i) => [i.id, i] as const),
    );
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    const check = (id: string | undefined, kind: 'goal' | 'action', field: string) => {
      if (!id) return;
      if (seen.has(id)) issues.push({ field, code: 'duplicate_id' });
      else if (existing.get(id)?.kind !== kind) issues.push({ field, code: 'item_unknown' });
      seen.add(id);
    };
    input.goals.forEach((g, gi) => {
      check(g.id, 'goal', `goals.${gi}.id`);
      g.actions.forEach((a, ai) => {
        check(a.id, 'action', `goals.${gi}.actions.${ai}.id`);
      });
    });
    if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

    const planId = existingPlan?.id ?? uuidv7();
    if (existingPlan) await touchPlan(tx, planId, actor.userId, now);
    else
      await insertPlan(tx, {
        id: planId,
        case_id: caseId,
        created_by: actor.userId,
        created_at: now,
        updated_by: actor.userId,
        updated_at: now,
      });
    const rows: ServicePlanItemRow[] = [];
    let position = 0;
    const item = (
      id: string | undefined,
      kind: 'goal' | 'action',
      goalId: string | null,
      title: string,
      status: string,
      dueOn: string | undefined,
    ) => {
      const itemId = id ?? uuidv7();
      const before = id ? existing.get(id) : undefined;
      rows.push({
        id: itemId,
        plan_id: planId,
        case_id: caseId,
        kind,
        goal_id: goalId,
        position: position++,
        title_enc: ctx.keyring.encrypt(ENC, 'title_enc', itemId, title),
        status,
        due_on: dueOn ?? null,
        created_at: before?.created_at ?? now,
        updated_at: now,
      });
      return itemId;
    };
    for (const g of input.goals) {
      const goalId = item(g.id, 'goal', null, g.title, g.status, g.targetOn);
      for (const a of g.actions) item(a.id, 'action', goalId, a.title, a.status, a.dueOn);
    }
    await deletePlanItems(tx, planId);
    await insertPlanItems(tx, rows);
    const counts = {
      goals: input.goals.length,
      actions: rows.length - input.goals.length,
      added: rows.filter((r) => !existing.has(r.id)).length,
      removed: [...existing.keys()].filter((id) => !seen.has(id)).length,
      actionsDone: input.goals.flatMap((g) => g.actions).filter((a) => a.status === 'done').length,
    };
    await appendAudit(tx, ctx, {
      action: 'servicePlans.update',
      entityType: 'case',
      entityId: caseId,
      details: counts,
    });
    await recordTimeline(tx, ctx, caseId, 'service_plan.updated', counts);
  });
  return getServicePlan(ctx, caseId);
}
