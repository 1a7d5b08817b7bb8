import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './index.js';
import { selectRows } from './rows.js';
import { BULK_CACHE_KIB } from './sqlite-threads.js';

/* The API server's SQLite driver (sqlite-threads.ts): reads on reader threads, commits flushed off the loop. */
describe('SQLite with reader threads', () => {
  let dir: string;
  let file: string;
  let database: Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pulih-threads-'));
    file = join(dir, 'pulih.db');
    database = openDatabase({ kind: 'sqlite', file }, { sqliteReaders: 2 });
    await sql`create table t (id integer primary key, v text, b blob)`.execute(database.db);
    await sql`create table counter (id integer primary key, n integer not null)`.execute(database.db);
    await sql`insert into counter (id, n) values (1, 0)`.execute(database.db);
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads outside a transaction beside an open one: the last commit, never the open write, without waiting', async () => {
    const db = database.db;
    // Run often enough to count as short: short reads may run on the main thread, but never inside an open
    // transaction of another request.
    for (let i = 0; i < 10; i++) await sql`select v from t where id = 1`.execute(db);
    let outside: unknown[] = [];
    await db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (1, 'open')`.execute(tx);
      expect((await sql`select v from t where id = 1`.execute(tx)).rows).toEqual([{ v: 'open' }]);
      // The writer is held by this transaction: a read that waited for it would never end here.
      outside = (await sql`select v from t where id = 1`.execute(db)).rows;
    });
    expect(outside).toEqual([]);
    expect((await sql`select v from t where id = 1`.execute(db)).rows).toEqual([{ v: 'open' }]);
  });

  it('keeps the event loop turning while a long read runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    const rows = (
      await sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000)
        select count(*) as n from c`.execute(database.db)
    ).rows;
    const ms = performance.now() - started;
    clearInterval(timer);
    expect(rows[0]!.n).toBe(3_000_000);
    // On the loop the timer could not fire during the query (a loaded machine may delay it, not stop it).
    expect(ms).toBeGreaterThan(10);
    expect(ticks).toBeGreaterThan(0);
  });

  it('reads rows as arrays (selectRows) on a reader thread: the event loop turns, blobs are Buffers (issue 8)', async () => {
    await sql`insert into t (id, v, b) values (7, 'seven', ${Buffer.from([1, 2, 3])})`.execute(database.db);
    const q = (raw: ReturnType<typeof sql>) => ({ compile: () => raw.compile(database.db) });
    expect(await selectRows(database.db, q(sql`select id, v, b from t where id = 7`))).toEqual([
      [7, 'seven', Buffer.from([1, 2, 3])],
    ]);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    const rows = await selectRows<[number]>(
      database.db,
      q(sql`with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000) select count(*) from c`),
    );
    const ms = performance.now() - started;
    clearInterval(timer);
    expect(rows).toEqual([[3_000_000]]);
    // On the writer connection (the event loop) the timer could not fire during the statement.
    expect(ms).toBeGreaterThan(10);
    expect(ticks).toBeGreaterThan(0);
  });

  it('reads rows as arrays on a bulk-read connection with a small page cache, the requests’ cache untouched', async () => {
    const db = database.db;
    const q = (raw: ReturnType<typeof sql>) => ({ compile: () => raw.compile(db) });
    // The bulk reads (selectRows: the HTCDS export's pages) run on a connection of their own (BULK_CACHE_KIB)…
    expect(await selectRows(db, q(sql`select cache_size from pragma_cache_size()`))).toEqual([[-BULK_CACHE_KIB]]);
    // … and the other reads keep the request path's cache (64 MiB), on a reader thread or the writer.
    for (let i = 0; i < 5; i++)
      expect((await sql`select cache_size from pragma_cache_size()`.execute(db)).rows).toEqual([
        { cache_size: -65_536 },
      ]);
    // A bulk read that fails gives SQLite's error; the next one, and the other reads, still run.
    await expect(selectRows(db, q(sql`select * from missing_table`))).rejects.toThrow(/no such table/);
    await sql`insert into t (id, v) values (8, 'after the error')`.execute(db);
    expect(
      await selectRows(db, q(sql`select v, (select cache_size from pragma_cache_size()) from t where id = 8`)),
    ).toEqual([['after the error', -BULK_CACHE_KIB]]);
    expect((await sql`select v from t where id = 8`.execute(db)).rows).toEqual([{ v: 'after the error' }]);
  });

  it('keeps one reader thread for the other reads while long reads queue', async () => {
    const db = database.db;
    const long = () =>
      sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 400000)
        select count(*) as n from c`.execute(db);
    await long(); // noted as long (over 10 ms)
    const finished: string[] = [];
    const longs = Array.from({ length: 3 }, (_, i) => long().then(() => finished.push(`long ${i}`)));
    // A read never seen before (not long): it takes the kept thread instead of queueing behind the long ones.
    const other = sql`select count(*) as n from t where v is not null`.execute(db).then(() => finished.push('other'));
    await Promise.all([...longs, other]);
    // With two readers the long reads run one at a time; the other read ends before the second long one.
    expect(finished.indexOf('other')).toBeLessThan(finished.indexOf('long 1'));
  });

  it('serialises writers: parallel read-modify-write transactions lose no update', async () => {
    const db = database.db;
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.transaction().execute(async (tx) => {
          const n = (await sql<{ n: number }>`select n from counter where id = 1`.execute(tx)).rows[0]!.n;
          await new Promise((resolve) => setTimeout(resolve, 1));
          await sql`update counter set n = ${n + 1} where id = 1`.execute(tx);
        }),
      ),
    );
    expect((await sql<{ n: number }>`select n from counter where id = 1`.execute(db)).rows[0]!.n).toBe(25);
  });

  it('rolls back a failed transaction and frees the writer', async () => {
    const db = database.db;
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`insert into t (id, v) values (2, 'gone')`.execute(tx);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect((await sql`select v from t where id = 2`.execute(db)).rows).toEqual([]);
    await sql`insert into t (id, v) values (2, 'kept')`.execute(db);
    expect((await sql`select v from t where id = 2`.execute(db)).rows).toEqual([{ v: 'kept' }]);
  });

  it('gives blobs back as Buffer and reader errors with SQLite’s message', async () => {
    const db = database.db;
    await sql`insert into t (id, v, b) values (3, 'blob', ${Buffer.from([1, 2, 3])})`.execute(db);
    const b = (await sql<{ b: Buffer }>`select b from t where id = 3`.execute(db)).rows[0]!.b;
    expect(Buffer.isBuffer(b)).toBe(true);
    expect([...b]).toEqual([1, 2, 3]);
    await expect(sql`select * from missing_table`.execute(db)).rejects.toThrow(/no such table/);
  });

  it('keeps a temporary table on the writer for the connection that made it', async () => {
    const n = await database.db.connection().execute(async (c) => {
      await sql`create temp table scratch (x integer)`.execute(c);
      await sql`insert into scratch (x) values (1), (2)`.execute(c);
      const r = await sql<{ n: number }>`select count(*) as n from scratch`.execute(c);
      await sql`drop table scratch`.execute(c);
      return r.rows[0]!.n;
    });
    expect(n).toBe(2);
  });

  it('waits for another connection’s write lock on timers, not on the loop', async () => {
    const other = new Sqlite(file);
    other.prepare('begin immediate').run();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    setTimeout(() => other.prepare('commit').run(), 150);
    database.lockWaitMs(); // only this wait from here on
    const started = performance.now();
    await database.db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (4, 'after the other writer')`.execute(tx);
    });
    const waited = performance.now() - started;
    clearInterval(timer);
    other.close();
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(ticks).toBeGreaterThan(0);
    // The wait is counted for the server's metrics (pulih_db_lock_wait_seconds), once.
    const counted = database.lockWaitMs();
    expect(counted).toBeGreaterThanOrEqual(100);
    expect(counted).toBeLessThanOrEqual(waited + 1);
    expect(database.lockWaitMs()).toBe(0);
    expect((await sql`select v from t where id = 4`.execute(database.db)).rows).toEqual([
      { v: 'after the other writer' },
    ]);
  });

  it('commits are visible to a new connection at once (the WAL is flushed before the answer)', async () => {
    await database.db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (5, 'durable')`.execute(tx);
    });
    const other = new Sqlite(file, { readonly: true });
    try {
      expect(other.prepare('select v from t where id = 5').get()).toEqual({ v: 'durable' });
    } finally {
      other.close();
    }
  });
});
