import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Lead-agency transfers carry identity only as the law allows (issue 10): the sending agency's supervisor
 * approves every transfer, and the consent it travels under (required abroad: `cross_border_transfer`
 * naming the receiving agency) decides which identity groups the receiving agency gets.
 */
export const leadTransferConsent = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema.alterTable('case_lead_transfers').addColumn('consent_id', 'text').execute();
    // JSON array of the consent's identity field groups; null: identity is not carried.
    await db.schema.alterTable('case_lead_transfers').addColumn('identity_groups', 'text').execute();
    await db.schema.alterTable('case_lead_transfers').addColumn('approved_by', 'text').execute();
    await db.schema.alterTable('case_lead_transfers').addColumn('approved_at', ts).execute();
    // Transfers recorded before this migration carried the whole file, as they did then.
    await sql`update case_lead_transfers set identity_groups = '["identity_name","identity_contact","identity_all"]', approved_by = requested_by, approved_at = requested_at`.execute(
      db,
    );
  },
});
