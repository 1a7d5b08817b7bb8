import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Case conferences with their action items; and the alerts' digest mark (e-mail digest hook). */
export const conferences = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const date = sql.raw(a.dateType);

    await db.schema
      .createTable('case_conferences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('held_on', date, (c) => c.notNull())
      .addColumn('decisions_enc', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('case_conferences_case_idx')
      .on('case_conferences')
      .columns(['case_id', 'id'])
      .execute();

    await db.schema
      .createTable('case_conference_agencies')
      .addColumn('conference_id', 'text', (c) => c.notNull().references('case_conferences.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addPrimaryKeyConstraint('case_conference_agencies_pk', ['conference_id', 'agency_id'])
      .execute();

    await db.schema
      .createTable('conference_action_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('conference_id', 'text', (c) => c.notNull().references('case_conferences.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('description_enc', 'text', (c) => c.notNull())
      .addColumn('due_on', date, (c) => c.notNull())
      // The instant the due date has passed everywhere in Indonesia (end of the day in WIB).
      .addColumn('due_at', ts, (c) => c.notNull())
      .addColumn('completed_at', ts)
      .addColumn('completed_by', 'text')
      .addColumn('overdue_alerted_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('conference_action_items_conference_idx')
      .on('conference_action_items')
      .columns(['conference_id', 'id'])
      .execute();
    await db.schema
      .createIndex('conference_action_items_agency_idx')
      .on('conference_action_items')
      .columns(['agency_id', 'completed_at', 'due_at'])
      .execute();
    // The overdue job walks open, not yet alerted items in due order; the partial index holds only those.
    await db.schema
      .createIndex('conference_action_items_overdue_idx')
      .on('conference_action_items')
      .columns(['due_at', 'id'])
      .where(sql.ref('completed_at'), 'is', null)
      .where(sql.ref('overdue_alerted_at'), 'is', null)
      .execute();

    // Alerts: when an alert went out in an e-mail digest. The digest job reads only unread, undigested alerts,
    // which this partial index holds (read or digested alerts leave it).
    await db.schema.alterTable('alerts').addColumn('digested_at', ts).execute();
    await db.schema
      .createIndex('alerts_digest_pending_idx')
      .on('alerts')
      .columns(['user_id', 'created_at'])
      .where(sql.ref('digested_at'), 'is', null)
      .where(sql.ref('read_at'), 'is', null)
      .execute();
  },
});
