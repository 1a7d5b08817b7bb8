import type { Compilable, Kysely, Selectable, SelectQueryBuilder, Updateable } from 'kysely';
import { rawDriverOf } from './dialect.js';
import type { Executor } from './tables.js';

/**
 * Runs a SELECT and returns its rows as arrays, in the select list's order, holding the values Kysely would give
 * (PostgreSQL's type parsers as set in dialect.ts; SQLite's own values) without an object per row. For long
 * readers of many rows (the HTCDS export reads several per record): a PostgreSQL row object costs about 40 % more
 * CPU than its array (issue 14, 100,000 rows of 12 columns: 1.15 s → 0.70 s). Inside a transaction (no raw
 * driver) the query goes through Kysely and the rows are taken apart.
 */
export async function selectRows<R extends readonly unknown[]>(db: Executor, query: Compilable): Promise<R[]> {
  const compiled = query.compile();
  const driver = rawDriverOf(db);
  if (driver?.kind === 'postgres') {
    const r = await driver.pool.query({ text: compiled.sql, values: [...compiled.parameters], rowMode: 'array' });
    return r.rows as unknown as R[];
  }
  // SQLite with reader threads (the API server): on a reader, off the event loop (a page of the HTCDS export is a
  // statement of tens of milliseconds at national scale; on the writer it held every other request meanwhile).
  if (driver?.kind === 'sqlite' && driver.readArrays)
    return (await driver.readArrays(`/* rows */ ${compiled.sql}`, compiled.parameters)) as unknown as R[];
  // SQLite: only while no transaction is open on the connection (another request's, between two of its
  // statements): a read there would see its uncommitted rows. Kysely waits for it to end.
  if (driver?.kind === 'sqlite' && !driver.sqlite.inTransaction) {
    // A statement text of its own: raw mode sticks to the (cached) statement, which Kysely must never receive.
    return driver.sqlite
      .prepare(`/* rows */ ${compiled.sql}`)
      .raw(true)
      .all(compiled.parameters as unknown[]) as R[];
  }
  const r = await db.executeQuery(compiled);
  return r.rows.map((row) => Object.values(row as object)) as unknown as R[];
}

/**
 * Whether selectRows reads away from the calling thread (PostgreSQL's server; SQLite's reader threads on the API
 * server): a reader of many pages may then ask for the next page while it maps this one, and the two overlap. On a
 * synchronous SQLite connection (the CLI, the job thread) the read would run at once and only hold two pages.
 */
export function selectRowsOffThread(db: Executor): boolean {
  const driver = rawDriverOf(db);
  return driver?.kind === 'postgres' || (driver?.kind === 'sqlite' && driver.readArrays !== undefined);
}

/** The helpers below check columns in their signatures; the builders they extend are untyped. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Untyped = any;

/** What a conditional update matches on: a column's value (`null`: is null), or a list it must be in. */
export type RowMatch<R> = { [C in keyof R]?: R[C] | readonly R[C][] };

/**
 * Changes the row matching every condition of `match` (its id with the state the caller read, e.g.
 * `{ id, status: from }`) and reports whether exactly one row changed: a concurrent change that got there first
 * makes the condition false, so the caller loses (a 409, or a claim another run already made). On PostgreSQL
 * the second writer waits for the row lock, then finds the condition false.
 */
export async function updateIf<DB, TB extends keyof DB & string>(
  db: Kysely<DB>,
  table: TB,
  match: RowMatch<Selectable<DB[TB]>>,
  patch: Updateable<DB[TB]>,
): Promise<boolean> {
  let q = (db as unknown as Kysely<Untyped>).updateTable(table as string).set(patch as Untyped);
  for (const [column, value] of Object.entries(match)) {
    if (value === undefined) throw new Error(`updateIf(${table}): condition on ${column} is undefined`);
    if (value === null) q = q.where(column, 'is', null);
    else q = Array.isArray(value) ? q.where(column, 'in', value) : q.where(column, '=', value);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Walks what `query` selects (from one table with an `id` column) in id order, a page at a time, so that memory
 * stays flat at any size: yields each page until one comes back short. For the facts modules publish to the
 * indicator engine.
 */
export async function* pagesById<O extends { id: string }>(
  query: SelectQueryBuilder<Untyped, Untyped, O>,
  pageSize: number,
): AsyncGenerator<O[]> {
  let after = '';
  for (;;) {
    const rows = await query.where('id', '>', after).orderBy('id').limit(pageSize).execute();
    const last = rows.at(-1);
    if (!last) return;
    yield rows;
    if (rows.length < pageSize) return;
    after = last.id;
  }
}

/** A bounded count: the number found (at most the cap) and whether there are more ("100+"). */
export interface Bounded {
  count: number;
  capped: boolean;
}

/**
 * Runs `query` for at most `cap + 1` rows, so that a count never walks more than `cap` matches whatever the
 * table's size: the count bounded at `cap`, and the first `limit` rows as items.
 */
export async function selectBounded<O, I>(
  query: SelectQueryBuilder<Untyped, Untyped, O>,
  cap: number,
  limit: number,
  item: (row: O) => I,
): Promise<Bounded & { items: I[] }> {
  const rows = await query.limit(cap + 1).execute();
  return {
    count: Math.min(rows.length, cap),
    capped: rows.length > cap,
    items: rows.slice(0, limit).map((row) => item(row)),
  };
}

/**
 * How many rows `matching()` finds and the first of them as `first` selects, orders and limits them (two queries,
 * side by side), each row turned into an item: a section of the home page with its full count.
 */
export async function countWithFirst<Q extends SelectQueryBuilder<Untyped, Untyped, Untyped>, O, I>(
  matching: () => Q,
  first: (q: Q) => SelectQueryBuilder<Untyped, Untyped, O>,
  item: (row: O) => I,
): Promise<{ count: number; items: I[] }> {
  const [count, rows] = await Promise.all([
    matching()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    first(matching()).execute(),
  ]);
  return { count: Number(count?.n ?? 0), items: rows.map((row) => item(row)) };
}
