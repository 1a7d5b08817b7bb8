import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance as perfHooks } from 'node:perf_hooks';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { accessModule } from './modules/access/index.js';
import { agenciesModule } from './modules/agencies/index.js';
import { alertsModule } from './modules/alerts/index.js';
import { assessmentsModule } from './modules/assessments/index.js';
import {
  attachmentsModule,
  casesWithAttachmentContent,
  destroyAttachmentContent,
} from './modules/attachments/index.js';
import { auditModule } from './modules/audit/index.js';
import {
  caseHoldersOfPerson,
  casesModule,
  personsOfCasesClosedBefore,
  resolveCaseResource,
  type SummarySectionProvider,
} from './modules/cases/index.js';
import { conferencesModule } from './modules/conferences/index.js';
import { consentModule, listConsents } from './modules/consent/index.js';
import { directoryModule } from './modules/directory/index.js';
import { exchangeModule } from './modules/exchange/index.js';
import { indicatorsModule } from './modules/indicators/index.js';
import { legalHoldsCase, legalModule } from './modules/legal/index.js';
import {
  moveIdentitiesUnderPersonKeys,
  NAME_KEYS_VERSION,
  personsModule,
  refreshNameKeys,
  resolvePersonResource,
} from './modules/persons/index.js';
import { preventionModule } from './modules/prevention/index.js';
import { attachmentRetention, closedCaseRetention, privacyModule } from './modules/privacy/index.js';
import { publicationModule } from './modules/publication/index.js';
import { holidayCalendar, referenceModule } from './modules/reference/index.js';
import { outgoingReferrals, referralHoldersOfPerson, referralsModule } from './modules/referrals/index.js';
import { reportsModule } from './modules/reports/index.js';
import { screeningModule } from './modules/screening/index.js';
import { listServiceRequests, servicesModule } from './modules/services/index.js';
import { tipsModule } from './modules/tips/index.js';
import { installAuthentication, supervisorsOf, syncBuiltinRoles, usersModule } from './modules/users/index.js';
import { workspaceModule } from './modules/workspace/index.js';
import { accessEncryptedColumns } from './platform/access.js';
import { registerAuditKey, sealAuditBoundary } from './platform/audit.js';
import { AuditCatalogue, platformAuditActions } from './platform/audit-catalogue.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { operatorContext, type Services } from './platform/context.js';
import { type EncryptedColumnSet, KeyRing, loadMasterKey } from './platform/crypto.js';
import { type Database, migrateToLatest, migrationStatus, openDatabase } from './platform/db/index.js';
import { encryptLegacyFreeText } from './platform/free-text.js';
import {
  type DocumentedRoute,
  installErrorHandling,
  installSecurityHeaders,
  installValidation,
  problemResponses,
  shareProblemSchema,
} from './platform/http.js';
import { type Job, testClockRoutes } from './platform/jobs.js';
import { runStepOnce } from './platform/maintenance.js';
import { composeHooks, type HookProvisions, type HookRegistry, type ModuleManifest } from './platform/modules.js';
import { addBodyExamples } from './platform/openapi-examples.js';
import { yearInWib } from './platform/time.js';

/**
 * Every module, in the order its routes are registered (the OpenAPI document follows it). Each declares itself in
 * its index.ts (platform/modules.ts): routes, jobs, encrypted columns, audit actions, hooks it provides and needs.
 */
export const modules: readonly ModuleManifest[] = [
  usersModule,
  agenciesModule,
  referenceModule,
  auditModule,
  accessModule,
  alertsModule,
  personsModule,
  casesModule,
  attachmentsModule,
  servicesModule,
  screeningModule,
  assessmentsModule,
  consentModule,
  referralsModule,
  directoryModule,
  conferencesModule,
  exchangeModule,
  workspaceModule,
  tipsModule,
  legalModule,
  privacyModule,
  preventionModule,
  publicationModule,
  indicatorsModule,
  reportsModule,
];

/** Every encrypted column in the schema; key rotation re-encrypts exactly these. */
export const encryptedColumns: EncryptedColumnSet[] = [
  ...modules.flatMap((m) => m.encryptedColumns ?? []),
  ...accessEncryptedColumns,
];

/** Every audit action an event can carry, each declared once by the module that writes it. */
export const auditCatalogue = new AuditCatalogue([
  platformAuditActions,
  ...modules.flatMap((m) => (m.auditActions ? [m.auditActions] : [])),
]);

/**
 * Every scheduled job; `serve` starts them (platform/jobs.ts). The alert digest comes last, so that a test-clock
 * run (which runs the jobs one after another) sends what the other jobs raised in the same run.
 */
export const jobs: Job[] = [
  ...modules.filter((m) => m !== alertsModule).flatMap((m) => m.jobs ?? []),
  ...(alertsModule.jobs ?? []),
];

/** Long work the modules' routes ask for, by name: the work thread runs them (cli/work-thread.ts, platform/offload.ts). */
export const offloadTasks = modules.flatMap((m) => m.offloadTasks ?? []);

/** The hooks of a service set: each module's, composed once; start-up stops when a needed one has no provider. */
export function moduleHooks(): HookRegistry {
  return composeHooks(modules, glue);
}

// Records that break-the-glass can open.

// The case summary PDF (its dates in the lead agency's zone, which the referrals module provides): services with their statutory due and
// delivery dates, consents in force, referrals and their answers — each written by its own module.
const summarySections: SummarySectionProvider[] = [
  async (ctx, caseId, f) => {
    const { items } = await listServiceRequests(ctx, caseId, { limit: 200 });
    return {
      title: f.t('pdf.services'),
      lines: items.map((s) => ({
        label: f.label('cases.services.types', s.type),
        value: [
          f.label('cases.services.status', s.status),
          s.dueAt ? f.t('pdf.dueAt', { at: f.dateTime(s.dueAt) }) : f.t('pdf.noStatutoryDue'),
          s.deliveredAt ? f.t('pdf.deliveredAt', { at: f.dateTime(s.deliveredAt) }) : null,
          s.late ? f.t('pdf.late') : null,
          s.providerAgency.name,
        ]
          .filter(Boolean)
          .join(' · '),
      })),
    };
  },
  async (ctx, caseId, f) => {
    const { items } = await listConsents(ctx, caseId, { status: 'active', limit: 200 });
    return {
      title: f.t('pdf.consents'),
      lines: items.map((c) => ({
        label: f.label('consents.purposes', c.purpose),
        value: [
          c.recipientAgency?.name ?? c.recipientName,
          c.serviceTypes.map((s) => f.label('cases.services.types', s)).join(', '),
          c.fieldGroups.map((g) => f.label('consents.groups', g)).join(', '),
          f.label('consents.givers', c.givenBy),
          f.t('pdf.givenAt', { at: f.date(c.givenAt) }),
        ]
          .filter(Boolean)
          .join(' · '),
      })),
    };
  },
  async (ctx, caseId, f) => {
    const { items } = await outgoingReferrals(ctx, caseId, { limit: 200 });
    return {
      title: f.t('pdf.referrals'),
      lines: items.map((r) => ({
        label: r.recipientAgency.name,
        value: [
          f.label('referrals.status', r.status),
          r.services.map((s) => f.label('cases.services.types', s.type)).join(', '),
          f.t('pdf.sentAt', { at: f.dateTime(r.sentAt) }),
          r.respondedAt
            ? f.t('pdf.answeredAt', { at: f.dateTime(r.respondedAt) })
            : f.t('pdf.unanswered', { at: f.dateTime(r.dueAt) }),
        ].join(' · '),
      })),
    };
  },
];

/** server.ts's own wiring between two modules, which neither could provide without importing the other. */
export const glue: HookProvisions = {
  // Erasure and retention stop while anything holds a person's record: an open proceeding in which her case takes
  // part (the legal module holds suspects itself; the privacy module's own legal holds). Law 27/2022 Art. 16(2).
  'privacy.recordHold': async (ctx, personId) => {
    for (const holder of await caseHoldersOfPerson(ctx.database.db, personId)) {
      const held = await legalHoldsCase(ctx, holder.via.id);
      if (held) return held;
    }
    return null;
  },
  // Closed cases past their schedule are anonymised, their files destroyed (Law 27/2022 Art. 43).
  'privacy.retentionTarget': [
    { recordType: 'closed_cases', target: closedCaseRetention(personsOfCasesClosedBefore) },
    {
      recordType: 'attachments',
      target: attachmentRetention(personsOfCasesClosedBefore, casesWithAttachmentContent, destroyAttachmentContent),
    },
  ],
  'cases.summarySection': summarySections,
  // Records that break-the-glass can open; a person's lead agency's supervisors are alerted.
  'access.resource': [
    {
      type: 'person',
      resolve: (ctx, id) =>
        resolvePersonResource(ctx, ctx.database.db, id, (agencyId) => supervisorsOf(ctx.database.db, agencyId)),
    },
    { type: 'case', resolve: (ctx, id) => resolveCaseResource(ctx.database.db, id) },
  ],
  // Who holds a person, for the one vault decision: her cases (lead agency, current team) and consented referrals.
  'persons.holders': [caseHoldersOfPerson, referralHoldersOfPerson],
  // Erasure reaches her files: sealed under her key they are unreadable once it goes; the rows are emptied as well
  // (files written before they were sealed under her key are under the instance key, Law 27/2022 Art. 8, 16).
  'persons.erasure': async (tx, ctx, personId) => {
    await destroyAttachmentContent(
      tx,
      ctx,
      (await caseHoldersOfPerson(tx, personId)).map((h) => h.via.id),
    );
  },
};

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    // Belt and braces: no cookie, token or body ever reaches a log line.
    redact: {
      paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'body', 'password'],
      remove: true,
    },
  });
}

/**
 * Applies pending migrations: through PULIH_MIGRATION_DATABASE_URL (the schema owner) when set, so the server's
 * own role needs no right to alter tables or to update and delete audit events (docs/operations.md).
 */
export async function migrateAsOwner(config: Config, database: Database): Promise<string[]> {
  if (!config.migrationDatabaseUrl) return migrateToLatest(database);
  const owner = openDatabase({ kind: 'postgres', url: config.migrationDatabaseUrl }, { poolSize: 1 });
  try {
    return await migrateToLatest(owner);
  } finally {
    await owner.close();
  }
}

/** Opens the database, applies migrations, unlocks the key ring and loads the roles. */
export async function createServices(
  config: Config,
  options: {
    clock?: Clock;
    log?: Logger;
    migrate?: boolean;
    /** The API server's SQLite reader threads (config.sqliteReaders); none for the CLI and the job thread. */
    sqliteReaders?: number;
  } = {},
): Promise<Services> {
  const log = options.log ?? createLogger(config);
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config.database, { sqliteReaders: options.sqliteReaders ?? 0 });
  try {
    if (options.migrate !== false) await migrateAsOwner(config, database);
    const keyring = await KeyRing.open(database.db, loadMasterKey(config), clock.now());
    await sealAuditBoundary(database.db, keyring.auditKey);
    registerAuditKey(database.db, keyring.auditKey);
    checkHolidayCalendar(config, clock, log);
    const services: Services = { database, keyring, config, clock, log, auditCatalogue, hooks: moduleHooks() };
    await syncBuiltinRoles(services);
    // Identities indexed under older duplicate-check keys (or none, before migration 0050) are re-indexed.
    // Free text from before migration 0070 (task titles, break-the-glass reasons) is encrypted now.
    // Each step scans a whole table to learn it is finished: once finished it is recorded and skipped at later
    // starts (platform/maintenance.ts, migration 0115).
    const now = () => clock.now();
    const sealed = await runStepOnce(database.db, 'free-text-sealed', now, () =>
      encryptLegacyFreeText(database.db, keyring),
    );
    if (sealed) log.info({ rows: sealed }, 'plaintext free text encrypted');
    // Identities from before migration 0071 move under their person's own data key (crypto-shredding).
    const moved = await runStepOnce(database.db, 'identities-under-person-keys', now, () =>
      moveIdentitiesUnderPersonKeys(operatorContext(services, 'person-keys', [])),
    );
    if (moved) log.info({ persons: moved }, 'identities moved under their own data keys');
    const reindexed = await runStepOnce(database.db, `name-keys-v${NAME_KEYS_VERSION}`, now, () =>
      refreshNameKeys(operatorContext(services, 'name-keys', []), (n) =>
        log.info({ persons: n }, 'name keys re-indexed'),
      ),
    );
    if (reindexed) log.info({ persons: reindexed }, 'name keys up to date');
    return services;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Reads the holiday calendar now, so a bad PULIH_HOLIDAYS_FILE stops start-up; warns when this year's or next
 * year's decree (SKB 3 Menteri) is missing, because its holidays would count as working days.
 */
function checkHolidayCalendar(config: Config, clock: Clock, log: Logger): void {
  const calendar = holidayCalendar(config);
  const year = yearInWib(clock.now());
  const missing = [year, year + 1].filter((y) => !calendar.covers(y));
  if (missing.length > 0)
    log.warn(
      { missingYears: missing, source: calendar.source },
      'holiday calendar lacks these years: add their SKB 3 Menteri decree through PULIH_HOLIDAYS_FILE',
    );
}

/** Vite names built assets `name-<hash>.ext` under assets/: those are immutable; the rest must be revalidated. */
export function webCacheControl(path: string): string {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/.test(path)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

/** Builds the Fastify app: security headers, validation, auth, every module's routes, docs, health, metrics, web. */
export async function buildServer(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    // Only behind a load balancer that sets X-Forwarded-For: otherwise clients could forge their address
    // (login rate limits, audit events).
    trustProxy: config.trustProxy,
    // Per-request lines only when debugging; URLs carry ids only, never personal data.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    requestIdHeader: false,
  });
  const webDir = resolve(config.webDir);
  const hasWeb = existsSync(resolve(webDir, 'index.html'));
  installValidation(app);
  installErrorHandling(app, config.bodyLimitBytes, { spaIndex: hasWeb });

  // An empty body on a JSON POST (e.g. "disable") is no body, not malformed JSON.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    return defaultJson(req, body as string, done);
  });

  // Helmet's headers, computed once at start-up and set from a static list on every response.
  await installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // A district office often reaches Pulih over plain HTTP on its LAN: upgrading would break it.
        upgradeInsecureRequests: config.baseUrl.startsWith('https:') ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'pulih_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const httpErrors = new Counter({
    name: 'pulih_http_server_errors_total',
    help: '5xx responses',
    registers: [registry],
  });
  new Gauge({
    name: 'pulih_db_waiting_peak',
    help: 'Most queries waiting at once since the previous scrape (PostgreSQL: for a pooled connection; SQLite: for a reader thread)',
    registers: [registry],
    collect() {
      this.set(services.database.waitingPeak());
    },
  });
  new Gauge({
    name: 'pulih_db_lock_wait_seconds',
    help: "Time writes waited for another connection's write lock since the previous scrape (SQLite: the job or work thread writing)",
    registers: [registry],
    collect() {
      this.set(services.database.lockWaitMs() / 1000);
    },
  });
  // How busy the event loop was since the previous scrape (0–1): what every request of the process queues for.
  let loopSince = perfHooks.eventLoopUtilization();
  new Gauge({
    name: 'pulih_event_loop_utilization',
    help: 'Share of time the event loop was busy since the previous scrape',
    registers: [registry],
    collect() {
      const now = perfHooks.eventLoopUtilization();
      this.set(perfHooks.eventLoopUtilization(now, loopSince).utilization);
      loopSince = now;
    },
  });
  // One labelled child per method, route and status, looked up by a string key (labels() hashes its labels).
  const durationByKey = new Map<string, ReturnType<typeof httpDuration.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = durationByKey.get(key);
    if (!child) {
      child = httpDuration.labels({ method: request.method, route, status: reply.statusCode });
      // Routes are a fixed set, but methods and statuses of unmatched requests are the client's choice.
      if (durationByKey.size < 5000) durationByKey.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) httpErrors.inc();
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pulih API',
        version: '0.1.0',
        description: [
          'Protection and rehabilitation of victims of trafficking in persons (Law 21/2007). Errors are RFC 9457 problem+json.',
          "Access: each role grants permissions (`module.action`, GET /api/roles) with one scope: `own` (cases whose team the user is on), `agency` (cases the user's agency leads), `jurisdiction` (records in the region of the user's agency; a national agency's reach is the whole country) or `all`. A record outside the caller's scope answers 404, exactly like a missing one.",
          "Lists with `cursor` and `limit` page by key: send the answer's `nextCursor` back as `cursor` with the same filters; `null` means the last page.",
          "Every change writes one audit event in its own transaction. A change to a case's records answers 423 while the person's processing is restricted (Law 27/2022 Art. 11).",
        ].join('\n\n'),
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pulih_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: (input) => {
      const result = jsonSchemaTransform(input);
      const declared = (result.schema.response ?? {}) as Record<string, unknown>;
      const errors = problemResponses(input.route as DocumentedRoute, input.schema ?? {});
      return { ...result, schema: { ...result.schema, response: { ...errors, ...declared } } };
    },
    transformObject: (input) =>
      'openapiObject' in input ? addBodyExamples(shareProblemSchema(input.openapiObject)) : input.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  installAuthentication(app, services);

  // The routes are fixed once the app is ready: the document is composed and serialised on the first request only,
  // then the same bytes go out every time.
  let openapiJson: string | undefined;
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    openapiJson ??= JSON.stringify(app.swagger());
    return reply.type('application/json; charset=utf-8').send(openapiJson);
  });
  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      const { pending } = await migrationStatus(services.database);
      if (pending.length > 0) return reply.status(503).send({ status: 'migrations_pending', pending });
      return { status: 'ready', database: services.database.adapter.name };
    } catch {
      return reply.status(503).send({ status: 'database_unreachable' });
    }
  });
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );

  await app.register(async (api) => {
    for (const m of modules) await m.routes?.(api, services);
    await testClockRoutes(api, services, jobs);
  });

  // Files are looked up per request (a rebuilt web app is served without a restart); misses fall to the SPA shell.
  // Hashed build assets never change under their name: cached for a year, immutable. Everything else (index.html,
  // which names the current hashes) is revalidated on every load. Precompressed .br/.gz files from the build are
  // sent to browsers that accept them.
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: true,
      index: 'index.html',
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.header('cache-control', webCacheControl(path));
      },
    });
    // The public reporting portal and survey short links have their own small page, split from the staff app.
    if (existsSync(resolve(webDir, 'portal.html'))) {
      const portalPage = (_req: unknown, reply: { sendFile(f: string): unknown }) => reply.sendFile('portal.html');
      const config = { auth: 'public' as const };
      app.get('/lapor', { config, schema: { hide: true } }, portalPage as never);
      app.get('/s/:code', { config, schema: { hide: true } }, portalPage as never);
    }
  }
  return app;
}
