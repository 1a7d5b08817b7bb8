import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import Sqlite from 'better-sqlite3';
import {
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  type RawBuilder,
  type Sql,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { restIfDue } from '../slices.js';
import { ThreadedSqliteDialect } from './sqlite-threads.js';

/**
 * The one place where SQLite and PostgreSQL differ. Modules and migrations ask this
 * adapter for column types, JSON handling, locking and case-insensitive matching.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface DialectAdapter {
  readonly name: DialectName;
  /** Column type for a UTC instant. PostgreSQL: timestamptz; SQLite: ISO-8601 text (sorts correctly). */
  readonly timestampType: 'timestamptz' | 'text';
  /** Column type for a calendar date (no time); both read back as 'YYYY-MM-DD'. */
  readonly dateType: 'date' | 'text';
  /** Column type for binary data (encrypted attachments). */
  readonly blobType: 'bytea' | 'blob';
  /** Column type for JSON documents. */
  readonly jsonType: 'jsonb' | 'text';
  /** Column type for a 64-bit integer key. */
  readonly bigintType: 'bigint' | 'integer';
  /** Serialises a value for a JSON column. */
  toJson(value: unknown): string;
  /** Reads a JSON column (PostgreSQL returns parsed values, SQLite strings). */
  fromJson<T>(value: unknown): T;
  /** `column ILIKE pattern` on PostgreSQL; SQLite's LIKE is already case-insensitive for ASCII. */
  ilike(column: string, pattern: string): RawBuilder<boolean>;
  /** Suffix that takes a row lock in a SELECT (PostgreSQL); SQLite write transactions are already exclusive. */
  readonly forUpdate: RawBuilder<unknown>;
  /**
   * An index expression that answers `column LIKE 'prefix%'` in any collation: PostgreSQL text_pattern_ops;
   * SQLite's LIKE (case-insensitive) uses an index only under NOCASE.
   */
  prefixIndex(column: string): RawBuilder<unknown>;
  /** SQL that disables the triggers of a table (used by tamper tests and key rotation never). */
  disableTriggersSql(table: string): string[];
  /**
   * SQL that refreshes the planner's statistics of tables a bulk job has just rewritten. PostgreSQL: `ANALYZE`
   * (autovacuum would come minutes later; until then a freshly written generation has no statistics and is
   * planned as empty). SQLite: nothing — it keeps no statistics unless someone ran ANALYZE, and its plans for
   * these tables are right without them (docs/indicators.md, "Statistics").
   */
  analyzeSql(tables: readonly string[]): string[];
  /**
   * Awaited by long readers between two pages. SQLite's driver is synchronous: without a turn of the event
   * loop (setImmediate) an export or a verification would hold every other request until it ends.
   * PostgreSQL's queries are asynchronous already. On a thread that rests after work (the work thread,
   * platform/slices.ts restAfterWork) both dialects pause here instead.
   */
  betweenPages(): Promise<void>;
  /**
   * Whether `column IN (subquery)` is driven from the subquery only when the column is the outer table's own key.
   * SQLite otherwise walks the outer index and probes the subquery's rows (a name search: 50 → 176 ms at 100,000
   * cases), so callers route the ids through the key (`id in (select id … where column in (…))`); PostgreSQL drives
   * from the subquery either way, and the extra hop costs it a second index probe per row (issue 8: 42 → 16 ms).
   */
  inSubqueryDrivesOnKeyOnly: boolean;
  /**
   * Whether one statement may change a row and insert others only if the change happened: a data-modifying WITH
   * whose RETURNING gates the INSERT (`with head as (update … where <unchanged> returning 1) insert … where exists
   * (select 1 from head)`). PostgreSQL: yes, and every statement is a network round trip on a shared pool, so the
   * audit append swaps its chain head and inserts its events in one (issue 8). SQLite: no such WITH, and its
   * writers are serialised anyway (statements are calls in the process).
   */
  readonly writableCte: boolean;
}

const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  timestampType: 'text',
  dateType: 'text',
  blobType: 'blob',
  jsonType: 'text',
  bigintType: 'integer',
  toJson: (v) => JSON.stringify(v),
  fromJson: <T>(v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T)),
  ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} like ${pattern}`,
  forUpdate: sql``,
  prefixIndex: (column) => sql`${sql.ref(column)} collate nocase`,
  disableTriggersSql: (table) => [
    `drop trigger if exists ${table}_no_update`,
    `drop trigger if exists ${table}_no_delete`,
  ],
  analyzeSql: () => [],
  betweenPages: async () => {
    if (!(await restIfDue())) await new Promise<void>((resolve) => setImmediate(resolve));
  },
  inSubqueryDrivesOnKeyOnly: true,
  writableCte: false,
};

const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  timestampType: 'timestamptz',
  dateType: 'date',
  blobType: 'bytea',
  jsonType: 'jsonb',
  bigintType: 'bigint',
  toJson: (v) => JSON.stringify(v),
  fromJson: <T>(v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T)),
  ilike: (column, pattern) => sql<boolean>`${sql.ref(column)} ilike ${pattern}`,
  forUpdate: sql` for update`,
  prefixIndex: (column) => sql`${sql.ref(column)} text_pattern_ops`,
  disableTriggersSql: (table) => [`alter table ${table} disable trigger user`],
  analyzeSql: (tables) => (tables.length === 0 ? [] : [`analyze ${tables.join(', ')}`]),
  betweenPages: async () => {
    await restIfDue();
  },
  inSubqueryDrivesOnKeyOnly: false,
  writableCte: true,
};

/** Kysely's SQLite driver begins deferred transactions; writers must take the lock up front
 * so that two processes never read the same audit chain head. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery({ sql: 'begin immediate', parameters: [], query: { kind: 'RawNode' } } as never);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Kysely re-prepares every statement on SQLite; caching prepared statements is +20 % on hot reads. */
function withStatementCache(db: Sqlite.Database, max = 1000): Sqlite.Database {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Sqlite.Statement>();
  db.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt;
  }) as typeof db.prepare;
  return db;
}

/**
 * A timestamptz as PostgreSQL prints it (DateStyle ISO) to the ISO-8601 instant `Date#toISOString` gives. The usual
 * form, in UTC (`2024-05-06 07:08:09.123456+00`), is cut and pasted: the export reads one per record, and building
 * a Date for it cost a fifth of reading the row (issue 14). Any other form (another time zone, a year before 1000
 * or after 9999, BC, infinity) goes through Date as before; `Date` truncates to the millisecond, and so does this.
 */
export function pgInstantToIso(v: string): string {
  const n = v.length;
  if (
    (n === 22 || (n >= 24 && n <= 29 && v.charCodeAt(19) === 46)) &&
    v.charCodeAt(4) === 45 &&
    v.charCodeAt(10) === 32 &&
    v.charCodeAt(0) !== 48 &&
    v.charCodeAt(n - 3) === 43 &&
    v.charCodeAt(n - 2) === 48 &&
    v.charCodeAt(n - 1) === 48
  ) {
    const ms = n === 22 ? '000' : `${v.slice(20, n - 3)}00`.slice(0, 3);
    return `${v.slice(0, 10)}T${v.slice(11, 19)}.${ms}Z`;
  }
  return new Date(v).toISOString();
}

let pgTypesSet = false;
function setPgTypeParsers(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  // Instants travel as ISO-8601 strings on both dialects.
  pg.types.setTypeParser(1184, pgInstantToIso);
  pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString());
  pg.types.setTypeParser(1082, (v) => v);
  pg.types.setTypeParser(20, (v) => Number(v));
}

/** The driver under a Kysely instance, for the few readers that stream many rows without Kysely's row objects. */
export type RawDriver =
  | {
      kind: 'sqlite';
      sqlite: Sqlite.Database;
      /**
       * The API server (reader threads): a read on a reader thread, rows as arrays, off the event loop, on that
       * thread's bulk-read connection with a small page cache (sqlite-threads.ts, BULK_CACHE_KIB). Absent for
       * the CLI, the job thread and tests that open no reader threads, where `sqlite` is the only connection.
       */
      readArrays?: (sql: string, params: readonly unknown[]) => Promise<unknown[][]>;
    }
  | { kind: 'postgres'; pool: pg.Pool };
const rawDrivers = new WeakMap<object, RawDriver>();

/** The driver of a root Kysely instance made by openDatabase (undefined for a transaction or anything else). */
export function rawDriverOf(db: object): RawDriver | undefined {
  return rawDrivers.get(db);
}

export interface Database {
  // biome-ignore lint/suspicious/noExplicitAny: each module narrows the schema with tables<T>()
  readonly db: Kysely<any>;
  readonly adapter: DialectAdapter;
  close(): Promise<void>;
  /**
   * The most queries that waited at once since the last call: for a PostgreSQL connection of the pool, on SQLite
   * with reader threads for a reader (0 otherwise). The server's /metrics reports it (pulih_db_waiting_peak).
   */
  waitingPeak(): number;
  /**
   * How long writes waited for another connection's write lock since the last call, in ms: on SQLite with reader
   * threads, the API's writer meeting the job or work thread's writes (0 otherwise: PostgreSQL has no database-wide
   * write lock). The server's /metrics reports it (pulih_db_lock_wait_seconds).
   */
  lockWaitMs(): number;
}

/** SQLite's page cache per connection (KiB). */
const SQLITE_CACHE_KIB = 65_536;

export interface OpenOptions {
  /** PostgreSQL: connections in the pool (10). */
  poolSize?: number;
  /**
   * SQLite: reader threads for the API server (sqlite-threads.ts): reads outside transactions run on them, commits
   * are flushed off the event loop. 0 (the default: the CLI, the job thread, tests that do not ask) keeps every
   * query on the calling thread with `synchronous = FULL`. Ignored for `:memory:`.
   */
  sqliteReaders?: number;
}

/**
 * PostgreSQL session settings of the application's connections. A request's queries are short and stop at a page:
 * with the default parallel_setup_cost (1000) the planner sent the case list's name search for a common name
 * ("Siti", a supervisor of 430,000 cases) to two parallel workers, whose start cost 10–15 ms on a loaded machine
 * for a query that takes 1.7 ms alone (issue 8, EXPLAIN ANALYZE on 1,000,000 cases). Ten times the default keeps
 * parallel plans for scans that save that much (reports over millions of rows), not for a page.
 */
export const PG_SESSION_SETTINGS = 'set parallel_setup_cost = 10000';

/** Opens the configured database: SQLite file (WAL, synchronous=FULL) or a PostgreSQL pool. */
export function openDatabase(database: Config['database'], options: OpenOptions = {}): Database {
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:') {
      mkdirSync(dirname(database.file), { recursive: true, mode: 0o700 });
      // Created readable by the service account only (the file holds ciphertext, but also every pseudonym,
      // date and audit trail); SQLite's -wal and -shm files are created with the database file's mode.
      closeSync(openSync(database.file, 'a', 0o600));
      chmodSync(database.file, 0o600);
    }
    const raw = new Sqlite(database.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // A 64 MiB page cache (the default is 16 MB): at 1,000,000 cases a name search's page of cases scattered
    // over the years, and their persons, read from SQLite's cache rather than through the OS (issue 8: 12 → 8 ms
    // per search in process). The cache fills only as pages are read.
    raw.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    const readers = database.file === ':memory:' ? 0 : (options.sqliteReaders ?? 0);
    const dialect =
      readers > 0
        ? new ThreadedSqliteDialect(withStatementCache(raw), {
            file: database.file,
            readers,
            cacheKiB: SQLITE_CACHE_KIB,
          })
        : new ImmediateSqliteDialect({ database: withStatementCache(raw) });
    const db = new Kysely({ dialect });
    rawDrivers.set(db, {
      kind: 'sqlite',
      sqlite: raw,
      ...(dialect instanceof ThreadedSqliteDialect
        ? { readArrays: (text: string, params: readonly unknown[]) => dialect.readArrays(text, params) }
        : {}),
    });
    const threaded = dialect instanceof ThreadedSqliteDialect ? dialect : undefined;
    return {
      db,
      adapter: sqliteAdapter,
      close: () => db.destroy(),
      waitingPeak: () => threaded?.waitingPeak() ?? 0,
      lockWaitMs: () => threaded?.lockWaitMs() ?? 0,
    };
  }
  setPgTypeParsers();
  const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10 });
  // Each connection's session settings, sent once when it opens (queued before its first query).
  pool.on('connect', (client) => {
    client.query(PG_SESSION_SETTINGS).catch(() => {});
  });
  let ending = false;
  // An idle connection the server ends (restart, failover, a dropped database) must not bring the process
  // down: the pool forgets it and opens a new one on the next query. Only the error code is reported.
  pool.on('error', (error: Error & { code?: string }) => {
    if (ending) return;
    process.emitWarning(`PostgreSQL closed an idle connection (${error.code ?? 'no code'})`, 'PulihDatabase');
  });
  // Queries waiting for a connection: the pool queues a connect() when all its connections are taken.
  let peak = 0;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.connect = ((...args: unknown[]) => {
    const client = connect(...args);
    peak = Math.max(peak, pool.waitingCount);
    return client;
  }) as typeof pool.connect;
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  rawDrivers.set(db, { kind: 'postgres', pool });
  return {
    db,
    adapter: postgresAdapter,
    waitingPeak: () => {
      const value = peak;
      peak = pool.waitingCount;
      return value;
    },
    lockWaitMs: () => 0,
    close: () => {
      ending = true;
      return db.destroy();
    },
  };
}

export type { Sql };

/* ---------- backups: the whole database as a stream of bytes, and its load into an empty one ---------- */

/** How a snapshot's bytes are laid out: a gzipped SQLite file, or pg_dump's custom format (compressed). */
export type SnapshotPayload = 'sqlite-gzip' | 'pg_dump-custom';

/** Progress of taking or loading a snapshot: SQLite copies pages, pg_dump and loading count bytes. */
export type SnapshotProgress = (done: number, total: number | undefined, unit: 'pages' | 'bytes') => void;

export const snapshotPayloadOf = (database: Config['database']): SnapshotPayload =>
  database.kind === 'sqlite' ? 'sqlite-gzip' : 'pg_dump-custom';

/**
 * libpq's environment for the PostgreSQL client tools, so no password appears on a command line (ps).
 * The database name is returned separately: pg_restore takes it with -d.
 */
function libpqEnv(url: string): { env: NodeJS.ProcessEnv; dbname: string } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: '10' };
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname);
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  const dbname = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  env.PGDATABASE = dbname;
  return { env, dbname };
}

/** Runs a PostgreSQL client tool; a missing tool is named with what to install. */
function spawnPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(tool, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  return child;
}

function toolFinished(child: ChildProcess, tool: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `${tool} was not found: install the PostgreSQL client tools of the server's major version (Debian: postgresql-client)`
            : `${tool} could not start: ${error.message}`,
        ),
      ),
    );
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`)),
    );
  });
}

/**
 * A consistent copy of the whole database, taken while it is in use, as a stream of bytes.
 * SQLite: the online backup API into a private temporary file (mode 0600 in a 0700 directory, removed
 * afterwards), then gzipped. Steps of 1,024 pages let writers go on; when other connections' writes keep
 * restarting the copy, the rest is copied in one step (one read transaction: WAL readers do not block writers).
 * PostgreSQL: pg_dump (custom format, one repeatable-read snapshot; writers go on).
 */
export async function* snapshotDatabase(
  database: Config['database'],
  onProgress?: SnapshotProgress,
): AsyncGenerator<Buffer> {
  if (database.kind === 'sqlite') {
    if (!existsSync(database.file)) throw new Error(`no SQLite database at ${database.file}`);
    const dir = mkdtempSync(join(tmpdir(), 'pulih-backup-'));
    const copy = join(dir, 'snapshot.db');
    try {
      const source = new Sqlite(database.file, { fileMustExist: true });
      try {
        source.pragma('busy_timeout = 5000');
        let lowest = Number.POSITIVE_INFINITY;
        let restarts = 0;
        const { totalPages } = await source.backup(copy, {
          progress: ({ totalPages, remainingPages }) => {
            onProgress?.(totalPages - remainingPages, totalPages, 'pages');
            if (remainingPages > lowest) restarts++;
            lowest = Math.min(lowest, remainingPages);
            return restarts >= 3 ? 0x7fffffff : 1024;
          },
        });
        onProgress?.(totalPages, totalPages, 'pages');
      } finally {
        source.close();
      }
      chmodSync(copy, 0o600);
      const check = new Sqlite(copy, { readonly: true });
      try {
        const result = check.pragma('quick_check', { simple: true });
        if (result !== 'ok') throw new Error(`the SQLite copy failed its check: ${String(result)}`);
      } finally {
        check.close();
      }
      const gzip = createGzip({ level: 6 });
      const input = createReadStream(copy);
      input.pipe(gzip);
      input.once('error', (e) => gzip.destroy(e));
      for await (const chunk of gzip) yield chunk as Buffer;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const { env } = libpqEnv(database.url);
  const child = spawnPgTool('pg_dump', ['--format=custom', '--compress=6', '--no-owner', '--no-privileges'], env);
  const finished = toolFinished(child, 'pg_dump');
  finished.catch(() => undefined); // awaited below; a failure must not surface as unhandled first
  child.stdin?.end();
  let bytes = 0;
  try {
    for await (const chunk of child.stdout!) {
      bytes += (chunk as Buffer).length;
      onProgress?.(bytes, undefined, 'bytes');
      yield chunk as Buffer;
    }
  } catch (error) {
    child.kill();
    throw error;
  }
  await finished;
}

/** True when the configured database holds no tables (SQLite: no file, an empty file or no schema). */
export async function databaseIsEmpty(database: Config['database']): Promise<boolean> {
  if (database.kind === 'sqlite') {
    if (!existsSync(database.file) || statSync(database.file).size === 0) return true;
    const db = new Sqlite(database.file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare("select count(*) as n from sqlite_master where type in ('table', 'view')").get() as {
        n: number;
      };
      return row.n === 0;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v', 'm', 'S')
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`,
    );
    return Number(r.rows[0]?.n ?? 0) === 0;
  } finally {
    await client.end();
  }
}

/**
 * Loads a snapshot into the configured database, which must be empty (the caller checks). SQLite: the file is
 * written beside the target, checked (integrity_check) and only then renamed into place, so a failed restore
 * leaves nothing half-written. PostgreSQL: pg_restore in one transaction, stopping at the first error.
 */
export async function loadSnapshot(
  database: Config['database'],
  payload: AsyncIterable<Buffer>,
  onProgress?: SnapshotProgress,
): Promise<void> {
  let bytes = 0;
  const counted = async function* () {
    for await (const chunk of payload) {
      bytes += chunk.length;
      onProgress?.(bytes, undefined, 'bytes');
      yield chunk;
    }
  };
  if (database.kind === 'sqlite') {
    const target = database.file;
    mkdirSync(dirname(target), { recursive: true });
    const partial = `${target}.restoring`;
    try {
      await pipeline(Readable.from(counted()), createGunzip(), createWriteStream(partial, { mode: 0o600 }));
      const check = new Sqlite(partial, { fileMustExist: true });
      try {
        const result = check.pragma('integrity_check', { simple: true });
        if (result !== 'ok')
          throw new Error(`the restored SQLite database failed its integrity check: ${String(result)}`);
      } finally {
        check.close();
      }
      for (const leftover of [target, `${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
      renameSync(partial, target);
    } finally {
      rmSync(partial, { force: true });
    }
    return;
  }
  const { env, dbname } = libpqEnv(database.url);
  const child = spawnPgTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`],
    env,
  );
  const finished = toolFinished(child, 'pg_restore');
  finished.catch(() => undefined);
  try {
    await pipeline(Readable.from(counted()), child.stdin!);
  } catch (error) {
    child.kill();
    await finished.catch(() => undefined);
    throw error;
  }
  await finished;
}
