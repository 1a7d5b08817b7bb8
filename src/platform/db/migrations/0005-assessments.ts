import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Versioned questionnaires (needs, risk, reintegration sustainability) and the assessments taken with them. */
export const assessments = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const json = sql.raw(a.jsonType);

    // One row per questionnaire version; a stored version never changes.
    await db.schema
      .createTable('assessment_questionnaires')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('definition', json, (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('assessment_questionnaires_pk', ['key', 'version'])
      .execute();

    // Answers are JSON keyed by question id of the stored version; scores are columns for reporting.
    await db.schema
      .createTable('assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('questionnaire_key', 'text', (c) => c.notNull())
      .addColumn('questionnaire_version', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('follow_up_month', 'integer')
      .addColumn('taken_at', ts, (c) => c.notNull())
      .addColumn('answers', json, (c) => c.notNull())
      .addColumn('composite_score', 'double precision')
      .addColumn('sustainable', 'integer')
      .addColumn('band', 'text')
      .addColumn('notes_enc', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addForeignKeyConstraint(
        'assessments_questionnaire_fk',
        ['questionnaire_key', 'questionnaire_version'],
        'assessment_questionnaires',
        ['key', 'version'],
      )
      .execute();
    await db.schema
      .createIndex('assessments_case_idx')
      .on('assessments')
      .columns(['case_id', 'taken_at', 'id'])
      .execute();
    await db.schema
      .createIndex('assessments_type_idx')
      .on('assessments')
      .columns(['type', 'kind', 'follow_up_month'])
      .execute();

    await db.schema
      .createTable('assessment_scores')
      .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id'))
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision')
      .addPrimaryKeyConstraint('assessment_scores_pk', ['assessment_id', 'dimension'])
      .execute();
  },
});
