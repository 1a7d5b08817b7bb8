import { randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { DAY, Rng, withRelaxedSync } from '../src/cli/demo-cases.js';
import { DEMO_PASSWORD, seedDemo } from '../src/cli/demo-seed.js';
import { caseStages } from '../src/modules/cases/index.js';
import { listRegions, type Region } from '../src/modules/reference/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { loadConfig } from '../src/platform/config.js';
import { type Context, operatorContext, type Services, type Tx, transact } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { createServices } from '../src/server.js';
import { PG_ADMIN_URL } from './db.js';
import { type LoadResult, runLoad } from './load.js';
import { type Child, freePort, rssMB, startNode, waitForOk } from './proc.js';
import { round, summarise } from './stats.js';

/*
 * Issue 4's bench: the referral inbox (referrals.inbox) and the directory search (directory.search) at
 * 100,000 cases and 300,000 referrals, on a dataset of its own:
 *   - the demo agencies and users (`serve --demo`), plus agencies up to a 50-agency referral network (NGO
 *     shelters, UPTD PPA, hospitals, police, IOM …) and a national service directory of 500 agencies;
 *   - 100,000 cases with their persons (identity encrypted), 300,000 referrals spread over the network with a
 *     few shelters receiving most, each with its consent, service requests and referral services, statuses
 *     and urgencies by age; shared views encrypted with the server's key ring (the inbox decrypts them).
 * Rows go in with multi-row INSERTs (SQLite) or json_populate_recordset (PostgreSQL), 2,000 cases per
 * transaction; nothing is held beyond one batch. The database persists between runs under
 * $TMPDIR/pulih-bench-referrals (SQLite file, master keys, manifest) and as PostgreSQL database
 * pulih_bench_referrals: a rerun whose manifest matches reuses it, PULIH_BENCH_REFERRALS_FRESH=1 rebuilds.
 *
 * Then a real server (child process) on that database, logged in over HTTP as the staff of the busiest
 * recipient (Rumah Aman Kupang, an NGO shelter: `provider.shelter`, referrals.receive) and as a case worker
 * (`caseworker.ntt`) for the directory, under autocannon, each typical query on its own, p95 budget 50 ms.
 * Four connections without think time: the budget is a request's latency, and four clients that never pause
 * already send hundreds of requests a second (far more than an office's staff); with more connections on two
 * cores the figure measures queueing behind the CPU (raise PULIH_BENCH_QUERY_CONNECTIONS to see saturation).
 * The ceiling is the same store query run in-process, sequentially.
 *
 * Environment: PULIH_BENCH_REFERRALS_CASES (100000), PULIH_BENCH_REFERRALS_COUNT (300000),
 * PULIH_BENCH_REFERRALS_FRESH (rebuild), PULIH_BENCH_QUERY_CONNECTIONS (4), PULIH_BENCH_QUERY_SECONDS (5).
 */

const SEED_VERSION = 1;
const SEED = 4_2026;
const BASE_DIR = join(tmpdir(), 'pulih-bench-referrals');
const PG_DATABASE = 'pulih_bench_referrals';
const BATCH_CASES = 2000;
const NETWORK_AGENCIES = 50;
const DIRECTORY_AGENCIES = 500;
export const REFERRALS_BUDGET_P95_MS = 50;
const INBOX_USER = 'provider.shelter';
const DIRECTORY_USER = 'caseworker.ntt';
const BUSIEST_RECIPIENT = 'Rumah Aman Sahabat Perempuan Kupang';

export interface ReferralsBenchOptions {
  cases: number;
  referrals: number;
  fresh: boolean;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  root: string;
  log: (line: string) => void;
}

export function referralsBenchOptions(root: string, log: (line: string) => void): ReferralsBenchOptions {
  const num = (name: string, fallback: number) => {
    const raw = process.env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < 1) throw new Error(`${name} must be a number ≥ 1 (got "${raw}")`);
    return Math.round(n);
  };
  return {
    cases: num('PULIH_BENCH_REFERRALS_CASES', 100_000),
    referrals: num('PULIH_BENCH_REFERRALS_COUNT', 300_000),
    fresh: process.env.PULIH_BENCH_REFERRALS_FRESH === '1',
    connections: num('PULIH_BENCH_QUERY_CONNECTIONS', 4),
    seconds: num('PULIH_BENCH_QUERY_SECONDS', 5),
    warmupSeconds: 1,
    root,
    log,
  };
}

export interface QueryFigures {
  name: string;
  path: string;
  reqPerSec: number;
  okPerSec: number;
  statusCodes: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Items on the answered page (checked once before the load). */
  items: number;
  /** The service's store query alone, in-process, sequential (the ceiling): p50 and p95 ms. */
  rawQuery: { p50Ms: number; p95Ms: number } | null;
  serverCpuMsPerResponse: number | null;
  otherCpuCores: number | null;
  budgetP95Ms: number;
  pass: boolean;
}

export interface ReferralsBenchResult {
  dataset: {
    cases: number;
    referrals: number;
    consents: number;
    serviceRequests: number;
    agencies: number;
    networkAgencies: number;
    directoryServices: number;
    busiestRecipient: { name: string; referrals: number; unansweredSent: number; overdue: number };
    reused: boolean;
    seedSeconds: number;
    databaseMB: number | null;
  };
  connections: number;
  secondsPerQuery: number;
  inbox: QueryFigures[];
  directory: QueryFigures[];
  server: { rssAfterLoadMB: number | null };
  /** The worst p95 of each endpoint against its budget. */
  verdict: { inboxWorstP95Ms: number | null; directoryWorstP95Ms: number | null; pass: boolean };
}

/* ---------- where the dataset lives ---------- */

interface Place {
  dialect: DialectName;
  dir: string;
  url: string;
  env: Record<string, string>;
  manifest: string;
}

function placeOf(dialect: DialectName): Place {
  const dir = join(BASE_DIR, dialect);
  const url =
    dialect === 'sqlite' ? `sqlite:${join(dir, 'pulih.db')}` : PG_ADMIN_URL.replace(/\/[^/]*$/, `/${PG_DATABASE}`);
  return {
    dialect,
    dir,
    url,
    manifest: join(dir, 'manifest.json'),
    env: {
      PULIH_DATABASE_URL: url,
      PULIH_MASTER_KEY_FILE: join(dir, 'master.key'),
      PULIH_LOG_LEVEL: 'warn',
      PULIH_WEB_DIR: join(dir, 'no-web'),
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

interface Manifest {
  version: number;
  seed: number;
  cases: number;
  referrals: number;
  seedSeconds: number;
}

async function dropPlace(p: Place): Promise<void> {
  if (p.dialect === 'postgres') await adminQuery(`drop database if exists ${PG_DATABASE} with (force)`);
  rmSync(p.dir, { recursive: true, force: true });
}

/* ---------- bulk rows ---------- */

type Row = Record<string, unknown>;

/** Multi-row inserts: SQLite VALUES chunks within the parameter limit; PostgreSQL one JSON document per slice. */
class BulkInserter {
  readonly #texts = new Map<string, string>();
  constructor(
    readonly dialect: DialectName,
    readonly jsonColumns: Map<string, Set<string>>,
  ) {}

  static async open(ctx: Context): Promise<BulkInserter> {
    const json = new Map<string, Set<string>>();
    if (ctx.database.adapter.name === 'postgres') {
      const rows = (
        await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name from information_schema.columns
          where table_schema = current_schema() and udt_name in ('json', 'jsonb')`.execute(ctx.database.db)
      ).rows;
      for (const r of rows) json.set(r.table_name, (json.get(r.table_name) ?? new Set()).add(r.column_name));
    }
    return new BulkInserter(ctx.database.adapter.name, json);
  }

  async insert(tx: Tx, table: string, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    if (this.dialect === 'postgres') {
      const key = `pg|${table}`;
      let text = this.#texts.get(key);
      if (!text) {
        const list = columns.map((c) => `"${c}"`).join(', ');
        text = `insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", $1::json)`;
        this.#texts.set(key, text);
      }
      const jsonCols = this.jsonColumns.get(table) ?? new Set();
      for (let i = 0; i < rows.length; i += 4096) {
        const slice = rows.slice(i, i + 4096);
        const doc = JSON.stringify(slice, (k, v) => (jsonCols.has(k) && typeof v === 'string' ? JSON.parse(v) : v));
        await tx.executeQuery(CompiledQuery.raw(text, [doc]));
      }
      return;
    }
    let chunk = 1;
    while (chunk * 2 * columns.length <= 32_000 && chunk * 2 <= 512) chunk *= 2;
    for (let i = 0; i < rows.length; ) {
      let size = chunk;
      while (size > rows.length - i) size /= 2;
      const key = `${table}|${size}`;
      let text = this.#texts.get(key);
      if (!text) {
        const tuple = `(${columns.map(() => '?').join(', ')})`;
        text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(size).fill(tuple).join(', ')}`;
        this.#texts.set(key, text);
      }
      const params: unknown[] = [];
      for (let r = i; r < i + size; r++) for (const c of columns) params.push(rows[r]![c]);
      await tx.executeQuery(CompiledQuery.raw(text, params));
      i += size;
    }
  }
}

const idPool = { buf: Buffer.alloc(16 * 4096), pos: 16 * 4096 };
/** A UUIDv7 at a given instant (ids sort like the times they stand for, as if created then). */
function idAt(ms: number): string {
  if (idPool.pos >= idPool.buf.length) {
    randomFillSync(idPool.buf);
    idPool.pos = 0;
  }
  const random = idPool.buf.subarray(idPool.pos, idPool.pos + 16);
  idPool.pos += 16;
  return uuidv7({ random, msecs: Math.floor(ms) });
}
const iso = (ms: number) => new Date(ms).toISOString();

/* ---------- agencies and the directory ---------- */

interface BenchAgency {
  id: string;
  name: string;
  type: string;
  regionCode: string;
  provinceCode: string;
  /** Share of incoming referrals (0 outside the referral network). */
  inWeight: number;
  /** Share of cases led. */
  leadWeight: number;
  services: string[];
}

/** What agencies of each type offer in the directory (the services module's catalogue). */
const offers: Record<string, string[]> = {
  ngo: ['shelter', 'psychosocial_counselling', 'social_rehabilitation', 'social_reintegration', 'legal_aid'],
  social_shelter: ['shelter', 'social_rehabilitation', 'psychosocial_counselling', 'vocational_training'],
  uptd_ppa: [
    'psychosocial_counselling',
    'legal_aid',
    'social_rehabilitation',
    'repatriation_domestic',
    'family_tracing',
  ],
  p2tp2a: ['psychosocial_counselling', 'shelter', 'legal_aid', 'social_reintegration'],
  hospital: ['health_rehabilitation', 'emergency_first_aid', 'psychosocial_counselling'],
  dinas_kesehatan: ['health_rehabilitation', 'emergency_first_aid'],
  dinas_sosial: ['social_rehabilitation', 'social_reintegration', 'repatriation_domestic', 'economic_empowerment'],
  police_ppa: ['legal_aid', 'emergency_first_aid'],
  legal_aid: ['legal_aid'],
  international_org: ['repatriation_from_abroad', 'repatriation_domestic', 'family_tracing', 'interpretation'],
  bp2mi: ['repatriation_from_abroad', 'repatriation_domestic'],
  lpsk: ['legal_aid', 'psychosocial_counselling'],
  labour_office: ['vocational_training', 'economic_empowerment'],
};
const directoryTypes: [string, number][] = [
  ['uptd_ppa', 14],
  ['dinas_sosial', 12],
  ['hospital', 12],
  ['dinas_kesehatan', 6],
  ['ngo', 14],
  ['social_shelter', 6],
  ['police_ppa', 8],
  ['legal_aid', 6],
  ['p2tp2a', 6],
  ['labour_office', 4],
  ['bp2mi', 2],
];
/** Provinces victims come from and return to most (NTT, NTB, West and East Java, West Kalimantan, North Sumatra …). */
const busyProvinces: [string, number][] = [
  ['53', 18],
  ['52', 10],
  ['32', 12],
  ['35', 10],
  ['61', 8],
  ['12', 6],
  ['33', 6],
  ['31', 6],
  ['21', 4],
  ['73', 4],
  ['64', 3],
  ['18', 3],
];

async function regencyTable(): Promise<{ provinces: Region[]; regencies: Map<string, Region[]> }> {
  const provinces = await listRegions();
  const regencies = new Map<string, Region[]>();
  for (const p of provinces) regencies.set(p.code, await listRegions(p.code));
  return { provinces, regencies };
}

async function seedAgencies(ctx: Context, ins: BulkInserter, rng: Rng, now: number): Promise<BenchAgency[]> {
  const db = ctx.database.db;
  const { provinces, regencies } = await regencyTable();
  const existing = (
    await sql<{ id: string; name: string; type: string; region_code: string | null }>`
      select id, name, type, region_code from agencies order by name`.execute(db)
  ).rows;
  const out: BenchAgency[] = existing.map((a) => ({
    id: a.id,
    name: a.name,
    type: a.type,
    regionCode: a.region_code ?? '31.71',
    provinceCode: (a.region_code ?? '31').slice(0, 2),
    inWeight: 0,
    leadWeight: 0,
    services: [],
  }));
  const rows: Row[] = [];
  const add = (type: string, provinceCode: string, name: string) => {
    const list = regencies.get(provinceCode) ?? [];
    const region = list.length > 0 ? rng.pick(list) : { code: provinceCode };
    const id = idAt(now - 900 * DAY);
    const a: BenchAgency = {
      id,
      name,
      type,
      regionCode: region.code,
      provinceCode,
      inWeight: 0,
      leadWeight: 0,
      services: [],
    };
    out.push(a);
    rows.push({
      id,
      name,
      short_name: null,
      type,
      region_code: region.code,
      country_code: 'ID',
      parent_id: null,
      contact_phone: `+62 ${rng.int(21, 999)} ${rng.int(100000, 9999999)}`,
      contact_email: null,
      status: 'active',
      created_at: iso(now - 900 * DAY),
      updated_at: iso(now - 900 * DAY),
    });
    return a;
  };
  // The referral network: the demo's twelve and more in the busy provinces, shelters among them.
  const networkExtra: [string, string][] = [
    ['ngo', '53'],
    ['ngo', '52'],
    ['ngo', '32'],
    ['ngo', '35'],
    ['ngo', '61'],
    ['ngo', '12'],
    ['social_shelter', '53'],
    ['social_shelter', '31'],
    ['social_shelter', '35'],
    ['hospital', '53'],
    ['hospital', '32'],
    ['hospital', '35'],
    ['hospital', '61'],
    ['hospital', '52'],
    ['p2tp2a', '52'],
    ['p2tp2a', '35'],
    ['p2tp2a', '33'],
    ['uptd_ppa', '52'],
    ['uptd_ppa', '35'],
    ['uptd_ppa', '33'],
    ['uptd_ppa', '12'],
    ['uptd_ppa', '21'],
    ['dinas_sosial', '53'],
    ['dinas_sosial', '32'],
    ['dinas_sosial', '61'],
    ['dinas_sosial', '35'],
    ['police_ppa', '52'],
    ['police_ppa', '35'],
    ['legal_aid', '53'],
    ['legal_aid', '32'],
    ['legal_aid', '35'],
    ['bp2mi', '53'],
    ['bp2mi', '61'],
    ['international_org', '31'],
    ['dinas_kesehatan', '53'],
    ['lpsk', '35'],
    ['labour_office', '52'],
    ['ngo', '33'],
  ];
  const network: BenchAgency[] = [...out];
  for (const [type, province] of networkExtra.slice(0, Math.max(0, NETWORK_AGENCIES - out.length))) {
    network.push(add(type, province, `Bench ${type} ${province} #${network.length + 1}`));
  }
  // The rest of the national directory: agencies across the country that publish services but rarely refer.
  while (out.length < DIRECTORY_AGENCIES) {
    const province = rng.chance(0.5) ? rng.weighted(busyProvinces) : rng.pick(provinces).code;
    const type = rng.weighted(directoryTypes);
    add(type, province, `Bench directory ${type} ${province} #${out.length + 1}`);
  }
  for (const a of network) {
    const shelter = a.type === 'ngo' || a.type === 'social_shelter';
    a.inWeight =
      a.name === BUSIEST_RECIPIENT
        ? 30
        : shelter
          ? 8
          : a.type === 'hospital' || a.type === 'international_org' || a.type === 'bp2mi'
            ? 4
            : a.type === 'taskforce_secretariat'
              ? 0
              : 1.5;
    a.leadWeight = ['uptd_ppa', 'p2tp2a', 'dinas_sosial', 'police_ppa'].includes(a.type)
      ? 10
      : a.type === 'ngo'
        ? 2
        : a.type === 'taskforce_secretariat'
          ? 0
          : 1;
  }
  await transact(ctx, async (tx) => {
    await ins.insert(tx, 'agencies', rows);
    await seedDirectory(tx, ins, rng, out, regencies, now);
  });
  return network;
}

async function seedDirectory(
  tx: Tx,
  ins: BulkInserter,
  rng: Rng,
  agencies: BenchAgency[],
  regencies: Map<string, Region[]>,
  now: number,
): Promise<void> {
  const services: Row[] = [];
  const regions: Row[] = [];
  const sexes: Row[] = [];
  const nationalities: Row[] = [];
  const languages: Row[] = [];
  for (const a of agencies) {
    const catalogue = offers[a.type] ?? [];
    a.services = catalogue.filter((_, i) => i === 0 || rng.chance(0.7));
    for (const type of a.services) {
      const id = idAt(now - rng.int(30, 800) * DAY);
      const shelter = type === 'shelter';
      const capacity = shelter ? rng.int(8, 60) : null;
      const regionsDefault = rng.chance(0.3);
      services.push({
        id,
        agency_id: a.id,
        service_type: type,
        agency_region_code: a.regionCode,
        agency_province_code: a.provinceCode,
        regions_default: regionsDefault ? 1 : 0,
        age_min: shelter && rng.chance(0.5) ? 18 : null,
        age_max: type === 'education' ? 18 : null,
        sexes_any: shelter && rng.chance(0.6) ? 0 : 1,
        nationalities_any: 1,
        capacity_total: capacity,
        capacity_free: capacity === null ? null : rng.int(0, capacity),
        capacity_updated_at: capacity === null ? null : iso(now - rng.int(0, 20) * DAY),
        hours: rng.chance(0.5) ? 'Senin–Jumat 08:00–16:00' : '24 jam',
        contact_phone: `+62 ${rng.int(21, 999)} ${rng.int(100000, 9999999)}`,
        contact_email: null,
        urgent_24_7: shelter || type === 'emergency_first_aid' ? (rng.chance(0.6) ? 1 : 0) : 0,
        created_by: 'system',
        created_at: iso(now - 800 * DAY),
        updated_by: 'system',
        updated_at: iso(now - rng.int(0, 400) * DAY),
      });
      // Regions served: the agency's own regency, else its province, some neighbouring regencies.
      const served = new Set<string>([regionsDefault ? a.regionCode : a.provinceCode]);
      if (!regionsDefault) {
        for (const r of regencies.get(a.provinceCode) ?? []) if (rng.chance(0.15)) served.add(r.code);
      }
      for (const code of served) {
        regions.push({ service_id: id, service_type: type, region_code: code, province_code: code.slice(0, 2) });
      }
      if (services.at(-1)!.sexes_any === 0) sexes.push({ service_id: id, sex: 'Feminine' });
      for (const lang of new Set(['id', ...(rng.chance(0.3) ? ['en'] : []), ...(rng.chance(0.1) ? ['ms'] : [])])) {
        languages.push({ service_id: id, language: lang });
      }
    }
  }
  await ins.insert(tx, 'directory_services', services);
  await ins.insert(tx, 'directory_service_regions', regions);
  await ins.insert(tx, 'directory_service_sexes', sexes);
  await ins.insert(tx, 'directory_service_nationalities', nationalities);
  await ins.insert(tx, 'directory_service_languages', languages);
}

/* ---------- cases and referrals ---------- */

const FIELD_GROUP_SETS = [
  ['age_band', 'sex', 'languages', 'needs'],
  ['age_band', 'sex', 'languages', 'nationality', 'origin_region', 'needs', 'risk_notes'],
  ['age_band', 'sex', 'languages', 'needs', 'exploitation_types', 'case_summary', 'identity_name'],
  ['age_band', 'sex', 'languages', 'needs', 'identity_name', 'identity_contact'],
].map((g) => JSON.stringify(g));
const EXPLOITATION = ['ForcedLabour', 'SexualExploitation', 'DomesticServitude', 'ForcedMarriage'];
const FIRST = ['Maria', 'Yohana', 'Siti', 'Dewi', 'Agnes', 'Sri', 'Nur', 'Fransiska', 'Ani', 'Rina', 'Yosef', 'Agus'];
const LAST = ['Bria', 'Lake', 'Tefa', 'Nahak', 'Seran', 'Wati', 'Lestari', 'Hidayat', 'Kause', 'Manek', 'Pah', 'Ndun'];

interface CaseState {
  counters: Map<string, number>;
  referralsLeft: number;
  casesLeft: number;
}

function weightedPicker(items: BenchAgency[], weight: (a: BenchAgency) => number) {
  const list = items.filter((a) => weight(a) > 0).map((a) => [a, weight(a)] as const);
  return (rng: Rng) => rng.weighted(list);
}

async function seedCases(
  ctx: Context,
  ins: BulkInserter,
  rng: Rng,
  network: BenchAgency[],
  opts: ReferralsBenchOptions,
  now: number,
): Promise<void> {
  const k = ctx.keyring;
  const keyVersion = k.activeKeyVersion;
  const start = Date.UTC(2019, 0, 1);
  const span = now - 2 * DAY - start;
  const pickLead = weightedPicker(network, (a) => a.leadWeight);
  const pickRecipient = weightedPicker(network, (a) => a.inWeight);
  const state: CaseState = { counters: new Map(), referralsLeft: opts.referrals, casesLeft: opts.cases };
  const openStages = caseStages.filter((s) => s !== 'closed');
  const t0 = performance.now();
  let lastLog = 0;
  for (let done = 0; done < opts.cases; ) {
    const size = Math.min(BATCH_CASES, opts.cases - done);
    const persons: Row[] = [];
    const identities: Row[] = [];
    const cases: Row[] = [];
    const consents: Row[] = [];
    const requests: Row[] = [];
    const referrals: Row[] = [];
    const refServices: Row[] = [];
    for (let i = 0; i < size; i++) {
      const index = done + i;
      // Intakes grow over the years (sqrt spread: more recent cases), in order so ids follow time.
      const intake = start + Math.sqrt((index + rng.next()) / opts.cases) * span;
      const lead = pickLead(rng);
      const year = new Date(intake).getUTCFullYear();
      const ckey = `${lead.id}|${year}`;
      const seq = (state.counters.get(ckey) ?? 0) + 1;
      state.counters.set(ckey, seq);
      const personId = idAt(intake);
      const caseId = idAt(intake);
      const sex = rng.chance(0.72) ? 'Feminine' : 'Masculine';
      const birthYear = year - rng.int(12, 45);
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      persons.push({
        id: personId,
        pseudonym: `BR-${index.toString(36).toUpperCase().padStart(5, '0')}`,
        owner_agency_id: lead.id,
        region_code: lead.regionCode,
        sex,
        birth_year: birthYear,
        initials: `${first[0]}${last[0]}`,
        created_by: 'system',
        created_at: iso(intake),
        updated_at: iso(intake),
        citizenship: 'ID',
        languages: JSON.stringify(['id']),
      });
      identities.push({
        person_id: personId,
        full_name_enc: k.encrypt('person_identities', 'full_name_enc', personId, `${first} ${last}`),
        phones_enc: rng.chance(0.6)
          ? k.encrypt(
              'person_identities',
              'phones_enc',
              personId,
              JSON.stringify([`+62812${rng.int(1000000, 9999999)}`]),
            )
          : null,
        key_version: keyVersion,
        updated_at: iso(intake),
      });
      const ageDays = (now - intake) / DAY;
      const stage = ageDays > 540 && rng.chance(0.75) ? 'closed' : rng.pick(openStages);
      cases.push({
        id: caseId,
        case_number: `BR${lead.id.slice(-4).toUpperCase()}/${year}/${String(seq).padStart(5, '0')}`,
        lead_agency_id: lead.id,
        person_id: personId,
        region_code: lead.regionCode,
        stage,
        stage_changed_at: iso(intake + Math.min(ageDays, 30) * DAY),
        is_child: year - birthYear < 18 ? 1 : 0,
        referral_source: 'Police',
        intake_at: iso(intake),
        risk_level: rng.pick(['Low', 'Medium', 'High']),
        created_by: 'system',
        created_at: iso(intake),
        updated_at: iso(intake),
      });

      // Referrals of this case: three on average, the last cases make up the total exactly.
      const casesAfter = opts.cases - index - 1;
      let n: number = rng.weighted([
        [1, 2],
        [2, 3],
        [3, 3],
        [4, 2],
        [5, 1],
        [6, 1],
      ] as const);
      const mean = state.referralsLeft / Math.max(1, casesAfter + 1);
      if (mean > 4) n += 1;
      else if (mean < 2.5) n = Math.max(0, n - 1);
      n = Math.min(n, state.referralsLeft);
      if (casesAfter === 0) n = state.referralsLeft;
      state.referralsLeft -= n;
      const consentFor = new Map<string, { id: string; groups: string }>();
      let sentAt = intake + rng.between(0.05, 3) * DAY;
      for (let r = 0; r < n; r++) {
        let recipient = pickRecipient(rng);
        if (recipient.id === lead.id) recipient = pickRecipient(rng);
        sentAt = Math.min(now - 60_000, sentAt + rng.between(0, 40) * DAY);
        let consent = consentFor.get(recipient.id);
        if (!consent) {
          consent = { id: idAt(sentAt - 3_600_000), groups: rng.pick(FIELD_GROUP_SETS) };
          consentFor.set(recipient.id, consent);
          const types = recipient.services.length > 0 ? recipient.services : ['psychosocial_counselling'];
          consents.push({
            id: consent.id,
            case_id: caseId,
            purpose: 'referral',
            recipient_agency_id: recipient.id,
            recipient_name: null,
            service_types: JSON.stringify(types),
            field_groups: consent.groups,
            given_by: 'victim',
            guardian_relationship: null,
            given_at: iso(sentAt - 3_600_000),
            wording_version: '1',
            wording_locale: 'id',
            evidence_attachment_id: null,
            status: 'active',
            withdrawn_at: null,
            withdrawn_by: null,
            withdrawal_reason_enc: null,
            recorded_by: 'system',
            created_at: iso(sentAt - 3_600_000),
            updated_at: iso(sentAt - 3_600_000),
          });
        }
        const id = idAt(sentAt);
        const urgent = rng.chance(0.15);
        const dueAt = sentAt + (urgent ? DAY : rng.between(3, 5) * DAY);
        const age = (now - sentAt) / DAY;
        // Old referrals are answered and mostly done; recent ones still wait or run.
        const status =
          age < 2
            ? rng.weighted([
                ['sent', 6],
                ['accepted', 3],
                ['declined', 1],
              ] as const)
            : age < 60
              ? rng.weighted([
                  ['sent', 2],
                  ['accepted', 3],
                  ['in_progress', 4],
                  ['completed', 2],
                  ['declined', 1],
                  ['revoked', 0.5],
                ] as const)
              : rng.weighted([
                  ['sent', 0.3],
                  ['accepted', 0.4],
                  ['in_progress', 1],
                  ['completed', 7],
                  ['declined', 1.2],
                  ['revoked', 0.6],
                ] as const);
        const respondedAt = status === 'sent' || status === 'revoked' ? null : sentAt + rng.between(0.1, 3) * DAY;
        const withdrawn = rng.chance(0.02) ? Math.min(now - 1000, sentAt + rng.between(1, 90) * DAY) : null;
        const snapshot = {
          ageBand: year - birthYear < 18 ? '9--17' : '18--20',
          sex,
          languages: ['id'],
          exploitationTypes: [rng.pick(EXPLOITATION)],
        };
        referrals.push({
          id,
          case_id: caseId,
          person_id: personId,
          consent_id: consent.id,
          field_groups: consent.groups,
          sender_agency_id: lead.id,
          sender_user_id: 'system',
          recipient_agency_id: recipient.id,
          urgency: urgent ? 'urgent' : 'normal',
          reason: rng.chance(0.85) ? 'AdditionalServicesRequired' : 'MigrationOrChangeOfLocation',
          note_enc: rng.chance(0.5)
            ? k.encrypt('referrals', 'note_enc', id, 'Mohon pendampingan dan tempat aman sementara.')
            : null,
          shared_enc: k.encrypt('referrals', 'shared_enc', id, JSON.stringify(snapshot)),
          status,
          sent_at: iso(sentAt),
          due_at: iso(dueAt),
          responded_at: respondedAt === null ? null : iso(respondedAt),
          responded_by: respondedAt === null ? null : 'system',
          decline_reason_enc: null,
          completed_at: status === 'completed' ? iso((respondedAt ?? sentAt) + rng.between(5, 60) * DAY) : null,
          revoked_at: status === 'revoked' ? iso(sentAt + DAY) : null,
          revoked_by: status === 'revoked' ? 'system' : null,
          revoke_reason_enc: null,
          overdue_alerted_at: status === 'sent' && dueAt < now ? iso(dueAt + 300_000) : null,
          consent_withdrawn_at: withdrawn === null ? null : iso(withdrawn),
          created_at: iso(sentAt),
          updated_at: iso(respondedAt ?? sentAt),
        });
        const types = recipient.services.length > 0 ? recipient.services : ['psychosocial_counselling'];
        const count = rng.chance(0.3) ? 2 : 1;
        for (let s = 0; s < count; s++) {
          const requestId = idAt(sentAt - 60_000);
          const type = types[(s + rng.int(0, types.length - 1)) % types.length]!;
          const delivered = status === 'completed' || (status === 'in_progress' && s === 0);
          requests.push({
            id: requestId,
            case_id: caseId,
            type,
            applicant: 'victim',
            applied_at: iso(sentAt - 60_000),
            due_at: null,
            provider_agency_id: recipient.id,
            status: delivered ? 'delivered' : status === 'sent' || status === 'accepted' ? 'requested' : 'cancelled',
            created_by: 'system',
            created_at: iso(sentAt - 60_000),
            updated_at: iso(sentAt - 60_000),
            delivered_at: delivered ? iso(sentAt + 2 * DAY) : null,
          });
          refServices.push({
            id: idAt(sentAt),
            referral_id: id,
            service_request_id: requestId,
            service_type: type,
            position: s,
            delivered_at: delivered ? iso(sentAt + 2 * DAY) : null,
            delivered_by: delivered ? 'system' : null,
            delivery_note_enc: null,
          });
        }
      }
    }
    await transact(ctx, async (tx) => {
      await ins.insert(tx, 'persons', persons);
      await ins.insert(tx, 'person_identities', identities);
      await ins.insert(tx, 'cases', cases);
      await ins.insert(tx, 'consents', consents);
      await ins.insert(tx, 'service_requests', requests);
      await ins.insert(tx, 'referrals', referrals);
      await ins.insert(tx, 'referral_services', refServices);
    });
    done += size;
    const t = performance.now();
    if (t - lastLog > 5000 || done === opts.cases) {
      lastLog = t;
      const s = (t - t0) / 1000;
      opts.log(
        `    seeded ${done.toLocaleString('en')}/${opts.cases.toLocaleString('en')} cases, ` +
          `${(opts.referrals - state.referralsLeft).toLocaleString('en')} referrals (${Math.round(done / s)} cases/s)`,
      );
    }
  }
  const counters = [...state.counters].map(([key, last_seq]) => {
    const [agency_id, year] = key.split('|');
    return { agency_id, year: Number(year), last_seq };
  });
  await transact(ctx, (tx) => ins.insert(tx, 'case_counters', counters));
}

/** Builds the dataset from nothing (demo agencies and users through the services, the rest in bulk). */
async function seedDataset(services: Services, opts: ReferralsBenchOptions): Promise<void> {
  const ctx = operatorContext(services, 'bench', allPermissions());
  await seedDemo(ctx);
  const ins = await BulkInserter.open(ctx);
  const rng = new Rng(SEED);
  const now = Math.floor(Date.now() / DAY) * DAY;
  await withRelaxedSync(ctx, async () => {
    const network = await seedAgencies(ctx, ins, rng, now);
    opts.log(`    ${network.length} agencies in the referral network, ${DIRECTORY_AGENCIES} in the directory`);
    await seedCases(ctx, ins, rng, network, opts, now);
  });
  // A bulk load leaves PostgreSQL without statistics or visibility map; autovacuum would set both during the
  // first minutes (and compete with the measurement). Do it now, as a database in service has them. SQLite
  // runs without statistics in Pulih (no ANALYZE), so the bench leaves it so too.
  if (services.database.adapter.name === 'postgres') await sql`vacuum (analyze)`.execute(services.database.db);
}

/* ---------- measuring ---------- */

async function countOf(services: Services, query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> {
  return Number((await query.execute(services.database.db)).rows[0]?.n ?? 0);
}

async function datasetFacts(services: Services) {
  const q = (text: string) => countOf(services, sql<{ n: number | string }>`${sql.raw(text)}`);
  const busiest = (
    await sql<{ id: string }>`select id from agencies where name = ${BUSIEST_RECIPIENT}`.execute(services.database.db)
  ).rows[0]?.id;
  const now = new Date().toISOString();
  return {
    busiestId: busiest,
    cases: await q('select count(*) as n from cases'),
    referrals: await q('select count(*) as n from referrals'),
    consents: await q('select count(*) as n from consents'),
    serviceRequests: await q('select count(*) as n from service_requests'),
    agencies: await q('select count(*) as n from agencies'),
    directoryServices: await q('select count(*) as n from directory_services'),
    busiestReferrals: busiest
      ? await countOf(
          services,
          sql<{ n: number }>`select count(*) as n from referrals where recipient_agency_id = ${busiest}`,
        )
      : 0,
    busiestSent: busiest
      ? await countOf(
          services,
          sql<{
            n: number;
          }>`select count(*) as n from referrals where recipient_agency_id = ${busiest} and status = 'sent' and consent_withdrawn_at is null`,
        )
      : 0,
    busiestOverdue: busiest
      ? await countOf(
          services,
          sql<{
            n: number;
          }>`select count(*) as n from referrals where recipient_agency_id = ${busiest} and status = 'sent' and due_at < ${now} and consent_withdrawn_at is null`,
        )
      : 0,
  };
}

function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

async function loginAs(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { stage?: string };
  if (res.status !== 200 || body.stage !== 'active') {
    throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  }
  return cookieOf(res);
}

async function getJson(url: string, cookie: string): Promise<{ items: unknown[]; nextCursor: string | null }> {
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { items: unknown[]; nextCursor: string | null };
}

interface Variant {
  name: string;
  path: string;
  cookie: string;
  raw?: () => Promise<unknown>;
}

async function rawTimes(fn: () => Promise<unknown>, n = 100): Promise<{ p50Ms: number; p95Ms: number }> {
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

function figuresOf(v: Variant, load: LoadResult, items: number, raw: QueryFigures['rawQuery']): QueryFigures {
  const ok = load.okPerSec >= load.reqPerSec * 0.99 && load.errors === 0;
  return {
    name: v.name,
    path: v.path,
    reqPerSec: load.reqPerSec,
    okPerSec: load.okPerSec,
    statusCodes: load.statusCodes,
    p50Ms: load.latencyMs.p50,
    p95Ms: load.latencyMs.p95,
    p99Ms: load.latencyMs.p99,
    items,
    rawQuery: raw,
    serverCpuMsPerResponse: load.serverCpuMsPerResponse,
    otherCpuCores: load.otherCpuCores,
    budgetP95Ms: REFERRALS_BUDGET_P95_MS,
    pass: ok && load.latencyMs.p95 <= REFERRALS_BUDGET_P95_MS,
  };
}

/** Prepares (or reuses) the dataset; returns whether it was reused and how long seeding took. */
async function prepare(p: Place, opts: ReferralsBenchOptions): Promise<{ reused: boolean; seedSeconds: number }> {
  let manifest: Manifest | undefined;
  try {
    manifest = JSON.parse(readFileSync(p.manifest, 'utf8')) as Manifest;
  } catch {}
  const wanted = { version: SEED_VERSION, seed: SEED, cases: opts.cases, referrals: opts.referrals };
  const matches =
    !opts.fresh &&
    manifest !== undefined &&
    manifest.version === wanted.version &&
    manifest.seed === wanted.seed &&
    manifest.cases === wanted.cases &&
    manifest.referrals === wanted.referrals &&
    existsSync(p.env.PULIH_MASTER_KEY_FILE!);
  if (matches) {
    // The manifest is written last; check the database still holds what it says (createServices migrates).
    try {
      const services = await open(p);
      try {
        const referrals = await countOf(services, sql<{ n: number }>`select count(*) as n from referrals`);
        if (referrals === opts.referrals) return { reused: true, seedSeconds: manifest!.seedSeconds };
      } finally {
        await services.database.close();
      }
    } catch {}
    opts.log('    the saved dataset does not match its manifest; rebuilding');
  }
  await dropPlace(p);
  mkdirSync(p.dir, { recursive: true });
  if (p.dialect === 'postgres') await adminQuery(`create database ${PG_DATABASE}`);
  const t0 = performance.now();
  const services = await open(p);
  try {
    opts.log(
      `    seeding ${opts.cases.toLocaleString('en')} cases and ${opts.referrals.toLocaleString('en')} referrals…`,
    );
    await seedDataset(services, opts);
  } finally {
    await services.database.close();
  }
  const seedSeconds = round((performance.now() - t0) / 1000, 1);
  writeFileSync(p.manifest, `${JSON.stringify({ ...wanted, seedSeconds }, null, 2)}\n`);
  opts.log(`    seeded in ${seedSeconds} s`);
  return { reused: false, seedSeconds };
}

function open(p: Place): Promise<Services> {
  const config = loadConfig({ ...p.env, PULIH_LOG_LEVEL: 'silent' });
  return createServices(config, { log: pino({ level: 'silent' }) });
}

function databaseMB(p: Place, services: Services): Promise<number | null> {
  if (p.dialect === 'sqlite') {
    try {
      return Promise.resolve(round(readFileSync(join(p.dir, 'pulih.db')).byteLength / 1024 / 1024, 1));
    } catch {
      return Promise.resolve(null);
    }
  }
  return sql<{ n: string }>`select pg_database_size(current_database()) as n`
    .execute(services.database.db)
    .then((r) => round(Number(r.rows[0]?.n ?? 0) / 1024 / 1024, 1));
}

/**
 * The referral inbox and directory search on one database: seed (or reuse), time the store queries in-process,
 * then load a real server over HTTP, one typical query at a time.
 */
export async function benchReferrals(dialect: DialectName, opts: ReferralsBenchOptions): Promise<ReferralsBenchResult> {
  const p = placeOf(dialect);
  const { reused, seedSeconds } = await prepare(p, opts);
  if (reused)
    opts.log(`    reusing the dataset in ${dialect === 'sqlite' ? p.dir : PG_DATABASE} (seeded in ${seedSeconds} s)`);

  const services = await open(p);
  let facts: Awaited<ReturnType<typeof datasetFacts>>;
  let sizeMB: number | null;
  try {
    facts = await datasetFacts(services);
    sizeMB = await databaseMB(p, services);
  } finally {
    await services.database.close();
  }
  if (!facts.busiestId) throw new Error(`agency ${BUSIEST_RECIPIENT} missing`);

  let server: Child | undefined;
  try {
    const port = await freePort();
    server = startNode('src/cli/main.ts', { ...p.env, PULIH_PORT: String(port), PULIH_HOST: '127.0.0.1' }, opts.root, [
      'serve',
    ]);
    const base = `http://127.0.0.1:${port}`;
    await waitForOk(`${base}/readyz`, server, 180_000);
    const inboxCookie = await loginAs(base, INBOX_USER);
    const directoryCookie = await loginAs(base, DIRECTORY_USER);

    // A cursor 20 pages deep into the busiest inbox (someone working through the backlog).
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: { nextCursor: string | null } = await getJson(
        `${base}/api/referrals/inbox?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        inboxCookie,
      );
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const inbox: Variant[] = [
      { name: 'inbox, first page (50)', path: '/api/referrals/inbox', cookie: inboxCookie },
      { name: 'inbox, status=sent', path: '/api/referrals/inbox?status=sent', cookie: inboxCookie },
      { name: 'inbox, overdue=true', path: '/api/referrals/inbox?overdue=true', cookie: inboxCookie },
      {
        name: 'inbox, urgent, status=sent',
        path: '/api/referrals/inbox?urgency=urgent&status=sent',
        cookie: inboxCookie,
      },
      { name: 'inbox, status=completed', path: '/api/referrals/inbox?status=completed', cookie: inboxCookie },
      ...(cursor
        ? [{ name: 'inbox, page 21', path: `/api/referrals/inbox?limit=50&cursor=${cursor}`, cookie: inboxCookie }]
        : []),
    ];
    const directory: Variant[] = [
      {
        name: 'directory, shelter in NTT, woman 17',
        path: '/api/directory/services?type=shelter&region=53&age=17&sex=Feminine',
        cookie: directoryCookie,
      },
      {
        name: 'directory, counselling in Kupang, 25, Indonesian',
        path: '/api/directory/services?type=psychosocial_counselling&region=53.71&age=25&language=id',
        cookie: directoryCookie,
      },
      {
        name: 'directory, health nationwide, 30, free places',
        path: '/api/directory/services?type=health_rehabilitation&age=30&available=true',
        cookie: directoryCookie,
      },
      {
        name: 'directory, legal aid in West Java, man 30',
        path: '/api/directory/services?type=legal_aid&region=32&age=30&sex=Masculine&nationality=ID',
        cookie: directoryCookie,
      },
    ];

    const run = async (v: Variant): Promise<QueryFigures> => {
      const first = await getJson(`${base}${v.path}`, v.cookie);
      const load = await runLoad({
        url: `${base}${v.path}`,
        headers: { cookie: v.cookie },
        connections: opts.connections,
        seconds: opts.seconds,
        warmupSeconds: opts.warmupSeconds,
        serverPid: server!.pid,
      });
      const f = figuresOf(v, load, first.items.length, null);
      opts.log(
        `    ${f.pass ? 'PASS' : 'MISS'} ${v.name}: ${f.okPerSec} req/s, p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms (${f.items} items)`,
      );
      if (load.okPerSec < load.reqPerSec * 0.99) opts.log(`      non-2xx: ${JSON.stringify(load.statusCodes)}`);
      return f;
    };
    opts.log(
      `  referral inbox as ${INBOX_USER} (${facts.busiestReferrals.toLocaleString('en')} referrals to ${BUSIEST_RECIPIENT}), ` +
        `${opts.connections} connections, ${opts.warmupSeconds}+${opts.seconds} s each:`,
    );
    const inboxFigures: QueryFigures[] = [];
    for (const v of inbox) inboxFigures.push(await run(v));
    opts.log(`  directory search as ${DIRECTORY_USER} (${facts.directoryServices} services):`);
    const directoryFigures: QueryFigures[] = [];
    for (const v of directory) directoryFigures.push(await run(v));
    const rss = rssMB(server.pid);
    if (server.exited()) throw new Error(`server exited during the bench:\n${server.tail()}`);
    await server.stop();
    server = undefined;

    // The ceiling: the store queries alone, in-process, sequential (the server is stopped).
    await rawCeilings(p, facts.busiestId, inboxFigures, directoryFigures, cursor);

    const worst = (f: QueryFigures[]) => (f.length ? Math.max(...f.map((x) => x.p95Ms)) : null);
    const all = [...inboxFigures, ...directoryFigures];
    return {
      dataset: {
        cases: facts.cases,
        referrals: facts.referrals,
        consents: facts.consents,
        serviceRequests: facts.serviceRequests,
        agencies: facts.agencies,
        networkAgencies: NETWORK_AGENCIES,
        directoryServices: facts.directoryServices,
        busiestRecipient: {
          name: BUSIEST_RECIPIENT,
          referrals: facts.busiestReferrals,
          unansweredSent: facts.busiestSent,
          overdue: facts.busiestOverdue,
        },
        reused,
        seedSeconds,
        databaseMB: sizeMB,
      },
      connections: opts.connections,
      secondsPerQuery: opts.seconds,
      inbox: inboxFigures,
      directory: directoryFigures,
      server: { rssAfterLoadMB: rss },
      verdict: {
        inboxWorstP95Ms: worst(inboxFigures),
        directoryWorstP95Ms: worst(directoryFigures),
        pass: all.length > 0 && all.every((f) => f.pass),
      },
    };
  } finally {
    await server?.stop();
  }
}

/** Times the inbox and directory store queries in-process and fills in each figure's rawQuery. */
async function rawCeilings(
  p: Place,
  agencyId: string,
  inbox: QueryFigures[],
  directory: QueryFigures[],
  deepCursor: string | null,
): Promise<void> {
  const { selectInbox } = await import('../src/modules/referrals/referrals.store.js');
  const { searchServices } = await import('../src/modules/directory/directory.store.js');
  const { findRegion } = await import('../src/modules/reference/index.js');
  const services = await open(p);
  try {
    const db = services.database.db;
    const now = () => new Date().toISOString();
    const after = deepCursor
      ? (JSON.parse(Buffer.from(deepCursor, 'base64url').toString('utf8')) as string[])[0]
      : undefined;
    for (const f of inbox) {
      const q = new URLSearchParams(f.path.split('?')[1] ?? '');
      const status = (q.get('status') ?? undefined) as Parameters<typeof selectInbox>[1]['status'];
      const urgency = (q.get('urgency') ?? undefined) as Parameters<typeof selectInbox>[1]['urgency'];
      const overdue = q.get('overdue') === 'true' ? true : undefined;
      f.rawQuery = await rawTimes(() =>
        selectInbox(db, {
          agencyId,
          now: now(),
          status,
          urgency,
          overdue,
          after: q.has('cursor') ? after : undefined,
          limit: 51,
        }),
      );
    }
    for (const f of directory) {
      const q = new URLSearchParams(f.path.split('?')[1] ?? '');
      const region = q.get('region') ? await findRegion(q.get('region')!) : undefined;
      const near = region ?? (await findRegion('53.71'));
      const type = q.get('type') as Parameters<typeof searchServices>[1]['type'];
      f.rawQuery = await rawTimes(() =>
        searchServices(db, {
          type,
          region: region ? { code: region.code, provinceCode: region.provinceCode, level: region.level } : undefined,
          near: {
            regencyCode: near?.level === 'regency' ? near.code : null,
            provinceCode: near?.provinceCode ?? null,
          },
          age: q.get('age') ? Number(q.get('age')) : undefined,
          sex: q.get('sex') ?? undefined,
          nationality: q.get('nationality') ?? undefined,
          language: q.get('language') ?? undefined,
          available: q.get('available') === 'true' ? true : undefined,
          limit: 21,
        }),
      );
    }
  } finally {
    await services.database.close();
  }
}

/** Budget lines in bench/run.ts's shape: the worst p95 of each endpoint on each database. */
export function referralBudgets(dialect: DialectName, r: ReferralsBenchResult | undefined) {
  const line = (name: string, figures: QueryFigures[] | undefined) => {
    const value = figures?.length ? Math.max(...figures.map((f) => f.p95Ms)) : null;
    return {
      name,
      dialect,
      value,
      op: '<=' as const,
      budget: REFERRALS_BUDGET_P95_MS,
      unit: 'ms',
      pass: value !== null && (figures ?? []).every((f) => f.pass),
    };
  };
  return [
    line('referral inbox p95, worst typical query (100k cases, 300k referrals)', r?.inbox),
    line('directory search p95, worst typical query', r?.directory),
  ];
}
