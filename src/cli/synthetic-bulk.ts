import { sql } from 'kysely';
import type { Context } from '../platform/context.js';

/*
 * How `pulih demo --cases N` makes a bulk load cheap without changing what ends up in the database:
 *   - SQLite: a larger page cache while it runs (the name-token key is a keyed hash, so every insert lands on a
 *     random page of a B-tree that outgrows SQLite's default 2 MB cache after a few thousand cases), and
 *     synchronous = NORMAL (a crash loses at most the last batches; the file stays consistent in WAL mode).
 *   - Both databases: a load that at least doubles the tables drops their secondary, non-unique indexes first
 *     and builds them again at the end — one sorted build instead of tens of millions of random inserts.
 *     Primary keys and unique indexes stay, so every constraint is still checked row by row. The indexes are
 *     built again however the load ends (an error, SIGINT or SIGTERM stops it after the current batch).
 */

/** SQLite's page cache during a bulk load (KiB; negative means KiB to SQLite). Counted in the ≤ 500 MB budget. */
const BULK_CACHE_KIB = 96 * 1024;

interface DeferredIndex {
  name: string;
  definition: string;
}

export interface BulkLoadOptions {
  /** The tables the load writes. */
  tables: readonly string[];
  /** Drop and rebuild their secondary indexes (worth it when the load at least doubles them). */
  deferIndexes: boolean;
  /** Told when the indexes are being built again (it takes a while at a million cases). */
  onRebuild?: (indexes: number) => void;
}

export interface BulkLoad {
  /** True once SIGINT or SIGTERM arrived: the loop stops after its current batch. */
  readonly stopping: boolean;
}

export async function withBulkLoad<T>(ctx: Context, options: BulkLoadOptions, fn: (load: BulkLoad) => Promise<T>) {
  const db = ctx.database.db;
  const sqlite = ctx.database.adapter.name === 'sqlite';
  const state = { stopping: false };
  const stop = () => {
    state.stopping = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let previousCache: number | undefined;
  if (sqlite) {
    previousCache = Number(
      (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000,
    );
    await sql.raw(`pragma cache_size = -${BULK_CACHE_KIB}`).execute(db);
    await sql`pragma synchronous = normal`.execute(db);
  }
  const deferred = options.deferIndexes ? await secondaryIndexes(ctx, options.tables) : [];
  try {
    for (const index of deferred) await sql.raw(`drop index ${quote(index.name)}`).execute(db);
    return await fn(state);
  } finally {
    if (deferred.length > 0) options.onRebuild?.(deferred.length);
    for (const index of deferred) await sql.raw(index.definition).execute(db);
    if (sqlite) {
      await sql`pragma synchronous = full`.execute(db);
      await sql.raw(`pragma cache_size = ${previousCache}`).execute(db);
    }
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Non-unique indexes that no constraint owns, with the statement that makes each again. */
async function secondaryIndexes(ctx: Context, tables: readonly string[]): Promise<DeferredIndex[]> {
  const db = ctx.database.db;
  if (ctx.database.adapter.name === 'sqlite') {
    const rows = (
      await sql<{ name: string; sql: string | null }>`
        select name, sql from sqlite_master
        where type = 'index' and tbl_name in (${sql.join(tables)}) and sql is not null`.execute(db)
    ).rows;
    return rows
      .filter((r) => r.sql && !/^\s*create\s+unique/i.test(r.sql))
      .map((r) => ({ name: r.name, definition: r.sql! }));
  }
  const rows = (
    await sql<{ indexname: string; indexdef: string }>`
      select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db)
  ).rows;
  return rows
    .filter((r) => !/^\s*create\s+unique/i.test(r.indexdef))
    .map((r) => ({ name: r.indexname, definition: r.indexdef }));
}
