import type { Executor } from '../../platform/db/index.js';
import { type ClaimRow, changed, type PaymentRow, type StepRow, t } from './legal.store.js';

/* ---------- claims, steps, payments ---------- */

export const selectClaimsOf = (db: Executor, proceedingId: string) =>
  t(db).selectFrom('restitution_claims').selectAll().where('proceeding_id', '=', proceedingId).orderBy('id').execute();

export const selectClaim = (db: Executor, id: string) =>
  t(db).selectFrom('restitution_claims').selectAll().where('id', '=', id).executeTakeFirst();

export async function selectStepsOf(db: Executor, claimIds: string[]): Promise<StepRow[]> {
  if (claimIds.length === 0) return [];
  return t(db).selectFrom('restitution_steps').selectAll().where('claim_id', 'in', claimIds).orderBy('seq').execute();
}

export async function selectPaymentsOf(db: Executor, claimIds: string[]): Promise<PaymentRow[]> {
  if (claimIds.length === 0) return [];
  return t(db)
    .selectFrom('restitution_payments')
    .selectAll()
    .where('claim_id', 'in', claimIds)
    .orderBy('paid_on')
    .orderBy('id')
    .execute();
}

/** Conditional update on the claim's version (every change to a claim, its steps or payments bumps it). */
export async function bumpClaim(db: Executor, id: string, version: number, set: Partial<ClaimRow>): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('restitution_claims')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

export async function closePendingSteps(db: Executor, claimId: string, status: 'met' | 'cancelled'): Promise<void> {
  await t(db)
    .updateTable('restitution_steps')
    .set({ status })
    .where('claim_id', '=', claimId)
    .where('status', '=', 'pending')
    .execute();
}

/** Settles a pending step; false when it is no longer pending (a concurrent recording or the job). */
export async function settleStep(db: Executor, id: string, set: Partial<StepRow>): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('restitution_steps')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  );
}

/** Pending steps due before `now` not yet alerted, in due order (keyset). */
export async function selectDueSteps(
  db: Executor,
  now: string,
  after: { dueAt: string; id: string } | undefined,
  limit: number,
): Promise<StepRow[]> {
  let q = t(db)
    .selectFrom('restitution_steps')
    .selectAll()
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .where('alerted_at', 'is', null);
  if (after)
    q = q.where((eb) =>
      eb.or([eb('due_at', '>', after.dueAt), eb.and([eb('due_at', '=', after.dueAt), eb('id', '>', after.id)])]),
    );
  return q.orderBy('due_at').orderBy('id').limit(limit).execute();
}

export async function claimStepAlert(db: Executor, id: string, at: string): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('restitution_steps')
      .set({ alerted_at: at })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('alerted_at', 'is', null)
      .executeTakeFirst(),
  );
}
