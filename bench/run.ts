import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../src/cli/demo-seed.js';
import type { DialectName } from '../src/platform/db/index.js';
import { type AuditBenchResult, benchAudit } from './audit-bench.js';
import { benchCases, type CasesBenchResult, casesBenchOptions, casesBudgets } from './cases-bench.js';
import { BENCH_AUTH_ENV, freshDatabase, liveDatabases, pulihEnv } from './db.js';
import { benchExchange, type ExchangeBenchResult, exchangeBudgets } from './exchange-bench.js';
import { benchIndicators, type IndicatorsBenchResult, indicatorsBudgets } from './indicators-bench.js';
import { benchLegal, type LegalBenchResult, legalBudgets } from './legal-bench.js';
import { type LoadResult, runLoad } from './load.js';
import { BENCH_USER, benchLogin, type LoginBenchResult } from './login-bench.js';
import { type Child, freePort, killNow, liveChildren, rssMB, SERVE_NODE_FLAGS, startNode, waitForOk } from './proc.js';
import { benchProcesses, type ProcessesBenchResult, processesBudgets } from './processes-bench.js';
import { benchPublication, type PublicationBenchResult, publicationBudgets } from './publication-bench.js';
import {
  benchReferrals,
  type ReferralsBenchResult,
  referralBudgets,
  referralsBenchOptions,
} from './referrals-bench.js';
import { round } from './stats.js';
import { benchTips, type TipsBenchResult, tipsBudgets } from './tips-bench.js';
import { benchWeb, type WebBenchResult, webBudgets } from './web-bench.js';

/*
 * `npm run bench`: DESIGN §6 budgets that exist so far, on SQLite and PostgreSQL, each on a fresh database.
 *   - authenticated API overhead: GET /api/auth/me on the real server (child process) vs a bare Fastify
 *     route (child process) measured in the same run; budget auth.me req/s ≥ 1/3 of bare req/s;
 *   - password login: HTTP (8 connections) and in-process login() (no rate limit);
 *   - server resident memory right after /readyz and idle after the load (budget < 200 MB);
 *   - audit chain verify, extrapolated to 2,000,000 events (budget ≤ 20 s);
 *   - referral inbox and directory search at 100,000 cases / 300,000 referrals, p95 ≤ 50 ms (bench/referrals-bench.ts);
 *   - the case core on a `pulih demo` dataset (100,000 cases; PULIH_BENCH_CASES=1000000): case list, case file,
 *     timeline and duplicate check against their budgets, the generator's rate and memory (bench/cases-bench.ts),
 *     and the mixed-workload soak of 50 users with think time and 3 long-work users beside them (a partner's HTCDS
 *     export, the CTDC release, a report; bench/soak.ts, part `soak`).
 * One JSON document on stdout, progress and a human table on stderr. Exit 0 even when a budget is
 * missed (benches report, tests assert); exit 1 only if a run itself failed.
 *
 * Environment: PULIH_BENCH_DIALECTS (sqlite,postgres), PULIH_BENCH_SECONDS (10), PULIH_BENCH_WARMUP_SECONDS (2),
 * PULIH_BENCH_CONNECTIONS (100), PULIH_BENCH_LOGIN_CONNECTIONS (8), PULIH_BENCH_LOGIN_SECONDS (5),
 * PULIH_BENCH_LOGINS (50, in-process), PULIH_BENCH_AUDIT_EVENTS (200000), PULIH_BENCH_PG_URL (admin URL),
 * PULIH_BENCH_PARTS (http,login,audit,referrals,cases,soak,publication: run only some parts while iterating),
 * PULIH_BENCH_PUBLICATION_CASES (100000: cases of the publication part's synthetic dataset),
 * PULIH_BENCH_INDICATORS_CASES (100000: cases of the indicators part's shared dataset, bench/dataset.ts; 1000000 for the issue's scale),
 * PULIH_BENCH_INDICATORS_REFRESH (reuse: keep the dataset's last complete indicator generation instead of refreshing),
 * PULIH_BENCH_EXCHANGE_CASES (100000; 1000000 for full scale): part `exchange`, the HTCDS bulk export's records/s
 * and peak RSS (each export in a child process of its own) on a synthetic dataset where every case has a statistics
 * consent (bench/exchange-bench.ts),
 * PULIH_BENCH_LEGAL_CASES (100000: cases of the legal part; a tenth of them are proceedings; 1000000 for full scale),
 * PULIH_BENCH_KEEP_SKELETON=1 (keep the legal part's skeleton cases for the next run and for EXPLAIN work,
 * bench/skeleton-cases.ts; dropped by default),
 * PULIH_BENCH_INTAKE_WORKERS (8) and PULIH_BENCH_INTAKE_SECONDS (10): the processes part (PostgreSQL only:
 * intake throughput with one and with two Pulih processes on one database, bench/processes-bench.ts),
 * PULIH_BENCH_PROFILE_DIR (children write V8 CPU profiles there; summarise with bench/profile-summary.ts),
 * PULIH_BENCH_TIPS_FLOOD (10000) and PULIH_BENCH_TIPS_SAMPLES (400): the tips part (public portal flood from one
 * address vs the staff triage queue's p95 in the same run; portal JavaScript size, bench/tips-bench.ts).
 * Part `web` (bench/web-bench.ts): the case list's time to rows on a throttled link (1.6 Mbit/s, 150 ms), before and
 * after precompressed assets, goal ≤ 3 s cold; part `cases` also times the home page (workspace.today).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) {
    process.stderr.write(`bench: ${name} must be a number ≥ ${min} (got "${raw}")\n`);
    process.exit(2);
  }
  return n;
}

const settings = {
  seconds: envNumber('PULIH_BENCH_SECONDS', 10, 1),
  warmupSeconds: envNumber('PULIH_BENCH_WARMUP_SECONDS', 2, 0),
  connections: Math.round(envNumber('PULIH_BENCH_CONNECTIONS', 100, 1)),
  loginConnections: Math.round(envNumber('PULIH_BENCH_LOGIN_CONNECTIONS', 8, 1)),
  loginSeconds: envNumber('PULIH_BENCH_LOGIN_SECONDS', 5, 1),
  logins: Math.round(envNumber('PULIH_BENCH_LOGINS', 50, 1)),
  auditEvents: Math.round(envNumber('PULIH_BENCH_AUDIT_EVENTS', 200_000, 1)),
  idleWaitSeconds: 3,
};
const parts = new Set(
  (
    process.env.PULIH_BENCH_PARTS ??
    'http,login,audit,referrals,cases,soak,publication,processes,web,tips,legal,exchange,indicators'
  )
    .split(',')
    .map((p) => p.trim()),
);
const dialects = (process.env.PULIH_BENCH_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter(Boolean) as DialectName[];
for (const d of dialects) {
  if (d !== 'sqlite' && d !== 'postgres') {
    process.stderr.write(`bench: PULIH_BENCH_DIALECTS: unknown dialect "${d}" (sqlite, postgres)\n`);
    process.exit(2);
  }
}

const BUDGET = { overheadRatioMin: 1 / 3, idleRssMB: 200, auditVerify2MSeconds: 20 };

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/* ---------- cleanup: every child and every database, even on error or Ctrl-C ---------- */

async function cleanupAll(): Promise<void> {
  await Promise.allSettled(liveChildren().map((c) => c.stop()));
  await Promise.allSettled(liveDatabases().map((d) => d.drop()));
}
/* PULIH_BENCH_PROFILE_DIR: children write CPU profiles; windows.json says which span of which pid was which load. */
const profileDir = process.env.PULIH_BENCH_PROFILE_DIR;
const profileWindows: { pid: number; label: string; fromUs: number; toUs: number }[] = [];
function recordWindow(pid: number, label: string, window: { fromUs: number; toUs: number }): void {
  if (!profileDir) return;
  profileWindows.push({ pid, label, ...window });
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(join(profileDir, 'windows.json'), `${JSON.stringify(profileWindows, null, 2)}\n`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`\nbench: ${signal}, cleaning up…`);
    cleanupAll().finally(() => process.exit(130));
  });
}
process.on('exit', () => {
  for (const c of liveChildren()) killNow(c);
});

/* ---------- the HTTP part: bare ceiling vs the real server ---------- */

interface HttpRun {
  server: {
    startupSeconds: number;
    pid: number;
    rssAfterReadyMB: number | null;
    /** Right after the auth.me load (before any login load). */
    rssAfterAuthMeMB: number | null;
    /** Right after the login load (argon2id takes 19 MiB per hash in flight). */
    rssAfterLoginMB: number | null;
    rssIdleAfterLoadMB: number | null;
  };
  bare: LoadResult;
  authMe: LoadResult;
  /** auth.me req/s ÷ bare req/s. */
  overheadRatio: number;
  /** bare req/s ÷ auth.me req/s ("N× slower"). */
  overheadFactor: number;
  /** True when other processes used more than 0.25 of a core during the bare or auth.me load: figures are low. */
  contended: boolean;
  /** Server CPU ms per auth.me response ÷ bare CPU ms per response: the overhead in work, less sensitive to other load. */
  cpuCostFactor: number | null;
  loginHttp: LoadResult & { rateLimited429: number; note: string };
}

function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

async function benchHttp(dialect: DialectName, bareUrl: string, barePid: number): Promise<HttpRun> {
  const db = await freshDatabase(dialect, 'http');
  let server: Child | undefined;
  try {
    const port = await freePort();
    const t0 = performance.now();
    server = startNode(
      'src/cli/main.ts',
      // PULIH_TRUST_PROXY: the login load below gives each request its own X-Forwarded-For address.
      pulihEnv(db, {
        ...BENCH_AUTH_ENV,
        PULIH_PORT: String(port),
        PULIH_HOST: '127.0.0.1',
        PULIH_TRUST_PROXY: 'true',
      }),
      ROOT,
      [
        'serve',
        '--demo',
        // The users are all the bench needs; `serve --demo` would otherwise also seed demo cases (slow start).
        '--demo-cases',
        '0',
      ],
      // The V8 flags bin/pulih gives `serve`.
      SERVE_NODE_FLAGS,
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForOk(`${base}/readyz`, server, 180_000);
    const startupSeconds = round((performance.now() - t0) / 1000);
    const rssAfterReadyMB = rssMB(server.pid);
    log(`  server pid ${server.pid} ready in ${startupSeconds} s, RSS ${rssAfterReadyMB} MB`);

    const credentials = JSON.stringify({ username: BENCH_USER, password: DEMO_PASSWORD });
    const loginRes = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credentials,
    });
    if (loginRes.status !== 200) throw new Error(`login ${BENCH_USER}: ${loginRes.status} ${await loginRes.text()}`);
    const cookie = cookieHeader(loginRes);
    const stage = ((await loginRes.json()) as { stage?: string }).stage;
    if (stage !== 'active' || !cookie.includes('pulih_session='))
      throw new Error(`login ${BENCH_USER}: stage ${stage}, cookies "${cookie}"`);
    const meRes = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
    if (meRes.status !== 200) throw new Error(`GET /api/auth/me: ${meRes.status} ${await meRes.text()}`);
    await meRes.arrayBuffer();

    const common = {
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
      connections: settings.connections,
    };
    log(`  bare Fastify GET / (${settings.connections} connections, ${settings.warmupSeconds}+${settings.seconds} s)…`);
    const bare = await runLoad({ ...common, url: bareUrl, serverPid: barePid });
    recordWindow(barePid, `${dialect} bare GET /`, bare.window);
    log(`    ${bare.reqPerSec} req/s, p95 ${bare.latencyMs.p95} ms, ${bare.serverCpuMsPerResponse} CPU ms/response`);
    log(`  GET /api/auth/me (${settings.connections} connections)…`);
    const authMe = await runLoad({ ...common, url: `${base}/api/auth/me`, headers: { cookie }, serverPid: server.pid });
    recordWindow(server.pid, `${dialect} GET /api/auth/me`, authMe.window);
    const rssAfterAuthMeMB = rssMB(server.pid);
    log(
      `    ${authMe.reqPerSec} req/s (2xx ${authMe.okPerSec}), p95 ${authMe.latencyMs.p95} ms, ${authMe.serverCpuMsPerResponse} CPU ms/response`,
    );
    if (authMe.okPerSec < authMe.reqPerSec * 0.99)
      log(`    WARNING: non-2xx answers on auth.me: ${JSON.stringify(authMe.statusCodes)}`);
    const other = Math.max(bare.otherCpuCores ?? 0, authMe.otherCpuCores ?? 0);
    if (other > 0.25)
      log(`    WARNING: other processes used ${other} cores during the load; throughput figures are low`);

    // The login route allows 30/min per client address. The server trusts X-Forwarded-For (trustProxy: true),
    // so giving each request its own address measures login throughput rather than the limiter; any 429 that
    // still comes back is counted apart, and only 2xx count toward logins/s.
    log(`  POST /api/auth/login (${settings.loginConnections} connections, ${settings.loginSeconds} s)…`);
    let addr = 0;
    const loginHttp = await runLoad({
      url: `${base}/api/auth/login`,
      method: 'POST',
      serverPid: server.pid,
      connections: settings.loginConnections,
      seconds: settings.loginSeconds,
      warmupSeconds: Math.min(settings.warmupSeconds, 1),
      headers: { 'content-type': 'application/json' },
      body: credentials,
      setupRequest: (req) => {
        addr++;
        return {
          ...req,
          headers: { ...req.headers, 'x-forwarded-for': `10.${(addr >> 16) & 255}.${(addr >> 8) & 255}.${addr & 255}` },
        };
      },
    });
    recordWindow(server.pid, `${dialect} POST /api/auth/login`, loginHttp.window);
    const rssAfterLoginMB = rssMB(server.pid);
    if (loginHttp.statusCodes['429']) {
      log(`    note: ${loginHttp.statusCodes['429']} answers were 429 (rate limit); logins/s counts 2xx only`);
    }
    log(
      `    ${loginHttp.okPerSec} logins/s (2xx), p95 ${loginHttp.latency2xxMs.p95} ms; status ${JSON.stringify(loginHttp.statusCodes)}`,
    );

    await sleep(settings.idleWaitSeconds * 1000);
    const rssIdleAfterLoadMB = rssMB(server.pid);
    log(
      `  server RSS: after auth.me load ${rssAfterAuthMeMB} MB, after login load ${rssAfterLoginMB} MB, idle ${rssIdleAfterLoadMB} MB`,
    );
    if (server.exited()) throw new Error(`server exited during the bench:\n${server.tail()}`);
    return {
      server: {
        startupSeconds,
        pid: server.pid,
        rssAfterReadyMB,
        rssAfterAuthMeMB,
        rssAfterLoginMB,
        rssIdleAfterLoadMB,
      },
      bare,
      authMe,
      overheadRatio: round(authMe.okPerSec / bare.reqPerSec, 3),
      overheadFactor: round(bare.reqPerSec / authMe.okPerSec, 2),
      contended: Math.max(bare.otherCpuCores ?? 0, authMe.otherCpuCores ?? 0) > 0.25,
      cpuCostFactor:
        authMe.serverCpuMsPerResponse && bare.serverCpuMsPerResponse
          ? round(authMe.serverCpuMsPerResponse / bare.serverCpuMsPerResponse, 2)
          : null,
      loginHttp: {
        ...loginHttp,
        rateLimited429: loginHttp.statusCodes['429'] ?? 0,
        note:
          'okPerSec counts 2xx only; latency2xxMs is the login latency. Each request carries its own X-Forwarded-For, ' +
          'which the server trusts (trustProxy: true), so the 30/min per-address limit does not cap it; 429s, if any, are in statusCodes.',
      },
    };
  } finally {
    await server?.stop();
    await db.drop();
  }
}

/* ---------- the whole run ---------- */

interface DialectRun {
  /** 1, 5 and 15-minute load averages when this dialect's run began (other work on the machine skews figures). */
  loadAvgAtStart?: number[];
  http?: HttpRun;
  loginInProcess?: LoginBenchResult;
  audit?: AuditBenchResult;
  /** Referral inbox and directory search at 100k cases / 300k referrals (bench/referrals-bench.ts). */
  referrals?: ReferralsBenchResult;
  /** The case core on a `pulih demo` dataset (bench/cases-bench.ts). */
  cases?: CasesBenchResult;
  /** CTDC release and aggregates on a synthetic dataset (bench/publication-bench.ts). */
  publication?: PublicationBenchResult;
  /** HTCDS bulk export on a synthetic dataset (bench/exchange-bench.ts). */
  exchange?: ExchangeBenchResult;
  /** Restitution due list and a case's proceedings (bench/legal-bench.ts). */
  legal?: LegalBenchResult;
  /** Public portal flood from one address vs a staff page; portal JavaScript size (bench/tips-bench.ts). */
  tips?: TipsBenchResult;
  /** Indicator engine on the shared dataset (bench/indicators-bench.ts). */
  indicators?: IndicatorsBenchResult;
  web?: WebBenchResult;
  /** Intake throughput with one and two Pulih processes on one PostgreSQL (bench/processes-bench.ts). */
  processes?: ProcessesBenchResult;
  errors: string[];
}

interface Budget {
  name: string;
  dialect: DialectName;
  value: number | null;
  op: '>=' | '<=' | '<';
  budget: number;
  unit: string;
  pass: boolean;
}

function budgetsOf(dialect: DialectName, run: DialectRun): Budget[] {
  const out: Budget[] = [];
  const check = (
    name: string,
    value: number | null | undefined,
    op: Budget['op'],
    budget: number,
    unit: string,
    extra = true,
  ) => {
    const v = value ?? null;
    const ok = v !== null && extra && (op === '>=' ? v >= budget : op === '<=' ? v <= budget : v < budget);
    out.push({ name, dialect, value: v, op, budget: round(budget, 3), unit, pass: ok });
  };
  check(
    'auth.me req/s ÷ bare Fastify req/s (API overhead ≤ 3×)',
    run.http?.overheadRatio,
    '>=',
    BUDGET.overheadRatioMin,
    'ratio',
  );
  check(
    'server CPU per response, auth.me ÷ bare (same budget seen as work; robust to other load)',
    run.http?.cpuCostFactor,
    '<=',
    1 / BUDGET.overheadRatioMin,
    'ratio',
  );
  check('server RSS after /readyz', run.http?.server.rssAfterReadyMB, '<', BUDGET.idleRssMB, 'MB');
  check('server RSS idle after load', run.http?.server.rssIdleAfterLoadMB, '<', BUDGET.idleRssMB, 'MB');
  check(
    `audit chain verify, 2,000,000 events (${
      run.audit && run.audit.events >= 2_000_000
        ? 'measured at 2M'
        : `extrapolated from ${run.audit?.events.toLocaleString('en') ?? '—'}`
    }, wall; chain must verify)`,
    run.audit?.extrapolated2MSeconds,
    '<=',
    BUDGET.auditVerify2MSeconds,
    's',
    run.audit?.verifyOk === true,
  );
  return out;
}

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : v.toFixed(digits));
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function humanTable(runs: Record<string, DialectRun>, budgets: Budget[]): string {
  const names = Object.keys(runs);
  const rows: [string, ...string[]][] = [];
  const row = (label: string, f: (r: DialectRun) => string) => rows.push([label, ...names.map((n) => f(runs[n]!))]);
  row('bare Fastify GET / req/s', (r) => fmt(r.http?.bare.reqPerSec, 0));
  row('bare Fastify p95 ms', (r) => fmt(r.http?.bare.latencyMs.p95, 2));
  row('GET /api/auth/me req/s (2xx)', (r) => fmt(r.http?.authMe.okPerSec, 0));
  row('GET /api/auth/me p95 ms', (r) => fmt(r.http?.authMe.latencyMs.p95, 2));
  row('auth.me / bare (≥ 0.333)', (r) => fmt(r.http?.overheadRatio, 3));
  row('server CPU ms per response, bare', (r) => fmt(r.http?.bare.serverCpuMsPerResponse, 3));
  row('server CPU ms per response, auth.me', (r) => fmt(r.http?.authMe.serverCpuMsPerResponse, 3));
  row('CPU cost auth.me ÷ bare', (r) => fmt(r.http?.cpuCostFactor, 2));
  row('other work on the machine, cores', (r) =>
    r.http ? `${fmt(r.http.bare.otherCpuCores, 2)} / ${fmt(r.http.authMe.otherCpuCores, 2)}` : '—',
  );
  row('POST /api/auth/login 2xx/s (HTTP)', (r) => fmt(r.http?.loginHttp.okPerSec, 1));
  row('POST /api/auth/login p95 ms (HTTP)', (r) => fmt(r.http?.loginHttp.latency2xxMs.p95, 1));
  row('login() in-process mean ms', (r) => fmt(r.loginInProcess?.sequential.meanMs, 1));
  row('login() in-process p95 ms', (r) => fmt(r.loginInProcess?.sequential.p95Ms, 1));
  row('login() in-process logins/s (seq)', (r) => fmt(r.loginInProcess?.sequential.loginsPerSec, 1));
  row(`login() logins/s (${settings.loginConnections} concurrent)`, (r) =>
    fmt(r.loginInProcess?.concurrent.loginsPerSec, 1),
  );
  row('argon2id verify mean ms', (r) => fmt(r.loginInProcess?.argon2VerifyMeanMs, 1));
  row('server RSS after readyz MB', (r) => fmt(r.http?.server.rssAfterReadyMB));
  row('server RSS after auth.me load MB', (r) => fmt(r.http?.server.rssAfterAuthMeMB));
  row('server RSS after login load MB', (r) => fmt(r.http?.server.rssAfterLoginMB));
  row('server RSS idle after load MB', (r) => fmt(r.http?.server.rssIdleAfterLoadMB));
  row('audit verify events/s', (r) => fmt(r.audit?.verifyEventsPerSec, 0));
  row('audit verify 2M extrapolated s', (r) => fmt(r.audit?.extrapolated2MSeconds));
  row('audit verify wall s', (r) => fmt(r.audit?.verifySeconds, 2));
  row('audit verify CPU s (Node process, all threads)', (r) => fmt(r.audit?.verifyCpuSeconds, 2));
  row('audit verify CPU µs/event', (r) => fmt(r.audit?.verifyCpuMicrosPerEvent, 2));
  row('audit verify threads / load avg', (r) =>
    r.audit ? `${r.audit.verifyThreads} / ${fmt(r.audit.verifyLoadAverage, 1)}` : '—',
  );
  row('audit verify process peak RSS MB', (r) => fmt(r.audit?.verifyProcessPeakRssMB));
  row('audit load events/s', (r) => fmt(r.audit?.loadEventsPerSec, 0));
  row('intakes/s, 1 process', (r) => fmt(r.processes?.one.perSec, 1));
  row('intakes/s, 2 processes', (r) => fmt(r.processes?.two.perSec, 1));
  row('intake p95 ms, 1 / 2 processes', (r) =>
    r.processes ? `${fmt(r.processes.one.p95Ms, 0)} / ${fmt(r.processes.two.p95Ms, 0)}` : '—',
  );
  const w0 = Math.max(...rows.map((r) => r[0].length), 6);
  const lines = [`${pad('', w0)}  ${names.map((n) => lpad(n, 12)).join('  ')}`];
  for (const r of rows)
    lines.push(
      `${pad(r[0], w0)}  ${r
        .slice(1)
        .map((c) => lpad(c, 12))
        .join('  ')}`,
    );
  for (const [n, r] of Object.entries(runs)) {
    const c = r.cases;
    if (!c) continue;
    lines.push(
      '',
      `Case core [${n}], ${c.dataset.cases.toLocaleString('en')} cases (${c.connections} connections; ceiling = the service call in-process):`,
    );
    const w = Math.max(...c.queries.map((q) => q.name.length), 10);
    lines.push(
      `  ${pad('query', w)}  ${lpad('req/s', 7)}  ${lpad('p95 ms', 8)}  ${lpad('alone p95', 9)}  ${lpad('budget', 6)}`,
    );
    for (const q of c.queries)
      lines.push(
        `  ${pad(q.name, w)}  ${lpad(fmt(q.okPerSec, 0), 7)}  ${lpad(fmt(q.p95Ms, 1), 8)}  ${lpad(fmt(q.rawQuery?.p95Ms, 2), 9)}  ${lpad(String(q.budgetP95Ms), 6)}  ${q.pass ? 'PASS' : 'MISS'}`,
      );
    if (c.generator)
      lines.push(
        `  pulih demo: ${c.generator.wallSeconds} s (${c.generator.casesPerSecond} cases/s), peak RSS ${fmt(c.generator.peakRssMB, 0)} MB; ` +
          `database ${fmt(c.dataset.databaseMB, 0)} MB (${c.dataset.bytesPerCase} bytes per case)`,
      );
    if (c.soak)
      for (const o of c.soak.ops)
        lines.push(
          `  soak ${pad(o.op, 10)} ${lpad(String(o.count), 6)} ops  p95 ${lpad(fmt(o.p95Ms, 1), 7)} ms  alone ${lpad(fmt(o.unloadedP95Ms, 1), 6)} ms  ×${fmt(o.ratio, 2)}  errors ${o.errors}  ${o.pass ? 'PASS' : 'MISS'}`,
        );
    for (const l of c.soak?.longWork?.ops ?? [])
      lines.push(
        `  long ${pad(l.op, 10)} ${lpad(String(l.count), 6)} runs p50 ${lpad(fmt(l.p50Ms / 1000, 2), 6)} s  p95 ${lpad(fmt(l.p95Ms / 1000, 2), 6)} s  alone ${l.aloneMs === null ? '—' : `${fmt(l.aloneMs / 1000, 2)} s`}  errors ${l.errors}${l.skipped ? `  not started ${l.skipped}` : ''}`,
      );
    if (c.soak)
      lines.push(
        `  soak event-loop delay p99 ${fmt(c.soak.eventLoopDelayMs.p99, 1)} ms, max ${fmt(c.soak.eventLoopDelayMs.max, 1)} ms`,
      );
  }
  lines.push('', 'Budgets:');
  for (const b of budgets) {
    lines.push(
      `  ${b.pass ? 'PASS' : 'MISS'}  [${b.dialect}] ${b.name}: ${fmt(b.value, b.unit === 'ratio' ? 3 : 1)} ${b.op} ${b.budget} ${b.unit}`,
    );
  }
  for (const [n, r] of Object.entries(runs)) for (const e of r.errors) lines.push(`  ERROR [${n}] ${e.split('\n')[0]}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const started = performance.now();
  const machine = {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    totalMemMB: Math.round(totalmem() / 1024 / 1024),
    loadAvgAtStart: loadavg().map((v) => round(v, 2)),
  };
  log(
    `Pulih bench: ${dialects.join(', ')}; ${settings.seconds} s per load (+${settings.warmupSeconds} s warm-up); ${machine.cpus} CPUs, Node ${machine.node}`,
  );
  if (machine.loadAvgAtStart[0]! > machine.cpus * 0.5) {
    log(
      `  note: load average ${machine.loadAvgAtStart[0]} at start; other work on this machine will lower the figures`,
    );
  }

  const runs: Record<string, DialectRun> = {};
  let bare: Child | undefined;
  try {
    const barePort = await freePort();
    bare = startNode('bench/bare-server.ts', { BENCH_PORT: String(barePort) }, ROOT);
    const bareUrl = `http://127.0.0.1:${barePort}/`;
    await waitForOk(bareUrl, bare);

    for (const dialect of dialects) {
      if (interrupted) break;
      log(`\n[${dialect}]`);
      const run: DialectRun = { errors: [] };
      runs[dialect] = run;
      const step = async <T>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
        try {
          return await fn();
        } catch (error) {
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          run.errors.push(`${label}: ${message}`);
          log(`  ${label} FAILED: ${message}`);
          return undefined;
        }
      };
      run.loadAvgAtStart = loadavg().map((v) => round(v, 2));
      if (parts.has('http')) run.http = await step('http', () => benchHttp(dialect, bareUrl, bare!.pid));
      if (parts.has('login')) {
        log(
          `  login() in-process: ${settings.logins} sequential, then ${settings.logins} at concurrency ${settings.loginConnections}…`,
        );
        run.loginInProcess = await step('login', () => benchLogin(dialect, settings.logins, settings.loginConnections));
        const l = run.loginInProcess;
        if (l)
          log(
            `    mean ${l.sequential.meanMs} ms, p95 ${l.sequential.p95Ms} ms; argon2id alone ${l.argon2VerifyMeanMs} ms`,
          );
      }
      if (parts.has('audit'))
        run.audit = await step('audit', () => benchAudit(dialect, settings.auditEvents, ROOT, log));
      if (run.audit) {
        if (run.audit.verifyWindow)
          recordWindow(run.audit.verifyPid, `${dialect} audit verify`, run.audit.verifyWindow);
        log(
          `    verify ${run.audit.verifyOk ? 'ok' : 'FAILED'}: ${run.audit.verifyChecked} events in ${run.audit.verifySeconds} s ` +
            `(${run.audit.verifyEventsPerSec}/s, CPU ${run.audit.verifyCpuSeconds} s on ${run.audit.verifyThreads} threads, ` +
            `load ${run.audit.verifyLoadAverage}) → 2M in ${run.audit.extrapolated2MSeconds} s; peak RSS ${run.audit.verifyProcessPeakRssMB} MB`,
        );
      }
      if (parts.has('referrals'))
        run.referrals = await step('referrals', () => benchReferrals(dialect, referralsBenchOptions(ROOT, log)));
      if (parts.has('cases') || parts.has('soak')) {
        log('  case core (bench/cases-bench.ts)…');
        run.cases = await step('cases', () => benchCases(dialect, casesBenchOptions(ROOT, log, parts.has('soak'))));
      }
      if (parts.has('processes') && dialect === 'postgres') {
        run.processes = await step('processes', () =>
          benchProcesses(ROOT, log, {
            workers: Math.round(envNumber('PULIH_BENCH_INTAKE_WORKERS', 8, 1)),
            seconds: envNumber('PULIH_BENCH_INTAKE_SECONDS', 10, 1),
            warmupSeconds: settings.warmupSeconds,
          }),
        );
      }
      if (parts.has('web')) {
        log('  web: the case list over a throttled link (1.6 Mbit/s, 150 ms), before/after compression…');
        run.web = await step('web', () => benchWeb(dialect, ROOT, log));
      }
      if (parts.has('publication')) {
        const cases = envNumber('PULIH_BENCH_PUBLICATION_CASES', 100_000, 100);
        log(`  publication: ${cases} synthetic cases, CTDC release (k = 11) and aggregates…`);
        run.publication = await step('publication', () => benchPublication(dialect, cases, log));
        const p = run.publication;
        if (p)
          log(
            `    facts ${p.factsPerSec}/s; CTDC ${p.ctdcSeconds} s (${p.ctdcRowsPerSec} rows/s → 1M in ${p.ctdcExtrapolated1MSeconds} s), ` +
              `achieved k ${p.achievedK}, suppressed ${p.suppressedShare}, loss ${p.informationLoss}; ` +
              `aggregates ${p.aggregateSeconds} s; peak RSS ${p.peakRssMB} MB`,
          );
      }
      if (parts.has('indicators')) {
        const cases = envNumber('PULIH_BENCH_INDICATORS_CASES', 100_000, 100);
        log(`  indicators: ${cases} cases (shared dataset), refresh, 12 national indicators cold, drill-down pages…`);
        run.indicators = await step('indicators', () => benchIndicators(dialect, cases, log));
        const x = run.indicators;
        if (x)
          log(
            `    refresh ${x.refreshSeconds} s (${x.facts} facts; linkage ${x.refreshParts?.linkage} s, ` +
              `${x.linkageCandidates} candidate pairs scored, ${x.linkageNameLinks} name links; facts ${x.refreshParts?.facts} s; ` +
              `rollup ${x.refreshParts?.rollup} s; peak RSS ${x.refreshPeakRssMB} MB); 12 indicators cold ${x.coldMs} ms, warm ${x.warmMedianMs} ms; ` +
              `dashboard ${x.dashboardMs} ms; drill-down p50 ${x.drillP50Ms} ms, p95 ${x.drillP95Ms} ms ` +
              `(CPU per page p50 ${x.drillCpuP50Ms} ms, p95 ${x.drillCpuP95Ms} ms; waiting for a core p95 ${x.drillRunQueueP95Ms} ms)`,
          );
      }
      if (parts.has('exchange')) {
        const cases = envNumber('PULIH_BENCH_EXCHANGE_CASES', 100_000, 100);
        log(`  exchange: ${cases} synthetic cases with statistics consents, HTCDS export (CSV, JSON)…`);
        run.exchange = await step('exchange', () => benchExchange(dialect, cases, log));
        const x = run.exchange;
        if (x)
          log(
            `    CSV ${x.csvRecords} records in ${x.csvSeconds} s (${x.csvRecordsPerSec}/s wall, ${x.csvRecordsPerCpuSec}/CPU-s, ${x.csvMB} MB), ` +
              `its process's RSS ${x.rssBeforeMB} MB before, ${x.rssByQuarterMB.join(' / ')} MB by quarter, peak ${x.csvPeakRssMB} MB; ` +
              `JSON ${x.jsonRecordsPerSec}/s (${x.jsonRecordsPerCpuSec}/CPU-s), RSS ${x.jsonRssBeforeMB} MB before, ` +
              `${x.jsonRssByQuarterMB.join(' / ')} MB by quarter, peak ${x.jsonPeakRssMB} MB (${x.peakRssMethod}; node ${x.nodeFlags.join(' ')})`,
          );
      }
      if (parts.has('legal')) {
        const cases = envNumber('PULIH_BENCH_LEGAL_CASES', 100_000, 100);
        log(
          `  legal: ${cases} synthetic cases, ${Math.floor(cases / 10)} proceedings, due list and a case's proceedings…`,
        );
        run.legal = await step('legal', () => benchLegal(dialect, cases, log));
        const l = run.legal;
        if (l)
          log(
            `    due list p95: prosecutor ${l.prosecutorDueP95Ms} ms, supervisor ${l.supervisorDueP95Ms} ms, LPSK ${l.lpskDueP95Ms} ms; ` +
              `case's proceedings p95 ${l.caseProceedingsP95Ms} ms (${l.pendingSteps} pending steps, ${l.openMeasures} open measures); ` +
              `CPU per call ${l.cpuMsPerCall.join(' / ')} ms`,
          );
      }
      if (parts.has('tips')) {
        log('  tips: public portal flood from one address vs the staff triage queue…');
        run.tips = await step('tips', () => benchTips(dialect, ROOT, log));
        const t = run.tips;
        if (t)
          log(
            `    ${t.throttled}/${t.flood} refused with 429 in ${t.floodSeconds} s (${t.floodRequestsPerSec}/s); staff p95 ` +
              `${t.staffUnloaded.p95Ms} ms alone, ${t.staffLoaded.p95Ms} ms during the flood (×${t.staffRatio}); ` +
              `portal JS ${t.portalJsGzipKB ?? '?'} KB gzip`,
          );
      }
    }
  } finally {
    await bare?.stop();
    await cleanupAll();
  }

  const budgets = Object.entries(runs).flatMap(([d, r]) => [
    // Only the parts that ran: a part left out is not a miss.
    ...budgetsOf(d as DialectName, r).filter((b) =>
      b.name.startsWith('audit') ? parts.has('audit') : parts.has('http'),
    ),
    ...(parts.has('referrals') ? referralBudgets(d as DialectName, r.referrals) : []),
    ...(parts.has('cases') || parts.has('soak') ? casesBudgets(d as DialectName, r.cases) : []),
    ...(parts.has('publication') ? publicationBudgets(d as DialectName, r.publication) : []),
    ...(parts.has('legal') ? legalBudgets(d as DialectName, r.legal) : []),
    ...(parts.has('exchange') ? exchangeBudgets(d as DialectName, r.exchange) : []),
    ...(parts.has('web') ? webBudgets(d as DialectName, r.web) : []),
    ...(parts.has('processes') && d === 'postgres' ? processesBudgets(r.processes) : []),
    ...(parts.has('tips') ? tipsBudgets(d as DialectName, r.tips) : []),
    ...(parts.has('indicators') ? indicatorsBudgets(d as DialectName, r.indicators) : []),
  ]);
  const doc = {
    machine,
    settings,
    totalSeconds: round((performance.now() - started) / 1000, 1),
    runs,
    budgets,
  };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  log(`\n${humanTable(runs, budgets)}`);
  log(`\n${budgets.filter((b) => b.pass).length}/${budgets.length} budgets pass; total ${doc.totalSeconds} s`);
  return Object.values(runs).some((r) => r.errors.length > 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(interrupted ? 130 : code),
  async (error) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanupAll();
    process.exit(1);
  },
);
