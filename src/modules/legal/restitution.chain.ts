import { v7 as uuidv7 } from 'uuid';
import type { Context } from '../../platform/context.js';
import { type ChainKey, type ChainStep, restitutionChains, type TClaim, type TStep } from './legal.schema.js';
import { addDays, endOfDay } from './legal.shared.js';
import type { ClaimRow, StepRow } from './legal.store.js';
import { selectClaimsOf, selectPaymentsOf, selectStepsOf } from './restitution.store.js';

export const chainOf = (key: string): readonly ChainStep[] => restitutionChains[key as ChainKey] ?? [];
export const defOf = (chain: string, step: string) => chainOf(chain).find((s) => s.key === step);

/** The due instant of a chain step that follows a step that happened on `on` (null: no legal due time). */
export function stepDueAt(def: ChainStep, on: string): string | null {
  return def.offsetDays === null ? null : endOfDay(addDays(on, def.offsetDays));
}

export function newStep(
  claim: ClaimRow,
  seq: number,
  due: string | null,
  now: string,
  alertedAt: string | null = null,
): StepRow {
  const def = chainOf(claim.chain)[seq]!;
  return {
    id: uuidv7(),
    claim_id: claim.id,
    proceeding_id: claim.proceeding_id,
    case_id: claim.case_id,
    step: def.key,
    seq,
    status: 'pending',
    due_at: due,
    occurred_on: null,
    note_enc: null,
    recorded_by: null,
    recorded_at: null,
    alerted_at: alertedAt,
    created_at: now,
  };
}

/* ---------- presenting ---------- */

function presentStep(ctx: Context, claim: ClaimRow, s: StepRow): TStep {
  const def = defOf(claim.chain, s.step);
  return {
    id: s.id,
    step: s.step,
    seq: s.seq,
    kind: def?.kind ?? 'action',
    actor: def?.actor ?? 'system',
    basis: def?.basis ?? '',
    status: s.status as TStep['status'],
    dueAt: s.due_at,
    overdue: s.status === 'pending' && s.due_at !== null && s.due_at < ctx.clock.now().toISOString(),
    occurredOn: s.occurred_on,
    note: s.note_enc === null ? null : ctx.keyring.decrypt('restitution_steps', 'note_enc', s.id, s.note_enc),
    recordedAt: s.recorded_at,
  };
}

export async function presentClaims(
  ctx: Context,
  proceedingId: string,
  shownCases: ReadonlySet<string>,
  facts: Map<string, { caseNumber: string } | undefined>,
): Promise<TClaim[]> {
  const claims = (await selectClaimsOf(ctx.database.db, proceedingId)).filter((c) => shownCases.has(c.case_id));
  const ids = claims.map((c) => c.id);
  const [steps, payments] = await Promise.all([
    selectStepsOf(ctx.database.db, ids),
    selectPaymentsOf(ctx.database.db, ids),
  ]);
  return claims.map((c) => {
    const own = steps.filter((s) => s.claim_id === c.id).map((s) => presentStep(ctx, c, s));
    const next = own.find((s) => s.status === 'pending') ?? null;
    const ordered = c.ordered_amount === null ? null : Number(c.ordered_amount);
    return {
      id: c.id,
      proceedingId: c.proceeding_id,
      caseId: c.case_id,
      caseNumber: facts.get(c.case_id)?.caseNumber ?? '',
      defendantId: c.defendant_id,
      chain: c.chain as ChainKey,
      filedOn: c.filed_on,
      components: ctx.database.adapter.fromJson<TClaim['components']>(c.components),
      claimedAmount: Number(c.claimed_amount),
      lpskAssessedAmount: c.lpsk_assessed_amount === null ? null : Number(c.lpsk_assessed_amount),
      lpskAssessedOn: c.lpsk_assessed_on,
      orderedAmount: ordered,
      paidAmount: Number(c.paid_amount),
      outstandingAmount: ordered === null ? 0 : Math.max(0, ordered - Number(c.paid_amount)),
      status: c.status as TClaim['status'],
      version: c.version,
      steps: own,
      next,
      offered: next && next.kind === 'action' ? [next.step] : [],
      payments: payments
        .filter((p) => p.claim_id === c.id)
        .map((p) => ({
          id: p.id,
          paidOn: p.paid_on,
          amount: Number(p.amount),
          evidence: p.evidence,
          evidenceAttachmentId: p.evidence_attachment_id,
          recordedAt: p.recorded_at,
        })),
    };
  });
}
