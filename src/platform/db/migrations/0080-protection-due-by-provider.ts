import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The due list of an agency that provides protection (LPSK, police) walks its own open measures in due order,
 * not every open measure of the country filtered one by one (issue 13: 100,000 proceedings).
 */
export const protectionDueByProvider = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('protection_measures_provider_due_idx')
      .on('protection_measures')
      .columns(['agency_id', 'due_at', 'id'])
      .where(sql.ref('status'), 'in', ['requested', 'granted'])
      .execute();
  },
});
