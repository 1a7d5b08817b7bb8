import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Consents of a victim (or a child's guardian) per purpose, recipient and field groups (Law 27/2022). */
export const consents = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const json = sql.raw(a.jsonType);
    await db.schema
      .createTable('consents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('recipient_agency_id', 'text', (c) => c.references('agencies.id'))
      // A counterpart outside this instance (foreign or another Pulih instance): an organisation, not a person.
      .addColumn('recipient_name', 'text')
      .addColumn('service_types', json, (c) => c.notNull())
      .addColumn('field_groups', json, (c) => c.notNull())
      .addColumn('given_by', 'text', (c) => c.notNull())
      .addColumn('guardian_relationship', 'text')
      .addColumn('given_at', ts, (c) => c.notNull())
      .addColumn('wording_version', 'text', (c) => c.notNull())
      .addColumn('wording_locale', 'text', (c) => c.notNull())
      .addColumn('evidence_attachment_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('withdrawn_at', ts)
      .addColumn('withdrawn_by', 'text')
      .addColumn('withdrawal_reason_enc', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consents_case_idx').on('consents').columns(['case_id', 'id']).execute();
    // A referral looks for the active consents of a case for one recipient agency.
    await db.schema
      .createIndex('consents_recipient_idx')
      .on('consents')
      .columns(['case_id', 'recipient_agency_id', 'status'])
      .execute();
  },
});
