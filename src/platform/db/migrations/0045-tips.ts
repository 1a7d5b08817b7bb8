import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Public tips (Law 21/2007 Art. 60–63): reports from the community through the portal, their messages with the
 * reporter (by follow-up code only) and the response-time targets per urgency.
 */
export const tips = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const date = sql.raw(a.dateType);
    const json = sql.raw(a.jsonType);

    await db.schema
      .createTable('tips')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // Keyed hash of the follow-up code: the code itself is never stored.
      .addColumn('code_bidx', 'text', (c) => c.notNull().unique())
      // Hash of the proof-of-work challenge the submission solved: a challenge is good for one tip.
      .addColumn('pow_hash', 'text', (c) => c.unique())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('urgency', 'text', (c) => c.notNull())
      .addColumn('is_child', 'integer', (c) => c.notNull())
      .addColumn('held_now', 'integer', (c) => c.notNull())
      .addColumn('near_border', 'integer', (c) => c.notNull())
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addColumn('happened_on', date)
      .addColumn('people_count', 'integer')
      .addColumn('indicators', json, (c) => c.notNull())
      .addColumn('description_enc', 'text', (c) => c.notNull())
      .addColumn('reporter_person_id', 'text', (c) => c.references('persons.id'))
      .addColumn('reporter_relation', 'text')
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
      .addColumn('group_id', 'text')
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('referred_agency_id', 'text', (c) => c.references('agencies.id'))
      .addColumn('outcome_note_enc', 'text')
      .addColumn('closure_reason', 'text')
      .addColumn('awaiting_reply', 'integer', (c) => c.notNull())
      .addColumn('due_at', ts, (c) => c.notNull())
      .addColumn('first_response_at', ts)
      .addColumn('overdue_alerted_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('closed_at', ts)
      .execute();
    await db.schema.createIndex('tips_agency_idx').on('tips').columns(['agency_id', 'status', 'id']).execute();
    await db.schema.createIndex('tips_referred_idx').on('tips').columns(['referred_agency_id', 'id']).execute();
    await db.schema.createIndex('tips_region_idx').on('tips').columns(['region_code', 'created_at']).execute();
    await db.schema.createIndex('tips_group_idx').on('tips').columns(['group_id']).execute();
    // The overdue job walks tips nobody answered yet and nobody was alerted about.
    await db.schema
      .createIndex('tips_overdue_idx')
      .on('tips')
      .columns(['due_at', 'id'])
      .where(sql.ref('first_response_at'), 'is', null)
      .where(sql.ref('overdue_alerted_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('tip_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tip_id', 'text', (c) => c.notNull().references('tips.id'))
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('body_enc', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tip_messages_tip_idx').on('tip_messages').columns(['tip_id', 'id']).execute();

    await db.schema
      .createTable('tip_response_targets')
      .addColumn('urgency', 'text', (c) => c.primaryKey())
      .addColumn('hours', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
  },
});
