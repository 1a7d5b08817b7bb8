import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Encrypted attachments of a case (documents, photos, consent evidence). */
export const attachments = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema
      .createTable('attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('filename_enc', 'text', (c) => c.notNull())
      .addColumn('content_enc', sql.raw(a.blobType), (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attachments_case_idx').on('attachments').columns(['case_id', 'id']).execute();
  },
});
