import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The record linkage's union-find (persons.linkage-groups.ts) lives in this table instead of the process's
 * heap: one row per person record that a link or a compared pair touched — its parent (null: never joined),
 * and what its group says about the victim (province of origin, birth-year range). At 1,000,000 cases the
 * in-memory maps took 1.6 GB; here the heap holds one page of pairs. After a run every joined record's parent is
 * its group's key (the smallest record id of the group), which the indicator refresh reads back page by page.
 * Rebuilt by every run (a derived table: no audit, no personal data beyond record ids and the non-identifying
 * profile the persons table already holds).
 */
export const personLinkage = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('person_linkage')
      .addColumn('person_id', 'text', (c) => c.primaryKey())
      .addColumn('parent', 'text')
      .addColumn('has_facts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('province', 'text')
      .addColumn('min_year', 'integer')
      .addColumn('max_year', 'integer')
      .execute();
  },
});
