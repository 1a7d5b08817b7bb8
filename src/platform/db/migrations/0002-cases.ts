import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Case management core: richer person profiles, name tokens, cases and everything hanging off a case. */
export const cases = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const date = sql.raw(a.dateType);
    const json = sql.raw(a.jsonType);

    // Non-identifying profile (HTCDS prs_*); identity stays in person_identities.
    await db.schema.alterTable('persons').addColumn('age_estimated', 'integer').execute();
    await db.schema.alterTable('persons').addColumn('citizenship', 'text').execute();
    await db.schema.alterTable('persons').addColumn('languages', json).execute();
    await db.schema.alterTable('persons').addColumn('disability', 'text').execute();
    await db.schema.alterTable('persons').addColumn('education', 'text').execute();
    await db.schema.alterTable('persons').addColumn('marital_status', 'text').execute();
    await db.schema.alterTable('persons').addColumn('children_count', 'integer').execute();
    await db.schema.createIndex('persons_match_idx').on('persons').columns(['birth_year', 'sex']).execute();

    // Keyed hashes of normalised and phonetic name tokens: fuzzy matching without plaintext names.
    await db.schema
      .createTable('person_name_tokens')
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addPrimaryKeyConstraint('person_name_tokens_pk', ['token', 'person_id'])
      .execute();
    await db.schema
      .createIndex('person_name_tokens_person_idx')
      .on('person_name_tokens')
      .columns(['person_id'])
      .execute();

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_number', 'text', (c) => c.notNull().unique())
      .addColumn('lead_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('region_code', 'text')
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('stage_changed_at', ts, (c) => c.notNull())
      .addColumn('is_child', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('referral_source', 'text', (c) => c.notNull())
      .addColumn('intake_at', ts, (c) => c.notNull())
      .addColumn('identified_at', ts)
      .addColumn('closed_at', ts)
      .addColumn('trafficking_status', 'text')
      .addColumn('status_decided_by_org', 'text')
      .addColumn('status_decided_at', ts)
      .addColumn('risk_level', 'text')
      .addColumn('relationship_to_trafficker', 'text')
      .addColumn('forced_labour_industry', 'text')
      .addColumn('exploitation_country', 'text')
      .addColumn('age_when_trafficked', 'integer')
      .addColumn('late_services', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('summary_enc', 'text')
      .addColumn('closure_reason', 'text')
      .addColumn('closure_note_enc', 'text')
      .addColumn('closure_requested_by', 'text')
      .addColumn('closure_requested_at', ts)
      .addColumn('closure_from_stage', 'text')
      .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cases_agency_idx').on('cases').columns(['lead_agency_id', 'id']).execute();
    await db.schema.createIndex('cases_region_idx').on('cases').columns(['region_code', 'id']).execute();
    await db.schema.createIndex('cases_stage_idx').on('cases').columns(['stage', 'id']).execute();
    await db.schema.createIndex('cases_person_idx').on('cases').columns(['person_id']).execute();
    await db.schema.createIndex('cases_late_idx').on('cases').columns(['late_services', 'id']).execute();

    // Multi-select HTCDS attributes (exploitation types, methods of control, ...), filterable.
    await db.schema
      .createTable('case_attributes')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('attribute', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_attributes_pk', ['case_id', 'attribute', 'value'])
      .execute();
    await db.schema
      .createIndex('case_attributes_value_idx')
      .on('case_attributes')
      .columns(['attribute', 'value', 'case_id'])
      .execute();

    await db.schema
      .createTable('case_members')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('added_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('case_members_pk', ['case_id', 'user_id'])
      .execute();
    await db.schema.createIndex('case_members_user_idx').on('case_members').columns(['user_id', 'case_id']).execute();

    // HTCDS historic trafficking events (hte_): recruitment, transit, exploitation.
    await db.schema
      .createTable('case_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('region_code', 'text')
      .addColumn('city', 'text')
      .addColumn('started_on', date)
      .addColumn('ended_on', date)
      .addColumn('description_enc', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id']).execute();

    await db.schema
      .createTable('case_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('author_user_id', 'text', (c) => c.notNull())
      .addColumn('sensitivity', 'text', (c) => c.notNull())
      .addColumn('body_enc', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_notes_case_idx').on('case_notes').columns(['case_id', 'id']).execute();

    await db.schema
      .createTable('case_tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('due_at', ts)
      .addColumn('assigned_user_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('done_at', ts)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_tasks_case_idx').on('case_tasks').columns(['case_id', 'id']).execute();
    await db.schema.createIndex('case_tasks_due_idx').on('case_tasks').columns(['status', 'due_at']).execute();

    // One timeline of everything that happened to a case (no identity values in params).
    await db.schema
      .createTable('case_timeline')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('at', ts, (c) => c.notNull())
      .addColumn('actor_user_id', 'text')
      .addColumn('actor_username', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('params', json)
      .execute();
    await db.schema.createIndex('case_timeline_case_idx').on('case_timeline').columns(['case_id', 'id']).execute();

    // Readable case numbers, unique per lead agency and year.
    await db.schema
      .createTable('case_counters')
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('last_seq', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_counters_pk', ['agency_id', 'year'])
      .execute();
  },
});
