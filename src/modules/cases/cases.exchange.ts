/**
 * Cases as the HTCDS exchange sees them: every HTCDS victim-context fact of a case, its historic trafficking
 * events (without their free-text description) and the person's non-identifying profile. Read in keyset pages,
 * so an export of a million cases runs at flat memory. Identity never comes from here: the exchange asks the
 * persons module's decision for it, record by record.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { selectRows, tables } from '../../platform/db/index.js';
import { type PersonProfileFacts, personProfilesByIds } from '../persons/index.js';
import { type AttributeKey, attributeFields } from './cases.schema.js';
import { caseScopeCondition } from './cases.scope.js';
import type { CaseAttributeRow, CaseEventRow, CaseRow } from './cases.store.js';

export interface ExchangeCaseEvent {
  type: string;
  countryCode: string;
  regionCode: string | null;
  city: string | null;
  startedOn: string | null;
}

export interface ExchangeCase {
  caseId: string;
  personId: string;
  leadAgencyId: string;
  regionCode: string | null;
  stage: string;
  intakeAt: string;
  traffickingStatus: string | null;
  statusDecidedByOrg: string | null;
  relationshipToTrafficker: string | null;
  forcedLabourIndustry: string | null;
  exploitationCountry: string | null;
  ageWhenTrafficked: number | null;
  /** HTCDS multi-select attributes by their profile key (exploitationTypes, methodsOfControl, ...), sorted. */
  attributes: Record<AttributeKey, string[]>;
  events: ExchangeCaseEvent[];
  person: PersonProfileFacts | undefined;
}

export interface ExchangeCaseFilter {
  /** Intake instant bounds: from inclusive, to exclusive (ISO). */
  intakeFrom?: string;
  intakeTo?: string;
  /** Only these cases. */
  caseIds?: readonly string[];
  /** Only cases led by these agencies. */
  agencyIds?: readonly string[];
  /** Only cases in this Kemendagri region (or below it). */
  regionCode?: string;
  scope?: ScopeFilter;
  /**
   * Keeps the ids of a page that may leave (e.g. the consent filter); the rest of the page is not loaded. Called once
   * per page in page order; on PostgreSQL the next page's call may come before the caller has taken this page, and a
   * page none of whose ids are kept is not yielded.
   */
  keep?: (caseIds: string[]) => Promise<ReadonlySet<string>>;
}

type ExchangeTables = {
  cases: CaseRow;
  case_attributes: CaseAttributeRow;
  case_events: CaseEventRow;
  case_members: { case_id: string; user_id: string };
};
const t = (db: Executor) => tables<ExchangeTables>(db);

const attributeKeys = Object.keys(attributeFields) as AttributeKey[];
/** case_attributes rows carry the HTCDS field name (vic_MethodsOfControl, ...). */
const keyOfAttribute = new Map(Object.entries(attributeFields).map(([k, f]) => [f as string, k as AttributeKey]));

type CaseCondition = (eb: ExpressionBuilder<ExchangeTables, 'cases'>) => Expression<SqlBool>;

/**
 * The filter's conditions on cases — intake bounds, lead agencies, region, the caller's scope — shared by the
 * stream and its count (the case ids and the consent filter are the stream's alone); null when it selects nothing.
 */
function exchangeConditions(filter: ExchangeCaseFilter): CaseCondition[] | null {
  if (filter.agencyIds?.length === 0) return null;
  const out: CaseCondition[] = [];
  const { intakeFrom, intakeTo, agencyIds, regionCode: region } = filter;
  if (intakeFrom) out.push((eb) => eb('intake_at', '>=', intakeFrom));
  if (intakeTo) out.push((eb) => eb('intake_at', '<', intakeTo));
  if (agencyIds) out.push((eb) => eb('lead_agency_id', 'in', [...agencyIds]));
  if (region) out.push((eb) => eb.or([eb('region_code', '=', region), eb('region_code', 'like', `${region}.%`)]));
  const scope = caseScopeCondition(filter.scope);
  if (scope) out.push(scope);
  return out;
}

/** What a case without a given attribute holds under its key: one shared, frozen empty list. */
const NONE: string[] = Object.freeze([]) as unknown as string[];
/** Every key present, each the shared empty list until a value arrives (no nine new arrays per case). */
const noAttributes = Object.fromEntries(attributeKeys.map((k) => [k, NONE])) as Record<AttributeKey, string[]>;

/** Separators inside an aggregated cell: ASCII unit (between fields) and record (between rows) separators. */
const US = '\u001f';
const RS = '\u001e';

type CaseCells = [
  id: string,
  personId: string,
  leadAgencyId: string,
  regionCode: string | null,
  stage: string,
  intakeAt: string,
  traffickingStatus: string | null,
  statusDecidedByOrg: string | null,
  relationshipToTrafficker: string | null,
  forcedLabourIndustry: string | null,
  exploitationCountry: string | null,
  ageWhenTrafficked: number | null,
];
/** A case's attribute or event rows in one cell (RS between rows, US between fields), and how many rows. */
type AggregateCells = [caseId: string, rows: string, count: number | string];

/**
 * A case's events from its aggregate cell (five US-separated fields a row, rows RS-separated), read in place; an
 * empty field stands for null. Undefined when the cell does not parse back (not five fields a row, or not `count`
 * rows).
 */
export function parseEvents(text: string, count: number): ExchangeCaseEvent[] | undefined {
  const out: ExchangeCaseEvent[] = [];
  const f: number[] = [0, 0, 0, 0];
  for (let at = 0; at <= text.length; ) {
    let end = text.indexOf(RS, at);
    if (end === -1) end = text.length;
    let from = at;
    for (let i = 0; i < 4; i++) {
      const us = text.indexOf(US, from);
      if (us === -1 || us > end) return undefined;
      f[i] = us;
      from = us + 1;
    }
    const extra = text.indexOf(US, from);
    if (extra !== -1 && extra < end) return undefined;
    out.push({
      type: text.slice(at, f[0]),
      countryCode: text.slice(f[0]! + 1, f[1]),
      regionCode: f[2]! - f[1]! > 1 ? text.slice(f[1]! + 1, f[2]) : null,
      city: f[3]! - f[2]! > 1 ? text.slice(f[2]! + 1, f[3]) : null,
      startedOn: end - f[3]! > 1 ? text.slice(f[3]! + 1, end) : null,
    });
    at = end + 1;
  }
  return out.length === count ? out : undefined;
}

/** Sorts a short list in place as `Array#sort` would (UTF-16 code units), without its allocations. */
function sortStrings(list: string[]): void {
  for (let i = 1; i < list.length; i++) {
    const v = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]! > v) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = v;
  }
}

/**
 * A case's attributes from its aggregate cell (`attribute US value`, rows RS-separated), read in place: no
 * intermediate arrays, the attribute name compared where it stands. Undefined when the cell does not parse back
 * (a row without exactly one US, or not `count` rows).
 */
export function parseAttributes(text: string, count: number): Record<AttributeKey, string[]> | undefined {
  let entry: Record<AttributeKey, string[]> | undefined;
  let rows = 0;
  let lastName = '';
  let lastKey: AttributeKey | undefined;
  for (let at = 0; at <= text.length; ) {
    let end = text.indexOf(RS, at);
    if (end === -1) end = text.length;
    const us = text.indexOf(US, at);
    if (us === -1 || us > end) return undefined;
    const next = text.indexOf(US, us + 1);
    if (next !== -1 && next < end) return undefined;
    rows++;
    let key: AttributeKey | undefined;
    if (us - at === lastName.length && text.startsWith(lastName, at)) key = lastKey;
    else {
      lastName = text.slice(at, us);
      key = lastKey = keyOfAttribute.get(lastName);
    }
    if (key) {
      const value = text.slice(us + 1, end);
      entry ??= { ...noAttributes };
      if (entry[key] === NONE) entry[key] = [value];
      else entry[key].push(value);
    }
    at = end + 1;
  }
  if (rows !== count) return undefined;
  if (entry) for (const k of attributeKeys) if (entry[k].length > 1) sortStrings(entry[k]);
  return entry;
}

/** The cases of a page: an id range (every case in it) or a list of ids. */
type PageCases = { after: string; lastId: string } | { ids: string[] };
type CaseIdColumn = ExpressionBuilder<ExchangeTables, 'case_attributes' | 'case_events'>;
const ofPage = (page: PageCases) => (eb: CaseIdColumn) =>
  'ids' in page
    ? eb('case_id', 'in', page.ids)
    : eb.and([eb('case_id', '>', page.after), eb('case_id', '<=', page.lastId)]);

/**
 * The multi-select attributes of a page's cases, each list sorted: one row per case (its attribute rows in one
 * cell), not one per value. Values are picklist codes; a case whose cell does not parse back (a separator inside
 * a value) is read again row by row.
 */
async function pageAttributes(db: Executor, page: PageCases) {
  const out = new Map<string, Record<AttributeKey, string[]>>();
  const q = t(db)
    .selectFrom('case_attributes')
    .select((eb) => [
      'case_id',
      sql<string>`string_agg(attribute || ${sql.lit(US)} || value, ${sql.lit(RS)})`.as('cells'),
      eb.fn.countAll().as('n'),
    ])
    .where(ofPage(page))
    .groupBy('case_id');
  for (const cells of await selectRows<AggregateCells>(db, q)) {
    const parsed = parseAttributes(cells[1], Number(cells[2]));
    if (parsed) {
      out.set(cells[0], parsed);
      continue;
    }
    const rows = (
      await t(db).selectFrom('case_attributes').select(['attribute', 'value']).where('case_id', '=', cells[0]).execute()
    ).map((a) => [a.attribute, a.value]);
    let entry: Record<AttributeKey, string[]> | undefined;
    for (const [attribute, value] of rows) {
      const key = keyOfAttribute.get(attribute!);
      if (!key) continue;
      entry ??= { ...noAttributes };
      if (entry[key] === NONE) entry[key] = [value!];
      else entry[key].push(value!);
    }
    if (!entry) continue;
    for (const k of attributeKeys) if (entry[k].length > 1) entry[k].sort();
    out.set(cells[0], entry);
  }
  return out;
}

/**
 * The historic trafficking events of a page's cases in date order: one row per case. An empty field stands for
 * null (the mapping leaves both out); a case whose cell does not parse back (a separator typed into a city) is
 * read again row by row.
 */
async function pageEvents(db: Executor, page: PageCases) {
  const out = new Map<string, ExchangeCaseEvent[]>();
  const q = t(db)
    .selectFrom('case_events')
    .select((eb) => [
      'case_id',
      sql<string>`string_agg(type || ${sql.lit(US)} || country_code || ${sql.lit(US)} || coalesce(region_code, '') || ${sql.lit(US)} || coalesce(city, '') || ${sql.lit(US)} || coalesce(cast(started_on as text), ''), ${sql.lit(RS)} order by started_on, type, id)`.as(
        'cells',
      ),
      eb.fn.countAll().as('n'),
    ])
    .where(ofPage(page))
    .groupBy('case_id');
  for (const cells of await selectRows<AggregateCells>(db, q)) {
    out.set(
      cells[0],
      parseEvents(cells[1], Number(cells[2])) ??
        (
          await t(db)
            .selectFrom('case_events')
            .select(['type', 'country_code', 'region_code', 'city', 'started_on'])
            .where('case_id', '=', cells[0])
            .orderBy('started_on')
            .orderBy('type')
            .orderBy('id')
            .execute()
        ).map((e) => ({
          type: e.type,
          countryCode: e.country_code,
          regionCode: e.region_code,
          city: e.city,
          startedOn: e.started_on,
        })),
    );
  }
  return out;
}

/** Every case of the filter in pages of `pageSize` (keyset over the case id), with what the exchange maps. */
export async function* streamExchangeCases(
  ctx: Context,
  filter: ExchangeCaseFilter = {},
  pageSize = 2000,
): AsyncGenerator<ExchangeCase[]> {
  const db = ctx.database.db;
  const scopeKind = filter.scope?.kind;
  // With nothing narrowing the cases, a page is every case between two ids: its attributes and events are read
  // by that id range (an index range scan) rather than by a list of 2,000 bound ids, which costs more to bind
  // and to probe. A filtered page is sparse in that range, so it keeps the id list.
  const dense =
    !filter.caseIds &&
    !filter.intakeFrom &&
    !filter.intakeTo &&
    !filter.agencyIds &&
    !filter.regionCode &&
    (scopeKind === undefined || scopeKind === 'all');
  const conditions = exchangeConditions(filter);
  if (!conditions) return;
  /** One page after `after`: its kept cases, its last id, and whether it was full (more may follow). */
  const readPage = async (after: string) => {
    let q = t(db)
      .selectFrom('cases')
      .select([
        'id',
        'person_id',
        'lead_agency_id',
        'region_code',
        'stage',
        'intake_at',
        'trafficking_status',
        'status_decided_by_org',
        'relationship_to_trafficker',
        'forced_labour_industry',
        'exploitation_country',
        'age_when_trafficked',
      ])
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize);
    if (filter.caseIds) q = q.where('id', 'in', [...filter.caseIds, '']);
    for (const c of conditions) q = q.where(c);
    // Rows as arrays: a page of 2,000 cases, each with about ten attribute and event rows, is read as ~6,000
    // arrays instead of ~20,000 row objects (the export's main CPU cost at a million cases).
    const all = await selectRows<CaseCells>(db, q);
    const last = all.at(-1);
    if (!last) return undefined;
    const lastId = last[0];
    const full = all.length === pageSize;
    const kept = filter.keep ? await filter.keep(all.map((r) => r[0])) : undefined;
    const rows = kept ? all.filter((r) => kept.has(r[0])) : all;
    if (rows.length === 0) return { lastId, full, cases: [] };
    const ids = rows.map((r) => r[0]);
    const [attributes, events, persons] = await Promise.all([
      pageAttributes(db, dense ? { after, lastId } : { ids }),
      pageEvents(db, dense ? { after, lastId } : { ids }),
      personProfilesByIds(
        ctx,
        rows.map((r) => r[1]),
      ),
    ]);
    const cases: ExchangeCase[] = rows.map((r) => ({
      caseId: r[0],
      personId: r[1],
      leadAgencyId: r[2],
      regionCode: r[3],
      stage: r[4],
      intakeAt: r[5],
      traffickingStatus: r[6],
      statusDecidedByOrg: r[7],
      relationshipToTrafficker: r[8],
      forcedLabourIndustry: r[9],
      exploitationCountry: r[10],
      ageWhenTrafficked: r[11],
      attributes: attributes.get(r[0]) ?? noAttributes,
      events: events.get(r[0]) ?? [],
      person: persons.get(r[1]),
    }));
    return { lastId, full, cases };
  };
  // PostgreSQL: the next page is read while the caller maps this one (the server works on the other core).
  // SQLite's driver is synchronous: a read ahead would only hold two pages; other requests get a turn instead.
  const ahead = ctx.database.adapter.name === 'postgres';
  let next = readPage('');
  for (;;) {
    const page = await next;
    if (!page) return;
    if (page.full && ahead) {
      next = readPage(page.lastId);
      // Awaited on the next turn; a caller that stops early must not leave an unhandled rejection behind.
      next.catch(() => {});
    }
    if (page.cases.length > 0) yield page.cases;
    if (!page.full) return;
    if (!ahead) {
      await ctx.database.adapter.betweenPages();
      next = readPage(page.lastId);
    }
  }
}
/** How many cases the filter selects before the consent filter (the export's progress denominator). */
export async function countExchangeCases(ctx: Context, filter: ExchangeCaseFilter): Promise<number> {
  const conditions = exchangeConditions(filter);
  if (!conditions) return 0;
  let q = t(ctx.database.db)
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'));
  for (const c of conditions) q = q.where(c);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

/** One case as the exchange maps it (the caller has decided the case may be read), or undefined. */
export async function exchangeCaseOf(ctx: Context, caseId: string): Promise<ExchangeCase | undefined> {
  for await (const page of streamExchangeCases(ctx, { caseIds: [caseId] }, 1)) return page[0];
  return undefined;
}
