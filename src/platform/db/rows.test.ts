import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/harness.js';
import { type DialectName, openDatabase, selectRows, selectRowsOffThread, tables } from './index.js';

type T = { things: { id: string; at: string; day: string | null; n: number | null; doc: unknown } };

describe.each(['sqlite', 'postgres'] as DialectName[])('selectRows on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('gives the values Kysely gives, as arrays in select order, raw and inside a transaction', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const database = openDatabase(
      dialect === 'sqlite' ? { kind: 'sqlite', file: `${fresh.dir}/t.db` } : { kind: 'postgres', url: fresh.url },
    );
    cleanups.push(() => database.close());
    const a = database.adapter;
    const db = tables<T>(database.db);
    await sql`create table things (id text primary key, at ${sql.raw(a.timestampType)} not null, day ${sql.raw(a.dateType)},
      n integer, doc ${sql.raw(a.jsonType)})`.execute(database.db);
    await db
      .insertInto('things')
      .values([
        { id: 'a', at: '2024-05-06T07:08:09.123Z', day: '2024-05-06', n: 7, doc: a.toJson(['x', 'y']) },
        { id: 'b', at: '2023-01-02T03:04:05.000Z', day: null, n: null, doc: null },
      ])
      .execute();
    const query = (x: typeof db) =>
      x
        .selectFrom('things')
        .select(['n', 'id', 'at', 'day', sql<string | null>`cast(doc as text)`.as('doc')])
        .orderBy('id');
    const objects = await query(db).execute();
    const expected = objects.map((o) => [o.n, o.id, o.at, o.day, o.doc]);
    expect(expected[0]).toEqual([7, 'a', '2024-05-06T07:08:09.123Z', '2024-05-06', expect.any(String)]);
    expect(await selectRows(database.db, query(db))).toEqual(expected);
    const inTx = await database.db.transaction().execute((tx) => selectRows(tx, query(tables<T>(tx))));
    expect(inTx).toEqual(expected);
  });

  it('says where it reads: away from the caller on PostgreSQL and on SQLite’s reader threads, not inside a transaction', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const opened = (readers: number) =>
      openDatabase(
        dialect === 'sqlite' ? { kind: 'sqlite', file: `${fresh.dir}/t.db` } : { kind: 'postgres', url: fresh.url },
        { sqliteReaders: readers },
      );
    const threaded = opened(1);
    cleanups.push(() => threaded.close());
    expect(selectRowsOffThread(threaded.db)).toBe(true);
    // A read ahead inside a transaction would run on the transaction's own connection: never off the caller.
    expect(await threaded.db.transaction().execute(async (tx) => selectRowsOffThread(tx))).toBe(false);
    if (dialect === 'sqlite') {
      const synchronous = opened(0);
      cleanups.push(() => synchronous.close());
      expect(selectRowsOffThread(synchronous.db)).toBe(false);
    }
  });

  it('never reads inside another caller’s open transaction', async () => {
    const fresh = await freshDatabase(dialect);
    cleanups.push(fresh.drop);
    const database = openDatabase(
      dialect === 'sqlite' ? { kind: 'sqlite', file: `${fresh.dir}/t.db` } : { kind: 'postgres', url: fresh.url },
    );
    cleanups.push(() => database.close());
    await sql`create table things (id text primary key, at text not null, day text, n integer, doc text)`.execute(
      database.db,
    );
    const db = tables<T>(database.db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const wrote = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const writer = database.db.transaction().execute(async (tx) => {
      await tables<T>(tx).insertInto('things').values({ id: 'x', at: 'now', day: null, n: 1, doc: null }).execute();
      inserted();
      await held;
      throw new Error('rolled back');
    });
    await wrote;
    // SQLite: waits for the writer to end (Kysely's connection lock); PostgreSQL: reads on another pooled
    // connection, which sees only committed rows. Neither may return the uncommitted row.
    const reading = selectRows(database.db, db.selectFrom('things').select('id'));
    release();
    await expect(writer).rejects.toThrow('rolled back');
    expect(await reading).toEqual([]);
  });
});
