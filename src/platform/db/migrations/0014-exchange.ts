import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Signed referral packages between Pulih instances: this instance's keys, trusted signers, received packages. */
export const exchange = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema
      .createTable('instance_keys')
      .addColumn('key_id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('private_key_enc', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('trusted_signers')
      .addColumn('key_id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('instance_name', 'text', (c) => c.notNull())
      .addColumn('base_url', 'text')
      .addColumn('added_by', 'text', (c) => c.notNull())
      .addColumn('added_at', ts, (c) => c.notNull())
      .addColumn('revoked_at', ts)
      .execute();
    await db.schema
      .createTable('incoming_packages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('package_id', 'text', (c) => c.notNull().unique())
      .addColumn('signer_key_id', 'text', (c) => c.notNull())
      .addColumn('recipient_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('urgency', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('payload_enc', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('received_at', ts, (c) => c.notNull())
      .addColumn('received_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('incoming_packages_agency_idx')
      .on('incoming_packages')
      .columns(['recipient_agency_id', 'id'])
      .execute();
  },
});
