import { type Executor, tables } from '../../platform/db/index.js';

/**
 * Closed cases past a retention cut-off, for the privacy module's schedules (registered in server.ts). A
 * person counts only when every case of hers closed before the cut-off: one open or recent case keeps her.
 */
export async function personsOfCasesClosedBefore(
  db: Executor,
  cutoff: string,
  limit: number,
): Promise<{ personId: string; caseIds: string[] }[]> {
  const k = tables<{ cases: { id: string; person_id: string; stage: string; closed_at: string | null } }>(db);
  const rows = await k
    .selectFrom('cases as c')
    .select(['c.person_id', 'c.id'])
    .where('c.stage', '=', 'closed')
    .where('c.closed_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cases as o')
            .select('o.id')
            .whereRef('o.person_id', '=', 'c.person_id')
            .where((eb) => eb.or([eb('o.stage', '!=', 'closed'), eb('o.closed_at', '>=', cutoff)])),
        ),
      ),
    )
    .orderBy('c.person_id')
    .limit(limit * 4)
    .execute();
  const byPerson = new Map<string, string[]>();
  for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r.id]);
  return [...byPerson.entries()].slice(0, limit).map(([personId, caseIds]) => ({ personId, caseIds }));
}
