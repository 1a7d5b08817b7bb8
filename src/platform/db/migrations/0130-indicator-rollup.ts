import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Pre-aggregated indicator facts (issue 14, docs/indicators.md "Rollup"): the dashboard's figures at national
 * scale read a few hundred rows per indicator instead of a year of facts. Both tables are rebuilt with each
 * generation of `indicator_facts`, by the refresh, from the facts themselves.
 *
 * - `indicator_rollup`: counts (and sums of the amount) per generation, kind, month, one disaggregation
 *   (`dim` is '' for none, else the dimension's name, `dim_value` its value) and the attributes a selection
 *   filters on (status, flag, pending, has_amount; the amount itself only for kinds that have a median).
 * - `indicator_victim_rollup`: for the selection of each distinct-victim indicator (`selection`, its key), the
 *   facts per month and cell with the month of the same victim's previous fact in that cell (`prev_month`): in
 *   a period of whole months a victim counts once, by its facts whose previous one is older than the period.
 * - `indicator_refreshes.rolled_up`: 1 when the generation's rollup was built with it (generations made before
 *   this migration have none and are read from the facts).
 *
 * Also an index for the drill-down's keyset (newest first by date, then id) so a page is one index range.
 */
export const indicatorRollup = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('indicator_refreshes')
      .addColumn('rolled_up', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('indicator_rollup')
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn('dim_value', 'text')
      .addColumn('status', 'text')
      .addColumn('flag', 'integer')
      .addColumn('pending', 'integer', (c) => c.notNull())
      .addColumn('has_amount', 'integer', (c) => c.notNull())
      .addColumn('amount', 'double precision')
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('amount_sum', 'double precision')
      .execute();
    await db.schema
      .createIndex('indicator_rollup_idx')
      .on('indicator_rollup')
      .columns(['generation', 'kind', 'dim', 'month'])
      .execute();

    await db.schema
      .createTable('indicator_victim_rollup')
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('selection', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn('dim_value', 'text')
      .addColumn('prev_month', 'text')
      .addColumn('n', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('indicator_victim_rollup_idx')
      .on('indicator_victim_rollup')
      .columns(['generation', 'selection', 'dim', 'month'])
      .execute();

    await db.schema
      .createIndex('indicator_facts_keyset_idx')
      .on('indicator_facts')
      .columns(['generation', 'kind', 'on_date', 'id'])
      .execute();
  },
});
