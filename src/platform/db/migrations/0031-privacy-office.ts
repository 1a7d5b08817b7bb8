import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The data protection officer's office (issue 10, Law 27/2022): reviews of break-the-glass grants,
 * data-subject requests, legal holds, restrictions of processing, the breach register, retention schedules
 * as data, and the read access log (who opened a person's file; not in the audit chain, kept cheaply).
 */
export const privacyOffice = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const json = sql.raw(a.jsonType);
    await db.schema
      .createTable('grant_reviews')
      .addColumn('grant_id', 'text', (c) => c.primaryKey().references('access_grants.id'))
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('note_enc', 'text')
      .addColumn('reviewed_by', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('legal_holds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('reason_enc', 'text', (c) => c.notNull())
      .addColumn('placed_by', 'text', (c) => c.notNull())
      .addColumn('placed_at', ts, (c) => c.notNull())
      .addColumn('released_by', 'text')
      .addColumn('released_at', ts)
      .execute();
    await db.schema
      .createIndex('legal_holds_person_idx')
      .on('legal_holds')
      .columns(['person_id', 'released_at'])
      .execute();
    await db.schema
      .createTable('dsr_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('details_enc', 'text')
      .addColumn('received_at', ts, (c) => c.notNull())
      .addColumn('due_at', ts, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('outcome_note_enc', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('completed_by', 'text')
      .addColumn('completed_at', ts)
      .execute();
    await db.schema.createIndex('dsr_requests_status_idx').on('dsr_requests').columns(['status', 'due_at']).execute();
    await db.schema.createIndex('dsr_requests_person_idx').on('dsr_requests').columns(['person_id', 'id']).execute();
    await db.schema
      .createTable('person_restrictions')
      .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id'))
      .addColumn('request_id', 'text')
      .addColumn('restricted_by', 'text', (c) => c.notNull())
      .addColumn('restricted_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('person_erasures')
      .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id'))
      .addColumn('request_id', 'text')
      .addColumn('erased_by', 'text', (c) => c.notNull())
      .addColumn('erased_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('breaches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title_enc', 'text', (c) => c.notNull())
      .addColumn('description_enc', 'text', (c) => c.notNull())
      .addColumn('data_categories', json, (c) => c.notNull())
      .addColumn('affected_count', 'integer', (c) => c.notNull())
      .addColumn('discovered_at', ts, (c) => c.notNull())
      .addColumn('deadline_at', ts, (c) => c.notNull())
      .addColumn('subjects_notified_at', ts)
      .addColumn('authority_notified_at', ts)
      .addColumn('low_alerted_at', ts)
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('breaches_deadline_idx').on('breaches').columns(['deadline_at', 'id']).execute();
    await db.schema
      .createTable('retention_policies')
      .addColumn('record_type', 'text', (c) => c.primaryKey())
      .addColumn('keep_days', 'integer', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', ts)
      .execute();
    // Defaults the DPO reviews (retention.policies.update); nothing is anonymised before she enables a schedule.
    for (const [type, days] of [
      ['closed_cases', 3650],
      ['attachments', 1825],
      ['audit', 3650],
    ] as const) {
      await sql`insert into retention_policies (record_type, keep_days, enabled) values (${type}, ${days}, 0)`.execute(
        db,
      );
    }
    await db.schema
      .createTable('read_access_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', ts, (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text')
      .addColumn('person_id', 'text')
      .addColumn('case_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('read_access_person_idx').on('read_access_log').columns(['person_id', 'id']).execute();
    await db.schema.createIndex('read_access_case_idx').on('read_access_log').columns(['case_id', 'id']).execute();
  },
});
