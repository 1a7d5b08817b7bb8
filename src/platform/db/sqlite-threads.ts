import { close as closeFd, fsync, open } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type Sqlite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SqliteDialect } from 'kysely';
import { type Reply, ThreadPool, ThreadSqliteError, withBuffers } from './sqlite-thread-pool.js';

/*
 * SQLite for the API server without holding its event loop (issue 8: "no request stalls the others").
 *
 * better-sqlite3 is synchronous: a query runs on the thread that asks, so on the API's event loop every request
 * waited behind whatever query or commit ran before it. Three things held the loop, and this driver takes each
 * off it (docs/architecture.md, "No request stalls the others"):
 *   - reads: a statement outside a transaction that only reads (a SELECT or WITH … SELECT) goes to a small pool
 *     of reader threads, each with its own connection (`query_only`); WAL lets readers read beside the writer,
 *     each statement seeing the last commit. The main thread keeps one connection, the writer: transactions
 *     (all of them `begin immediate`), every statement inside one, and every write, serialised by one lock
 *     as before;
 *   - the commit's fsync: the writer commits with `synchronous = NORMAL` (the WAL written, not yet flushed),
 *     then flushes the WAL file with fsync on libuv's thread pool and answers only after it: an acknowledged
 *     write is on disk as with `synchronous = FULL`, but the loop serves other requests meanwhile, and commits
 *     that meet in one flush share it (group commit). The write lock is released before the flush, so the next
 *     writer does not wait for the disk. (A reader may see a commit a few milliseconds before it is durable; no
 *     answer about the write itself is given before.)
 *   - checkpoints: the writer never checkpoints (`wal_autocheckpoint = 0`); a checkpoint thread runs a PASSIVE
 *     checkpoint once a second when something was committed (it syncs the WAL before and the database after).
 * A read whose statement has proved short (a lookup by key: at least 3 runs, at most 1 in 20 over 1 ms, whichever
 * thread ran it) runs on the main thread itself while no transaction holds the writer: a trip to a thread costs
 * more than such a statement (about 30–50 µs of CPU and a wake-up), and a case file is twenty of them. Anything
 * that ever runs long more often than that (a list page, a name search, the duplicate check's postings) stays on
 * the readers. A read that has proved long (at least 1 run in 4 over 10 ms: a name search, the duplicate check's
 * postings) may hold all reader threads but one: the last one is kept for the other reads, so a list page or a
 * referral inbox never queues behind a burst of name searches (the soak's ratio budget). And a writer that finds the database locked by another connection (the job thread, the CLI) waits with timers,
 * never in SQLite's busy handler, which sleeps on the thread.
 */

/** How long a writer waits for another connection's write lock before SQLITE_BUSY reaches the caller. */
const BUSY_MS = 5000;
const CHECKPOINT_EVERY_MS = 1000;

export interface ThreadedSqliteOptions {
  /** The database file (never `:memory:`: other connections would not see it). */
  file: string;
  /** Reader threads (≥ 1). */
  readers: number;
  /** Page cache of each reader, in KiB. */
  cacheKiB: number;
  /** Page cache of each reader's bulk-read connection, in KiB (BULK_CACHE_KIB). */
  bulkCacheKiB?: number;
}

/**
 * The page cache of the bulk readers' connections (KiB), eleventh session. A bulk read (`readArrays`: selectRows,
 * that is the HTCDS export's pages and their consents; the audit verify's pages when it runs without verify
 * threads) walks tables far larger than any cache, each page once, so a cache holds little it will read again.
 * On a reader's own connection it filled the request path's 64 MiB cache (the export's peak RSS at 1,000,000
 * cases was 306 MB against 300, DESIGN §6) and pushed out the pages that requests reuse. So each reader thread
 * opens a second connection for bulk reads on its first one, with a cache for the B-trees' upper levels and not
 * much more. Why this design:
 *   - no thread of its own (a reader thread costs about 12 MB of RSS) and no change to the pool's scheduling: a
 *     bulk read takes the first idle reader as before (a long one never the last), so it does not queue behind
 *     one dedicated thread, and the export's pages stay off the event loop;
 *   - not `PRAGMA cache_size` lowered around a bulk statement on the reader's connection: SQLite drops the pages
 *     above the new size at once (the requests' warm pages with them: the flush this avoids), and glibc gave back
 *     only about half of them (better-sqlite3, a 64 MiB cache filled then set to 2 MiB: RSS 116 → 81 MB).
 * The cost: a connection (its schema) and at most this cache on each reader thread that ran a bulk read. Each
 * connection keeps its own prepared statements, so the request path's are untouched.
 */
export const BULK_CACHE_KIB = 2048;

const openAsync = promisify(open);
const fsyncAsync = promisify(fsync);

/**
 * Group commit: a commit notes a mark; `durable(mark)` resolves once an fsync of the WAL file that started after
 * the mark has ended. A commit joins such an fsync in flight, or starts its own at once (at most two in flight,
 * so a commit does not wait for the rest of an fsync that began before it, nor fill libuv's thread pool).
 */
class WalFlusher {
  readonly #path: string;
  #fd: Promise<number> | null = null;
  #written = 0;
  readonly #inFlight = new Set<{ upTo: number; done: Promise<void> }>();

  constructor(walPath: string) {
    this.#path = walPath;
  }

  mark(): number {
    return ++this.#written;
  }

  async durable(mark: number): Promise<void> {
    for (;;) {
      const covering = [...this.#inFlight].find((f) => f.upTo >= mark);
      if (covering) return covering.done;
      if (this.#inFlight.size < 2) return this.#flush();
      await Promise.race([...this.#inFlight].map((f) => f.done.catch(() => undefined)));
    }
  }

  #flush(): Promise<void> {
    const flight = {
      upTo: this.#written,
      done: (async () => {
        this.#fd ??= openAsync(this.#path, 'r');
        const fd = this.#fd;
        try {
          await fsyncAsync(await fd);
        } catch (error) {
          // Opened again for the next flush (a failed open, or a descriptor the disk failed on).
          if (this.#fd === fd) this.#fd = null;
          throw error;
        }
      })(),
    };
    this.#inFlight.add(flight);
    const forget = () => void this.#inFlight.delete(flight);
    flight.done.then(forget, forget);
    return flight.done;
  }

  close(): void {
    // The connection's own close checkpoints and syncs; the descriptor only has to go.
    void this.#fd?.then(
      (fd) => closeFd(fd, () => undefined),
      () => undefined,
    );
    this.#fd = null;
  }
}

/** One holder at a time (the writer connection: a transaction, or one statement outside any). */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Time writers spent waiting for another connection's write lock (ms), for the server's metrics. */
class LockWaits {
  #ms = 0;
  add(ms: number): void {
    this.#ms += ms;
  }
  /** The time waited since the previous call. */
  take(): number {
    const ms = this.#ms;
    this.#ms = 0;
    return ms;
  }
}

/** Runs a statement that needs the write lock; SQLITE_BUSY (another connection writes) is retried on timers. */
async function whenNotBusy<T>(fn: () => T, waits: LockWaits): Promise<T> {
  const deadline = Date.now() + BUSY_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return fn();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
    }
    // Only the time between tries counts as waiting, not the statement's own.
    const since = performance.now();
    await sleep(wait);
    waits.add(performance.now() - since);
  }
}

const SLOW_MS = 1;
const LONG_MS = 10;

/**
 * How long each statement has taken (by its SQL text): the short ones may run on the main thread, the long ones
 * may not take the last idle reader thread.
 */
class StatementCosts {
  readonly #stats = new Map<string, { runs: number; slow: number; long: number }>();

  short(sql: string): boolean {
    const s = this.#stats.get(sql);
    return s !== undefined && s.runs >= 3 && s.slow * 20 <= s.runs;
  }

  long(sql: string): boolean {
    const s = this.#stats.get(sql);
    return s !== undefined && s.long > 0 && s.long * 4 >= s.runs;
  }

  note(sql: string, ms: number): void {
    let s = this.#stats.get(sql);
    if (!s) {
      if (this.#stats.size >= 2000) this.#stats.delete(this.#stats.keys().next().value as string);
      s = { runs: 0, slow: 0, long: 0 };
      this.#stats.set(sql, s);
    }
    s.runs++;
    if (ms > SLOW_MS) s.slow++;
    if (ms > LONG_MS) s.long++;
    // Recent runs weigh more: a statement that turns slow (a table that grew) leaves the main thread.
    if (s.runs >= 1000) {
      s.runs /= 2;
      s.slow /= 2;
      s.long /= 2;
    }
  }
}

/** Only these go to a reader thread; the thread checks again (`readonly`) and sends anything else back. */
const READ_SQL = /^\s*(\(\s*)*(select|with)\b/i;

function runOn(db: Sqlite.Database, query: CompiledQuery): QueryResult<unknown> {
  const stmt = db.prepare(query.sql);
  const params = query.parameters as unknown[];
  if (stmt.reader) return { rows: stmt.all(params) };
  const { changes, lastInsertRowid } = stmt.run(params);
  return {
    numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
    insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
    rows: [],
  };
}

/**
 * A connection as Kysely sees it: one per query, or one per transaction (or `db.connection()`). Outside a
 * transaction its reads go to the reader threads, anything else to the writer under the lock; once it has written
 * outside a transaction (a temporary table) it reads on the writer too, where that table lives.
 */
class ThreadedConnection implements DatabaseConnection {
  release: (() => void) | null = null;
  inTransaction = false;
  usesWriter = false;
  constructor(readonly driver: ThreadedSqliteDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const d = this.driver;
    if (this.inTransaction) return runOn(d.writer, query) as QueryResult<R>;
    if (!this.usesWriter && READ_SQL.test(query.sql)) {
      // A proved-short read while nobody holds the writer (it would see another request's open transaction).
      if (!d.writerHeld && d.costs.short(query.sql)) {
        const started = performance.now();
        try {
          const result = runOn(d.writer, query) as QueryResult<R>;
          d.costs.note(query.sql, performance.now() - started);
          return result;
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        }
      }
      const reply = await d.readers.run({ sql: query.sql, params: query.parameters }, d.costs.long(query.sql));
      if (reply.error) throw new ThreadSqliteError(reply.error.message, reply.error.code);
      if (reply.rows) {
        d.costs.note(query.sql, reply.ms ?? SLOW_MS * 2);
        return { rows: withBuffers(reply.rows) as R[] };
      }
    }
    // A statement outside a transaction on the writer: wait for the lock, so it never lands inside another
    // request's open transaction; a write is answered once durable.
    this.usesWriter = true;
    const release = await d.takeWriter();
    let result: QueryResult<unknown>;
    let mark = 0;
    try {
      result = await whenNotBusy(() => runOn(d.writer, query), d.lockWaits);
      if (!d.writer.inTransaction && !READ_SQL.test(query.sql)) mark = d.committed();
    } finally {
      release();
    }
    if (mark) await d.flusher.durable(mark);
    return result as QueryResult<R>;
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered, as with Kysely's own SQLite driver outside selects
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite; read in keyset pages');
  }
}

export class ThreadedSqliteDriver implements Driver {
  readonly writer: Sqlite.Database;
  readonly readers: ThreadPool;
  readonly checkpointer: ThreadPool;
  readonly flusher: WalFlusher;
  readonly lock = new Mutex();
  readonly costs = new StatementCosts();
  readonly lockWaits = new LockWaits();
  /** A transaction or a statement holds the writer connection (between its awaits too). */
  writerHeld = false;
  #dirty = false;
  #checkpointing = false;
  #timer: NodeJS.Timeout;

  constructor(writer: Sqlite.Database, options: ThreadedSqliteOptions) {
    this.writer = writer;
    writer.pragma('synchronous = NORMAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma('busy_timeout = 0');
    const data = {
      file: options.file,
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      cacheKiB: options.cacheKiB,
    };
    this.readers = new ThreadPool(options.readers, {
      ...data,
      role: 'reader',
      bulkCacheKiB: options.bulkCacheKiB ?? BULK_CACHE_KIB,
    });
    this.checkpointer = new ThreadPool(1, { ...data, role: 'checkpointer', cacheKiB: 2048 });
    this.flusher = new WalFlusher(`${options.file}-wal`);
    this.#timer = setInterval(() => void this.#checkpoint(), CHECKPOINT_EVERY_MS);
    this.#timer.unref();
  }

  async #checkpoint(): Promise<void> {
    if (!this.#dirty || this.#checkpointing) return;
    this.#dirty = false;
    this.#checkpointing = true;
    try {
      if ((await this.checkpointer.run({ checkpoint: true })).error) this.#dirty = true;
    } catch {
      this.#dirty = true; // tried again at the next tick
    } finally {
      this.#checkpointing = false;
    }
  }

  async init(): Promise<void> {}

  /**
   * A read on a reader thread, its rows as arrays (platform/db/rows.ts, selectRows): the long readers of many rows
   * (the HTCDS export's pages) ran on the writer connection, that is on the event loop (issue 8, tenth session).
   * It sees the last commit, never a transaction in progress. It runs on the reader's bulk-read connection, with
   * a small page cache (BULK_CACHE_KIB, eleventh session).
   */
  async readArrays(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    const reply = await this.readers.run({ sql, params, raw: true, bulk: true }, this.costs.long(sql));
    if (reply.error) throw new ThreadSqliteError(reply.error.message, reply.error.code);
    if (!reply.rows) throw new Error('readArrays: not a read-only statement');
    this.costs.note(sql, reply.ms ?? SLOW_MS * 2);
    return withBuffers(reply.rows) as unknown[][];
  }

  /** Notes a commit (a transaction's, or a write outside one): its flush mark; the checkpoint thread has work. */
  committed(): number {
    this.#dirty = true;
    return this.flusher.mark();
  }

  /** The writer lock; the release it gives marks the writer free again. */
  async takeWriter(): Promise<() => void> {
    const release = await this.lock.lock();
    this.writerHeld = true;
    return () => {
      this.writerHeld = false;
      release();
    };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ThreadedConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ThreadedConnection;
    const release = await this.takeWriter();
    try {
      await whenNotBusy(() => this.writer.prepare('begin immediate').run(), this.lockWaits);
    } catch (error) {
      release();
      throw error;
    }
    c.release = release;
    c.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ThreadedConnection;
    this.writer.prepare('commit').run();
    const mark = this.committed();
    c.inTransaction = false;
    c.release?.();
    c.release = null;
    await this.flusher.durable(mark);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ThreadedConnection;
    try {
      if (this.writer.inTransaction) this.writer.prepare('rollback').run();
    } finally {
      c.inTransaction = false;
      c.release?.();
      c.release = null;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as ThreadedConnection;
    // A transaction Kysely could not end (an error in commit) must not keep the writer.
    if (c.release) {
      if (this.writer.inTransaction) this.writer.prepare('rollback').run();
      c.release();
      c.release = null;
    }
  }

  async destroy(): Promise<void> {
    clearInterval(this.#timer);
    const release = await this.lock.lock();
    try {
      await Promise.all([this.readers.close(), this.checkpointer.close()]);
      this.flusher.close();
      this.writer.close();
    } finally {
      release();
    }
  }
}

/** Kysely's SQLite dialect (compiler, introspection) over the threaded driver. */
export class ThreadedSqliteDialect extends SqliteDialect {
  readonly #writer: Sqlite.Database;
  readonly #options: ThreadedSqliteOptions;
  #driver: ThreadedSqliteDriver | undefined;
  constructor(writer: Sqlite.Database, options: ThreadedSqliteOptions) {
    super({ database: writer });
    this.#writer = writer;
    this.#options = options;
  }
  override createDriver(): Driver {
    this.#driver = new ThreadedSqliteDriver(this.#writer, this.#options);
    return this.#driver;
  }
  /** A read on a reader thread, rows as arrays (ThreadedSqliteDriver.readArrays). */
  readArrays(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    if (!this.#driver) return Promise.reject(new Error('the database is not open'));
    return this.#driver.readArrays(sql, params);
  }
  /** The most reads that waited for a reader thread at once since the last call. */
  waitingPeak(): number {
    return this.#driver?.readers.waitingPeak() ?? 0;
  }
  /** How long this connection's writes waited for another connection's write lock since the last call (ms). */
  lockWaitMs(): number {
    return this.#driver?.lockWaits.take() ?? 0;
  }
}
