import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

/** An IPv4/IPv6 address, or one with a prefix length in range ("10.0.0.0/8", "fd00::/8"). */
export function isAddressOrCidr(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Environment variables Pulih reads, with the defaults that make the embedded run need none. */
const envSchema = z.object({
  PULIH_DATABASE_URL: z
    .string()
    .default('sqlite:./data/pulih.db')
    .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
      message: 'must start with sqlite: or postgres://',
    }),
  // SQLite: reader threads of `pulih serve` (reads off the event loop, docs/architecture.md); 0 keeps every query on it.
  PULIH_SQLITE_READERS: z.coerce.number().int().min(0).max(16).default(3),
  PULIH_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PULIH_HOST: z.string().min(1).default('0.0.0.0'),
  PULIH_BASE_URL: z.url().optional(),
  PULIH_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,88}$/, 'must be 32 bytes, base64 encoded')
    .optional(),
  PULIH_MASTER_KEY_FILE: z.string().min(1).default('./data/master.key'),
  PULIH_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  PULIH_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  PULIH_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  // Resolved sessions are cached this long per process; bounds how late another process's logout is seen (0: off).
  PULIH_SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  PULIH_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  PULIH_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  // Roles that must enrol an authenticator; the keyword `identity` stands for every role that can reveal a
  // victim's identity (issue 10: the default, with the administrator and the DPO).
  PULIH_TOTP_REQUIRED_ROLES: z.string().default('sysadmin,dpo,identity'),
  // An audit event whose details do not match its declaration: 'strict' (the default everywhere) throws and the
  // transaction rolls back; 'warn' writes it as given and logs the mismatch (an operator's escape after an upgrade,
  // README). An undeclared audit action throws in both modes (platform/audit-catalogue.ts).
  PULIH_AUDIT_DETAILS: z.enum(['strict', 'warn']).default('strict'),
  PULIH_BREAK_GLASS_HOURS: z.coerce.number().min(0.25).max(72).default(4),
  PULIH_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_000_000),
  PULIH_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(10_000_000),
  // 'false', 'true' (any hop: only when nothing else can reach the port) or the proxies' addresses / CIDRs,
  // comma-separated: X-Forwarded-For is believed only from those.
  PULIH_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .refine((v) => v === 'true' || v === 'false' || v.split(',').every((p) => isAddressOrCidr(p.trim())), {
      message: "must be 'true', 'false' or comma-separated IP addresses / CIDRs",
    }),
  PULIH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PULIH_WEB_DIR: z.string().default('./dist/web'),
  // Local service charter target (DOMAIN.md §2, configurable): a temporary shelter stay lasts 7 days, extendable.
  // Duplicate checks per user and per agency in an hour (issue 10: the check is not an oracle).
  PULIH_DUPLICATE_CHECKS_PER_USER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  PULIH_DUPLICATE_CHECKS_PER_AGENCY_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(300),
  PULIH_SHELTER_STAY_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  // Alerts unread in the app for this long go out in a digest (the e-mail hook; alerts.digest.ts).
  PULIH_ALERT_DIGEST_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  // Local service charter target (DOMAIN.md §2, configurable): a referral is answered within 3 working days.
  PULIH_REFERRAL_RESPONSE_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  // Local service target (configurable): alert the case team when a victim with an open proceeding was told nothing
  // of its progress for this many days (Law 21/2007 Art. 36).
  PULIH_VICTIM_INFORMED_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // Publication (docs/publication.md): victim-level releases are k-anonymous with at most this share suppressed;
  // aggregate releases and aggregate-only roles never get a count below the small-cell threshold.
  PULIH_RELEASE_K: z.coerce.number().int().min(2).max(1000).default(11),
  PULIH_RELEASE_MAX_SUPPRESSED_PERCENT: z.coerce.number().min(0).max(50).default(5),
  PULIH_SMALL_CELL_MIN: z.coerce.number().int().min(1).max(1000).default(10),
  // Local service-charter response targets by risk level (DOMAIN.md §2, configurable): high → immediate,
  // medium → 6 hours, otherwise outreach within 12 hours.
  PULIH_RESPONSE_HOURS_HIGH: z.coerce.number().min(0).max(72).default(0),
  PULIH_RESPONSE_HOURS_MEDIUM: z.coerce.number().min(0).max(168).default(6),
  PULIH_RESPONSE_HOURS_LOW: z.coerce.number().min(0).max(336).default(12),
  // Holidays and cuti bersama beyond the shipped decrees (a new year's SKB, an amendment): a JSON file read at start.
  PULIH_HOLIDAYS_FILE: z.string().min(1).optional(),
  // End-to-end tests only: exposes POST /api/test/clock to move time. Never set it in production.
  PULIH_TEST_CLOCK: z.enum(['true', 'false']).default('false'),
  /** JSON-lines file the signed audit checkpoints are appended to (point it at write-once or remote storage). */
  PULIH_AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  PULIH_AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** PostgreSQL: the owner's URL for migrations when the server runs as a role that may only append audit rows. */
  PULIH_MIGRATION_DATABASE_URL: z.string().min(1).optional(),
  // Public reporting portal (tips module): tips one address may send per hour, and all addresses together.
  PULIH_PORTAL_SUBMITS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  PULIH_PORTAL_SUBMITS_OVERALL_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(600),
  // Follow-up code lookups and replies per address, and overall, per 10 minutes (codes cannot be guessed by trying).
  PULIH_PORTAL_LOOKUPS_PER_10_MIN: z.coerce.number().int().min(1).max(10_000).default(30),
  PULIH_PORTAL_LOOKUPS_OVERALL_PER_10_MIN: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  // Leading zero bits the proof of work must find (each bit doubles the reporter's phone's work).
  PULIH_PORTAL_POW_BITS: z.coerce.number().int().min(8).max(24).default(14),
});

export type Config = {
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  /** SQLite: reader threads of the API server (platform/db/sqlite-threads.ts); 0: none. */
  sqliteReaders: number;
  port: number;
  host: string;
  baseUrl: string;
  masterKey: string | undefined;
  masterKeyFile: string;
  cookieSecure: 'auto' | boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** How long a process serves a resolved session without a query (0: every request reads the database). */
  sessionCacheMs: number;
  loginMaxFailures: number;
  loginLockMs: number;
  totpRequiredRoles: string[];
  breakGlassMs: number;
  bodyLimitBytes: number;
  /** Fastify's trustProxy: off, every hop, or the proxies' addresses and CIDRs. */
  trustProxy: boolean | string[];
  attachmentMaxBytes: number;
  logLevel: string;
  webDir: string;
  duplicateChecksPerUserHour: number;
  duplicateChecksPerAgencyHour: number;
  shelterStayMs: number;
  alertDigestMs: number;
  /** Working days (Monday to Friday) a recipient has to accept or decline a normal referral. */
  referralResponseWorkingDays: number;
  /** Days without telling a victim of her open proceeding's progress before her case team is alerted. */
  victimInformedDays: number;
  /** How soon a case of each risk level must be responded to (a task due at intake + this). */
  responseTargetsMs: { high: number; medium: number; low: number };
  /** The administrator's holiday file (reference/holidays.ts), added to the shipped decrees. */
  holidaysFile?: string;
  testClock: boolean;
  /** What an audit event whose details do not match the catalogue does (platform/audit-catalogue.ts). */
  auditDetails: 'strict' | 'warn';
  auditCheckpointFile: string | undefined;
  auditCheckpointMs: number;
  /** Migrations run through this connection (PostgreSQL owner) when set; otherwise through the server's own. */
  migrationDatabaseUrl: string | undefined;
  /** k of k-anonymous victim-level releases. */
  releaseK: number;
  /** Largest share of rows a victim-level release may suppress before generalising further. */
  releaseMaxSuppressedShare: number;
  /** Counts below this are never published nor shown to aggregate-only roles. */
  smallCellMin: number;
  portal: {
    submitsPerHour: number;
    submitsOverallPerHour: number;
    lookupsPer10Min: number;
    lookupsOverallPer10Min: number;
    powBits: number;
  };
};

/** Thrown when an environment variable is wrong; the message names the variable. */
export class ConfigError extends Error {}

/** Parses the environment once; a wrong value stops start-up naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const url = e.PULIH_DATABASE_URL;
  if (
    e.PULIH_MIGRATION_DATABASE_URL &&
    (url.startsWith('sqlite:') || e.PULIH_MIGRATION_DATABASE_URL.startsWith('sqlite:'))
  ) {
    throw new ConfigError(
      'Invalid configuration:\n  PULIH_MIGRATION_DATABASE_URL: only for PostgreSQL (SQLite has no roles: see docs/operations.md)',
    );
  }
  return {
    database: url.startsWith('sqlite:')
      ? { kind: 'sqlite', file: url.slice('sqlite:'.length) || './data/pulih.db' }
      : { kind: 'postgres', url },
    sqliteReaders: e.PULIH_SQLITE_READERS,
    port: e.PULIH_PORT,
    host: e.PULIH_HOST,
    baseUrl: e.PULIH_BASE_URL ?? `http://localhost:${e.PULIH_PORT}`,
    masterKey: e.PULIH_MASTER_KEY,
    masterKeyFile: e.PULIH_MASTER_KEY_FILE,
    cookieSecure: e.PULIH_COOKIE_SECURE === 'auto' ? 'auto' : e.PULIH_COOKIE_SECURE === 'true',
    sessionIdleMs: e.PULIH_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.PULIH_SESSION_ABSOLUTE_HOURS * 3_600_000,
    sessionCacheMs: e.PULIH_SESSION_CACHE_SECONDS * 1000,
    loginMaxFailures: e.PULIH_LOGIN_MAX_FAILURES,
    loginLockMs: e.PULIH_LOGIN_LOCK_MINUTES * 60_000,
    totpRequiredRoles: e.PULIH_TOTP_REQUIRED_ROLES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    breakGlassMs: e.PULIH_BREAK_GLASS_HOURS * 3_600_000,
    bodyLimitBytes: e.PULIH_BODY_LIMIT_BYTES,
    trustProxy:
      e.PULIH_TRUST_PROXY === 'true'
        ? true
        : e.PULIH_TRUST_PROXY === 'false'
          ? false
          : e.PULIH_TRUST_PROXY.split(',').map((p) => p.trim()),
    attachmentMaxBytes: e.PULIH_ATTACHMENT_MAX_BYTES,
    logLevel: e.PULIH_LOG_LEVEL,
    webDir: e.PULIH_WEB_DIR,
    duplicateChecksPerUserHour: e.PULIH_DUPLICATE_CHECKS_PER_USER_HOUR,
    duplicateChecksPerAgencyHour: e.PULIH_DUPLICATE_CHECKS_PER_AGENCY_HOUR,
    shelterStayMs: e.PULIH_SHELTER_STAY_DAYS * 86_400_000,
    alertDigestMs: e.PULIH_ALERT_DIGEST_MINUTES * 60_000,
    referralResponseWorkingDays: e.PULIH_REFERRAL_RESPONSE_WORKING_DAYS,
    victimInformedDays: e.PULIH_VICTIM_INFORMED_DAYS,
    holidaysFile: e.PULIH_HOLIDAYS_FILE,
    responseTargetsMs: {
      high: e.PULIH_RESPONSE_HOURS_HIGH * 3_600_000,
      medium: e.PULIH_RESPONSE_HOURS_MEDIUM * 3_600_000,
      low: e.PULIH_RESPONSE_HOURS_LOW * 3_600_000,
    },
    testClock: e.PULIH_TEST_CLOCK === 'true',
    auditDetails: e.PULIH_AUDIT_DETAILS,
    auditCheckpointFile: e.PULIH_AUDIT_CHECKPOINT_FILE,
    auditCheckpointMs: e.PULIH_AUDIT_CHECKPOINT_MINUTES * 60_000,
    migrationDatabaseUrl: e.PULIH_MIGRATION_DATABASE_URL,
    releaseK: e.PULIH_RELEASE_K,
    releaseMaxSuppressedShare: e.PULIH_RELEASE_MAX_SUPPRESSED_PERCENT / 100,
    smallCellMin: e.PULIH_SMALL_CELL_MIN,
    portal: {
      submitsPerHour: e.PULIH_PORTAL_SUBMITS_PER_HOUR,
      submitsOverallPerHour: e.PULIH_PORTAL_SUBMITS_OVERALL_PER_HOUR,
      lookupsPer10Min: e.PULIH_PORTAL_LOOKUPS_PER_10_MIN,
      lookupsOverallPer10Min: e.PULIH_PORTAL_LOOKUPS_OVERALL_PER_10_MIN,
      powBits: e.PULIH_PORTAL_POW_BITS,
    },
  };
}

/**
 * True when the master key file sits in the same directory as the SQLite database: one copied folder (a
 * backup, a stolen disk image) would then hold both the ciphertext and its key.
 */
export function masterKeyBesideDatabase(config: Config): boolean {
  if (config.masterKey || config.database.kind !== 'sqlite' || config.database.file === ':memory:') return false;
  return resolve(dirname(config.masterKeyFile)) === resolve(dirname(config.database.file));
}
