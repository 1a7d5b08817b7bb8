import type { Context } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { erasePersonIdentity } from '../persons/index.js';
import type { RetentionTarget } from './retention.service.js';

/**
 * Attachments past their schedule: the files of a person's cases, once every case of hers closed before the
 * cut-off, are destroyed (Law 27/2022 Art. 43); the case record itself follows its own schedule.
 */
export function attachmentRetention(
  closedBefore: (db: Executor, cutoff: string, limit: number) => Promise<{ personId: string; caseIds: string[] }[]>,
  withContent: (db: Executor, caseIds: string[]) => Promise<Set<string>>,
  destroy: (tx: Executor, ctx: Context, caseIds: string[]) => Promise<number>,
): RetentionTarget {
  return {
    async due(db, cutoff, limit) {
      const candidates = await closedBefore(db, cutoff, limit * 2);
      const holding = await withContent(
        db,
        candidates.flatMap((c) => c.caseIds),
      );
      return candidates
        .map((c) => ({ personId: c.personId, recordIds: c.caseIds.filter((id) => holding.has(id)) }))
        .filter((c) => c.recordIds.length > 0)
        .slice(0, limit);
    },
    async anonymise(ctx, tx, _personId, caseIds) {
      await destroy(tx, ctx, caseIds);
    },
  };
}

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
