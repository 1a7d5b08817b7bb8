import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, PG_ADMIN_URL } from '../../../test/support/harness.js';
import { pgInstantToIso } from './dialect.js';
import { openDatabase } from './index.js';

describe('PostgreSQL pool', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('survives the server ending its idle connections (restart, failover) and reconnects on the next query', async () => {
    const fresh = await freshDatabase('postgres');
    cleanups.push(fresh.drop);
    const database = openDatabase({ kind: 'postgres', url: fresh.url });
    cleanups.push(() => database.close());
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    cleanups.push(async () => void process.off('warning', onWarning));

    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await admin.end();
    // The idle client learns of its end asynchronously; without a listener on the pool this would crash.
    for (let i = 0; i < 50 && warnings.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(warnings.some((w) => w.includes('57P01'))).toBe(true);
    expect(warnings.join(' ')).not.toContain(fresh.pgName ?? '∅');
    const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
    expect(again.rows[0]!.one).toBe(1);
  });
});

describe('long readers between pages', () => {
  it('SQLite gives waiting callbacks a turn of the event loop; PostgreSQL does not need to', async () => {
    const sqlite = openDatabase({ kind: 'sqlite', file: ':memory:' });
    try {
      const ran: string[] = [];
      setImmediate(() => ran.push('other request'));
      await sqlite.adapter.betweenPages();
      ran.push('next page');
      expect(ran).toEqual(['other request', 'next page']);
    } finally {
      await sqlite.close();
    }
    const ran: string[] = [];
    setImmediate(() => ran.push('other request'));
    const fresh = await freshDatabase('postgres');
    const pgDb = openDatabase({ kind: 'postgres', url: fresh.url });
    try {
      const before = ran.length;
      await pgDb.adapter.betweenPages();
      // A resolved promise: no macrotask ran in between (its queries are asynchronous already).
      expect(ran.length).toBe(before);
    } finally {
      await pgDb.close();
      await fresh.drop();
    }
  });
});

describe('PostgreSQL instants', () => {
  it('reads every form PostgreSQL prints exactly as Date would', async () => {
    const fresh = await freshDatabase('postgres');
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    try {
      const forms: string[] = [];
      for (const tz of ['UTC', 'Asia/Jakarta', 'Asia/Kolkata']) {
        await client.query(`set time zone '${tz}'`);
        const r = await client.query<{ t: string }>({
          text: `select (timestamptz '2024-05-06 07:08:09+00' + (g * interval '1 second 7 microseconds' * 7919)
              + (g % 7) * interval '13 microseconds')::text as t
            from generate_series(-300, 300) g
            union all select v::timestamptz::text from unnest(array['2024-02-29 23:59:59.999999+00',
              '1999-12-31 23:59:59.9+00', '2000-01-01 00:00:00+00', '0099-05-06 07:08:09+00', '12024-05-06 07:08:09+00',
              '0044-03-15 12:00:00+00 BC']) v`,
          types: { getTypeParser: () => (v: string) => v },
        });
        forms.push(...r.rows.map((row) => row.t));
      }
      expect(forms.some((f) => /\.\d{6}\+00$/.test(f)) && forms.some((f) => /:\d\d\+00$/.test(f))).toBe(true);
      const read = (parse: (f: string) => string, f: string) => {
        try {
          return parse(f);
        } catch (error) {
          return (error as Error).name; // BC: an invalid Date, a RangeError either way
        }
      };
      for (const f of forms)
        expect([f, read(pgInstantToIso, f)]).toEqual([f, read((v) => new Date(v).toISOString(), f)]);
    } finally {
      await client.end();
      await fresh.drop();
    }
  });
});
