import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Service accounts of partner systems (SIMFONI-PPA, an IOM instance) and their API tokens: scoped to
 * operations and agencies, expiring, revocable. A token is stored only as a keyed hash.
 */
export const serviceAccounts = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const json = sql.raw(a.jsonType);
    await db.schema
      .createTable('service_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('operations', json, (c) => c.notNull())
      .addColumn('agency_ids', json, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('disabled_at', ts)
      .execute();
    await db.schema
      .createTable('service_account_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('service_accounts.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('revoked_at', ts)
      .addColumn('revoked_by', 'text')
      .addColumn('last_used_at', ts)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('service_account_tokens_account_idx')
      .on('service_account_tokens')
      .columns(['account_id', 'id'])
      .execute();
  },
});
