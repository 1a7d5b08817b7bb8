import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Erasure by crypto-shredding (Law 27/2022 Art. 8, 16; issue 10 item 8): every person's identity is encrypted
 * under a data key of her own, stored wrapped by the instance's field key. Destroying that one row makes every
 * copy of her identity ciphertext unreadable. Identities written before this migration are moved under their
 * own key by the server in batches (persons.keys.ts).
 */
export const personDataKeys = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('person_data_keys')
      .addColumn('person_id', 'text', (c) => c.primaryKey())
      .addColumn('key_enc', 'text', (c) => c.notNull())
      .addColumn('created_at', a.timestampType, (c) => c.notNull())
      .execute();
  },
});
