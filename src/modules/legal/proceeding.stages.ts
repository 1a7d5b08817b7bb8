import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';
import { caseFacts, recordTimeline } from '../cases/index.js';
import { audit } from './legal.audit.js';
import {
  closedStages,
  type hearingCreateSchema,
  nextStages,
  type ProceedingStage,
  proceedingStages,
  type stageAdvanceSchema,
  type TProceeding,
  type verdictRecordSchema,
} from './legal.schema.js';
import { fail, todayInIndonesia } from './legal.shared.js';
import { closeVictimLinks, moveStage, selectDefendants, t } from './legal.store.js';
import { type LoadedProceeding, loadForManage, loadProceeding, presentProceeding } from './legal.view.js';
import { startChainsOnVerdict } from './restitution.service.js';

/* ---------- stages, hearings, verdicts ---------- */

/** Moves a proceeding to the next stage (or SP3) from the stage the caller saw; a concurrent move answers 409. */
export async function advanceStage(
  ctx: Context,
  id: string,
  input: z.infer<typeof stageAdvanceSchema>,
): Promise<TProceeding> {
  const actor = requireActor(ctx);
  const p = await loadForManage(ctx, id);
  if (p.row.stage !== input.from) throw new AppError('conflict', 'stage_changed');
  const issues: FieldIssue[] = [];
  if (!nextStages[input.from].includes(input.to)) issues.push({ field: 'to', code: 'stage_not_allowed' });
  if (input.to === 'stopped' && !input.stoppedReason) issues.push({ field: 'stoppedReason', code: 'required' });
  if (input.to !== 'stopped' && input.stoppedReason) issues.push({ field: 'stoppedReason', code: 'not_applicable' });
  if (input.on < p.row.stage_on) issues.push({ field: 'on', code: 'before_previous_stage' });
  if (input.on > todayInIndonesia(ctx)) issues.push({ field: 'on', code: 'in_future' });
  fail(issues);
  await transact(ctx, (tx) => applyStage(tx, ctx, p, input.from, input.to, input.on, input));
  void actor;
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}

/** Writes a stage move inside the caller's transaction (conditional on `from`), with history, audit and timeline. */
async function applyStage(
  tx: Tx,
  ctx: Context,
  p: LoadedProceeding,
  from: ProceedingStage,
  to: ProceedingStage,
  on: string,
  extra: { stoppedReason?: string; note?: string } = {},
) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now().toISOString();
  const closing = closedStages.has(to);
  const moved = await moveStage(tx, p.row.id, from, {
    stage: to,
    stage_on: on,
    open: closing ? 0 : 1,
    updated_at: now,
    ...(to === 'stopped'
      ? {
          stopped_reason: extra.stoppedReason ?? null,
          stopped_note_enc: extra.note
            ? ctx.keyring.encrypt('legal_proceedings', 'stopped_note_enc', p.row.id, extra.note)
            : null,
        }
      : {}),
  });
  if (!moved) throw new AppError('conflict', 'stage_changed');
  await t(tx)
    .insertInto('legal_stage_history')
    .values({
      id: uuidv7(),
      proceeding_id: p.row.id,
      stage: to,
      on_date: on,
      recorded_by: actor.userId,
      recorded_at: now,
    })
    .execute();
  if (to === 'prosecution')
    await t(tx)
      .updateTable('legal_defendants')
      .set({ status: 'defendant' })
      .where('proceeding_id', '=', p.row.id)
      .where('status', '=', 'suspect')
      .execute();
  if (closing) await closeVictimLinks(tx, p.row.id);
  await audit(tx, ctx, 'stageAdvance', p.row.id, { from, to, on, stoppedReason: extra.stoppedReason ?? null });
  for (const v of p.victims)
    await recordTimeline(tx, ctx, v.case_id, 'legal.stage', { proceedingId: p.row.id, stage: to, on });
}

/** A hearing; a child victim never testifies face to face in open court (Art. 38–40). */
export async function createHearing(ctx: Context, id: string, input: z.infer<typeof hearingCreateSchema>) {
  const actor = requireActor(ctx);
  const p = await loadForManage(ctx, id);
  const issues: FieldIssue[] = [];
  if (input.heldOn < p.row.reported_on) issues.push({ field: 'heldOn', code: 'before_report' });
  if (input.caseId) {
    if (!p.victims.some((v) => v.case_id === input.caseId)) issues.push({ field: 'caseId', code: 'not_a_victim' });
    else if (input.testimonyMode === 'in_person' && (await caseFacts(ctx.database.db, input.caseId))?.isChild)
      issues.push({ field: 'testimonyMode', code: 'child_testimony_mode' });
  } else if (input.testimonyMode) issues.push({ field: 'caseId', code: 'required' });
  fail(issues);
  const hid = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('legal_hearings')
      .values({
        id: hid,
        proceeding_id: id,
        case_id: input.caseId ?? null,
        held_on: input.heldOn,
        court: input.court,
        testimony_mode: input.testimonyMode ?? null,
        accompanied_by_enc: input.accompaniedBy
          ? ctx.keyring.encrypt('legal_hearings', 'accompanied_by_enc', hid, input.accompaniedBy)
          : null,
        notes_enc: input.notes ? ctx.keyring.encrypt('legal_hearings', 'notes_enc', hid, input.notes) : null,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    await audit(tx, ctx, 'hearingCreate', hid, {
      proceedingId: id,
      heldOn: input.heldOn,
      caseId: input.caseId ?? null,
      testimonyMode: input.testimonyMode ?? null,
    });
    for (const v of p.victims)
      await recordTimeline(tx, ctx, v.case_id, 'legal.hearing', { proceedingId: id, heldOn: input.heldOn });
  });
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}

const instanceStage: Record<string, ProceedingStage> = {
  first_instance: 'first_instance_verdict',
  appeal: 'appeal',
  cassation: 'cassation',
};

/**
 * Records a verdict. The proceeding moves to the verdict's stage (and to `final` when the verdict is legally
 * final); restitution ordered for a victim sets her claim's amount, and a final verdict starts its deadline chain.
 */
export async function recordVerdict(ctx: Context, id: string, input: z.infer<typeof verdictRecordSchema>) {
  const actor = requireActor(ctx);
  const p = await loadForManage(ctx, id);
  const issues: FieldIssue[] = [];
  const defendants = await selectDefendants(ctx.database.db, id);
  if (!defendants.some((d) => d.id === input.defendantId)) issues.push({ field: 'defendantId', code: 'invalid' });
  if (input.decidedOn < p.row.reported_on) issues.push({ field: 'decidedOn', code: 'verdict_before_report' });
  if (input.decidedOn > todayInIndonesia(ctx)) issues.push({ field: 'decidedOn', code: 'in_future' });
  if (input.finalOn && input.finalOn < input.decidedOn) issues.push({ field: 'finalOn', code: 'date_order' });
  if (input.finalOn && input.finalOn > todayInIndonesia(ctx)) issues.push({ field: 'finalOn', code: 'in_future' });
  if (input.restitutionOrdered && !input.restitutionAmount)
    issues.push({ field: 'restitutionAmount', code: 'required' });
  if (!input.restitutionOrdered && input.restitutionAmount)
    issues.push({ field: 'restitutionAmount', code: 'not_applicable' });
  if (input.outcome !== 'convicted' && input.restitutionOrdered)
    issues.push({ field: 'restitutionOrdered', code: 'not_applicable' });
  const stage = instanceStage[input.instance]!;
  const order = proceedingStagesOrder(p.row.stage as ProceedingStage);
  if (order < proceedingStagesOrder('prosecution') || p.row.stage === 'stopped' || p.row.stage === 'final')
    issues.push({ field: 'instance', code: 'stage_not_allowed' });
  fail(issues);
  const vid = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('legal_verdicts')
      .values({
        id: vid,
        proceeding_id: id,
        defendant_id: input.defendantId,
        instance: input.instance,
        decided_on: input.decidedOn,
        outcome: input.outcome,
        sentence_months: input.sentenceMonths ?? null,
        fine_amount: input.fineAmount ?? null,
        restitution_ordered: input.restitutionOrdered ? 1 : 0,
        restitution_amount: input.restitutionAmount ?? null,
        final_on: input.finalOn ?? null,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    await t(tx)
      .updateTable('legal_defendants')
      .set({ status: input.outcome === 'convicted' ? 'convicted' : 'acquitted' })
      .where('id', '=', input.defendantId)
      .execute();
    await audit(tx, ctx, 'verdictRecord', vid, {
      proceedingId: id,
      defendantId: input.defendantId,
      instance: input.instance,
      decidedOn: input.decidedOn,
      outcome: input.outcome,
      restitutionOrdered: input.restitutionOrdered,
      restitutionAmount: input.restitutionAmount ?? null,
      finalOn: input.finalOn ?? null,
    });
    for (const v of p.victims)
      await recordTimeline(tx, ctx, v.case_id, 'legal.verdict', {
        proceedingId: id,
        outcome: input.outcome,
        restitutionOrdered: input.restitutionOrdered,
      });
    let current = p.row.stage as ProceedingStage;
    if (current !== stage && nextStages[current].includes(stage)) {
      await applyStage(tx, ctx, p, current, stage, input.decidedOn);
      current = stage;
    }
    if (input.finalOn && nextStages[current].includes('final'))
      await applyStage(tx, ctx, p, current, 'final', input.finalOn);
    if (input.restitutionOrdered && input.restitutionAmount)
      await startChainsOnVerdict(tx, ctx, id, input.defendantId, input.restitutionAmount, input.finalOn ?? null);
  });
  return presentProceeding(ctx, await loadProceeding(ctx, id));
}

/** Each stage's place in the KUHAP order (contract/legal.ts lists them in order). */
const stageOrder = new Map<ProceedingStage, number>(proceedingStages.map((s, i) => [s, i]));
const proceedingStagesOrder = (s: ProceedingStage) => stageOrder.get(s) ?? 0;
