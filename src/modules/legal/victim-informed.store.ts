import type { Executor } from '../../platform/db/index.js';
import { changed, t, type VictimRow } from './legal.store.js';

/* ---------- the victim's right to know ---------- */

export const selectInformed = (db: Executor, proceedingId: string) =>
  t(db)
    .selectFrom('legal_victim_informed')
    .selectAll()
    .where('proceeding_id', '=', proceedingId)
    .orderBy('informed_at', 'desc')
    .limit(200)
    .execute();

/** Open links whose victim was last told before `cutoff` and not alerted since (keyset on last_informed_at). */
export async function selectUninformed(db: Executor, cutoff: string, limit: number): Promise<VictimRow[]> {
  return t(db)
    .selectFrom('legal_victims')
    .selectAll()
    .where('open', '=', 1)
    .where('last_informed_at', '<', cutoff)
    .where((eb) =>
      eb.or([eb('uninformed_alerted_at', 'is', null), eb('uninformed_alerted_at', '<', eb.ref('last_informed_at'))]),
    )
    .orderBy('last_informed_at')
    .limit(limit)
    .execute();
}

export async function claimUninformed(db: Executor, v: VictimRow, at: string): Promise<boolean> {
  let q = t(db)
    .updateTable('legal_victims')
    .set({ uninformed_alerted_at: at })
    .where('proceeding_id', '=', v.proceeding_id)
    .where('case_id', '=', v.case_id)
    .where('last_informed_at', '=', v.last_informed_at);
  q =
    v.uninformed_alerted_at === null
      ? q.where('uninformed_alerted_at', 'is', null)
      : q.where('uninformed_alerted_at', '=', v.uninformed_alerted_at);
  return changed(await q.executeTakeFirst());
}
