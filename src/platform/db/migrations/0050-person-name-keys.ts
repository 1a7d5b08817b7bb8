import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The duplicate check at national scale (issue 8): person_name_tokens also holds keyed blocking keys that
 * combine name parts with the birth year (persons/name-tokens.ts), so a check for a common name reads a few
 * hundred postings instead of every Siti. Keys need the key ring, which a migration does not have: each
 * identity records the version of the keys it is indexed under, and the server re-indexes older identities
 * in batches at start (persons.service refreshNameKeys).
 */
export const personNameKeys = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('person_identities').addColumn('name_keys_version', 'integer').execute();
    await db.schema
      .createIndex('person_identities_name_keys_idx')
      .on('person_identities')
      .columns(['name_keys_version', 'person_id'])
      .execute();
  },
});
