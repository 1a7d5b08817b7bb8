import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * A refresh of the indicator facts says how far it is (docs/indicators.md "Refresh"): `phase` (linkage, facts,
 * rollup), `progress` (items of the phase done: pairs scored, facts written, grouping sets built) and
 * `heartbeat_at`, written as it advances. A refresh is taken as dead (its process stopped) when its heartbeat
 * is old, not when it has run for a fixed time: at 1,000,000 cases a live refresh runs longer than the old
 * 30-minute limit.
 */
export const indicatorRefreshProgress = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('indicator_refreshes').addColumn('heartbeat_at', sql.raw(a.timestampType)).execute();
    await db.schema.alterTable('indicator_refreshes').addColumn('phase', 'text').execute();
    await db.schema
      .alterTable('indicator_refreshes')
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
});
