import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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

let pgTypesSet = false;
function setPgTypeParsers(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  // Instants travel as ISO-8601 strings on both dialects.
  pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
  pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString());
  pg.types.setTypeParser(1082, (v) => v);
  pg.types.setTypeParser(20, (v) => Number(v));
}

/** The driver under a Kysely instance, for the few readers that stream many rows without Kysely's row objects. */
export type RawDriver = { kind: 'sqlite'; sqlite: Sqlite.Database } | { kind: 'postgres'; pool: pg.Pool };
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
}

/** Opens the configured database: SQLite file (WAL, synchronous=FULL) or a PostgreSQL pool. */
export function openDatabase(database: Config['database'], options: { poolSize?: number } = {}): Database {
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
    const raw = new Sqlite(database.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    const db = new Kysely({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(raw) }) });
    rawDrivers.set(db, { kind: 'sqlite', sqlite: raw });
    return { db, adapter: sqliteAdapter, close: () => db.destroy() };
  }
  setPgTypeParsers();
  const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10 });
  let ending = false;
  // An idle connection the server ends (restart, failover, a dropped database) must not bring the process
  // down: the pool forgets it and opens a new one on the next query. Only the error code is reported.
  pool.on('error', (error: Error & { code?: string }) => {
    if (ending) return;
    process.emitWarning(`PostgreSQL closed an idle connection (${error.code ?? 'no code'})`, 'PulihDatabase');
  });
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  rawDrivers.set(db, { kind: 'postgres', pool });
  return {
    db,
    adapter: postgresAdapter,
    close: () => {
      ending = true;
      return db.destroy();
    },
  };
}

export type { Sql };
