import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The rollup for a provincial task force (issue 14, docs/indicators.md "Rollup"): `province` on the rollup rows.
 * Null on the national grouping sets as before; a province's code on the new grouping sets of one dimension
 * within each province (sex, age band, child, agency type, exploitation type, citizenship), so a provincial
 * dashboard reads its province's cells instead of every fact of the province. The indexes lead with the
 * province after the grouping set (a national read asks for `province is null`, a provincial one for its
 * code). Generations rolled up before this (`indicator_refreshes.rolled_up` = 1) are read from the facts until
 * the next refresh, which writes 2.
 */
export const indicatorRollupProvinces = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('indicator_rollup').addColumn('province', 'text').execute();
    await db.schema.alterTable('indicator_victim_rollup').addColumn('province', 'text').execute();
    await db.schema.dropIndex('indicator_rollup_idx').execute();
    await db.schema.dropIndex('indicator_victim_rollup_idx').execute();
    await db.schema
      .createIndex('indicator_rollup_idx')
      .on('indicator_rollup')
      .columns(['generation', 'kind', 'dim', 'province', 'month'])
      .execute();
    await db.schema
      .createIndex('indicator_victim_rollup_idx')
      .on('indicator_victim_rollup')
      .columns(['generation', 'selection', 'dim', 'province', 'month'])
      .execute();
  },
});
