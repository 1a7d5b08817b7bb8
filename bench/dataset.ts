import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { seedDemo } from '../src/cli/demo-seed.js';
import { allPermissions } from '../src/modules/users/index.js';
import { loadConfig } from '../src/platform/config.js';
import { operatorContext, type Services } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { createServices } from '../src/server.js';
import { PG_ADMIN_URL } from './db.js';
import { rssMB } from './proc.js';
import { round } from './stats.js';

/*
 * Shared synthetic case datasets for the benches: made once by `pulih demo`, kept, reused.
 *
 *   const data = await ensureCaseDataset('sqlite', 1_000_000, { log });
 *   const services = await data.open();            // in-process; close with services.database.close()
 *   startNode(..., { env: { ...process.env, ...data.env } })   // or a server on it
 *   await data.extend('legal-proceedings-v1', async (s) => { ... });   // rows a bench adds, once
 *
 * What a dataset is: the demo agencies and users (`serve --demo` without cases), then `pulih demo --cases N`
 * run as its own process under `nice -n 10` (its rate, peak RSS and the database size per case are kept in the
 * manifest as `generator`); PostgreSQL gets VACUUM (ANALYZE) after the load, as autovacuum would.
 *
 * Where: $PULIH_BENCH_DATA_DIR (default $TMPDIR/pulih-bench-data)/<dialect>-<cases>/ holds manifest.json,
 * master.key and, on SQLite, pulih.db; PostgreSQL's database is pulih_bench_<cases>. A dataset is reused while
 * its manifest matches (DATASET_VERSION, cases, the files or database exist); PULIH_BENCH_DATA_FRESH=1 rebuilds.
 *
 * extend(key, add): rows a bench adds to a shared dataset (proceedings, exports…) go in once per dataset;
 * the key is recorded in the manifest when add returns. add must be safe to run again after an interruption
 * (one transaction, or delete its own rows first). Bump the key when what add writes changes.
 * Benches that write as they measure (the soak's intakes, a note) may do so: counts grow a little.
 *
 * One process builds or extends a dataset at a time (a lock file beside it, with the holder's pid); the
 * others wait. Readers do not lock: do not read a dataset while another bench extends it.
 */

/** Bump when `pulih demo` writes different rows (a rebuild of every kept dataset follows). */
export const DATASET_VERSION = 3;

export interface GeneratorFigures {
  cases: number;
  wallSeconds: number;
  casesPerSecond: number;
  peakRssMB: number | null;
  /** CPU time of the generator process (user + system): its cost apart from what else the machine was doing. */
  cpuSeconds?: number | null;
  /** PostgreSQL: VACUUM (ANALYZE) after the load, as autovacuum would. */
  vacuumSeconds: number | null;
  /** The database right after the load: size and bytes per case. */
  databaseMB?: number | null;
  bytesPerCase?: number | null;
}

interface Manifest {
  version: number;
  dialect: DialectName;
  cases: number;
  createdAt: string;
  generator: GeneratorFigures;
  extensions: Record<string, { at: string; seconds: number }>;
}

export interface CaseDataset {
  dialect: DialectName;
  cases: number;
  dir: string;
  url: string;
  /** For a Pulih process (server, CLI) on this dataset: database URL, master key file, log level, web dir. */
  env: Record<string, string>;
  /** False when this call generated it. */
  reused: boolean;
  generator: GeneratorFigures;
  /** In-process services on the dataset; `env` adds settings (e.g. the bench server's limits). */
  open(env?: Record<string, string>): Promise<Services>;
  /** Runs add once for this dataset (recorded under key); true when it ran now. */
  extend(key: string, add: (services: Services) => Promise<void>): Promise<boolean>;
}

export interface DatasetOptions {
  log?: (line: string) => void;
  fresh?: boolean;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = process.env.PULIH_BENCH_DATA_DIR || join(tmpdir(), 'pulih-bench-data');

export const datasetDatabaseName = (cases: number) => `pulih_bench_${cases}`;

export async function ensureCaseDataset(
  dialect: DialectName,
  cases: number,
  options: DatasetOptions = {},
): Promise<CaseDataset> {
  if (!Number.isInteger(cases) || cases < 1) throw new RangeError(`cases must be a whole number ≥ 1 (got ${cases})`);
  const log = options.log ?? (() => {});
  const dir = join(DATA_DIR, `${dialect}-${cases}`);
  const url =
    dialect === 'sqlite'
      ? `sqlite:${join(dir, 'pulih.db')}`
      : PG_ADMIN_URL.replace(/\/[^/]*$/, `/${datasetDatabaseName(cases)}`);
  const env: Record<string, string> = {
    PULIH_DATABASE_URL: url,
    PULIH_MASTER_KEY_FILE: join(dir, 'master.key'),
    PULIH_LOG_LEVEL: 'warn',
    PULIH_WEB_DIR: join(dir, 'no-web'),
  };
  const manifestFile = join(dir, 'manifest.json');
  const open = (extra: Record<string, string> = {}) =>
    createServices(loadConfig({ ...env, ...extra, PULIH_LOG_LEVEL: 'silent' }), { log: pino({ level: 'silent' }) });
  const readManifest = (): Manifest | undefined => {
    try {
      return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    } catch {
      return undefined;
    }
  };

  let reused = true;
  const manifest = await withLock(dir, log, async () => {
    const m = readManifest();
    if (!options.fresh && process.env.PULIH_BENCH_DATA_FRESH !== '1' && m && (await usable(m, dialect, cases, env)))
      return m;
    reused = false;
    return build(dialect, cases, dir, env, open, log);
  });

  return {
    dialect,
    cases,
    dir,
    url,
    env,
    reused,
    generator: manifest.generator,
    open,
    extend: (key, add) =>
      withLock(dir, log, async () => {
        const m = readManifest();
        if (!m) throw new Error(`dataset ${dir} has no manifest`);
        if (m.extensions[key]) return false;
        log(`    adding "${key}" to the ${dialect} dataset of ${cases.toLocaleString('en')} cases…`);
        const t0 = performance.now();
        const s = await open();
        try {
          await add(s);
        } finally {
          await s.database.close();
        }
        m.extensions[key] = { at: new Date().toISOString(), seconds: round((performance.now() - t0) / 1000, 1) };
        writeFileSync(manifestFile, `${JSON.stringify(m, null, 2)}\n`);
        return true;
      }),
  };
}

async function usable(m: Manifest, dialect: DialectName, cases: number, env: Record<string, string>) {
  if (m.version !== DATASET_VERSION || m.dialect !== dialect || m.cases !== cases) return false;
  if (!existsSync(env.PULIH_MASTER_KEY_FILE!)) return false;
  if (dialect === 'sqlite') return existsSync(env.PULIH_DATABASE_URL!.slice('sqlite:'.length));
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [datasetDatabaseName(cases)]);
    return r.rowCount === 1;
  } finally {
    await c.end();
  }
}

async function build(
  dialect: DialectName,
  cases: number,
  dir: string,
  env: Record<string, string>,
  open: () => Promise<Services>,
  log: (line: string) => void,
): Promise<Manifest> {
  const name = datasetDatabaseName(cases);
  if (dialect === 'postgres') await adminQuery(`drop database if exists ${name} with (force)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (dialect === 'postgres') await adminQuery(`create database ${name}`);
  let s = await open();
  try {
    await seedDemo(operatorContext(s, 'bench', allPermissions()), { cases: 0 });
  } finally {
    await s.database.close();
  }
  log(`    pulih demo --cases ${cases.toLocaleString('en')} on ${dialect} (nice -n 10) into ${dir}…`);
  const run = await runGenerator(cases, env, log);
  let vacuumSeconds: number | null = null;
  s = await open();
  let databaseMB: number | null;
  try {
    if (dialect === 'postgres') {
      const t0 = performance.now();
      await sql`vacuum (analyze)`.execute(s.database.db);
      vacuumSeconds = round((performance.now() - t0) / 1000, 1);
    }
    const made = Number((await sql<{ n: number }>`select count(*) as n from cases`.execute(s.database.db)).rows[0]?.n);
    if (made < cases) throw new Error(`the dataset has ${made} cases, not ${cases}: pulih demo stopped early`);
    databaseMB = await sizeMB(s, dialect, dir);
  } finally {
    await s.database.close();
  }
  const generator: GeneratorFigures = {
    cases,
    wallSeconds: round(run.seconds, 1),
    casesPerSecond: Math.round(cases / run.seconds),
    peakRssMB: run.peakRssMB,
    cpuSeconds: run.cpuSeconds === null ? null : round(run.cpuSeconds, 1),
    vacuumSeconds,
    databaseMB,
    bytesPerCase: databaseMB === null ? null : Math.round((databaseMB * 1024 * 1024) / cases),
  };
  log(
    `    generated in ${generator.wallSeconds} s (${generator.casesPerSecond} cases/s, ${generator.cpuSeconds} s of CPU), peak RSS ${generator.peakRssMB} MB, ` +
      `${databaseMB} MB (${generator.bytesPerCase} bytes/case)` +
      (vacuumSeconds !== null ? `; VACUUM (ANALYZE) ${vacuumSeconds} s` : ''),
  );
  const manifest: Manifest = {
    version: DATASET_VERSION,
    dialect,
    cases,
    createdAt: new Date().toISOString(),
    generator,
    extensions: {},
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The database's size on disk in MB (SQLite: the file with its WAL). */
export async function sizeMB(s: Services, dialect: DialectName, dir: string): Promise<number | null> {
  if (dialect === 'sqlite') {
    const r = (
      await sql<{ n: number }>`select page_count * page_size as n from pragma_page_count, pragma_page_size`.execute(
        s.database.db,
      )
    ).rows[0];
    let wal = 0;
    try {
      wal = readFileSync(join(dir, 'pulih.db-wal')).length;
    } catch {}
    return r ? round((Number(r.n) + wal) / 1048576, 1) : null;
  }
  const r = (await sql<{ n: string }>`select pg_database_size(current_database()) as n`.execute(s.database.db)).rows[0];
  return r ? round(Number(r.n) / 1048576, 1) : null;
}

/** `pulih demo --cases N` as its own process under nice, its peak resident memory polled (VmHWM). */
function runGenerator(
  cases: number,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<{ seconds: number; peakRssMB: number | null; cpuSeconds: number | null }> {
  // PULIH_BENCH_GENERATOR_NODE_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the generator.
  const flags = (process.env.PULIH_BENCH_GENERATOR_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // Niceness 10 in all (a bench already started under nice keeps its own).
    const bump = Math.max(0, 10 - getPriority());
    const child = spawn(
      'nice',
      [
        '-n',
        String(bump),
        process.execPath,
        ...flags,
        '--import',
        'tsx',
        'src/cli/main.ts',
        'demo',
        '--cases',
        String(cases),
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let peak: number | null = null;
    let cpuSeconds: number | null = null;
    let tail = '';
    const poll = setInterval(() => {
      if (!child.pid) return;
      const hwm = rssMB(child.pid, 'VmHWM');
      if (hwm !== null) peak = Math.max(peak ?? 0, hwm);
      cpuSeconds = cpuSecondsOf(child.pid) ?? cpuSeconds;
    }, 250);
    let lastLog = 0;
    const onData = (d: Buffer) => {
      tail = (tail + d.toString('utf8')).slice(-4000);
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        const line = tail
          .split(/[\r\n]/)
          .filter((l) => l.trim())
          .at(-1);
        if (line) log(`      ${line.trim().slice(0, 120)}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`pulih demo exited ${code}:\n${tail}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peakRssMB: peak, cpuSeconds });
    });
  });
}

/** User plus system CPU time of a live process (its own threads), from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line (11 and 12 after the command name), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** One holder at a time per dataset: a lock file beside its folder, holding the pid (a dead holder's is taken over). */
async function withLock<T>(dir: string, log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  let waitedSince = 0;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (performance.now() - waitedSince > 60_000) {
        waitedSince = performance.now();
        log(`    waiting for process ${holder}, which is building or extending ${dir}…`);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/* `node --import tsx bench/dataset.ts <sqlite|postgres> <cases>`: make (or find) a dataset and print where it is. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dialect, count] = process.argv.slice(2);
  if ((dialect !== 'sqlite' && dialect !== 'postgres') || !count) {
    process.stderr.write('usage: node --import tsx bench/dataset.ts <sqlite|postgres> <cases>\n');
    process.exit(2);
  }
  const data = await ensureCaseDataset(dialect, Number(count), { log: (l) => process.stdout.write(`${l}\n`) });
  const where = { dir: data.dir, env: data.env, reused: data.reused, generator: data.generator };
  process.stdout.write(`${JSON.stringify(where, null, 2)}\n`);
}
