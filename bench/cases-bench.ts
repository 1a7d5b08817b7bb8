import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DEMO_PASSWORD } from '../src/cli/demo-seed.js';
import type { Context, Services } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import {
  type CaseDataset,
  datasetDatabaseName,
  ensureCaseDataset,
  type GeneratorFigures,
  sizeMB as sizeMBOf,
} from './dataset.js';
import { BENCH_AUTH_ENV } from './db.js';
import { addStatisticsConsents, CONSENTS_EXTENSION } from './exchange-bench.js';
import { type LoadResult, runLoad } from './load.js';
import { type Child, freePort, rssMB, SERVE_NODE_FLAGS, startNode, waitForOk } from './proc.js';
import { type LongWork, runSoak, type SoakResult, soakOptions } from './soak.js';
import { round, summarise } from './stats.js';

export type { GeneratorFigures };

/*
 * Issue 8's bench: the case core at national scale, on a dataset made by `pulih demo` itself.
 *   - The dataset: the demo agencies and users (`serve --demo` without cases), then `pulih demo --cases N`
 *     run as its own process under `nice -n 10` (N = 100,000; PULIH_BENCH_CASES=1000000 for the national
 *     figure): its rate, peak resident memory (VmHWM, polled) and the database size per case are figures of
 *     their own. One case of the busiest case worker gets 200 timeline entries (a long-running case).
 *     The dataset is the shared one of bench/dataset.ts ($TMPDIR/pulih-bench-data/<dialect>-<cases>, PostgreSQL
 *     database pulih_bench_<cases>), reused while its manifest matches; PULIH_BENCH_CASES_FRESH=1 rebuilds.
 *   - The load: a real server (child process), logged in as the case worker with the most cases of the agency
 *     with the most cases (own scope) and as a supervisor of that agency (agency scope). Each typical query
 *     alone under autocannon (4 connections, 1 + 5 s): cases.list (first page, my cases, late services, stage,
 *     child cases, exploitation type, region, case-number lookup by the sequence number alone and in full,
 *     name search through vault tokens, a page 20 cursors deep), cases.get, cases.timeline (200 entries),
 *     persons.duplicates.check by a common name (Siti, Muhammad, Nur, Sri Rahayu) with birth year, sex and
 *     origin, by NIK, by phone. Budgets (DESIGN §6): list p95 ≤ 50 ms, case file ≤ 20 ms, timeline ≤ 50 ms,
 *     duplicate check ≤ 100 ms. The ceiling of each: the same service call in-process, sequential.
 *   - PULIH_TOTP_REQUIRED_ROLES=sysadmin on the bench's server, so the supervisor logs in without an
 *     authenticator, and the duplicate-check limits raised (the login path and the limiter are not what is
 *     measured here).
 *
 * Environment: PULIH_BENCH_CASES (100000), PULIH_BENCH_CASES_FRESH, PULIH_BENCH_QUERY_CONNECTIONS (4),
 * PULIH_BENCH_QUERY_SECONDS (5), PULIH_BENCH_CASES_GROUPS (list,get,timeline,duplicates,home: only some query groups,
 * e.g. `home` for the home page alone).
 */

export const BUDGET = { listP95Ms: 50, getP95Ms: 20, timelineP95Ms: 50, duplicateP95Ms: 100, generatorPeakMB: 500 };
const TIMELINE_EVENTS = 200;

export interface CasesBenchOptions {
  cases: number;
  fresh: boolean;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  root: string;
  log: (line: string) => void;
  /** Run the mixed-workload soak (bench/soak.ts) after the query loads. */
  soak: boolean;
}

export function casesBenchOptions(root: string, log: (line: string) => void, soak = false): CasesBenchOptions {
  const num = (name: string, fallback: number) => {
    const raw = process.env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < 1) throw new Error(`${name} must be a number ≥ 1 (got "${raw}")`);
    return Math.round(n);
  };
  return {
    cases: num('PULIH_BENCH_CASES', 100_000),
    fresh: process.env.PULIH_BENCH_CASES_FRESH === '1',
    connections: num('PULIH_BENCH_QUERY_CONNECTIONS', 4),
    seconds: num('PULIH_BENCH_QUERY_SECONDS', 5),
    warmupSeconds: 1,
    root,
    log,
    soak,
  };
}

export interface CaseQueryFigures {
  group: 'list' | 'get' | 'timeline' | 'duplicates' | 'home';
  name: string;
  method: 'GET' | 'POST';
  path: string;
  okPerSec: number;
  statusCodes: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Items on the page (or matches) in the answer checked before the load. */
  items: number;
  /** The same service call in-process, sequential (the ceiling). */
  rawQuery: { p50Ms: number; p95Ms: number } | null;
  serverCpuMsPerResponse: number | null;
  otherCpuCores: number | null;
  budgetP95Ms: number;
  pass: boolean;
}

export interface CasesBenchResult {
  dataset: {
    cases: number;
    persons: number;
    reused: boolean;
    databaseMB: number | null;
    bytesPerCase: number | null;
    busiestAgency: { name: string; cases: number };
    caseWorker: { username: string; cases: number };
    supervisor: string;
    commonNames: Record<string, number>;
  };
  generator: GeneratorFigures | null;
  connections: number;
  secondsPerQuery: number;
  queries: CaseQueryFigures[];
  server: { rssAfterLoadMB: number | null };
  soak: SoakResult | null;
  pass: boolean;
}

/* ---------- the dataset (bench/dataset.ts) ---------- */

/** The bench's own settings on the shared dataset's server. */
const SERVER_ENV = {
  ...BENCH_AUTH_ENV,
  // The check's latency is measured here, not its limiter (30 an hour per user by default): the loads
  // and the soak's intakes run far more checks from one session than a case worker could.
  PULIH_DUPLICATE_CHECKS_PER_USER_HOUR: '100000',
  PULIH_DUPLICATE_CHECKS_PER_AGENCY_HOUR: '1000000',
};

async function countOf(s: Services, q: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> {
  return Number((await q.execute(s.database.db)).rows[0]?.n ?? 0);
}

/** Adds timeline entries to one case so that it has `TIMELINE_EVENTS` (a long-running case). */
async function lengthenTimeline(s: Services, caseId: string, actorId: string): Promise<void> {
  const db = s.database.db;
  const have = await countOf(s, sql`select count(*) as n from case_timeline where case_id = ${caseId}`);
  const start = Date.now() - 200 * 86_400_000;
  for (let i = have; i < TIMELINE_EVENTS; i++) {
    const at = new Date(start + i * 86_400_000).toISOString();
    await sql`insert into case_timeline (id, case_id, at, actor_user_id, actor_username, kind, params)
      values (${uuidv7({ msecs: start + i * 86_400_000 })}, ${caseId}, ${at}, ${actorId}, ${'bench'}, ${'note.created'},
        ${s.database.adapter.toJson({ noteId: uuidv7(), sensitivity: 'normal' })})`.execute(db);
  }
}

/* ---------- who and what to ask for ---------- */

interface Facts {
  cases: number;
  persons: number;
  agency: { id: string; name: string; cases: number };
  worker: { id: string; username: string; cases: number };
  supervisor: { id: string; username: string };
  longCaseId: string;
  someCaseId: string;
  seqLookup: string;
  fullLookup: string;
  commonNames: Record<string, number>;
}

async function datasetFacts(s: Services): Promise<Omit<Facts, 'commonNames'>> {
  const db = s.database.db;
  const agency = (
    await sql<{ id: string; name: string; n: number }>`
      select a.id, a.name, count(*) as n from cases c join agencies a on a.id = c.lead_agency_id
      group by a.id, a.name order by count(*) desc limit 1`.execute(db)
  ).rows[0]!;
  const worker = (
    await sql<{ id: string; username: string; n: number }>`
      select u.id, u.username, count(*) as n from case_members m join users u on u.id = m.user_id
      join user_roles r on r.user_id = u.id and r.role_key = 'case_worker'
      where u.agency_id = ${agency.id} group by u.id, u.username order by count(*) desc limit 1`.execute(db)
  ).rows[0]!;
  const supervisor = (
    await sql<{ id: string; username: string }>`
      select u.id, u.username from users u join user_roles r on r.user_id = u.id and r.role_key = 'supervisor'
      where u.agency_id = ${agency.id} order by u.username limit 1`.execute(db)
  ).rows[0]!;
  const mine = (
    await sql<{ id: string; case_number: string }>`
      select c.id, c.case_number from cases c join case_members m on m.case_id = c.id and m.user_id = ${worker.id}
      where c.stage <> 'closed' order by c.id desc limit 2`.execute(db)
  ).rows;
  return {
    cases: await countOf(s, sql`select count(*) as n from cases`),
    persons: await countOf(s, sql`select count(*) as n from persons`),
    agency: { id: agency.id, name: agency.name, cases: Number(agency.n) },
    worker: { id: worker.id, username: worker.username, cases: Number(worker.n) },
    supervisor,
    longCaseId: mine[0]!.id,
    someCaseId: mine[1]!.id,
    fullLookup: mine[1]!.case_number,
    seqLookup: String(Number(mine[1]!.case_number.split('/').at(-1))),
  };
}

/** How many persons carry each common name part, counted through the name tokens (the vault stays shut). */
async function commonNameCounts(s: Services): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const { nameTokens } = await import('../src/modules/persons/index.js');
  for (const name of ['Siti', 'Muhammad', 'Nur', 'Sri']) {
    const token = s.keyring.blindIndex('name', `c:${nameTokens(name).canonical[0]}`);
    out[name] = await countOf(s, sql`select count(*) as n from person_name_tokens where token = ${token}`);
  }
  return out;
}

/* ---------- HTTP ---------- */

interface Session {
  cookie: string;
  csrf: string;
}

async function loginAs(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { stage?: string };
  if (res.status !== 200 || body.stage !== 'active')
    throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  const pairs = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='));
  const csrf = pairs.find((c) => c.startsWith('pulih_csrf='))?.slice('pulih_csrf='.length) ?? '';
  return { cookie: pairs.join('; '), csrf };
}

interface Variant {
  group: CaseQueryFigures['group'];
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  session: Session;
  budget: number;
  /** The service call alone, in-process (the ceiling). */
  raw?: (s: Services) => Promise<unknown>;
}

async function callOnce(base: string, v: Variant): Promise<number> {
  const res = await fetch(`${base}${v.path}`, {
    method: v.method,
    headers: {
      cookie: v.session.cookie,
      ...(v.method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': v.session.csrf } : {}),
    },
    ...(v.body !== undefined ? { body: JSON.stringify(v.body) } : {}),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${v.method} ${v.path}: ${res.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { items?: unknown[]; matches?: unknown[] };
  return (json.items ?? json.matches ?? [json]).length;
}

async function rawTimes(fn: () => Promise<unknown>, n = 60): Promise<{ p50Ms: number; p95Ms: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const s = summarise(times);
  return { p50Ms: round(s.p50, 3), p95Ms: round(s.p95, 3) };
}

function figures(v: Variant, load: LoadResult, items: number): CaseQueryFigures {
  const ok = load.okPerSec >= load.reqPerSec * 0.99 && load.errors === 0;
  return {
    group: v.group,
    name: v.name,
    method: v.method,
    path: v.path,
    okPerSec: load.okPerSec,
    statusCodes: load.statusCodes,
    p50Ms: load.latencyMs.p50,
    p95Ms: load.latencyMs.p95,
    p99Ms: load.latencyMs.p99,
    items,
    rawQuery: null,
    serverCpuMsPerResponse: load.serverCpuMsPerResponse,
    otherCpuCores: load.otherCpuCores,
    budgetP95Ms: v.budget,
    pass: ok && load.latencyMs.p95 <= v.budget,
  };
}

/** The typical queries, as the two users ask them. */
function variants(f: Facts, worker: Session, supervisor: Session, deepCursor: string | null): Variant[] {
  const list = (name: string, query: string, session: Session): Variant => ({
    group: 'list',
    name,
    method: 'GET',
    path: `/api/cases${query ? `?${query}` : ''}`,
    session,
    budget: BUDGET.listP95Ms,
  });
  // A name search goes in a body (POST /api/cases/search, cases.search): names never travel in a URL.
  const byName = (name: string, fullName: string, session: Session): Variant => ({
    group: 'list',
    name,
    method: 'POST',
    path: '/api/cases/search',
    body: { name: fullName },
    session,
    budget: BUDGET.listP95Ms,
  });
  const out: Variant[] = [];
  for (const [who, session] of [
    ['case worker', worker],
    ['supervisor', supervisor],
  ] as const) {
    out.push(
      list(`${who}: first page`, '', session),
      list(`${who}: my cases`, 'assignedToMe=true', session),
      list(`${who}: late services`, 'late=true', session),
      list(`${who}: stage protection`, 'stage=protection', session),
      list(`${who}: child cases`, 'child=true', session),
      list(`${who}: exploitation ForcedLabour`, 'exploitationType=ForcedLabour', session),
      list(`${who}: region Kab. Kupang`, 'regionCode=53.01', session),
      list(`${who}: case number ${f.seqLookup} (sequence alone)`, `caseNumber=${f.seqLookup}`, session),
      list(`${who}: case number in full`, `caseNumber=${encodeURIComponent(f.fullLookup)}`, session),
      byName(`${who}: name "Siti"`, 'Siti', session),
      byName(`${who}: name "Sri Rahayu"`, 'Sri Rahayu', session),
    );
  }
  if (deepCursor) out.push(list('supervisor: page 21 (cursor)', `cursor=${deepCursor}`, supervisor));
  // The home page ("Tugas hari ini", issue 12): all of a role's counts and first items in one request, within the
  // list budget.
  for (const [who, session] of [
    ['case worker', worker],
    ['supervisor', supervisor],
  ] as const)
    out.push({
      group: 'home',
      name: `${who}: home page (workspace.today)`,
      method: 'GET',
      path: '/api/workspace/today',
      session,
      budget: BUDGET.listP95Ms,
    });
  out.push(
    {
      group: 'get',
      name: 'case file (cases.get)',
      method: 'GET',
      path: `/api/cases/${f.someCaseId}`,
      session: worker,
      budget: BUDGET.getP95Ms,
    },
    {
      group: 'timeline',
      name: `timeline, ${TIMELINE_EVENTS} entries (first 100)`,
      method: 'GET',
      path: `/api/cases/${f.longCaseId}/timeline`,
      session: worker,
      budget: BUDGET.timelineP95Ms,
    },
    {
      group: 'timeline',
      name: `timeline, ${TIMELINE_EVENTS} entries (limit 200)`,
      method: 'GET',
      path: `/api/cases/${f.longCaseId}/timeline?limit=200`,
      session: worker,
      budget: BUDGET.timelineP95Ms,
    },
  );
  const dup = (name: string, body: Record<string, unknown>): Variant => ({
    group: 'duplicates',
    name,
    method: 'POST',
    path: '/api/persons/duplicates/check',
    body,
    session: worker,
    budget: BUDGET.duplicateP95Ms,
  });
  out.push(
    dup('duplicates: "Siti" 1998, woman, Kab. Kupang', {
      fullName: 'Siti',
      birthYear: 1998,
      sex: 'Feminine',
      regionCode: '53.01',
    }),
    dup('duplicates: "Siti Aminah" 1997, woman, NTB', {
      fullName: 'Siti Aminah',
      birthYear: 1997,
      sex: 'Feminine',
      regionCode: '52.03',
    }),
    dup('duplicates: "Muhammad Rizal" 1995, man, East Java', {
      fullName: 'Muhammad Rizal',
      birthYear: 1995,
      sex: 'Masculine',
      regionCode: '35.07',
    }),
    dup('duplicates: "Nur Hidayah" 2000, woman', { fullName: 'Nur Hidayah', birthYear: 2000, sex: 'Feminine' }),
    dup('duplicates: "Sri Rahayu" 1996, woman, Central Java', {
      fullName: 'Sri Rahayu',
      birthYear: 1996,
      sex: 'Feminine',
      regionCode: '33.01',
    }),
    dup('duplicates: "Sri Rahayu", no birth year', { fullName: 'Sri Rahayu', sex: 'Feminine' }),
    dup('duplicates: rare name "Soak Kandidat" 2000', { fullName: 'Soak Kandidat', birthYear: 2000 }),
    dup('duplicates: NIK', { nik: '5371014709990003' }),
    dup('duplicates: phone', { phones: ['0812-3456-7890'] }),
  );
  return out;
}

/** The service calls behind each variant, in-process (the server stopped): the ceiling. */
async function rawCeilings(data: CaseDataset, f: Facts, list: Variant[], figs: CaseQueryFigures[]): Promise<void> {
  const { listCases, getCase, listTimeline } = await import('../src/modules/cases/cases.read.js');
  const { checkDuplicates } = await import('../src/modules/persons/index.js');
  const { caseListQuery } = await import('../src/modules/cases/cases.schema.js');
  // The server's limits: the duplicate check's limiter counts the checks the loads just made as this user.
  const s = await data.open(SERVER_ENV);
  try {
    const contexts = new Map<Session, Context>();
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!;
      let ctx = contexts.get(v.session);
      if (!ctx) {
        ctx = await sessionContext(s, v.session);
        contexts.set(v.session, ctx);
      }
      const url = new URL(`http://x${v.path}`);
      let fn: () => Promise<unknown>;
      if (v.group === 'list') {
        const q = caseListQuery.parse(v.body ?? Object.fromEntries(url.searchParams));
        fn = () => listCases(ctx, q);
      } else if (v.group === 'get') fn = () => getCase(ctx, f.someCaseId);
      else if (v.group === 'timeline')
        fn = () => listTimeline(ctx, f.longCaseId, undefined, Number(url.searchParams.get('limit') ?? 100));
      else if (v.group === 'duplicates') fn = () => checkDuplicates(ctx, v.body as never);
      else continue; // the home page has no single service call to time

      figs[i]!.rawQuery = await rawTimes(fn, v.group === 'duplicates' ? 30 : 60);
    }
  } finally {
    await s.database.close();
  }
}

/** A request context for a logged-in session, as the auth hook builds it (the server's own session row). */
async function sessionContext(s: Services, session: Session): Promise<Context> {
  const { resolveSession } = await import('../src/modules/users/index.js');
  const raw = session.cookie
    .split('; ')
    .find((c) => c.startsWith('pulih_session='))
    ?.slice('pulih_session='.length);
  const resolved = raw ? await resolveSession(s, decodeURIComponent(raw)) : null;
  if (!resolved || resolved === 'expired') throw new Error('bench session did not resolve in-process');
  return { ...s, actor: resolved.actor, locale: 'en', ip: '127.0.0.1', requestId: 'bench' };
}

/* ---------- the soak's long work (bench/soak.ts, LongWork) ---------- */

/** The province the partner system exports (NTT: the dataset's commonest origin) and the year: the last full one. */
const PARTNER_PROVINCE = '53';

interface PartnerFacts {
  token: string;
  regionCode: string;
  year: number;
  agencies: number;
}

/**
 * A partner system as an administrator sets it up (users/service-accounts): a service account allowed
 * exchange.htcds.export for the agencies that hold the province's cases (at most 100, the most cases first), and
 * an API token. Made in-process before the server starts (the administrator's login needs an authenticator on the
 * bench's server); a new account each run.
 */
async function partnerAccount(s: Services): Promise<PartnerFacts> {
  const { createServiceAccount, createToken } = await import('../src/modules/users/service-accounts.service.js');
  const { allPermissions } = await import('../src/modules/users/index.js');
  const { operatorContext } = await import('../src/platform/context.js');
  const ctx = operatorContext(s, 'bench', allPermissions());
  const agencies = (
    await sql<{ id: string }>`
      select lead_agency_id as id from cases where region_code >= ${PARTNER_PROVINCE} and region_code < ${String(Number(PARTNER_PROVINCE) + 1)}
      group by lead_agency_id order by count(*) desc limit 100`.execute(s.database.db)
  ).rows.map((r) => r.id);
  if (agencies.length === 0) throw new Error(`no cases in province ${PARTNER_PROVINCE} for the partner's export`);
  const account = await createServiceAccount(ctx, {
    name: `Bench partner ${new Date().toISOString()}`,
    agencyId: agencies[0]!,
    operations: ['exchange.htcds.export'],
    agencyIds: agencies,
  });
  const { token } = await createToken(ctx, account.id, { label: 'soak', expiresInDays: 1 });
  return { token, regionCode: PARTNER_PROVINCE, year: new Date().getUTCFullYear() - 1, agencies: agencies.length };
}

/** Whether the indicator facts have a complete generation, read by a connection of the bench's own (read only). */
function indicatorGenerations(data: CaseDataset): { ready: () => Promise<boolean>; close: () => Promise<void> } {
  const query = `select count(*) as n from indicator_refreshes where status = 'complete'`;
  if (data.dialect === 'sqlite') {
    const db = new Sqlite(data.url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    const stmt = db.prepare(query);
    return {
      ready: async () => Number((stmt.get() as { n: number }).n) > 0,
      close: async () => {
        db.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: data.url, max: 1 });
  return {
    ready: async () => Number((await pool.query<{ n: string }>(query)).rows[0]?.n ?? 0) > 0,
    close: () => pool.end(),
  };
}

export async function benchCases(dialect: DialectName, opts: CasesBenchOptions): Promise<CasesBenchResult> {
  const data = await ensureCaseDataset(dialect, opts.cases, { log: opts.log, fresh: opts.fresh });
  const soakOpts = opts.soak ? { ...soakOptions(opts.log) } : null;
  const longWork = soakOpts !== null && soakOpts.longUsers > 0;
  // The partner's export takes cases with a statistics consent: the exchange part's extension (every case one).
  if (longWork)
    await data.extend(CONSENTS_EXTENSION, async (s) => {
      opts.log(`    ${await addStatisticsConsents(s)} statistics consents added (the soak's HTCDS export)`);
    });
  const { reused, generator } = data;
  if (reused)
    opts.log(`    reusing the dataset in ${dialect === 'sqlite' ? data.dir : datasetDatabaseName(opts.cases)}`);
  const s = await data.open();
  let facts: Facts;
  let sizeMB: number | null;
  let partner: PartnerFacts | undefined;
  try {
    if (longWork) partner = await partnerAccount(s);
    const base = await datasetFacts(s);
    await lengthenTimeline(s, base.longCaseId, base.worker.id);
    facts = { ...base, commonNames: await commonNameCounts(s) };
    sizeMB = await sizeMBOf(s, dialect, data.dir);
  } finally {
    await s.database.close();
  }
  opts.log(
    `    ${facts.cases.toLocaleString('en')} cases; busiest agency ${facts.agency.name} (${facts.agency.cases.toLocaleString('en')}), ` +
      `${facts.worker.username} on ${facts.worker.cases.toLocaleString('en')}; persons named Siti ${facts.commonNames.Siti}, ` +
      `Muhammad ${facts.commonNames.Muhammad}, Nur ${facts.commonNames.Nur}, Sri ${facts.commonNames.Sri}; ${sizeMB} MB`,
  );

  let server: Child | undefined;
  try {
    const port = await freePort();
    server = startNode(
      'src/cli/main.ts',
      { ...data.env, ...SERVER_ENV, PULIH_PORT: String(port), PULIH_HOST: '127.0.0.1' },
      opts.root,
      ['serve'],
      SERVE_NODE_FLAGS,
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForOk(`${base}/readyz`, server, 600_000);
    const worker = await loginAs(base, facts.worker.username);
    const supervisor = await loginAs(base, facts.supervisor.username);
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${base}/api/cases${cursor ? `?cursor=${cursor}` : ''}`, {
        headers: { cookie: supervisor.cookie },
      });
      const page = (await res.json()) as { nextCursor: string | null };
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const groups = process.env.PULIH_BENCH_CASES_GROUPS?.split(',').map((g) => g.trim());
    const list = variants(facts, worker, supervisor, cursor).filter((v) => !groups || groups.includes(v.group));
    const figs: CaseQueryFigures[] = [];
    opts.log(
      `  case core as ${facts.worker.username} and ${facts.supervisor.username}, ${opts.connections} connections:`,
    );
    for (const v of list) {
      const items = await callOnce(base, v);
      const load = await runLoad({
        url: `${base}${v.path}`,
        method: v.method,
        headers: {
          cookie: v.session.cookie,
          ...(v.method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': v.session.csrf } : {}),
        },
        ...(v.body !== undefined ? { body: JSON.stringify(v.body) } : {}),
        connections: opts.connections,
        seconds: opts.seconds,
        warmupSeconds: opts.warmupSeconds,
        serverPid: server.pid,
      });
      const f = figures(v, load, items);
      figs.push(f);
      opts.log(
        `    ${f.pass ? 'PASS' : 'MISS'} ${v.name}: ${f.okPerSec} req/s, p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms (${items} items)`,
      );
      if (load.okPerSec < load.reqPerSec * 0.99) opts.log(`      non-2xx: ${JSON.stringify(load.statusCodes)}`);
    }
    let soak: SoakResult | null = null;
    if (opts.soak) {
      opts.log('  mixed-workload soak (bench/soak.ts):');
      // The cases each user opens at first: the case worker's open cases, the supervisor's agency's first page.
      const listed = async (query: string, session: Session) =>
        (
          (await (await fetch(`${base}/api/cases?${query}`, { headers: { cookie: session.cookie } })).json()) as {
            items: { id: string }[];
          }
        ).items.map((c) => c.id);
      let long: LongWork | undefined;
      const generations = longWork ? indicatorGenerations(data) : undefined;
      if (partner && generations) {
        long = {
          partner,
          dpo: { ...(await loginAs(base, 'dpo')), caseIds: [], writes: false },
          analyst: { ...(await loginAs(base, 'analyst.national')), caseIds: [], writes: false },
          reportYear: partner.year,
          indicatorsReady: generations.ready,
        };
        opts.log(
          `    long work: HTCDS export of province ${partner.regionCode}, ${partner.year} (${partner.agencies} agencies, ` +
            `partner token), CTDC release (dpo), annual report ${partner.year} (analyst.national); ` +
            `indicator facts ${(await generations.ready()) ? 'ready' : 'not ready yet (reports wait for them)'}`,
        );
      }
      try {
        soak = await runSoak(
          base,
          [
            { ...worker, caseIds: await listed('assignedToMe=true&open=true&limit=100', worker), writes: true },
            { ...supervisor, caseIds: await listed('open=true&limit=100', supervisor), writes: false },
          ],
          facts.someCaseId,
          { ...soakOpts!, serverPid: server.pid },
          long,
        );
      } finally {
        await generations?.close();
      }
    }
    const rss = rssMB(server.pid);
    if (server.exited()) throw new Error(`server exited during the bench:\n${server.tail()}`);
    await server.stop();
    server = undefined;
    await rawCeilings(data, facts, list, figs);
    const persons = facts.persons;
    return {
      dataset: {
        cases: facts.cases,
        persons,
        reused,
        databaseMB: sizeMB,
        bytesPerCase: sizeMB === null ? null : Math.round((sizeMB * 1024 * 1024) / facts.cases),
        busiestAgency: { name: facts.agency.name, cases: facts.agency.cases },
        caseWorker: { username: facts.worker.username, cases: facts.worker.cases },
        supervisor: facts.supervisor.username,
        commonNames: facts.commonNames,
      },
      generator,
      connections: opts.connections,
      secondsPerQuery: opts.seconds,
      queries: figs,
      server: { rssAfterLoadMB: rss },
      soak,
      pass: figs.every((f) => f.pass) && (soak?.pass ?? true),
    };
  } finally {
    await server?.stop();
  }
}

/** Budget lines in bench/run.ts's shape: the worst p95 of each group, and the generator's peak memory. */
export function casesBudgets(dialect: DialectName, r: CasesBenchResult | undefined) {
  const line = (name: string, group: CaseQueryFigures['group'], budget: number) => {
    const figs = (r?.queries ?? []).filter((q) => q.group === group);
    const value = figs.length ? Math.max(...figs.map((f) => f.p95Ms)) : null;
    return {
      name,
      dialect,
      value,
      op: '<=' as const,
      budget,
      unit: 'ms',
      pass: value !== null && figs.every((f) => f.pass),
    };
  };
  const n = r ? r.dataset.cases.toLocaleString('en') : '?';
  return [
    line(`cases.list p95, worst typical query (${n} cases)`, 'list', BUDGET.listP95Ms),
    line('cases.get (case file) p95', 'get', BUDGET.getP95Ms),
    line(`cases.timeline p95 (${TIMELINE_EVENTS} entries)`, 'timeline', BUDGET.timelineP95Ms),
    line('persons.duplicates.check p95, worst (common names, NIK, phone)', 'duplicates', BUDGET.duplicateP95Ms),
    line(`workspace.today (home page) p95, worst role (${n} cases)`, 'home', BUDGET.listP95Ms),
    {
      name: 'pulih demo peak RSS',
      dialect,
      value: r?.generator?.peakRssMB ?? null,
      op: '<=' as const,
      budget: BUDGET.generatorPeakMB,
      unit: 'MB',
      pass: (r?.generator?.peakRssMB ?? Number.POSITIVE_INFINITY) <= BUDGET.generatorPeakMB,
    },
    ...(r?.soak
      ? [
          {
            name: `soak: errors (${r.soak.users} users, ${r.soak.seconds} s)`,
            dialect,
            value: r.soak.errors,
            op: '<=' as const,
            budget: 0,
            unit: 'errors',
            pass: r.soak.errors === 0,
          },
          {
            name: 'soak: worst p95 under load ÷ p95 alone',
            dialect,
            value: Math.max(...r.soak.ops.map((o) => o.ratio)),
            op: '<=' as const,
            budget: 2,
            unit: 'ratio',
            pass: r.soak.ops.every((o) => o.pass),
          },
        ]
      : []),
  ];
}
