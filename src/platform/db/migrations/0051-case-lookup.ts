import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The case list at national scale (issue 8). A case number (AGENCY/2026/00042) is looked up by any
 * distinctive part: the sequence number alone (its own column, backfilled from the number's last part),
 * year and sequence, or the beginning of the number (a prefix index that LIKE can use on both databases).
 * At 1,000,000 cases the lookup read the whole table (1.5 s on SQLite, 579 ms on PostgreSQL).
 */
export const caseLookup = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('cases').addColumn('case_seq', 'integer').execute();
    // The digits after the last '/', on both dialects (rtrim strips the trailing digits).
    await sql`update cases set case_seq = cast(substr(case_number, length(rtrim(case_number, '0123456789')) + 1) as integer)`.execute(
      db,
    );
    await db.schema.createIndex('cases_seq_idx').on('cases').columns(['case_seq', 'id']).execute();
    await db.schema
      .createIndex('cases_number_prefix_idx')
      .on('cases')
      .expression(a.prefixIndex('case_number'))
      .execute();
  },
});
