import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Start-up maintenance that needs the key ring (a migration has none): re-encrypting free text written before
 * migration 0070, moving identities under their own keys (0071), re-indexing name keys (0050). Each step scans a
 * whole table to learn there is nothing left; at 1,000,000 cases those scans held a server's start for over two
 * minutes. A step that found nothing left is recorded here and not scanned again (platform/maintenance.ts).
 */
export const maintenanceSteps = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('maintenance_steps')
      .addColumn('step', 'text', (c) => c.primaryKey())
      .addColumn('done_at', sql.raw(a.timestampType), (c) => c.notNull())
      .execute();
  },
});
