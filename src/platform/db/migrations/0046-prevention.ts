import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Prevention programmes, their sessions, awareness survey responses, and budgets with expenditures. */
export const prevention = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const date = sql.raw(a.dateType);
    const json = sql.raw(a.jsonType);
    const big = sql.raw(a.bigintType);

    await db.schema
      .createTable('programmes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('starts_on', date, (c) => c.notNull())
      .addColumn('ends_on', date, (c) => c.notNull())
      .addColumn('target_groups', json, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('programmes_agency_idx').on('programmes').columns(['agency_id', 'id']).execute();
    await db.schema
      .createTable('programme_regions')
      .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('programme_regions_pk', ['programme_id', 'region_code'])
      .execute();
    await db.schema
      .createIndex('programme_regions_region_idx')
      .on('programme_regions')
      .columns(['region_code', 'programme_id'])
      .execute();

    await db.schema
      .createTable('programme_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
      .addColumn('held_on', date, (c) => c.notNull())
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addColumn('facilitator', 'text', (c) => c.notNull())
      // Counts by sex and age band: { female: { "0-17": n, … }, male: { … } }.
      .addColumn('participants', json, (c) => c.notNull())
      .addColumn('participant_total', 'integer', (c) => c.notNull())
      .addColumn('materials', json, (c) => c.notNull())
      // The short link participants open on their phones (/s/<code>): names the session, nobody else.
      .addColumn('survey_code', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('programme_sessions_programme_idx')
      .on('programme_sessions')
      .columns(['programme_id', 'held_on', 'id'])
      .execute();

    await db.schema
      .createTable('survey_responses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('programme_sessions.id'))
      .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
      .addColumn('phase', 'text', (c) => c.notNull())
      // A code the participant writes on both forms (no identity): pairs a pre with a post answer.
      .addColumn('participant_code', 'text')
      .addColumn('questionnaire_key', 'text', (c) => c.notNull())
      .addColumn('questionnaire_version', 'integer', (c) => c.notNull())
      .addColumn('answers', json, (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('survey_responses_session_idx')
      .on('survey_responses')
      .columns(['session_id', 'phase', 'participant_code'])
      .execute();
    await db.schema
      .createIndex('survey_responses_programme_idx')
      .on('survey_responses')
      .columns(['programme_id', 'phase'])
      .execute();
    // One answer per participant, session and phase (a second pre form of the same code is a mistake).
    await db.schema
      .createIndex('survey_responses_participant_uq')
      .on('survey_responses')
      .columns(['session_id', 'phase', 'participant_code'])
      .unique()
      .where(sql.ref('participant_code'), 'is not', null)
      .execute();

    await db.schema
      .createTable('budget_allocations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('programme_id', 'text', (c) => c.references('programmes.id'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('spent', big, (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('budget_allocations_agency_idx')
      .on('budget_allocations')
      .columns(['agency_id', 'year'])
      .execute();
    await db.schema
      .createIndex('budget_allocations_programme_idx')
      .on('budget_allocations')
      .columns(['programme_id'])
      .execute();
    await db.schema
      .createTable('budget_expenditures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('allocation_id', 'text', (c) => c.notNull().references('budget_allocations.id'))
      .addColumn('spent_on', date, (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      // The document that proves it: receipt, SP2D or contract number.
      .addColumn('evidence_ref', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('budget_expenditures_allocation_idx')
      .on('budget_expenditures')
      .columns(['allocation_id', 'id'])
      .execute();
  },
});
