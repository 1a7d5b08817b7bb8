/** What the `pulih` commands share: output and exit, services for one command, progress, argument parsers. */

import { createReadStream, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError } from 'commander';
import { sql } from 'kysely';
import { listAgencies } from '../modules/agencies/index.js';
import { verifyWithTruncations } from '../modules/audit/index.js';
import { agencyTypeKeys } from '../modules/reference/index.js';
import { allPermissions, builtinRoleKeys } from '../modules/users/index.js';
import { type Config, ConfigError, loadConfig } from '../platform/config.js';
import { type Context, operatorContext, type Services } from '../platform/context.js';
import { loadMasterKey } from '../platform/crypto.js';
import type { Database } from '../platform/db/index.js';
import { AppError, toProblem } from '../platform/errors.js';
import { createServices } from '../server.js';

export const out = (line = '') => process.stdout.write(`${line}\n`);

export const fail = (message: string, code = 1): never => {
  process.stderr.write(`pulih: ${message}\n`);
  process.exit(code);
};

export async function withServices<T>(
  fn: (services: Services, ctx: Context) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const { pino } = await import('pino');
  const services = await createServices(config, {
    // Warnings (e.g. a holiday calendar lacking next year) go to stderr, never into the command's output on
    // stdout that scripts read; PULIH_LOG_LEVEL (e.g. silent) is honoured, warn when it is not set.
    log: pino({ level: process.env.PULIH_LOG_LEVEL ? config.logLevel : 'warn' }, pino.destination(2)),
    migrate: options.migrate,
  });
  try {
    return await fn(services, operatorContext(services, userInfo().username, allPermissions()));
  } finally {
    await services.database.close();
  }
}

export const progressBar = (label: string) =>
  new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      hideCursor: true,
      noTTYOutput: !process.stdout.isTTY,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );

/** Bytes in MB for progress lines. */
export const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** A progress line for work whose total is unknown (pg_dump's output): rewritten in place on a terminal. */
export function counterLine(label: string) {
  let last = 0;
  let shown = false;
  const tty = process.stderr.isTTY;
  return {
    update(text: string) {
      const now = Date.now();
      if (now - last < (tty ? 200 : 2000)) return;
      last = now;
      shown = true;
      process.stderr.write(tty ? `\r${label}: ${text}   ` : `${label}: ${text}\n`);
    },
    stop(text: string) {
      process.stderr.write(`${tty && shown ? '\r' : ''}${label}: ${text}   \n`);
    },
  };
}

/** The master key for backup and restore: it must already exist (never made up here, unlike at first start). */
export function existingMasterKey(config: Config): Buffer {
  if (!config.masterKey && !existsSync(config.masterKeyFile)) {
    fail(
      `no master key: set PULIH_MASTER_KEY or PULIH_MASTER_KEY_FILE (looked for ${config.masterKeyFile}); it is kept apart from the database and its backups`,
      2,
    );
  }
  try {
    return loadMasterKey(config);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 2);
  }
}

/** Walks the audit chain with a progress bar; exits 3 naming the first broken event. */
export async function verifyChainOrExit(database: Database, auditKey: Buffer): Promise<number> {
  const bar = progressBar('Verifying audit chain');
  const total = await sql<{ n: number }>`select count(*) as n from audit_events`.execute(database.db);
  bar.start(Number(total.rows[0]?.n ?? 0), 0);
  const result = await verifyWithTruncations(database.db, database.adapter, (n) => bar.update(n), auditKey);
  bar.stop();
  if (!result.ok) {
    const b = result.brokenAt!;
    fail(
      `audit chain BROKEN at event seq ${b.seq}${b.id ? ` (id ${b.id})` : ''}: ${b.reason.replace('_', ' ')}; ${result.checked} events before it are intact`,
      3,
    );
  }
  if (result.truncatedThrough !== undefined)
    out(`Events up to seq ${result.truncatedThrough} were removed by retention behind a signed truncation point.`);
  return result.checked;
}

export function roleArg(value: string, previous: string[] = []): string[] {
  if (!(builtinRoleKeys as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`unknown role "${value}"; one of: ${builtinRoleKeys.join(', ')}`);
  }
  return [...previous, value];
}

export function agencyTypeArg(value: string): string {
  if (!(agencyTypeKeys as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`unknown agency type "${value}"; one of: ${agencyTypeKeys.join(', ')}`);
  }
  return value;
}

/** How many demo cases `serve --demo` seeds (the end-to-end tests' server, with its test clock, seeds none). */
export const DEMO_CASES = 300;

export function count(max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
      throw new InvalidArgumentError(`must be a whole number`);
    if (n < 1 || n > max) throw new InvalidArgumentError(`must be from 1 to ${max.toLocaleString('en')} ${what}`);
    return n;
  };
}

export function demoCasesArg(value: string): number {
  return value.trim() === '0' ? 0 : count(10_000, 'demo cases (use `pulih demo` for more)')(value);
}

export function seedArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 0xffffffff)
    throw new InvalidArgumentError('must be a whole number from 0 to 4294967295');
  return n;
}

export function dateArg(value: string): Date {
  const d = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  if (d.getTime() < Date.UTC(2019, 6, 1)) throw new InvalidArgumentError('must be 2019-07-01 or later');
  if (d.getTime() > Date.now()) throw new InvalidArgumentError('must not be in the future');
  return d;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return n;
}

/** Resolves an agency given by id or exact name. */
export async function resolveAgencyId(ctx: Context, value: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(value)) return value;
  const page = await listAgencies(ctx, { q: value, limit: 50 });
  const match = page.items.filter(
    (a) => a.name.toLowerCase() === value.toLowerCase() || a.shortName?.toLowerCase() === value.toLowerCase(),
  );
  if (match.length !== 1) fail(`agency "${value}" not found (give its id or exact name)`, 2);
  return match[0]!.id;
}

export function explain(error: unknown): never {
  if (error instanceof AppError) {
    const p = toProblem(error, 'en');
    const fields = (p.errors ?? []).map((e) => `\n  ${e.field}: ${e.message}`).join('');
    fail(`${p.title}. ${p.detail}${fields}`, 2);
  }
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}

export function warnMasterKeyBesideDatabase(config: Config): void {
  process.stderr.write(
    `WARNING: the master key file (${config.masterKeyFile}) is in the same directory as the database. ` +
      'A copy of that directory (a backup, a disk image) holds the data and its key together. Move the key ' +
      '(PULIH_MASTER_KEY_FILE) to another disk or a secret store, or pass it as PULIH_MASTER_KEY.\n',
  );
}

/** The lines of a file, read only once iterated (readline drops lines emitted before a consumer is attached). */
export async function* linesOf(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
}
