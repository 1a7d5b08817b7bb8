import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Who holds a person (persons.policy): the live referrals of a person were found by reading the whole
 * referrals table, for every identity decision and for each match of a duplicate check (issue 8).
 */
export const referralsPerson = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('referrals_person_idx').on('referrals').columns(['person_id']).execute();
  },
});
