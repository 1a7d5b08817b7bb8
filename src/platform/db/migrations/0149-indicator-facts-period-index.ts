import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * `indicator_facts` had two indexes on (generation, kind, on_date, …): `indicator_facts_period_idx` (0085, ending
 * in case_id) and `indicator_facts_keyset_idx` (0130, ending in id). Every query that reads a period of a kind —
 * a figure from the facts, the partial month beside the rollup, the probe for facts in a period, the drill-down's
 * keyset page — is answered by the keyset index on both databases (`EXPLAIN`, docs/indicators.md "Indexes"): it
 * covers the id the probe and the page read, and the case id the others need is read from the row either way.
 * The period index only cost the refresh one more index to write for each of its facts.
 */
export const indicatorFactsPeriodIndex = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('indicator_facts_period_idx').ifExists().execute();
  },
});
