import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The audit chain proves itself (issue 10 item 5): events from the next sequence number on are hashed with
 * HMAC-SHA-256 under the audit key (wrapped by the master key, never in the database in clear); events already
 * written keep their plain SHA-256 and still verify. The boundary is sealed with the key on the next start
 * (platform/audit.ts sealAuditBoundary). Signed checkpoints of the head are kept here for the DPO's list; the
 * copy that counts is the one written outside the database (PULIH_AUDIT_CHECKPOINT_FILE, the log stream).
 */
export const auditKeyed = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const big = sql.raw(a.bigintType);
    await db.schema.alterTable('audit_chain_head').addColumn('keyed_from_seq', big).execute();
    await db.schema.alterTable('audit_chain_head').addColumn('keyed_seal', 'text').execute();
    await sql`update audit_chain_head set keyed_from_seq = seq + 1 where id = 1`.execute(db);
    await db.schema
      .createTable('audit_checkpoints')
      .addColumn('seq', big, (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('keyed_from_seq', big, (c) => c.notNull())
      .addColumn('at', ts, (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('line', 'text', (c) => c.notNull())
      .execute();
  },
});
