import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** The cases victims shared with an agency (the legal module lists those shared for legal matters). */
export const consentsByRecipient = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('consents_to_agency_idx')
      .on('consents')
      .columns(['recipient_agency_id', 'status', 'id'])
      .execute();
  },
});
