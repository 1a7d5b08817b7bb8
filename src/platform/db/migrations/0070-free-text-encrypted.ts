import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Free text that may hold personal data is encrypted at rest like notes (issue 10 item 6): task titles
 * ("Visit Siti at her aunt's in Kupang") and break-the-glass reasons get a ciphertext column; the old
 * plaintext column stays (NOT NULL, SQLite cannot relax it in place) and is emptied. Encrypting needs the
 * key ring, which a migration does not have: the server encrypts the existing rows in batches right after
 * the key ring opens (platform/free-text.ts), and every new row is written encrypted.
 */
export const freeTextEncrypted = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('case_tasks').addColumn('title_enc', 'text').execute();
    await db.schema.alterTable('access_grants').addColumn('reason_enc', 'text').execute();
  },
});
