import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { sql } from 'kysely';
import { createAgency, listAgencies } from '../modules/agencies/index.js';
import { checkpointOnShutdown, verifyCheckpoints, verifyWithTruncations } from '../modules/audit/index.js';
import { agencyTypeKeys } from '../modules/reference/index.js';
import {
  allPermissions,
  builtinRoleKeys,
  createUser,
  findUserByUsername,
  resetPassword,
  resetTotp,
  setUserStatus,
} from '../modules/users/index.js';
import { appendAudit } from '../platform/audit.js';
import {
  BackupError,
  createBackup,
  masterKeyFingerprint,
  readBackupHeader,
  restoreBackup,
} from '../platform/backup.js';
import { ShiftedClock, systemClock } from '../platform/clock.js';
import { type Config, ConfigError, loadConfig, masterKeyBesideDatabase } from '../platform/config.js';
import { type Context, operatorContext, type Services, transact } from '../platform/context.js';
import { KeyRing, loadMasterKey, reencryptAll, writeMasterKeyFile } from '../platform/crypto.js';
import { type Database, migrateToLatest, migrationStatus, openDatabase } from '../platform/db/index.js';
import { AppError, toProblem } from '../platform/errors.js';
import { startScheduler } from '../platform/jobs.js';
import { flushReads } from '../platform/read-log.js';
import {
  auditCatalogue,
  buildServer,
  createServices,
  encryptedColumns,
  jobs,
  migrateAsOwner,
  moduleHooks,
} from '../server.js';
import { demoCaseUsers } from './demo-cases.js';
import { DEMO_PASSWORD, demoUsers, seedDemo } from './demo-seed.js';
import { startJobThread } from './job-thread.js';
import { DEFAULT_SEED, generateSynthetic, MAX_SYNTHETIC_CASES, NoAgenciesError } from './synthetic.js';

/* The `pulih` command. Every subcommand validates its arguments and exits non-zero with a clear message. */

const out = (line = '') => process.stdout.write(`${line}\n`);
const fail = (message: string, code = 1): never => {
  process.stderr.write(`pulih: ${message}\n`);
  process.exit(code);
};

async function withServices<T>(
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

const progressBar = (label: string) =>
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
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** A progress line for work whose total is unknown (pg_dump's output): rewritten in place on a terminal. */
function counterLine(label: string) {
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
function existingMasterKey(config: Config): Buffer {
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
async function verifyChainOrExit(database: Database, auditKey: Buffer): Promise<number> {
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

function roleArg(value: string, previous: string[] = []): string[] {
  if (!(builtinRoleKeys as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`unknown role "${value}"; one of: ${builtinRoleKeys.join(', ')}`);
  }
  return [...previous, value];
}

function agencyTypeArg(value: string): string {
  if (!(agencyTypeKeys as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`unknown agency type "${value}"; one of: ${agencyTypeKeys.join(', ')}`);
  }
  return value;
}

/** How many demo cases `serve --demo` seeds (the end-to-end tests' server, with its test clock, seeds none). */
const DEMO_CASES = 300;

function count(max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
      throw new InvalidArgumentError(`must be a whole number`);
    if (n < 1 || n > max) throw new InvalidArgumentError(`must be from 1 to ${max.toLocaleString('en')} ${what}`);
    return n;
  };
}

function demoCasesArg(value: string): number {
  return value.trim() === '0' ? 0 : count(10_000, 'demo cases (use `pulih demo` for more)')(value);
}

function seedArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 0xffffffff)
    throw new InvalidArgumentError('must be a whole number from 0 to 4294967295');
  return n;
}

function dateArg(value: string): Date {
  const d = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  if (d.getTime() < Date.UTC(2019, 6, 1)) throw new InvalidArgumentError('must be 2019-07-01 or later');
  if (d.getTime() > Date.now()) throw new InvalidArgumentError('must not be in the future');
  return d;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return n;
}

/** Resolves an agency given by id or exact name. */
async function resolveAgencyId(ctx: Context, value: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(value)) return value;
  const page = await listAgencies(ctx, { q: value, limit: 50 });
  const match = page.items.filter(
    (a) => a.name.toLowerCase() === value.toLowerCase() || a.shortName?.toLowerCase() === value.toLowerCase(),
  );
  if (match.length !== 1) fail(`agency "${value}" not found (give its id or exact name)`, 2);
  return match[0]!.id;
}

function explain(error: unknown): never {
  if (error instanceof AppError) {
    const p = toProblem(error, 'en');
    const fields = (p.errors ?? []).map((e) => `\n  ${e.field}: ${e.message}`).join('');
    fail(`${p.title}. ${p.detail}${fields}`, 2);
  }
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}

function warnMasterKeyBesideDatabase(config: Config): void {
  process.stderr.write(
    `WARNING: the master key file (${config.masterKeyFile}) is in the same directory as the database. ` +
      'A copy of that directory (a backup, a disk image) holds the data and its key together. Move the key ' +
      '(PULIH_MASTER_KEY_FILE) to another disk or a secret store, or pass it as PULIH_MASTER_KEY.\n',
  );
}

/** The lines of a file, read only once iterated (readline drops lines emitted before a consumer is attached). */
async function* linesOf(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
}

export function buildCli(): Command {
  const program = new Command('pulih')
    .description('Pulih: protection and rehabilitation of victims of trafficking in persons (Law 21/2007)')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('run the API, the web app and the scheduler')
    .option('--demo', 'seed demo agencies, one user per role and demo cases in every stage into an empty database')
    .option(
      '--demo-cases <n>',
      `demo cases to seed with --demo (default ${DEMO_CASES}; none on the end-to-end tests' server, PULIH_TEST_CLOCK)`,
      demoCasesArg,
    )
    .option('-p, --port <port>', 'port to listen on (default PULIH_PORT or 3000)', positiveInt)
    .action(async (opts: { demo?: boolean; demoCases?: number; port?: number }) => {
      const config = loadConfig();
      if (opts.port !== undefined) config.port = opts.port;
      if (!opts.demo && masterKeyBesideDatabase(config)) warnMasterKeyBesideDatabase(config);
      // PULIH_TEST_CLOCK=true (end-to-end tests only): a movable clock behind POST /api/test/clock.
      const services = await createServices(config, config.testClock ? { clock: new ShiftedClock() } : {});
      const app = await buildServer(services);
      let seeded = false;
      if (opts.demo) {
        const users = await sql<{ n: number }>`select count(*) as n from users`.execute(services.database.db);
        if (Number(users.rows[0]?.n ?? 0) === 0) {
          const cases = opts.demoCases ?? (config.testClock ? 0 : DEMO_CASES);
          if (cases > 0) out(`Seeding the demo with ${cases} cases...`);
          await seedDemo(operatorContext(services, 'demo', allPermissions()), { cases });
          seeded = true;
        }
      }
      // Long batch jobs run on their own thread, except on the test clock (the e2e server moves time in-process
      // and runs every job there) or an in-memory database (a second connection would not see it).
      const inMemory = config.database.kind === 'sqlite' && config.database.file === ':memory:';
      const thread = config.testClock || inMemory ? undefined : startJobThread(config, services.log);
      const scheduler = startScheduler(services, jobs, thread);
      const close = async () => {
        await scheduler.stop();
        await thread?.stop();
        // The head as this process leaves it, signed, to the checkpoint file and the log (issue 10 item 5).
        await checkpointOnShutdown(services);
        await flushReads(services.database.db);
        await app.close();
        await services.database.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: config.port, host: config.host });
      const url = config.baseUrl.replace(/:\d+$/, `:${(app.server.address() as { port: number }).port}`);
      out(`Pulih is running on ${services.database.adapter.name} at ${url}`);
      if (opts.demo) {
        out(
          seeded
            ? 'Demo data seeded. Demo logins (password for all):'
            : 'Demo logins (seeded earlier; password for all):',
        );
        out(`  password: ${DEMO_PASSWORD}`);
        for (const u of demoUsers) out(`  ${u.username.padEnd(18)} ${u.roles.join(', ')}`);
        for (const u of demoCaseUsers) {
          if (await findUserByUsername(services.database.db, u.username))
            out(`  ${u.username.padEnd(18)} ${u.roles.join(', ')}`);
        }
        out(
          'Roles that can open identity, the administrator and the DPO enrol an authenticator app (TOTP) at first login.',
        );
      }
    });

  program
    .command('demo')
    .description(
      'generate a deterministic synthetic national dataset for benchmarks (needs agencies: run `serve --demo` first)',
    )
    .requiredOption(
      '--cases <n>',
      `number of cases, 1 to ${MAX_SYNTHETIC_CASES.toLocaleString('en')}`,
      count(MAX_SYNTHETIC_CASES, 'cases'),
    )
    .option(
      '--seed <seed>',
      `pseudo-random seed: the same seed gives the same case numbers and stages`,
      seedArg,
      DEFAULT_SEED,
    )
    .option('--as-of <date>', "the dataset's present, YYYY-MM-DD (default today); intakes run from 2019 to it", dateArg)
    .addHelpText(
      'after',
      `
Writes cases spread over the agencies on record (origin provinces, destinations, exploitation types,
names and stages as in the national data), with persons in the identity vault (names and phones
encrypted), screenings, service requests, reintegration surveys, timelines and one audit event per case,
in batches of 500 per transaction on the database of PULIH_DATABASE_URL. Memory stays flat; a load
that at least doubles the case tables builds their secondary indexes once, at the end.
Check the audit chain afterwards with \`pulih audit verify\`.

Example: pulih demo --cases 100000 --seed 7`,
    )
    .action((opts: { cases: number; seed: number; asOf?: Date }) =>
      withServices(async (s, ctx) => {
        const bar = progressBar('Generating');
        let started = false;
        try {
          const result = await generateSynthetic(ctx, {
            cases: opts.cases,
            seed: opts.seed,
            asOf: opts.asOf,
            onProgress: (done, total) => {
              if (!started) {
                bar.start(total, 0);
                started = true;
              }
              bar.update(done);
            },
            onRebuild: (indexes) => {
              if (started) bar.stop();
              started = false;
              out(`Building ${indexes} secondary indexes again…`);
            },
          });
          if (started) bar.stop();
          const rate = Math.round(result.cases / Math.max(result.seconds, 0.001));
          out(
            `Generated ${result.cases} synthetic cases on ${s.database.adapter.name} in ${result.seconds.toFixed(1)} s (${rate} cases/s), seed ${opts.seed}.`,
          );
          out(`Case numbers ${result.firstCaseNumber} … ${result.lastCaseNumber}`);
          out(
            `Stages: ${Object.entries(result.stages)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
          );
          out(`Peak memory (RSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
          // Stopped by SIGINT or SIGTERM after a whole batch: what was written is consistent, but not what was asked.
          if (result.cases < opts.cases) fail(`stopped after ${result.cases} of ${opts.cases} cases`, 130);
        } catch (error) {
          if (started) bar.stop();
          if (error instanceof NoAgenciesError) fail(error.message, 2);
          throw error;
        }
      }),
    );

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const database = openDatabase(config.database);
      try {
        const applied = await migrateAsOwner(config, database);
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema is current.');
      } finally {
        await database.close();
      }
    });

  const agency = program.command('agency').description('manage agencies (bootstrap a fresh instance)');
  agency
    .command('create')
    .description('create an agency')
    .requiredOption('--name <name>', 'agency name')
    .requiredOption('--type <type>', `agency type: ${agencyTypeKeys.join(', ')}`, agencyTypeArg)
    .option('--region <code>', 'Kemendagri province or regency code, e.g. 53 or 53.71 (Indonesian agencies)')
    .option('--country <code>', 'ISO 3166-1 alpha-2 country code', 'ID')
    .action((opts: { name: string; type: string; region?: string; country: string }) =>
      withServices(async (_s, ctx) => {
        const a = await createAgency(ctx, {
          name: opts.name,
          type: opts.type as never,
          regionCode: opts.region ?? null,
          countryCode: opts.country.toUpperCase(),
        }).catch(explain);
        out(`Agency created: ${a.id} ${a.name}`);
      }),
    );

  const user = program.command('user').description('manage user accounts');
  user
    .command('create')
    .description('create a user with a temporary password (changed at first login)')
    .requiredOption('--username <username>', 'login name')
    .requiredOption('--name <displayName>', 'display name')
    .requiredOption('--agency <agency>', 'agency id or exact name')
    .requiredOption('--role <role>', `role (repeatable): ${builtinRoleKeys.join(', ')}`, roleArg)
    .option('--locale <locale>', 'id or en', 'id')
    .action((opts: { username: string; name: string; agency: string; role: string[]; locale: string }) =>
      withServices(async (_s, ctx) => {
        if (opts.locale !== 'id' && opts.locale !== 'en') fail('--locale must be id or en', 2);
        const agencyId = await resolveAgencyId(ctx, opts.agency);
        const { user: u, temporaryPassword } = await createUser(ctx, {
          username: opts.username.toLowerCase(),
          displayName: opts.name,
          agencyId,
          roles: opts.role,
          locale: opts.locale as 'id' | 'en',
          timeZone: 'Asia/Jakarta',
        }).catch(explain);
        out(`User created: ${u.username} (${u.roles.join(', ')})`);
        out(`Temporary password (shown once): ${temporaryPassword}`);
      }),
    );
  user
    .command('reset-password')
    .description('issue a temporary password; the user must change it at next login')
    .argument('<username>', 'login name')
    .action((username: string) =>
      withServices(async (s, ctx) => {
        const u = await findUserByUsername(s.database.db, username);
        if (!u) fail(`no user "${username}"`, 2);
        const { temporaryPassword } = await resetPassword(ctx, u!.id).catch(explain);
        out(`Temporary password for ${u!.username} (shown once): ${temporaryPassword}`);
      }),
    );
  user
    .command('reset-totp')
    .description("clear a user's authenticator (TOTP) and end their sessions; they enrol again at next login")
    .argument('<username>', 'login name')
    .action((username: string) =>
      withServices(async (s, ctx) => {
        const u = await findUserByUsername(s.database.db, username);
        if (!u) fail(`no user "${username}"`, 2);
        await resetTotp(ctx, u!.id).catch(explain);
        out(`Authenticator cleared for ${u!.username}; a new one is enrolled at the next login.`);
      }),
    );
  user
    .command('disable')
    .description('disable an account and end its sessions')
    .argument('<username>', 'login name')
    .action((username: string) =>
      withServices(async (s, ctx) => {
        const u = await findUserByUsername(s.database.db, username);
        if (!u) fail(`no user "${username}"`, 2);
        await setUserStatus(ctx, u!.id, 'disabled').catch(explain);
        out(`Disabled ${u!.username}.`);
      }),
    );

  program
    .command('audit')
    .description('audit trail tools')
    .command('verify')
    .description('walk the hash chain; exit 0 when whole, 3 naming the first broken event')
    .option(
      '--checkpoints <file>',
      'also compare the chain with signed checkpoints (the JSON-lines file PULIH_AUDIT_CHECKPOINT_FILE names): catches removed newest events and a recomputed chain',
    )
    .action((opts: { checkpoints?: string }) =>
      withServices(async (s) => {
        if (opts.checkpoints && !existsSync(opts.checkpoints)) fail(`no checkpoint file ${opts.checkpoints}`, 2);
        const checked = await verifyChainOrExit(s.database, s.keyring.auditKey);
        if (opts.checkpoints) {
          const cp = await verifyCheckpoints(s.database.db, linesOf(opts.checkpoints));
          if (!cp.ok) {
            const p = cp.problem!;
            const why = {
              malformed: 'is not a checkpoint line',
              bad_signature: "does not carry this instance's signature",
              truncated: 'names an event the chain no longer has (events removed from the end)',
              rewritten: 'names an event whose hash differs (the chain was rewritten)',
              boundary_moved: 'names a different keyed boundary (the boundary was moved)',
            }[p.reason];
            fail(
              `audit chain does NOT match its checkpoints: line ${p.line}${p.seq !== null ? ` (seq ${p.seq})` : ''} ${why}; ${cp.agreed} checkpoints before it agree`,
              3,
            );
          }
          out(`Audit chain is whole: ${checked} events verified; ${cp.agreed} signed checkpoints agree.`);
          return;
        }
        out(`Audit chain is whole: ${checked} events verified.`);
      }),
    );

  program
    .command('backup')
    .description('write an encrypted, checksummed backup of the whole database while Pulih keeps running')
    .argument('<file>', 'the archive to write (an existing file is kept unless --force)')
    .option('--force', 'replace an existing file')
    .addHelpText(
      'after',
      `
Takes a consistent copy while the database is in use (SQLite: the online backup API; PostgreSQL: pg_dump,
which must be installed in the server's major version), encrypts it with a key derived from the master
key (AES-256-GCM, a fresh key per archive) and ends it with a SHA-256 checksum. The archive names the
master key it needs by fingerprint and never holds it: store archives and the master key in different
places. Written to <file>.partial first and renamed when complete. The backup is recorded in the audit trail.

Example: pulih backup /var/backups/pulih/pulih-$(date +%F).pulihbak`,
    )
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      if (existsSync(file) && !opts.force) fail(`${file} exists; choose another name or pass --force`, 2);
      if (!existsSync(dirname(resolve(file)))) fail(`the directory of ${file} does not exist`, 2);
      const master = existingMasterKey(config);
      await withServices(
        async (s, ctx) => {
          const { latest } = await migrationStatus(s.database);
          const bar = progressBar('Copying pages');
          const bytes = counterLine('Dumping');
          let barStarted = false;
          const result = await createBackup({
            database: config.database,
            master,
            file,
            schema: latest,
            now: s.clock.now(),
            onProgress: (done, total, unit) => {
              if (unit === 'pages' && total !== undefined) {
                if (!barStarted) bar.start(total, 0);
                barStarted = true;
                bar.setTotal(total);
                bar.update(done);
              } else bytes.update(mb(done));
            },
          }).catch((error: unknown) => {
            if (barStarted) bar.stop();
            if (error instanceof BackupError) fail(error.message, 2);
            throw error;
          });
          if (barStarted) bar.stop();
          else bytes.stop('done');
          await transact(ctx, (tx) =>
            appendAudit(tx, ctx, {
              action: 'backup.create',
              details: {
                bytes: result.bytes,
                sha256: result.sha256,
                keyFingerprint: result.header.key.fingerprint,
                dialect: result.header.dialect,
              },
            }),
          );
          out(`Backup written: ${file} (${mb(result.bytes)}, ${s.database.adapter.name}, schema ${latest ?? 'none'}).`);
          out(`SHA-256: ${result.sha256}`);
          out(`Needs the master key with fingerprint ${result.header.key.fingerprint} to restore (not stored in it).`);
        },
        { migrate: false },
      );
    });

  program
    .command('restore')
    .description('restore a backup into an empty database, then verify the audit chain')
    .argument('<file>', 'an archive written by `pulih backup`')
    .addHelpText(
      'after',
      `
Checks the archive's checksum, that the configured master key is the one it names (fingerprint) and that
the database of PULIH_DATABASE_URL is empty (a new SQLite file, or a PostgreSQL database just made with
createdb: a non-empty one is refused and left untouched), restores it (SQLite: checked, then moved into
place; PostgreSQL: pg_restore in one transaction) and walks the whole audit chain (exit 3 if broken).
Then start Pulih as usual; pending migrations of a newer version are applied at start or by \`pulih migrate\`.

Example: PULIH_DATABASE_URL=postgres://pulih@db/pulih_restored pulih restore pulih-2026-12-06.pulihbak`,
    )
    .action(async (file: string) => {
      const config = loadConfig();
      if (!existsSync(file)) fail(`no such file: ${file}`, 2);
      const master = existingMasterKey(config);
      const { header } = await readBackupHeader(file).catch((error: unknown) =>
        fail(error instanceof Error ? error.message : String(error), 2),
      );
      out(
        `Backup of ${header.createdAt} (${header.dialect}, schema ${header.schema ?? 'none'}), needs master key ${header.key.fingerprint}; configured key ${masterKeyFingerprint(master)}.`,
      );
      const bars = { checksum: progressBar('Checking checksum'), restore: progressBar('Restoring') };
      let active: keyof typeof bars | undefined;
      try {
        await restoreBackup({
          file,
          master,
          database: config.database,
          onStep: (step, done, total) => {
            if (active !== step) {
              if (active) bars[active].stop();
              bars[step].start(total, 0, {});
              active = step;
            }
            bars[step].update(done);
          },
        });
      } catch (error) {
        if (active) bars[active].stop();
        if (error instanceof BackupError) fail(error.message, 2);
        throw error;
      }
      if (active) bars[active].stop();
      const database = openDatabase(config.database);
      try {
        // The master key opens the restored data keys (identities are readable) and the audit key the chain
        // is verified with; then the restore is audited.
        const keyring = await KeyRing.open(database.db, master, systemClock.now());
        const checked = await verifyChainOrExit(database, keyring.auditKey);
        const services: Services = {
          database,
          keyring,
          config,
          clock: systemClock,
          log: (await import('pino')).pino({ level: 'warn' }),
          auditCatalogue,
          hooks: moduleHooks(),
        };
        const ctx = operatorContext(services, userInfo().username, []);
        await transact(ctx, (tx) =>
          appendAudit(tx, ctx, {
            action: 'backup.restore',
            details: { backupCreatedAt: header.createdAt, keyFingerprint: header.key.fingerprint },
          }),
        );
        out(`Restored. Audit chain is whole: ${checked} events verified.`);
        const { pending } = await migrationStatus(database);
        if (pending.length > 0)
          out(`${pending.length} newer migration(s) will be applied at start (or: pulih migrate).`);
      } finally {
        await database.close();
      }
    });

  const keys = program.command('keys').description('identity vault keys');
  keys
    .command('fingerprint')
    .description('print the master key fingerprint (names the key on labels and in backups; reveals nothing)')
    .action(() => {
      out(masterKeyFingerprint(existingMasterKey(loadConfig())));
    });
  keys
    .command('rotate')
    .description(
      'add a new data key and re-encrypt every identity field (streaming); --master also replaces the master key file',
    )
    .option('--master', 'also generate a new master key, re-wrap the data keys and replace the key file')
    .action((opts: { master?: boolean }) =>
      withServices(async (s, ctx) => {
        const master = loadMasterKey(s.config);
        if (opts.master) {
          if (s.config.masterKey)
            fail(
              'the master key comes from PULIH_MASTER_KEY; use a key file (PULIH_MASTER_KEY_FILE) to rotate it here',
              2,
            );
          const next = randomBytes(32);
          await s.keyring.rewrap(s.database.db, master, next);
          writeMasterKeyFile(s.config.masterKeyFile, next);
          out(`Master key replaced; data keys re-wrapped (${s.config.masterKeyFile}).`);
        }
        const ring: KeyRing = s.keyring;
        const version = await ring.addFieldKey(
          s.database.db,
          opts.master ? loadMasterKey(s.config) : master,
          s.clock.now(),
        );
        const bar = progressBar('Re-encrypting');
        bar.start(1, 0);
        const changed = await reencryptAll(s.database.db, ring, encryptedColumns, (_table, done, total) => {
          bar.setTotal(Math.max(total, 1));
          bar.update(done);
        });
        bar.stop();
        await transact(ctx, (tx) =>
          appendAudit(tx, ctx, {
            action: 'keys.rotate',
            details: { keyVersion: version, rowsReencrypted: changed, master: opts.master === true },
          }),
        );
        out(`Data key v${version} is active; ${changed} rows re-encrypted.`);
      }),
    );

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    if (error instanceof ConfigError) fail(error.message, 2);
    if (error instanceof AppError) explain(error);
    fail(error instanceof Error ? error.message : String(error));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runCli(process.argv);
