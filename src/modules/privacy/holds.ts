import type { Context } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';

/**
 * "Does anything hold this person's record?" Modules answer through their index.ts (the legal module: an
 * open proceeding) through the hook `privacy.recordHold`. Each answer is a reason code such as
 * `legal_proceeding:<id>`, never personal data. Erasure and retention stop while any answers.
 */
export type RecordHold = (ctx: Context, personId: string) => Promise<string | null>;

interface LegalHoldRow {
  id: string;
  person_id: string;
  reason_enc: string;
  placed_by: string;
  placed_at: string;
  released_by: string | null;
  released_at: string | null;
}
export type HoldTables = { legal_holds: LegalHoldRow };
export const holdTables = (db: Executor) => tables<HoldTables>(db);

/** The DPO's own legal hold (a litigation or an authority's request, Law 27/2022 Art. 16(2)), then every module's. */
export async function holdsOnPerson(ctx: Context, personId: string): Promise<string[]> {
  const reasons: string[] = [];
  const own = await holdTables(ctx.database.db)
    .selectFrom('legal_holds')
    .select('id')
    .where('person_id', '=', personId)
    .where('released_at', 'is', null)
    .execute();
  for (const h of own) reasons.push(`legal_hold:${h.id}`);
  for (const hold of ctx.hooks.all('privacy.recordHold')) {
    const reason = await hold(ctx, personId);
    if (reason) reasons.push(reason);
  }
  return reasons;
}
