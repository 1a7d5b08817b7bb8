import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Duplicate-check rate limits (issue 10): one counter per user and per agency in the current hour,
 * counted with one atomic upsert; `alerted_at` makes the DPO's "unusual volume" alert fire once a window.
 */
export const duplicateCheckLimits = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema
      .createTable('duplicate_check_counters')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('checks', 'integer', (c) => c.notNull())
      .addColumn('window_started_at', ts, (c) => c.notNull())
      .addColumn('alerted_at', ts)
      .execute();
  },
});
