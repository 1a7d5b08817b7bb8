import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Audit retention (issue 10 item 9, Law 27/2022 Art. 43–44) without losing the proof (item 5): events older than
 * the schedule may be removed only up to a *truncation point* — the chain's hash at the cut, signed with the
 * instance key and sealed with the audit key — kept in `audit_truncations`. Verification starts from the newest
 * point. The append-only triggers now let a DELETE through only at or below the newest point's sequence number;
 * UPDATE and TRUNCATE stay refused. On PostgreSQL the server role may lack DELETE on audit_events (least
 * privilege): `audit_prune(through)` runs as the schema owner and removes only what a recorded point covers.
 */
export const auditTruncation = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const big = sql.raw(a.bigintType);
    await db.schema
      .createTable('audit_truncations')
      .addColumn('through_seq', big, (c) => c.primaryKey())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('keyed_from_seq', big, (c) => c.notNull())
      .addColumn('cut_before', ts, (c) => c.notNull())
      .addColumn('removed', big, (c) => c.notNull())
      .addColumn('at', ts, (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('seal', 'text', (c) => c.notNull())
      .addColumn('line', 'text', (c) => c.notNull())
      .execute();
    if (a.name === 'sqlite') {
      await sql`drop trigger audit_events_no_delete`.execute(db);
      await sql`create trigger audit_events_no_delete before delete on audit_events
        when old.seq > (select coalesce(max(through_seq), 0) from audit_truncations)
        begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    } else {
      // One function serves the row trigger (UPDATE, DELETE) and the statement trigger (TRUNCATE): OLD exists
      // only for a row-level DELETE, so the test of its seq is nested under that.
      await sql`create or replace function audit_events_append_only() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' and tg_level = 'ROW' then
            if old.seq <= (select coalesce(max(through_seq), 0) from audit_truncations) then
              return old;
            end if;
          end if;
          raise exception 'audit_events is append-only';
        end $$`.execute(db);
      await sql`create function audit_prune(through bigint) returns bigint
        language plpgsql security definer set search_path from current as $$
        declare n bigint;
        begin
          if not exists (select 1 from audit_truncations where through_seq = through)
             or through <> (select max(through_seq) from audit_truncations) then
            raise exception 'no truncation point at %', through;
          end if;
          delete from audit_events where seq <= through;
          get diagnostics n = row_count;
          return n;
        end $$`.execute(db);
    }
  },
});
