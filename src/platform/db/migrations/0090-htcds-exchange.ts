import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * HTCDS 2.0 bulk imports: one row per import (its progress and counts), the validation report (row, field,
 * reason: codes only, never a value), and the review queue of valid records (payload encrypted) a reviewer
 * accepts into a case or rejects. `source_key` makes a re-import of the same record a no-op.
 */
export const htcdsExchange = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema
      .createTable('htcds_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_queued', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rows_invalid', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('finished_at', ts)
      .execute();
    await db.schema.createIndex('htcds_imports_agency_idx').on('htcds_imports').columns(['agency_id', 'id']).execute();
    await db.schema
      .createTable('htcds_import_issues')
      .addColumn('import_id', 'text', (c) => c.notNull().references('htcds_imports.id'))
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      // 'error' keeps the row out of the queue; 'warning' (an unknown column) is ignored and reported.
      .addColumn('severity', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('htcds_import_issues_idx')
      .on('htcds_import_issues')
      .columns(['import_id', 'row_number'])
      .execute();
    await db.schema
      .createTable('htcds_import_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('import_id', 'text', (c) => c.notNull().references('htcds_imports.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('source_key', 'text', (c) => c.notNull())
      .addColumn('payload_enc', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    // One queued record per source record and receiving agency: the idempotency of a re-import.
    await db.schema
      .createIndex('htcds_import_records_source_idx')
      .on('htcds_import_records')
      .columns(['agency_id', 'source_key'])
      .unique()
      .execute();
    await db.schema
      .createIndex('htcds_import_records_queue_idx')
      .on('htcds_import_records')
      .columns(['agency_id', 'status', 'id'])
      .execute();
  },
});
