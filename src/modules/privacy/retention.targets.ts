import type { Context } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { erasePersonIdentity } from '../persons/index.js';
import type { RetentionTarget } from './retention.service.js';

/**
 * Closed cases past their schedule: the person's identity is erased from the vault (the pseudonymous record
 * stays for statistics), as for an erasure request. `closedBefore` comes from the cases module.
 */
export function closedCaseRetention(
  closedBefore: (db: Executor, cutoff: string, limit: number) => Promise<{ personId: string; caseIds: string[] }[]>,
): RetentionTarget {
  const erased = tables<{
    person_erasures: { person_id: string; request_id: string | null; erased_by: string; erased_at: string };
  }>;
  return {
    async due(db, cutoff, limit) {
      const candidates = await closedBefore(db, cutoff, limit * 2);
      if (candidates.length === 0) return [];
      const done = new Set(
        (
          await erased(db)
            .selectFrom('person_erasures')
            .select('person_id')
            .where(
              'person_id',
              'in',
              candidates.map((c) => c.personId),
            )
            .execute()
        ).map((r) => r.person_id),
      );
      return candidates
        .filter((c) => !done.has(c.personId))
        .slice(0, limit)
        .map((c) => ({ personId: c.personId, recordIds: c.caseIds }));
    },
    async anonymise(ctx: Context, tx, personId) {
      await erased(tx)
        .insertInto('person_erasures')
        .values({
          person_id: personId,
          request_id: null,
          erased_by: ctx.actor?.userId ?? 'retention',
          erased_at: ctx.clock.now().toISOString(),
        })
        .onConflict((oc) => oc.column('person_id').doNothing())
        .execute();
      await erasePersonIdentity(tx, ctx, personId);
    },
  };
}
