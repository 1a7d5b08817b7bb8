import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Screening: versioned indicator tools (Delphi v1 seeded here) and screenings with decision and approval. */
export const screening = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const json = sql.raw(a.jsonType);

    await db.schema
      .createTable('screening_tools')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('definition', json, (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('screenings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('tool_version', 'integer', (c) => c.notNull().references('screening_tools.version'))
      .addColumn('is_child', 'integer', (c) => c.notNull())
      .addColumn('answers', json, (c) => c.notNull())
      .addColumn('acts', json, (c) => c.notNull())
      .addColumn('dimension_results', json, (c) => c.notNull())
      .addColumn('presumed_victim', 'integer', (c) => c.notNull())
      .addColumn('recommendation', 'text', (c) => c.notNull())
      .addColumn('notes_enc', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('decision_status', 'text')
      .addColumn('decided_by_org', 'text')
      .addColumn('rationale_enc', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', ts)
      .addColumn('approval_status', 'text')
      .addColumn('approved_by', 'text')
      .addColumn('approved_at', ts)
      .addColumn('approval_note_enc', 'text')
      .execute();
    await db.schema.createIndex('screenings_case_idx').on('screenings').columns(['case_id', 'id']).execute();
    await db.schema
      .createIndex('screenings_approval_idx')
      .on('screenings')
      .columns(['approval_status', 'id'])
      .execute();
    // The tool definitions themselves are data of the screening module, stored on first use.
  },
});
