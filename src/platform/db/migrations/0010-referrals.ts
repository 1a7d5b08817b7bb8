import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Referrals from a case to another agency for service requests, shared under a consent (HTCDS cas_ referral). */
export const referrals = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const json = sql.raw(a.jsonType);
    await db.schema
      .createTable('referrals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('consent_id', 'text', (c) => c.notNull())
      // The consent's field groups (a consent never changes; a withdrawal ends it).
      .addColumn('field_groups', json, (c) => c.notNull())
      .addColumn('sender_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('sender_user_id', 'text', (c) => c.notNull())
      .addColumn('recipient_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('urgency', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note_enc', 'text')
      // The consented, non-identifying facts at sending (encrypted: a case summary may be among them).
      .addColumn('shared_enc', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('sent_at', ts, (c) => c.notNull())
      .addColumn('due_at', ts, (c) => c.notNull())
      .addColumn('responded_at', ts)
      .addColumn('responded_by', 'text')
      .addColumn('decline_reason_enc', 'text')
      .addColumn('completed_at', ts)
      .addColumn('revoked_at', ts)
      .addColumn('revoked_by', 'text')
      .addColumn('revoke_reason_enc', 'text')
      .addColumn('overdue_alerted_at', ts)
      // Set in the consent withdrawal's transaction: the recipient's view is gone from that instant.
      .addColumn('consent_withdrawn_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    // The inbox: one agency's referrals newest first, optionally by status.
    await db.schema.createIndex('referrals_inbox_idx').on('referrals').columns(['recipient_agency_id', 'id']).execute();
    await db.schema
      .createIndex('referrals_inbox_status_idx')
      .on('referrals')
      .columns(['recipient_agency_id', 'status', 'id'])
      .execute();
    await db.schema.createIndex('referrals_case_idx').on('referrals').columns(['case_id', 'id']).execute();
    await db.schema.createIndex('referrals_consent_idx').on('referrals').columns(['consent_id']).execute();
    // The overdue job walks unanswered referrals not yet alerted, in due order.
    await db.schema
      .createIndex('referrals_overdue_idx')
      .on('referrals')
      .columns(['status', 'overdue_alerted_at', 'due_at', 'id'])
      .execute();

    await db.schema
      .createTable('referral_services')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('referral_id', 'text', (c) => c.notNull().references('referrals.id'))
      .addColumn('service_request_id', 'text', (c) => c.notNull().references('service_requests.id'))
      .addColumn('service_type', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('delivered_at', ts)
      .addColumn('delivered_by', 'text')
      .addColumn('delivery_note_enc', 'text')
      .execute();
    await db.schema
      .createIndex('referral_services_referral_idx')
      .on('referral_services')
      .columns(['referral_id', 'service_request_id'])
      .unique()
      .execute();
    await db.schema
      .createIndex('referral_services_request_idx')
      .on('referral_services')
      .columns(['service_request_id'])
      .execute();
  },
});
