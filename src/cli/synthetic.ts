import { randomFillSync } from 'node:crypto';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { listAgencies, type TAgency } from '../modules/agencies/index.js';
import {
  REINTEGRATION_FOLLOW_UP_MONTHS,
  REINTEGRATION_QUESTIONNAIRE,
  syncQuestionnaires,
} from '../modules/assessments/index.js';
import { type CaseStage, caseStages } from '../modules/cases/index.js';
import { NAME_KEYS_VERSION, personTokenStrings, sealIdentityField } from '../modules/persons/index.js';
import { delphiV1, scoreScreening, syncScreeningTools } from '../modules/screening/index.js';
import { statutoryServiceTypes } from '../modules/services/index.js';
import { listUsers } from '../modules/users/index.js';
import { appendAudit, appendAudits } from '../platform/audit.js';
import { type Context, type Tx, transact } from '../platform/context.js';
import { translate } from '../platform/i18n/index.js';
import {
  DAY,
  drawReintegrationAnswers,
  drawScreeningAnswers,
  drawVictim,
  type History,
  loadGeo,
  planHistory,
  questionnaire,
  Rng,
  type Victim,
  wibYear,
} from './demo-cases.js';
import { withBulkLoad } from './synthetic-bulk.js';
import { nationalName } from './synthetic-names.js';

/*
 * `pulih demo --cases N`: a deterministic synthetic national dataset for benchmarks (up to a million
 * cases). Rows go in with multi-row inserts, batch by batch, in the shapes the modules write them: persons
 * with their identity vault (name and phone really encrypted, blind indexes and name tokens computed as the
 * persons module does), cases with attributes, team, HTCDS events and timeline, screenings, service
 * requests, reintegration surveys and their follow-up tasks, and one audit event per case in the batch's
 * transaction (the hash chain stays whole). Nothing is loaded into memory beyond one batch.
 */

export const MAX_SYNTHETIC_CASES = 1_000_000;
export const DEFAULT_SEED = 20070419; // Law 21/2007 was enacted on 19 April 2007.
const MINUTE = 60_000;

export class NoAgenciesError extends Error {
  constructor() {
    super(
      'this database has no agencies: run `pulih serve --demo` once (demo agencies and users) or create agencies with `pulih agency create`, then run `pulih demo` again',
    );
  }
}

export interface SyntheticOptions {
  cases: number;
  seed?: number;
  /** The dataset's present: intake dates run from 2019 to here (default: start of today, UTC). */
  asOf?: Date;
  /** Cases per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told when the deferred secondary indexes are being built again (minutes at a million cases). */
  onRebuild?: (indexes: number) => void;
}

export interface SyntheticResult {
  cases: number;
  stages: Record<CaseStage, number>;
  firstCaseNumber: string | null;
  lastCaseNumber: string | null;
  seconds: number;
}

/* ---------- who works where ---------- */

/** How likely an agency of each type leads a case (case-managing services first). */
const leadWeights: Record<string, number> = {
  uptd_ppa: 10,
  p2tp2a: 8,
  ppt: 6,
  dinas_sosial: 4,
  police_ppa: 4,
  ngo: 3,
  social_shelter: 2,
  international_org: 1,
  lpsk: 1,
  bp2mi: 1,
  mission_abroad: 1,
};
const providerTypes = new Set([
  'ngo',
  'social_shelter',
  'hospital',
  'dinas_kesehatan',
  'dinas_sosial',
  'p2tp2a',
  'ppt',
]);
const repatriationTypes = new Set(['international_org', 'bp2mi', 'mission_abroad']);
const legalTypes = new Set(['legal_aid', 'lpsk', 'police_ppa']);

interface Person {
  id: string;
  username: string;
}

interface AgencyInfo {
  agency: TAgency;
  code: string;
  province: string | null;
  workers: Person[];
  supervisors: Person[];
  /** Case workers, else supervisors, else intake officers: who records and works a case. */
  leads: Person[];
  decidedByOrg: string;
}

/** Case numbers read like AGENCY/2026/00042 (the cases module's rule: short name, letters and digits). */
const agencyCode = (a: TAgency) =>
  (a.shortName ?? a.name)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 16) || 'PULIH';

async function allAgencies(ctx: Context): Promise<TAgency[]> {
  const out: TAgency[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAgencies(ctx, { status: 'active', limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // Deterministic across databases: by name (ids differ from one database to the next).
  return out.sort((a, b) => a.name.localeCompare(b.name) || (a.regionCode ?? '').localeCompare(b.regionCode ?? ''));
}

async function usersOf(ctx: Context, agencyId: string, role: string): Promise<Person[]> {
  const page = await listUsers(ctx, { agencyId, role, status: 'active', limit: 200 });
  return page.items
    .map((u) => ({ id: u.id, username: u.username }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

class Directory {
  private constructor(
    readonly leads: [AgencyInfo, number][],
    readonly byProvince: Map<string, [AgencyInfo, number][]>,
    readonly providers: Map<string, AgencyInfo[]>,
    readonly repatriation: AgencyInfo[],
    readonly legal: AgencyInfo[],
  ) {}

  static async load(ctx: Context): Promise<Directory> {
    const agencies = await allAgencies(ctx);
    if (agencies.length === 0) throw new NoAgenciesError();
    const infos: AgencyInfo[] = [];
    for (const agency of agencies) {
      const workers = await usersOf(ctx, agency.id, 'case_worker');
      const supervisors = await usersOf(ctx, agency.id, 'supervisor');
      const intake = workers.length + supervisors.length === 0 ? await usersOf(ctx, agency.id, 'intake_officer') : [];
      infos.push({
        agency,
        code: agencyCode(agency),
        province: agency.countryCode === 'ID' && agency.regionCode ? agency.regionCode.slice(0, 2) : null,
        workers,
        supervisors,
        leads: workers.length > 0 ? workers : supervisors.length > 0 ? supervisors : intake,
        decidedByOrg:
          agency.type === 'police_ppa'
            ? 'Police'
            : agency.type === 'ngo' || agency.type === 'international_org' || agency.type === 'social_shelter'
              ? 'NGO'
              : 'NonPoliceGovernmentalOrganization',
      });
    }
    let leads = infos.filter((i) => leadWeights[i.agency.type]).map((i) => [i, weightOf(i)] as [AgencyInfo, number]);
    // An instance without case-managing agencies still gets cases: every agency may lead then.
    if (leads.length === 0) leads = infos.map((i) => [i, 1]);
    const byProvince = new Map<string, [AgencyInfo, number][]>();
    for (const entry of leads) {
      const p = entry[0].province;
      if (p) byProvince.set(p, [...(byProvince.get(p) ?? []), entry]);
    }
    const providers = new Map<string, AgencyInfo[]>();
    for (const i of infos) {
      if (i.province && providerTypes.has(i.agency.type))
        providers.set(i.province, [...(providers.get(i.province) ?? []), i]);
    }
    return new Directory(
      leads,
      byProvince,
      providers,
      infos.filter((i) => repatriationTypes.has(i.agency.type)),
      infos.filter((i) => legalTypes.has(i.agency.type)),
    );
  }

  /**
   * The lead agency: mostly one in the victim's province; returnees from Malaysia often through West
   * Kalimantan (Entikong, Pontianak); otherwise any case-managing agency, weighted by type and staff.
   */
  leadFor(rng: Rng, v: Victim): AgencyInfo {
    const local = this.byProvince.get(v.provinceCode);
    if (local && rng.chance(0.9)) return rng.weighted(local);
    const border = v.destination.country === 'MY' ? this.byProvince.get('61') : undefined;
    if (border && rng.chance(0.5)) return rng.weighted(border);
    return rng.weighted(this.leads);
  }
}

function weightOf(i: AgencyInfo): number {
  // Agencies with case workers carry most of the load; one without users records cases under the operator.
  return (leadWeights[i.agency.type] ?? 1) * (i.workers.length > 0 ? 5 : i.leads.length > 0 ? 2 : 1);
}

/* ---------- intake dates ---------- */

/** Relative intake volume per year: a COVID dip, then the rise of online scam compounds. */
const yearVolume: Record<number, number> = {
  2019: 10,
  2020: 6,
  2021: 7,
  2022: 12,
  2023: 17,
  2024: 18,
  2025: 18,
  2026: 18,
};
const FIRST_INTAKE = Date.UTC(2018, 11, 31, 17); // 1 January 2019, 00:00 WIB

/**
 * Intake instants in increasing order, streamed: the i-th smallest of N uniform draws follows from the
 * previous one (u_i = 1 − (1 − u_{i−1})·v^{1/(N−i)}), mapped through the yearly volume curve.
 */
class IntakeTimes {
  #u = 0;
  #i = 0;
  readonly #segments: { start: number; end: number; cum: number; weight: number }[] = [];
  readonly #total: number;
  constructor(
    readonly n: number,
    readonly end: number,
    readonly rng: Rng,
  ) {
    let cum = 0;
    for (let year = 2019; ; year++) {
      const start = Math.max(FIRST_INTAKE, Date.UTC(year - 1, 11, 31, 17));
      const stop = Math.min(end, Date.UTC(year, 11, 31, 17));
      if (start >= end) break;
      const full = Date.UTC(year, 11, 31, 17) - Date.UTC(year - 1, 11, 31, 17);
      const weight = (yearVolume[year] ?? 18) * ((stop - start) / full);
      this.#segments.push({ start, end: stop, cum, weight });
      cum += weight;
    }
    this.#total = cum;
  }
  next(): number {
    const remaining = this.n - this.#i;
    this.#u = 1 - (1 - this.#u) * this.rng.next() ** (1 / remaining);
    this.#i++;
    const target = this.#u * this.#total;
    for (const s of this.#segments) {
      if (target <= s.cum + s.weight || s === this.#segments.at(-1)) {
        const f = Math.min(1, Math.max(0, (target - s.cum) / s.weight));
        return Math.floor(s.start + f * (s.end - s.start));
      }
    }
    return this.end - 1;
  }
}

/** The stage a case is heading for, given how long ago it came in (older cases are mostly closed). */
function targetStage(rng: Rng, ageDays: number): CaseStage {
  const table: [CaseStage, number][] =
    ageDays < 3
      ? [
          ['intake', 55],
          ['screening', 40],
          ['identified', 3],
          ['not_victim', 2],
        ]
      : ageDays < 14
        ? [
            ['intake', 12],
            ['screening', 38],
            ['identified', 20],
            ['not_victim', 10],
            ['protection', 20],
          ]
        : ageDays < 45
          ? [
              ['intake', 2],
              ['screening', 8],
              ['identified', 10],
              ['not_victim', 10],
              ['protection', 55],
              ['repatriation', 10],
              ['reintegration', 5],
            ]
          : ageDays < 120
            ? [
                ['screening', 2],
                ['identified', 3],
                ['not_victim', 8],
                ['protection', 35],
                ['repatriation', 17],
                ['reintegration', 30],
                ['closed', 5],
              ]
            : ageDays < 240
              ? [
                  ['not_victim', 6],
                  ['protection', 15],
                  ['repatriation', 6],
                  ['reintegration', 33],
                  ['follow_up', 30],
                  ['closed', 10],
                ]
              : ageDays < 420
                ? [
                    ['not_victim', 4],
                    ['protection', 5],
                    ['reintegration', 15],
                    ['follow_up', 40],
                    ['closed', 36],
                  ]
                : ageDays < 730
                  ? [
                      ['not_victim', 2],
                      ['protection', 2],
                      ['reintegration', 4],
                      ['follow_up', 15],
                      ['closed', 77],
                    ]
                  : [
                      ['not_victim', 1],
                      ['follow_up', 3],
                      ['closed', 96],
                    ];
  return rng.weighted(table);
}

/* ---------- identity: the persons module's shapes ---------- */

const pseudonymAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TWO20 = 1 << 20;

/** A unique pseudonym for person number `index`: a keyed Feistel permutation of 40 bits, in the P-XXXXXXXX form. */
function pseudonymFor(index: number, key: number): string {
  let left = Math.floor(index / TWO20) % TWO20;
  let right = index % TWO20;
  for (let round = 0; round < 4; round++) {
    let f = Math.imul(right ^ key ^ (round * 0x9e3779b9), 0x85ebca6b);
    f ^= f >>> 13;
    f = Math.imul(f, 0xc2b2ae35);
    f ^= f >>> 16;
    [left, right] = [right, (left ^ f) & (TWO20 - 1)];
  }
  let x = left * TWO20 + right;
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = pseudonymAlphabet[x % 32] + out;
    x = Math.floor(x / 32);
  }
  return `P-${out}`;
}

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((w) => `${w[0]?.toUpperCase()}.`)
    .join('');

/** As the persons module: digits with the Indonesian country code. */
const normalisePhone = (phone: string) => {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
};

/** Keyed hashes of a person's name tokens and blocking keys, as the persons module writes them (cached: HMACs are deterministic). */
class NameHasher {
  readonly #cache = new Map<string, string>();
  constructor(readonly ctx: Context) {}
  hashes(name: string, birthYear: number | null): string[] {
    return personTokenStrings([name], birthYear).map((t) => this.#hash(t));
  }
  #hash(token: string): string {
    let h = this.#cache.get(token);
    if (h === undefined) {
      h = this.ctx.keyring.blindIndex('name', token);
      if (this.#cache.size < 100_000) this.#cache.set(token, h);
    }
    return h;
  }
}

/* ---------- templates: answers scored once ---------- */

interface ScreeningTemplate {
  answers: string;
  acts: string;
  dimensions: string;
  presumed: number;
  recommendation: string;
  positive: number[];
  rule: 'adult' | 'child';
}

interface SurveyTemplate {
  answers: string;
  composite: number | null;
  sustainable: number | null;
  scores: [string, number | null][];
}

function screeningTemplates(ctx: Context, seed: number) {
  const rng = new Rng(seed ^ 0x5eed);
  const make = (victim: boolean, isChild: boolean): ScreeningTemplate[] =>
    Array.from({ length: 16 }, () => {
      const sheet = drawScreeningAnswers(rng, victim, isChild);
      const score = scoreScreening(delphiV1, { answers: sheet.answers, acts: sheet.acts, isChild });
      const a = ctx.database.adapter;
      return {
        answers: a.toJson(sheet.answers),
        acts: a.toJson(sheet.acts),
        dimensions: a.toJson(score.dimensions),
        presumed: score.presumedVictim ? 1 : 0,
        recommendation: score.recommendation,
        positive: score.dimensions.filter((d) => d.positive).map((d) => d.dimension),
        rule: score.rule,
      };
    });
  return {
    victim: [make(true, false), make(true, true)] as const,
    other: [make(false, false), make(false, true)] as const,
  };
}

function surveyTemplates(ctx: Context, seed: number) {
  const rng = new Rng(seed ^ 0xa55e);
  const make = (lo: number, hi: number, sustainable?: boolean): SurveyTemplate[] =>
    Array.from({ length: 16 }, () => {
      const { answers, scores } = drawReintegrationAnswers(rng, rng.between(lo, hi), sustainable);
      return {
        answers: ctx.database.adapter.toJson(answers),
        composite: scores.composite,
        sustainable: scores.sustainable === null ? null : scores.sustainable ? 1 : 0,
        scores: Object.entries(scores.dimensions),
      };
    });
  return {
    baseline: make(0.3, 0.5, false),
    3: make(0.45, 0.65),
    6: make(0.55, 0.8),
    12: make(0.7, 0.9),
    final: make(0.8, 0.95, true),
  };
}

/* ---------- ids and memory ---------- */

/**
 * UUIDv7 ids as the uuid package makes them (monotonic within a millisecond), from a large pool of random
 * bytes: one system call per four thousand ids instead of one per sixteen.
 */
const ids = {
  pool: Buffer.allocUnsafe(65_536),
  pos: 65_536,
  msecs: Number.NEGATIVE_INFINITY,
  seq: 0,
};
function newId(): string {
  if (ids.pos + 16 > ids.pool.length) {
    randomFillSync(ids.pool);
    ids.pos = 0;
  }
  const random = ids.pool.subarray(ids.pos, ids.pos + 16);
  ids.pos += 16;
  const now = Date.now();
  if (now > ids.msecs) {
    ids.seq = (random[6]! << 23) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    ids.msecs = now;
  } else {
    ids.seq = (ids.seq + 1) | 0;
    if (ids.seq === 0) ids.msecs++;
  }
  return uuidv7({ random, msecs: ids.msecs, seq: ids.seq });
}

/**
 * V8 lets garbage pile up while memory is plentiful; a bulk load that throws away a batch every second would
 * grow to gigabytes. Above this much live heap the generator asks for a full collection after a batch.
 */
const HEAP_CEILING = 96 * 1024 * 1024;
let fullGc: (() => void) | undefined;
function keepMemoryFlat(): void {
  if (getHeapStatistics().used_heap_size < HEAP_CEILING) return;
  if (!fullGc) {
    setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
  }
  fullGc();
}

/* ---------- rows ---------- */

type Row = Record<string, unknown>;
const TABLES = [
  'persons',
  'person_identities',
  'person_data_keys',
  'person_name_tokens',
  'person_identifiers',
  'cases',
  'case_attributes',
  'case_members',
  'case_events',
  'screenings',
  'service_requests',
  'assessments',
  'assessment_scores',
  'case_tasks',
  'case_timeline',
] as const;
type Table = (typeof TABLES)[number];

class Batch {
  readonly rows = new Map<Table, Row[]>(TABLES.map((t) => [t, []]));
  readonly audits: { caseId: string; caseNumber: string; isChild: boolean }[] = [];
  add(table: Table, row: Row) {
    this.rows.get(table)!.push(row);
  }
}

/**
 * Bulk inserts run through Kysely as compiled queries, each shape compiled once (a million cases would
 * otherwise build tens of millions of query nodes). SQLite: multi-row VALUES in power-of-two chunks that fit
 * its bound-parameter limit. PostgreSQL: one statement per table and batch that reads the rows from one JSON
 * document typed by the table itself (json_populate_recordset): no parameter limit, and far less work on
 * both sides than tens of thousands of parameters or escaped array literals.
 */
class Inserter {
  readonly #texts = new Map<string, string>();
  private constructor(
    readonly dialect: 'sqlite' | 'postgres',
    /** PostgreSQL: the json and jsonb columns of each table (their values travel as JSON, not as text). */
    readonly jsonColumns: Map<string, Set<string>>,
  ) {}

  static async open(ctx: Context): Promise<Inserter> {
    const json = new Map<string, Set<string>>();
    if (ctx.database.adapter.name === 'postgres') {
      const rows = (
        await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name from information_schema.columns
          where table_schema = current_schema() and udt_name in ('json', 'jsonb')`.execute(ctx.database.db)
      ).rows;
      for (const r of rows) json.set(r.table_name, (json.get(r.table_name) ?? new Set()).add(r.column_name));
    }
    return new Inserter(ctx.database.adapter.name, json);
  }

  async insert(tx: Tx, table: string, rows: Row[]) {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    if (this.dialect === 'postgres') return this.#fromJson(tx, table, columns, rows);
    let chunk = 1;
    while (chunk * 2 * columns.length <= 32_000 && chunk * 2 <= 512) chunk *= 2;
    let i = 0;
    while (i < rows.length) {
      let size = chunk;
      while (size > rows.length - i) size /= 2;
      const params: unknown[] = new Array(size * columns.length);
      let p = 0;
      for (let r = i; r < i + size; r++) {
        const row = rows[r]!;
        for (const c of columns) params[p++] = row[c];
      }
      await tx.executeQuery(CompiledQuery.raw(this.#values(table, columns, size), params));
      i += size;
    }
  }

  #values(table: string, columns: string[], rows: number): string {
    const key = `${table}|${rows}`;
    let text = this.#texts.get(key);
    if (!text) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`;
      this.#texts.set(key, text);
    }
    return text;
  }

  async #fromJson(tx: Tx, table: string, columns: string[], rows: Row[]) {
    let text = this.#texts.get(table);
    if (!text) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      text = `insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", $1::json)`;
      this.#texts.set(table, text);
    }
    // JSON columns hold serialised JSON (as the modules write them): embed the value itself.
    for (const c of this.jsonColumns.get(table) ?? []) {
      for (const row of rows) if (typeof row[c] === 'string') row[c] = JSON.parse(row[c] as string);
    }
    // In slices, so that no one JSON document grows past a few megabytes.
    for (let i = 0; i < rows.length; i += 8192)
      await tx.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows.slice(i, i + 8192))]));
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDay = (ms: number) => iso(ms).slice(0, 10);

function addMonths(ms: number, months: number): number {
  // As the assessments module schedules follow-ups: same day of month, clipped to the month's end.
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(d);
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), lastDay));
  return out.getTime();
}

/* ---------- the generator ---------- */

export async function generateSynthetic(ctx: Context, options: SyntheticOptions): Promise<SyntheticResult> {
  const total = options.cases;
  if (!Number.isInteger(total) || total < 1 || total > MAX_SYNTHETIC_CASES) {
    throw new RangeError(`cases must be a whole number from 1 to ${MAX_SYNTHETIC_CASES.toLocaleString('en')}`);
  }
  const started = performance.now();
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const asOf = (options.asOf ?? new Date(Math.floor(ctx.clock.now().getTime() / DAY) * DAY)).getTime();
  const batchSize = options.batchSize ?? 500;
  const directory = await Directory.load(ctx);
  // The questionnaire and screening-tool versions the rows refer to are stored (as the modules do on first use).
  await syncQuestionnaires(ctx);
  await syncScreeningTools(ctx);
  const geo = await loadGeo();
  const db = ctx.database.db;
  const inserter = await Inserter.open(ctx);
  const operator = { id: ctx.actor?.userId ?? 'system', username: ctx.actor?.username ?? 'system' };

  // Case numbers continue each agency's yearly sequence; pseudonyms continue after the persons on record.
  const counters = new Map<string, number>();
  for (const r of (
    await sql<{ agency_id: string; year: number; last_seq: number }>`
    select agency_id, year, last_seq from case_counters`.execute(db)
  ).rows) {
    counters.set(`${r.agency_id}|${Number(r.year)}`, Number(r.last_seq));
  }
  const personsBefore = Number(
    (await sql<{ n: number | string }>`select count(*) as n from persons`.execute(db)).rows[0]?.n ?? 0,
  );

  const screenings = screeningTemplates(ctx, seed);
  const surveys = surveyTemplates(ctx, seed);
  const reintegration = questionnaire(REINTEGRATION_QUESTIONNAIRE);
  const names = new NameHasher(ctx);
  const taskTitles = new Map(
    REINTEGRATION_FOLLOW_UP_MONTHS.map((m) => [m, translate('id', 'task.reintegration_follow_up', { months: m })]),
  );
  const rng = new Rng(seed);
  const nameRng = new Rng(seed ^ 0x4e414d45);
  const times = new IntakeTimes(total, asOf, new Rng(seed ^ 0x7107e));
  const stages = Object.fromEntries(caseStages.map((s) => [s, 0])) as Record<CaseStage, number>;
  let firstCaseNumber: string | null = null;
  let lastCaseNumber: string | null = null;

  // A load that at least doubles the case tables builds their secondary indexes once, at the end.
  const casesBefore = Number(
    (await sql<{ n: number | string }>`select count(*) as n from cases`.execute(db)).rows[0]?.n ?? 0,
  );
  let done = 0;
  const bulk = { tables: TABLES, deferIndexes: total >= 10_000 && total >= casesBefore, onRebuild: options.onRebuild };
  await withBulkLoad(ctx, bulk, async (load) => {
    while (done < total && !load.stopping) {
      const size = Math.min(batchSize, total - done);
      const batch = new Batch();
      const touched = new Set<string>();
      for (let k = 0; k < size; k++) {
        const index = done + k;
        const intakeAt = times.next();
        const victim = drawVictim(rng, geo, intakeAt);
        // National name frequencies (a stream of its own, so the rest of the dataset stays as before).
        victim.fullName = nationalName(nameRng, victim.provinceCode, victim.female);
        const lead = directory.leadFor(rng, victim);
        const year = wibYear(intakeAt);
        const counterKey = `${lead.agency.id}|${year}`;
        const seq = (counters.get(counterKey) ?? 0) + 1;
        counters.set(counterKey, seq);
        touched.add(counterKey);
        const caseNumber = `${lead.code}/${year}/${String(seq).padStart(5, '0')}`;
        firstCaseNumber ??= caseNumber;
        lastCaseNumber = caseNumber;
        const target = targetStage(rng, (asOf - intakeAt) / DAY);
        const h = planHistory(rng, intakeAt, target, asOf, {
          abroad: victim.abroad,
          closeAsNotVictim: target === 'closed' && rng.chance(0.08),
        });
        stages[h.stage]++;
        writeCase(batch, {
          ctx,
          rng,
          victim,
          lead,
          history: h,
          caseNumber,
          pseudonym: pseudonymFor(personsBefore + index, seed),
          operator,
          names,
          screenings,
          surveys,
          reintegration,
          taskTitles,
          directory,
          asOf,
        });
      }
      await transact(ctx, async (tx) => {
        for (const table of TABLES) await inserter.insert(tx, table, batch.rows.get(table)!);
        await appendAudits(
          tx,
          ctx,
          batch.audits.map((a) => ({
            action: 'cases.create',
            entityType: 'case',
            entityId: a.caseId,
            purpose: `synthetic dataset (pulih demo --seed ${seed})`,
            details: { caseNumber: a.caseNumber, isChild: a.isChild, personLinked: false, synthetic: true },
          })),
        );
        const rows = [...touched].map((key) => {
          const [agency_id, year] = key.split('|');
          return { agency_id: agency_id!, year: Number(year), last_seq: counters.get(key)! };
        });
        await (tx as unknown as Kysely<{ case_counters: { agency_id: string; year: number; last_seq: number } }>)
          .insertInto('case_counters')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['agency_id', 'year']).doUpdateSet((eb) => ({ last_seq: eb.ref('excluded.last_seq') })),
          )
          .execute();
      });
      done += size;
      keepMemoryFlat();
      options.onProgress?.(done, total);
    }
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, {
        action: 'demo.synthetic',
        details: { cases: done, seed, asOf: isoDay(asOf), stages },
      }),
    );
  });
  return { cases: done, stages, firstCaseNumber, lastCaseNumber, seconds: (performance.now() - started) / 1000 };
}

interface CaseInput {
  ctx: Context;
  rng: Rng;
  victim: Victim;
  lead: AgencyInfo;
  history: History;
  caseNumber: string;
  pseudonym: string;
  operator: Person;
  names: NameHasher;
  screenings: ReturnType<typeof screeningTemplates>;
  surveys: ReturnType<typeof surveyTemplates>;
  reintegration: ReturnType<typeof questionnaire>;
  taskTitles: Map<number, string>;
  directory: Directory;
  asOf: number;
}

/** All rows of one case, in the shapes createCase and the screening, services and assessments modules write. */
function writeCase(batch: Batch, c: CaseInput) {
  const { ctx, rng, victim: v, lead, history: h, asOf } = c;
  const k = ctx.keyring;
  const a = ctx.database.adapter;
  const worker = lead.leads.length > 0 ? rng.pick(lead.leads) : c.operator;
  const supervisor =
    lead.supervisors.filter((s) => s.id !== worker.id).length > 0
      ? rng.pick(lead.supervisors.filter((s) => s.id !== worker.id))
      : null;
  const personId = newId();
  const caseId = newId();
  const createdAt = h.intakeAt + Math.floor(rng.between(5, 90) * MINUTE);
  const created = iso(createdAt);
  // Timeline entries are collected, then written in time order (their UUIDv7 ids sort the case's timeline).
  const entries: { at: number; kind: string; params: Row; actor: Person }[] = [];
  const timeline = (at: number, kind: string, params: Row, actor: Person = worker) =>
    entries.push({ at, kind, params, actor });

  // The person and the identity vault: name and phone encrypted, the rest of the identity left empty.
  batch.add('persons', {
    id: personId,
    pseudonym: c.pseudonym,
    owner_agency_id: lead.agency.id,
    region_code: v.regionCode,
    sex: v.sex,
    birth_year: v.birthYear,
    initials: initialsOf(v.fullName),
    age_estimated: null,
    citizenship: 'ID',
    languages: a.toJson(v.languages),
    disability: null,
    education: v.education,
    marital_status: v.maritalStatus,
    children_count: null,
    created_by: worker.id,
    created_at: created,
    updated_at: created,
  });
  // Her identity under her own data key, as the vault writes it (persons.keys.ts).
  const personKey = k.newSubjectKey('person_data_keys', personId);
  batch.add('person_data_keys', { person_id: personId, key_enc: personKey.wrapped, created_at: created });
  batch.add('person_identities', {
    person_id: personId,
    full_name_enc: sealIdentityField(personKey.key, personId, 'full_name_enc', v.fullName),
    aliases_enc: null,
    date_of_birth_enc: null,
    nik_enc: null,
    passport_enc: null,
    phones_enc: v.phone ? sealIdentityField(personKey.key, personId, 'phones_enc', JSON.stringify([v.phone])) : null,
    address_enc: null,
    key_version: k.activeKeyVersion,
    updated_at: created,
    name_keys_version: NAME_KEYS_VERSION,
  });
  for (const token of c.names.hashes(v.fullName, v.birthYear))
    batch.add('person_name_tokens', { token, person_id: personId });
  if (v.phone)
    batch.add('person_identifiers', {
      kind: 'phone',
      bidx: k.blindIndex('phone', normalisePhone(v.phone)),
      person_id: personId,
    });

  // Screening, decision and four-eyes approval.
  const decider = worker;
  const approver = supervisor ?? c.operator;
  let traffickingStatus: string | null = null;
  let decidedAt: string | null = null;
  if (h.screeningAt !== undefined) {
    const set = h.victim ? c.screenings.victim : c.screenings.other;
    const t = rng.pick(set[v.isChild ? 1 : 0]);
    const screeningId = newId();
    const decided = h.decidedAt !== undefined;
    const approved = h.approvedAt !== undefined;
    const status = h.victim
      ? rng.chance(0.15)
        ? 'ActualVictimOfTrafficking'
        : 'PossibleVictimOfTrafficking'
      : 'NotAVictimOfTrafficking';
    batch.add('screenings', {
      id: screeningId,
      case_id: caseId,
      tool_version: delphiV1.version,
      is_child: v.isChild ? 1 : 0,
      answers: t.answers,
      acts: t.acts,
      dimension_results: t.dimensions,
      presumed_victim: t.presumed,
      recommendation: t.recommendation,
      notes_enc: null,
      created_by: worker.id,
      created_at: iso(h.screeningAt),
      decision_status: decided ? status : null,
      decided_by_org: decided ? lead.decidedByOrg : null,
      rationale_enc: null,
      decided_by: decided ? decider.id : null,
      decided_at: decided ? iso(h.decidedAt!) : null,
      approval_status: approved ? 'approved' : decided ? 'pending' : null,
      approved_by: approved ? approver.id : null,
      approved_at: approved ? iso(h.approvedAt!) : null,
      approval_note_enc: null,
    });
    const created = {
      screeningId,
      toolVersion: delphiV1.version,
      rule: t.rule,
      positiveDimensions: t.positive,
      recommendation: t.recommendation,
    };
    timeline(h.screeningAt, 'screening.created', created);
    timeline(h.screeningAt, 'case.stage', { from: 'intake', to: 'screening' });
    if (decided) {
      timeline(h.decidedAt!, 'screening.decided', {
        screeningId,
        status,
        decidedByOrg: lead.decidedByOrg,
        differsFromRecommendation: status !== t.recommendation,
      });
    }
    if (approved) {
      traffickingStatus = status;
      decidedAt = iso(h.approvedAt!);
      timeline(
        h.approvedAt!,
        'case.stage',
        { from: 'screening', to: h.victim ? 'identified' : 'not_victim' },
        approver,
      );
      timeline(
        h.approvedAt!,
        'screening.approved',
        { screeningId, approve: true, status, decidedByOrg: lead.decidedByOrg },
        approver,
      );
    }
  }

  // Stage moves.
  const move = (at: number | undefined, from: CaseStage, to: CaseStage) => {
    if (at !== undefined) timeline(at, 'case.stage', { from, to });
  };
  move(h.protectionAt, 'identified', 'protection');
  move(h.repatriationAt, 'protection', 'repatriation');
  move(h.reintegrationAt, h.repatriationAt !== undefined ? 'repatriation' : 'protection', 'reintegration');
  move(h.followUpStageAt, 'reintegration', 'follow_up');

  // Services: statutory ones are due 7 days after the application (Law 21/2007 Art. 52(1), 53).
  const until = Math.min(asOf, h.closeRequestedAt ?? asOf);
  let late = 0;
  let openAtClose = 0;
  // The case's next statutory deadline (cases.next_due_at): its open request due soonest.
  let nextDue: number | null = null;
  const service = (type: string, applicant: string, provider: AgencyInfo, appliedAt: number) => {
    if (appliedAt >= until) return;
    const id = newId();
    const statutory = statutoryServiceTypes.has(type as never);
    const dueAt = statutory ? appliedAt + 7 * DAY : null;
    const acceptedAt = appliedAt + rng.between(0.2, 1.5) * DAY;
    const slow = statutory && rng.chance(0.15);
    const deliveredAt = Math.max(
      acceptedAt + 0.2 * DAY,
      appliedAt + (slow ? rng.between(8, 14) : rng.between(1, 6)) * DAY,
    );
    const cancelled = rng.chance(0.04);
    let status = 'requested';
    let closedAt: number | null = null;
    let delivered: number | null = null;
    if (acceptedAt < until) status = 'accepted';
    if (deliveredAt < until) {
      status = cancelled ? 'cancelled' : 'delivered';
      closedAt = deliveredAt;
      delivered = cancelled ? null : deliveredAt;
    }
    const open = status === 'requested' || status === 'accepted';
    const isLate = open && dueAt !== null && dueAt < asOf;
    if (isLate) late++;
    if (open) openAtClose++;
    if (open && dueAt !== null && (nextDue === null || dueAt < nextDue)) nextDue = dueAt;
    batch.add('service_requests', {
      id,
      case_id: caseId,
      type,
      applicant,
      applied_at: iso(appliedAt),
      due_at: dueAt === null ? null : iso(dueAt),
      provider_agency_id: provider.agency.id,
      status,
      status_reason_enc: null,
      note_enc: null,
      delivered_at: delivered === null ? null : iso(delivered),
      closed_at: closedAt === null ? null : iso(closedAt),
      // The overdue job (every 5 minutes) has already alerted requests past their due time.
      overdue_alerted_at: isLate ? iso(dueAt! + rng.between(0, 5) * MINUTE) : null,
      created_by: worker.id,
      created_at: iso(appliedAt),
      updated_at: iso(closedAt ?? (status === 'accepted' ? acceptedAt : appliedAt)),
    });
    timeline(appliedAt, 'service.requested', {
      requestId: id,
      type,
      applicant,
      providerAgencyId: provider.agency.id,
      dueAt: dueAt === null ? null : iso(dueAt),
    });
    if (status !== 'requested')
      timeline(acceptedAt, 'service.status', {
        requestId: id,
        type,
        from: 'requested',
        to: 'accepted',
        wasLate: false,
      });
    if (closedAt !== null) {
      const wasLate = dueAt !== null && closedAt > dueAt;
      timeline(closedAt, 'service.status', {
        requestId: id,
        type,
        from: 'accepted',
        to: status,
        wasLate,
        ...(status === 'delivered' ? { deliveredLate: wasLate } : {}),
      });
    }
    if (isLate)
      timeline(dueAt! + 5 * MINUTE, 'service.overdue', { requestId: id, type, dueAt: iso(dueAt!) }, c.operator);
  };
  const providers = (lead.province ? c.directory.providers.get(lead.province) : undefined) ?? [];
  const provider = () => (providers.length > 0 && rng.chance(0.6) ? rng.pick(providers) : lead);
  if (h.protectionAt !== undefined) {
    const p = h.protectionAt;
    if (v.abroad || rng.chance(0.4))
      service('emergency_first_aid', 'social_worker', lead, p + rng.between(0.1, 1) * DAY);
    service(
      rng.chance(0.5) ? 'health_rehabilitation' : 'social_rehabilitation',
      'victim',
      provider(),
      p + rng.between(0.2, 2) * DAY,
    );
    if (rng.chance(0.5))
      service('psychosocial_counselling', 'social_worker', provider(), p + rng.between(0.5, 4) * DAY);
    if (v.isChild || rng.chance(0.25)) service('shelter', 'social_worker', provider(), p + rng.between(0.1, 1) * DAY);
    if (rng.chance(0.25)) {
      const legal = c.directory.legal.length > 0 ? rng.pick(c.directory.legal) : lead;
      service('legal_aid', 'victim', legal, p + rng.between(1, 10) * DAY);
    }
  }
  if (h.repatriationAt !== undefined) {
    const helpers = c.directory.repatriation;
    const who = v.abroad && helpers.length > 0 ? rng.pick(helpers) : lead;
    service(
      v.abroad ? 'repatriation_from_abroad' : 'repatriation_domestic',
      'social_worker',
      who,
      h.repatriationAt + rng.between(0.05, 0.5) * DAY,
    );
  }
  if (h.reintegrationAt !== undefined) {
    service('social_reintegration', 'victim', lead, h.reintegrationAt + rng.between(0.05, 1) * DAY);
    if (rng.chance(0.4))
      service(
        rng.chance(0.5) ? 'economic_empowerment' : 'vocational_training',
        'victim',
        provider(),
        h.reintegrationAt + rng.between(2, 10) * DAY,
      );
  }

  // Reintegration surveys (IOM): a baseline schedules follow-ups at 3, 6 and 12 months.
  if (h.baselineAt !== undefined) {
    const survey = (at: number, kind: 'baseline' | 'follow_up', month: number | null, t: SurveyTemplate) => {
      const id = newId();
      batch.add('assessments', {
        id,
        case_id: caseId,
        questionnaire_key: c.reintegration.key,
        questionnaire_version: c.reintegration.version,
        type: c.reintegration.type,
        level: c.reintegration.level,
        kind,
        follow_up_month: month,
        taken_at: iso(at),
        answers: t.answers,
        composite_score: t.composite,
        sustainable: t.sustainable,
        band: null,
        notes_enc: null,
        recorded_by: worker.id,
        created_at: iso(at),
      });
      for (const [dimension, score] of t.scores)
        batch.add('assessment_scores', { assessment_id: id, dimension, score });
      timeline(at, 'assessment.recorded', {
        assessmentId: id,
        questionnaire: c.reintegration.key,
        version: c.reintegration.version,
        type: c.reintegration.type,
        level: c.reintegration.level,
        kind,
        followUpMonth: month,
        composite: t.composite,
        sustainable: t.sustainable === null ? null : t.sustainable === 1,
        band: null,
      });
    };
    survey(h.baselineAt, 'baseline', null, rng.pick(c.surveys.baseline));
    const doneByMonth = new Map(h.followUps.map((f) => [f.month, f.at]));
    for (const month of REINTEGRATION_FOLLOW_UP_MONTHS) {
      const taskId = newId();
      const dueAt = addMonths(h.baselineAt, month);
      const doneAt = doneByMonth.get(month);
      batch.add('case_tasks', {
        id: taskId,
        case_id: caseId,
        title: '',
        title_enc: k.encrypt('case_tasks', 'title_enc', taskId, c.taskTitles.get(month)!),
        kind: 'reintegration_follow_up',
        due_at: iso(dueAt),
        assigned_user_id: worker === c.operator ? null : worker.id,
        status: doneAt !== undefined ? 'done' : 'open',
        done_at: doneAt !== undefined ? iso(doneAt) : null,
        created_by: worker.id,
        created_at: iso(h.baselineAt),
      });
      timeline(h.baselineAt, 'task.created', { taskId, kind: 'reintegration_follow_up', dueAt: iso(dueAt) });
      if (doneAt !== undefined) {
        const final = month === 12 && h.closureReason === 'reintegrated';
        survey(doneAt, 'follow_up', month, rng.pick(final ? c.surveys.final : c.surveys[month as 3 | 6 | 12]));
        timeline(doneAt, 'task.completed', { taskId, kind: 'reintegration_follow_up' });
      }
    }
  }

  // Closure: requested by the lead, approved by a supervisor.
  if (h.closeRequestedAt !== undefined) {
    timeline(h.closeRequestedAt, 'case.closure.requested', { reason: h.closureReason, openItems: openAtClose });
    timeline(h.closedAt!, 'case.closed', { reason: h.closureReason }, approver);
  }

  // The case itself, in its final state.
  const stageChangedAt =
    h.closedAt ??
    h.followUpStageAt ??
    h.reintegrationAt ??
    h.repatriationAt ??
    h.protectionAt ??
    h.approvedAt ??
    h.screeningAt ??
    createdAt;
  const lastAt = Math.max(stageChangedAt, createdAt, ...h.followUps.map((f) => f.at));
  batch.add('cases', {
    id: caseId,
    case_number: c.caseNumber,
    case_seq: Number(c.caseNumber.slice(c.caseNumber.lastIndexOf('/') + 1)),
    lead_agency_id: lead.agency.id,
    person_id: personId,
    region_code: v.regionCode,
    stage: h.stage,
    stage_changed_at: iso(stageChangedAt),
    is_child: v.isChild ? 1 : 0,
    referral_source: v.referralSource,
    intake_at: iso(h.intakeAt),
    identified_at: h.victim && h.approvedAt !== undefined ? iso(h.approvedAt) : null,
    closed_at: h.closedAt !== undefined ? iso(h.closedAt) : null,
    trafficking_status: traffickingStatus,
    status_decided_by_org: traffickingStatus ? lead.decidedByOrg : null,
    status_decided_at: decidedAt,
    risk_level: v.riskLevel,
    relationship_to_trafficker: v.relationshipToTrafficker,
    forced_labour_industry: v.forcedLabourIndustry,
    exploitation_country: v.destination.country,
    age_when_trafficked: v.ageWhenTrafficked,
    late_services: late,
    next_due_at: nextDue === null ? null : iso(nextDue),
    summary_enc: null,
    closure_reason: h.closureReason ?? null,
    closure_note_enc: null,
    closure_requested_by: h.closeRequestedAt !== undefined ? worker.id : null,
    closure_requested_at: h.closeRequestedAt !== undefined ? iso(h.closeRequestedAt) : null,
    closure_from_stage: h.closureFrom ?? null,
    reopened_count: 0,
    created_by: worker.id,
    created_at: created,
    updated_at: iso(lastAt),
  });
  const attributes: [string, string[]][] = [
    ['vic_TypeOfExploitation', v.exploitationTypes],
    ['vic_MethodsOfControl', v.methodsOfControl],
    ['vic_MethodOfRecruitment', v.recruitmentMethods],
    ['vic_RecruitmentWebsitesAndApps', v.recruitmentWebsites],
    ['vic_ExploitationWebsitesAndApps', v.exploitationWebsites],
    ['vic_TypeOfSexExploitation', v.sexExploitationTypes],
    ['vic_Vulnerabilities', v.vulnerabilities],
  ];
  for (const [attribute, values] of attributes)
    for (const value of new Set(values)) batch.add('case_attributes', { case_id: caseId, attribute, value });
  if (worker !== c.operator)
    batch.add('case_members', { case_id: caseId, user_id: worker.id, role: 'lead', added_at: created });
  if (supervisor && rng.chance(0.25))
    batch.add('case_members', { case_id: caseId, user_id: supervisor.id, role: 'supervisor', added_at: created });
  for (const e of v.events) {
    batch.add('case_events', {
      id: newId(),
      case_id: caseId,
      type: e.type,
      country_code: e.countryCode,
      region_code: e.regionCode ?? null,
      city: e.city ?? null,
      started_on: e.startedOn,
      ended_on: e.endedOn ?? null,
      description_enc: null,
      created_at: created,
    });
  }
  timeline(createdAt, 'case.created', {
    caseNumber: c.caseNumber,
    isChild: v.isChild,
    referralSource: v.referralSource,
  });
  entries.sort((x, y) => x.at - y.at);
  for (const e of entries) {
    batch.add('case_timeline', {
      id: newId(),
      case_id: caseId,
      at: iso(e.at),
      actor_user_id: e.actor.id,
      actor_username: e.actor.username,
      kind: e.kind,
      params: a.toJson(e.params),
    });
  }
  batch.audits.push({ caseId, caseNumber: c.caseNumber, isChild: v.isChild });
}
