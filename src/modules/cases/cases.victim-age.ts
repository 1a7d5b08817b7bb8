/** The victim's age: a child at a moment (consent) and the case's child flag after her age is corrected. */
import { appendAudit } from '../../platform/audit.js';
import type { Context, Tx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { personAgeFacts } from '../persons/index.js';
import { recordTimeline } from './cases.record.js';
import { type CaseRow, selectCasesOfVictim, updateCaseRow } from './cases.store.js';
import { type AgeBasis, type AgeFacts, childStatusAt, minorAt } from './child-status.js';

/** A case's victim's age facts: the stored ones, or those of an intake not yet written. */
export async function ageFactsOf(ctx: Context, personId: string, db: Executor = ctx.database.db): Promise<AgeFacts> {
  return personAgeFacts(ctx, personId, db);
}

/**
 * Whether the case's victim is under 18 at a moment (e.g. when she gives consent): her age then, not the child
 * flag of the case (Law 27/2022 Art. 25: a child's consent is given by a parent or guardian; at 18 she gives her
 * own). With no age recorded she is presumed a child (Law 35/2014), unless she was already 18 when trafficked.
 */
export async function victimMinorAt(
  ctx: Context,
  row: Pick<CaseRow, 'person_id' | 'age_when_trafficked'>,
  at: Date,
  db: Executor = ctx.database.db,
): Promise<{ minor: boolean; basis: AgeBasis | 'age_when_trafficked' }> {
  return victimMinorFrom(await ageFactsOf(ctx, row.person_id, db), row, at);
}

/** victimMinorAt from age facts already read (the case file reads them with the person). */
export function victimMinorFrom(
  facts: AgeFacts,
  row: Pick<CaseRow, 'age_when_trafficked'>,
  at: Date,
): { minor: boolean; basis: AgeBasis | 'age_when_trafficked' } {
  const status = minorAt(facts, at);
  if (status.basis === 'unknown' && row.age_when_trafficked != null && row.age_when_trafficked >= 18)
    return { minor: false, basis: 'age_when_trafficked' };
  return status;
}

/**
 * Recomputes the child flag of every case in which the person is the victim, inside the caller's transaction,
 * after her date of birth, birth year or age estimate was corrected (registered with persons in server.ts).
 */
export async function recomputeChildStatus(tx: Tx, ctx: Context, personId: string): Promise<void> {
  const facts = await ageFactsOf(ctx, personId, tx);
  for (const c of await selectCasesOfVictim(tx, personId)) {
    const status = childStatusAt(new Date(c.intake_at), facts, c.age_when_trafficked);
    if ((c.is_child === 1) === status.isChild && c.child_basis === status.basis) continue;
    await updateCaseRow(tx, c.id, {
      is_child: status.isChild ? 1 : 0,
      child_basis: status.basis,
      updated_at: ctx.clock.now().toISOString(),
    });
    await appendAudit(tx, ctx, {
      action: 'cases.childStatus',
      entityType: 'case',
      entityId: c.id,
      details: { isChild: status.isChild, basis: status.basis, was: c.is_child === 1 },
    });
    await recordTimeline(tx, ctx, c.id, 'case.child_status', { isChild: status.isChild, basis: status.basis });
  }
}
