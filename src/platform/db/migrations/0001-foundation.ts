import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Agencies, users, roles, sessions, the audit chain, key ring, access grants, alerts, identity vault. */
export const foundation = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const json = sql.raw(a.jsonType);

    await db.schema
      .createTable('agencies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('short_name', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('region_code', 'text')
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('agencies.id'))
      .addColumn('contact_phone', 'text')
      .addColumn('contact_email', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agencies_type_idx').on('agencies').columns(['type', 'id']).execute();
    await db.schema.createIndex('agencies_region_idx').on('agencies').columns(['region_code', 'id']).execute();
    await db.schema.createIndex('agencies_name_idx').on('agencies').columns(['name', 'id']).execute();

    await db.schema
      .createTable('roles')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('permissions', json, (c) => c.notNull())
      .addColumn('requires_totp', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('aggregate_only', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('totp_secret_enc', 'text')
      .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('totp_last_step', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', ts)
      .addColumn('last_login_at', ts)
      .addColumn('password_changed_at', ts, (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_agency_idx').on('users').columns(['agency_id', 'id']).execute();

    await db.schema
      .createTable('user_roles')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('role_key', 'text', (c) => c.notNull().references('roles.key'))
      .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role_key'])
      .execute();
    await db.schema.createIndex('user_roles_role_idx').on('user_roles').columns(['role_key', 'user_id']).execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('last_seen_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('ended_at', ts)
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('seq', a.bigintType === 'bigint' ? 'bigint' : 'integer', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('at', ts, (c) => c.notNull())
      .addColumn('actor_user_id', 'text')
      .addColumn('actor_username', 'text')
      .addColumn('actor_agency_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text')
      .addColumn('entity_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('purpose', 'text')
      .addColumn('details', json)
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_at_idx').on('audit_events').columns(['at']).execute();
    await db.schema.createIndex('audit_actor_idx').on('audit_events').columns(['actor_user_id', 'seq']).execute();
    await db.schema.createIndex('audit_agency_idx').on('audit_events').columns(['actor_agency_id', 'seq']).execute();
    await db.schema.createIndex('audit_action_idx').on('audit_events').columns(['action', 'seq']).execute();
    await db.schema
      .createIndex('audit_entity_idx')
      .on('audit_events')
      .columns(['entity_type', 'entity_id', 'seq'])
      .execute();

    // The chain head doubles as the lock that serialises appends across processes.
    await db.schema
      .createTable('audit_chain_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', a.bigintType === 'bigint' ? 'bigint' : 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into audit_chain_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);

    // Append-only: the database itself refuses UPDATE and DELETE of audit events.
    if (a.name === 'sqlite') {
      await sql`create trigger audit_events_no_update before update on audit_events
        begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
      await sql`create trigger audit_events_no_delete before delete on audit_events
        begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    } else {
      await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_events is append-only'; end $$`.execute(db);
      await sql`create trigger audit_events_no_update before update or delete on audit_events
        for each row execute function audit_events_append_only()`.execute(db);
      await sql`create trigger audit_events_no_truncate before truncate on audit_events
        for each statement execute function audit_events_append_only()`.execute(db);
    }

    await db.schema
      .createTable('data_keys')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('wrapped_key', 'text', (c) => c.notNull())
      .addColumn('master_key_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('access_grants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('granted_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('revoked_at', ts)
      .execute();
    await db.schema
      .createIndex('access_grants_lookup_idx')
      .on('access_grants')
      .columns(['user_id', 'entity_type', 'entity_id'])
      .execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text')
      .addColumn('entity_id', 'text')
      .addColumn('params', json)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('read_at', ts)
      .execute();
    await db.schema.createIndex('alerts_user_idx').on('alerts').columns(['user_id', 'read_at', 'id']).execute();

    await db.schema
      .createTable('persons')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pseudonym', 'text', (c) => c.notNull().unique())
      .addColumn('owner_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('region_code', 'text')
      .addColumn('sex', 'text')
      .addColumn('birth_year', 'integer')
      .addColumn('initials', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('persons_agency_idx').on('persons').columns(['owner_agency_id', 'id']).execute();

    // Every identity column is AES-256-GCM ciphertext; lookups go through keyed blind indexes.
    await db.schema
      .createTable('person_identities')
      .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id'))
      .addColumn('full_name_enc', 'text')
      .addColumn('aliases_enc', 'text')
      .addColumn('date_of_birth_enc', 'text')
      .addColumn('nik_enc', 'text')
      .addColumn('passport_enc', 'text')
      .addColumn('phones_enc', 'text')
      .addColumn('address_enc', 'text')
      .addColumn('key_version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    // HMAC blind indexes of exact identifiers (NIK, passport, each phone): lookup without plaintext.
    await db.schema
      .createTable('person_identifiers')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('bidx', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addPrimaryKeyConstraint('person_identifiers_pk', ['kind', 'bidx', 'person_id'])
      .execute();
    await db.schema
      .createIndex('person_identifiers_person_idx')
      .on('person_identifiers')
      .columns(['person_id'])
      .execute();
  },
});
