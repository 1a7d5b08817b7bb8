import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DialectName } from '../src/platform/db/index.js';

/* Fresh databases for the bench: a SQLite file in a temp dir, or a PostgreSQL database created and dropped here. */

export const PG_ADMIN_URL = process.env.PULIH_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDb {
  dialect: DialectName;
  url: string;
  /** Temp dir for the SQLite file, the master key and the (absent) web dir. */
  dir: string;
  sqliteFile?: string;
  drop(): Promise<void>;
}

const live = new Set<FreshDb>();
/** Databases created and not yet dropped (for cleanup on Ctrl-C or a crash). */
export const liveDatabases = (): FreshDb[] => [...live];

export async function freshDatabase(dialect: DialectName, label: string): Promise<FreshDb> {
  const db = await create(dialect, label);
  const drop = db.drop;
  // One drop however many callers (the run's finally and a Ctrl-C cleanup); it stays live until done.
  let dropping: Promise<void> | undefined;
  db.drop = () => {
    dropping ??= drop().finally(() => live.delete(db));
    return dropping;
  };
  live.add(db);
  return db;
}

async function create(dialect: DialectName, label: string): Promise<FreshDb> {
  const dir = mkdtempSync(join(tmpdir(), `pulih-bench-${label}-`));
  if (dialect === 'sqlite') {
    const file = join(dir, 'pulih.db');
    return {
      dialect,
      url: `sqlite:${file}`,
      dir,
      sqliteFile: file,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `pulih_bench_${label.replace(/\W/g, '_')}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await adminQuery(`create database ${name}`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dialect,
    url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    dir,
    drop: async () => {
      try {
        await adminQuery(`drop database if exists ${name} with (force)`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Environment for a Pulih process or in-process config on this database. */
/**
 * The bench's servers ask no authenticator: the demo's case worker and supervisor need TOTP by default
 * (PULIH_TOTP_REQUIRED_ROLES=sysadmin,dpo,identity), and the benches measure the routes behind the login, and the
 * password step of the login itself, not the authenticator step.
 */
export const BENCH_AUTH_ENV = { PULIH_TOTP_REQUIRED_ROLES: 'sysadmin' } as const;

export function pulihEnv(db: FreshDb, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PULIH_DATABASE_URL: db.url,
    PULIH_MASTER_KEY_FILE: join(db.dir, 'master.key'),
    PULIH_LOG_LEVEL: 'warn',
    PULIH_WEB_DIR: join(db.dir, 'no-web'),
    ...extra,
  };
}
