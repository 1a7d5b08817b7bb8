import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { AppError, type FieldIssue, forbidden, notFound } from '../../platform/errors.js';
import { resolveAlerts } from '../alerts/index.js';
import { recordTimeline } from '../cases/index.js';
import { audit } from './legal.audit.js';
import { canAssessRestitution, canRecordRestitution } from './legal.policy.js';
import type {
  ChainKey,
  claimAssessSchema,
  claimCreateSchema,
  paymentRecordSchema,
  stepRecordSchema,
} from './legal.schema.js';
import { addDays, fail, legalActionKey, todayInIndonesia } from './legal.shared.js';
import { type ClaimRow, type StepRow, selectVerdicts, t } from './legal.store.js';
import { getProceeding, type LoadedProceeding, loadProceeding } from './legal.view.js';
import { chainOf, defOf, newStep, stepDueAt } from './restitution.chain.js';
import {
  bumpClaim,
  closePendingSteps,
  selectClaim,
  selectClaimsOf,
  selectStepsOf,
  settleStep,
} from './restitution.store.js';

/** PERMA 1/2022 Art. 5(2)(b): a claim after the verdict within 90 days of learning of the final verdict. */
const LATE_CLAIM_DAYS = 90;

/* ---------- the verdict starts the chain ---------- */

/**
 * Inside the verdict's transaction: claims against this defendant (or against all) still `claimed` become
 * `ordered` — the ordered total divided in proportion to what each victim claimed when several did — and each
 * ordered claim's chain starts: with the final date known, the notice is taken as given on that day and the
 * payment deadline runs from it; otherwise the notice of the final verdict is the step waiting.
 */
export async function startChainsOnVerdict(
  tx: Tx,
  ctx: Context,
  proceedingId: string,
  defendantId: string,
  amount: number,
  finalOn: string | null,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const claims = (await selectClaimsOf(tx, proceedingId)).filter(
    (c) => c.defendant_id === null || c.defendant_id === defendantId,
  );
  const fresh = claims.filter((c) => c.status === 'claimed');
  const total = fresh.reduce((s, c) => s + Number(c.claimed_amount), 0);
  let left = amount;
  for (const [i, c] of fresh.entries()) {
    const share = i === fresh.length - 1 ? left : Math.round((amount * Number(c.claimed_amount)) / total);
    left -= share;
    if (!(await bumpClaim(tx, c.id, c.version, { status: 'ordered', ordered_amount: share, updated_at: now })))
      throw new AppError('conflict', 'version_conflict');
    const claim = { ...c, status: 'ordered', ordered_amount: share, version: c.version + 1 };
    const first = newStep(claim, 0, null, now);
    await t(tx).insertInto('restitution_steps').values(first).execute();
    if (finalOn) await settleAndContinue(tx, ctx, claim, first, finalOn, null);
    await recordTimeline(tx, ctx, c.case_id, 'legal.restitution_ordered', {
      proceedingId,
      claimId: c.id,
      amount: share,
    });
  }
  // A later final verdict (after appeal) gives the notice date to chains still waiting for it.
  if (finalOn) {
    const waiting = claims.filter((c) => c.status === 'ordered' && !fresh.includes(c));
    const steps = await selectStepsOf(
      tx,
      waiting.map((c) => c.id),
    );
    for (const c of waiting) {
      const s = steps.find((x) => x.claim_id === c.id && x.status === 'pending' && x.seq === 0);
      if (s) await settleAndContinue(tx, ctx, c, s, finalOn, null);
    }
  }
}

/** Settles a pending step as done on `on` and inserts the next step with its due time (none after the last). */
async function settleAndContinue(
  tx: Tx,
  ctx: Context,
  claim: ClaimRow,
  step: StepRow,
  on: string,
  note: string | null,
): Promise<StepRow | null> {
  const now = ctx.clock.now().toISOString();
  const settled = await settleStep(tx, step.id, {
    status: 'done',
    occurred_on: on,
    note_enc: note === null ? null : ctx.keyring.encrypt('restitution_steps', 'note_enc', step.id, note),
    recorded_by: ctx.actor?.userId ?? null,
    recorded_at: now,
  });
  if (!settled) throw new AppError('conflict', 'step_changed');
  const chain = chainOf(claim.chain);
  const nextDef = chain[step.seq + 1];
  if (!nextDef) return null;
  const next = newStep(claim, step.seq + 1, stepDueAt(nextDef, on), now);
  await t(tx).insertInto('restitution_steps').values(next).execute();
  return next;
}

/* ---------- claims ---------- */

async function loadClaim(ctx: Context, id: string): Promise<{ claim: ClaimRow; p: LoadedProceeding }> {
  const claim = await selectClaim(ctx.database.db, id);
  if (!claim) throw notFound();
  const p = await loadProceeding(ctx, claim.proceeding_id);
  if (!p.access.visibleCases.has(claim.case_id) && (p.access.party === null || p.access.party === 'victim_service'))
    throw notFound();
  return { claim, p };
}

/** A victim's restitution claim with its heads of loss (Art. 48(2); PERMA 1/2022), before or after the verdict. */
export async function createClaim(ctx: Context, proceedingId: string, input: z.infer<typeof claimCreateSchema>) {
  const actor = requireActor(ctx);
  const p = await loadProceeding(ctx, proceedingId);
  const issues: FieldIssue[] = [];
  const isVictim = p.victims.some((v) => v.case_id === input.caseId);
  if (!isVictim) fail([{ field: 'caseId', code: 'not_a_victim' }]);
  if (!canRecordRestitution(ctx, p.access, input.caseId)) throw forbidden();
  if (input.filedOn < p.row.reported_on) issues.push({ field: 'filedOn', code: 'before_report' });
  if (input.filedOn > todayInIndonesia(ctx)) issues.push({ field: 'filedOn', code: 'in_future' });
  const verdicts = await selectVerdicts(ctx.database.db, proceedingId);
  if (
    input.defendantId &&
    !(await t(ctx.database.db)
      .selectFrom('legal_defendants')
      .select('id')
      .where('id', '=', input.defendantId)
      .where('proceeding_id', '=', proceedingId)
      .executeTakeFirst())
  )
    issues.push({ field: 'defendantId', code: 'invalid' });
  const finalOn = verdicts
    .map((v) => v.final_on)
    .filter((d): d is string => d !== null)
    .sort()[0];
  if (finalOn && input.filedOn > addDays(finalOn, LATE_CLAIM_DAYS))
    issues.push({ field: 'filedOn', code: 'claim_window_passed', params: { days: LATE_CLAIM_DAYS } });
  const existing = await selectClaimsOf(ctx.database.db, proceedingId);
  if (existing.some((c) => c.case_id === input.caseId && c.defendant_id === (input.defendantId ?? null)))
    issues.push({ field: 'caseId', code: 'claim_exists' });
  fail(issues);
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const claimed = input.components.reduce((s, c) => s + c.amount, 0);
  const chain: ChainKey = input.chain ?? (p.row.law === 'tpks' ? 'tpks' : 'ptppo');
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('restitution_claims')
      .values({
        id,
        proceeding_id: proceedingId,
        case_id: input.caseId,
        defendant_id: input.defendantId ?? null,
        chain,
        filed_on: input.filedOn,
        components: ctx.database.adapter.toJson(input.components),
        claimed_amount: claimed,
        lpsk_assessed_amount: null,
        lpsk_assessed_on: null,
        ordered_amount: null,
        paid_amount: 0,
        status: 'claimed',
        version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(tx, ctx, 'claimCreate', id, {
      proceedingId,
      caseId: input.caseId,
      chain,
      claimedAmount: claimed,
      components: input.components.map((c) => c.kind),
    });
    await recordTimeline(tx, ctx, input.caseId, 'legal.restitution_claimed', {
      proceedingId,
      claimId: id,
      amount: claimed,
    });
  });
  return getProceeding(ctx, proceedingId);
}

/** LPSK's assessment of a claim's amount (Law 31/2014 Art. 7A(3)). */
export async function assessClaim(ctx: Context, claimId: string, input: z.infer<typeof claimAssessSchema>) {
  const { claim, p } = await loadClaim(ctx, claimId);
  if (!canAssessRestitution(ctx, p.access)) throw forbidden();
  fail([
    ...(input.assessedOn < claim.filed_on ? [{ field: 'assessedOn', code: 'before_claim' }] : []),
    ...(input.assessedOn > todayInIndonesia(ctx) ? [{ field: 'assessedOn', code: 'in_future' }] : []),
  ]);
  await transact(ctx, async (tx) => {
    if (
      !(await bumpClaim(tx, claim.id, claim.version, {
        lpsk_assessed_amount: input.amount,
        lpsk_assessed_on: input.assessedOn,
        updated_at: ctx.clock.now().toISOString(),
      }))
    )
      throw new AppError('conflict', 'version_conflict');
    await audit(tx, ctx, 'claimAssess', claim.id, { amount: input.amount, assessedOn: input.assessedOn });
  });
  return getProceeding(ctx, claim.proceeding_id);
}

/**
 * A payment (partial allowed) with its evidence. Paying in full closes the chain: the pending steps are met.
 * Never more than what is outstanding (field error), never before the restitution is ordered (409).
 */
export async function recordPayment(ctx: Context, claimId: string, input: z.infer<typeof paymentRecordSchema>) {
  const actor = requireActor(ctx);
  const { claim, p } = await loadClaim(ctx, claimId);
  if (!canRecordRestitution(ctx, p.access, claim.case_id)) throw forbidden();
  if (claim.ordered_amount === null || claim.status === 'claimed' || claim.status === 'not_ordered')
    throw new AppError('conflict', 'restitution_not_ordered');
  if (claim.status === 'paid') throw new AppError('conflict', 'restitution_paid');
  const outstanding = Number(claim.ordered_amount) - Number(claim.paid_amount);
  const issues: FieldIssue[] = [];
  if (input.amount > outstanding)
    issues.push({ field: 'amount', code: 'payment_above_outstanding', params: { outstanding } });
  if (input.paidOn > todayInIndonesia(ctx)) issues.push({ field: 'paidOn', code: 'in_future' });
  if (input.paidOn < p.row.reported_on) issues.push({ field: 'paidOn', code: 'before_report' });
  fail(issues);
  const paid = Number(claim.paid_amount) + input.amount;
  const full = paid >= Number(claim.ordered_amount);
  const now = ctx.clock.now().toISOString();
  const pid = uuidv7();
  await transact(ctx, async (tx) => {
    if (
      !(await bumpClaim(tx, claim.id, claim.version, {
        paid_amount: paid,
        status: full ? 'paid' : claim.status,
        updated_at: now,
      }))
    )
      throw new AppError('conflict', 'version_conflict');
    await t(tx)
      .insertInto('restitution_payments')
      .values({
        id: pid,
        claim_id: claim.id,
        paid_on: input.paidOn,
        amount: input.amount,
        evidence: input.evidence,
        evidence_attachment_id: input.evidenceAttachmentId ?? null,
        recorded_by: actor.userId,
        recorded_at: now,
      })
      .execute();
    if (full) {
      await closePendingSteps(tx, claim.id, 'met');
      await resolveAlerts(tx, ctx, legalActionKey.restitution(claim.id));
    }
    await audit(tx, ctx, 'paymentRecord', claim.id, {
      paymentId: pid,
      amount: input.amount,
      paidOn: input.paidOn,
      full,
    });
    await recordTimeline(tx, ctx, claim.case_id, full ? 'legal.restitution_paid' : 'legal.restitution_payment', {
      proceedingId: claim.proceeding_id,
      claimId: claim.id,
      amount: input.amount,
      outstanding: Math.max(0, Number(claim.ordered_amount) - paid),
    });
  });
  return getProceeding(ctx, claim.proceeding_id);
}

/** Records the chain step now offered (the notice, the victim's notice to the court, the warning, …). */
export async function recordStep(ctx: Context, claimId: string, input: z.infer<typeof stepRecordSchema>) {
  const { claim, p } = await loadClaim(ctx, claimId);
  if (!canRecordRestitution(ctx, p.access, claim.case_id)) throw forbidden();
  if (claim.status !== 'ordered' && claim.status !== 'defaulted')
    throw new AppError('conflict', 'restitution_not_ordered');
  const steps = await selectStepsOf(ctx.database.db, [claim.id]);
  const pending = steps.find((s) => s.status === 'pending');
  const def = pending ? defOf(claim.chain, pending.step) : undefined;
  if (!pending || !def || def.kind !== 'action' || pending.step !== input.step)
    fail([{ field: 'step', code: 'step_not_offered' }]);
  const previous = steps.filter((s) => s.occurred_on !== null).at(-1);
  const issues: FieldIssue[] = [];
  if (previous?.occurred_on && input.occurredOn < previous.occurred_on)
    issues.push({ field: 'occurredOn', code: 'before_previous_step' });
  if (input.occurredOn > todayInIndonesia(ctx)) issues.push({ field: 'occurredOn', code: 'in_future' });
  fail(issues);
  const last = pending!.seq === chainOf(claim.chain).length - 1;
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    if (!(await bumpClaim(tx, claim.id, claim.version, { updated_at: now, ...(last ? { status: 'defaulted' } : {}) })))
      throw new AppError('conflict', 'version_conflict');
    const next = await settleAndContinue(tx, ctx, claim, pending!, input.occurredOn, input.note ?? null);
    await resolveAlerts(tx, ctx, legalActionKey.restitution(claim.id));
    await audit(tx, ctx, 'stepRecord', claim.id, {
      step: input.step,
      occurredOn: input.occurredOn,
      next: next?.step ?? null,
      nextDueAt: next?.due_at ?? null,
    });
    await recordTimeline(tx, ctx, claim.case_id, 'legal.restitution_step', {
      proceedingId: claim.proceeding_id,
      claimId: claim.id,
      step: input.step,
      next: next?.step ?? null,
      nextDueAt: next?.due_at ?? null,
    });
  });
  return getProceeding(ctx, claim.proceeding_id);
}
