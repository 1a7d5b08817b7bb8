import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Lead-agency transfers of a case: requested by the lead, accepted or declined by the receiving agency. */
export const leadTransfers = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema
      .createTable('case_lead_transfers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('from_agency_id', 'text', (c) => c.notNull())
      .addColumn('to_agency_id', 'text', (c) => c.notNull())
      .addColumn('reason_enc', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requested_at', ts, (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', ts)
      .addColumn('decline_reason_enc', 'text')
      .execute();
    await db.schema
      .createIndex('case_lead_transfers_to_idx')
      .on('case_lead_transfers')
      .columns(['to_agency_id', 'status', 'id'])
      .execute();
    await db.schema
      .createIndex('case_lead_transfers_case_idx')
      .on('case_lead_transfers')
      .columns(['case_id'])
      .execute();
  },
});
