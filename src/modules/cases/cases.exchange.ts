/**
 * Cases as the HTCDS exchange sees them: every HTCDS victim-context fact of a case, its historic trafficking
 * events (without their free-text description) and the person's non-identifying profile. Read in keyset pages,
 * so an export of a million cases runs at flat memory. Identity never comes from here: the exchange asks the
 * persons module's decision for it, record by record.
 */
import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { selectRows, selectRowsOffThread, tables } from '../../platform/db/index.js';
import { type PersonProfileFacts, personProfileJoin, personProfileReader } from '../persons/index.js';
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

/**
 * A case as the exchange sees it. Its fields are declared once, on the class that makes it (`PageCase`, made by
 * `new` so that V8 allocates it young); any object with these fields is one.
 */
export type ExchangeCase = PageCase;

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
   * A condition only the cases that may leave meet (e.g. the consent filter, from the consent module) and a cell
   * read with each case (e.g. its consents), both correlated on the case id column they are given: inside the
   * page's one statement.
   */
  only?: (caseIdColumn: string) => RawBuilder<SqlBool>;
  cell?: (caseIdColumn: string) => RawBuilder<string | null>;
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
/** What a case without events holds: one shared, frozen empty list. */
const NO_EVENTS: ExchangeCaseEvent[] = Object.freeze([]) as unknown as ExchangeCaseEvent[];
/** Every key present, each the shared empty list until a value arrives (no nine new arrays per case). */
const noAttributes = Object.fromEntries(attributeKeys.map((k) => [k, NONE])) as Record<AttributeKey, string[]>;

/*
 * What a page's rows become is made by `new` and by `Array.of`, never as an object or array literal. V8 keeps an
 * allocation site per literal and, when a scavenge finds most of the objects a site made since the previous one
 * still alive, may switch that site to allocating in the old generation for good (allocation-site pretenuring). A
 * page's cases are all alive until the page is written, so whether the first scavenges fell inside a page decided
 * it: in about half the runs the cases, their events and lists went straight to the old generation, holding the
 * row strings with them, and the export's heap grew by some 2.5 KB a record until a full collection (issue 14,
 * tenth session: with `--no-allocation-site-pretenuring` every run stayed flat). Objects made by `new` and arrays
 * made by builtins carry no allocation site and are always allocated young, where a page's objects die.
 */

/** A list made without an allocation site (see above). */
const newList: <T>(...items: T[]) => T[] = Array.of.bind(Array) as <T>(...items: T[]) => T[];

class PageEvent implements ExchangeCaseEvent {
  constructor(
    public type: string,
    public countryCode: string,
    public regionCode: string | null,
    public city: string | null,
    public startedOn: string | null,
  ) {}
}

/** A case of a page, from its row (the twelve case cells first) and what was read with it. */
class PageCase {
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
  /** The filter's `cell` of the case (e.g. its consents), or null. */
  cell: string | null;
  constructor(
    r: readonly unknown[],
    attributes: Record<AttributeKey, string[]>,
    events: ExchangeCaseEvent[],
    person: PersonProfileFacts | undefined,
    cell: string | null,
  ) {
    this.caseId = r[0] as string;
    this.personId = r[1] as string;
    this.leadAgencyId = r[2] as string;
    this.regionCode = r[3] as string | null;
    this.stage = r[4] as string;
    this.intakeAt = r[5] as string;
    this.traffickingStatus = r[6] as string | null;
    this.statusDecidedByOrg = r[7] as string | null;
    this.relationshipToTrafficker = r[8] as string | null;
    this.forcedLabourIndustry = r[9] as string | null;
    this.exploitationCountry = r[10] as string | null;
    this.ageWhenTrafficked = r[11] as number | null;
    this.attributes = attributes;
    this.events = events;
    this.person = person;
    this.cell = cell;
  }
}

/** Separators inside an aggregated cell: ASCII unit (between fields) and record (between rows) separators. */
const US = '\u001f';
const RS = '\u001e';

/**
 * A case's events from its aggregate cell (five US-separated fields a row, rows RS-separated), read in place; an
 * empty field stands for null. Undefined when the cell does not parse back (not five fields a row, or not `count`
 * rows).
 */
export function parseEvents(text: string, count: number, from = 0): ExchangeCaseEvent[] | undefined {
  const out = newList<ExchangeCaseEvent>();
  const f: number[] = [0, 0, 0, 0];
  for (let at = from; at <= text.length; ) {
    let end = text.indexOf(RS, at);
    if (end === -1) end = text.length;
    let field = at;
    for (let i = 0; i < 4; i++) {
      const us = text.indexOf(US, field);
      if (us === -1 || us > end) return undefined;
      f[i] = us;
      field = us + 1;
    }
    const extra = text.indexOf(US, field);
    if (extra !== -1 && extra < end) return undefined;
    out.push(
      new PageEvent(
        text.slice(at, f[0]),
        text.slice(f[0]! + 1, f[1]),
        f[2]! - f[1]! > 1 ? text.slice(f[1]! + 1, f[2]) : null,
        f[3]! - f[2]! > 1 ? text.slice(f[2]! + 1, f[3]) : null,
        end - f[3]! > 1 ? text.slice(f[3]! + 1, end) : null,
      ),
    );
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
export function parseAttributes(text: string, count: number, from = 0): Record<AttributeKey, string[]> | undefined {
  let entry: Record<AttributeKey, string[]> | undefined;
  let rows = 0;
  let lastName = '';
  let lastKey: AttributeKey | undefined;
  for (let at = from; at <= text.length; ) {
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
      if (entry[key] === NONE) entry[key] = newList(value);
      else entry[key].push(value);
    }
    at = end + 1;
  }
  if (rows !== count) return undefined;
  if (entry) for (const k of attributeKeys) if (entry[k].length > 1) sortStrings(entry[k]);
  return entry;
}

/** The multi-select attributes of one case, read row by row (a cell that did not parse back), each list sorted. */
async function attributesOf(db: Executor, caseId: string) {
  const rows = await t(db)
    .selectFrom('case_attributes')
    .select(['attribute', 'value'])
    .where('case_id', '=', caseId)
    .execute();
  let entry: Record<AttributeKey, string[]> | undefined;
  for (const { attribute, value } of rows) {
    const key = keyOfAttribute.get(attribute);
    if (!key) continue;
    entry ??= { ...noAttributes };
    if (entry[key] === NONE) entry[key] = [value];
    else entry[key].push(value);
  }
  if (entry) for (const k of attributeKeys) if (entry[k].length > 1) entry[k].sort();
  return entry ?? noAttributes;
}

/** The events of one case in date order, read row by row (a cell that did not parse back). */
async function eventsOf(db: Executor, caseId: string): Promise<ExchangeCaseEvent[]> {
  const rows = await t(db)
    .selectFrom('case_events')
    .select(['type', 'country_code', 'region_code', 'city', 'started_on'])
    .where('case_id', '=', caseId)
    .orderBy('started_on')
    .orderBy('type')
    .orderBy('id')
    .execute();
  return rows.map((e) => ({
    type: e.type,
    countryCode: e.country_code,
    regionCode: e.region_code,
    city: e.city,
    startedOn: e.started_on,
  }));
}

/**
 * A case's attribute rows in one cell, correlated on the page's case: `count:` then `attribute US value`, RS
 * between rows; null when it has none. Values are picklist codes.
 */
const attributeCell = sql<string | null>`(select cast(count(*) as text) || ':' ||
  string_agg(a.attribute || ${sql.lit(US)} || a.value, ${sql.lit(RS)}) from case_attributes a where a.case_id = c.id)`;
/** Its events the same way, five fields a row (an empty field for null), in date order. */
const eventCell = sql<string | null>`(select cast(count(*) as text) || ':' ||
  string_agg(e.type || ${sql.lit(US)} || e.country_code || ${sql.lit(US)} || coalesce(e.region_code, '') || ${sql.lit(US)} ||
    coalesce(e.city, '') || ${sql.lit(US)} || coalesce(cast(e.started_on as text), ''), ${sql.lit(RS)}
    order by e.started_on, e.type, e.id) from case_events e where e.case_id = c.id)`;

/** Where a page row's cells are: the case's twelve, then the attribute, event and filter cells, then the person's. */
const ATTRIBUTES = 12;
const EVENTS = 13;
const CELL = 14;
const PERSON = 15;

/** The count before an aggregate cell's `:` and where its rows begin. */
function cellCount(cell: string): [count: number, from: number] {
  const colon = cell.indexOf(':');
  return [Number(cell.slice(0, colon)), colon + 1];
}

/**
 * Every case of the filter in pages of `pageSize` (keyset over the case id), with what the exchange maps: one
 * statement a page — the page's cases, each with its attributes and events as one cell each, the filter's cell and
 * the person's profile (a join the persons module gives) — so a page costs one query, no list of bound ids and no
 * per-table maps. A page is the caller's until it asks for the next one: then it is emptied (keep what you need).
 */
export async function* streamExchangeCases(
  ctx: Context,
  filter: ExchangeCaseFilter = {},
  pageSize = 2000,
): AsyncGenerator<ExchangeCase[]> {
  const db = ctx.database.db;
  const conditions = exchangeConditions(filter);
  if (!conditions) return;
  const profile = personProfileJoin('c.person_id');
  const readProfile = personProfileReader(ctx);
  /** One page after `after`: its cases, its last id, and whether it was full (more may follow). */
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
    if (filter.only) q = q.where(filter.only('cases.id'));
    for (const c of conditions) q = q.where(c);
    const page = sql`select c.*, ${attributeCell} as attribute_cell, ${eventCell} as event_cell,
      ${filter.cell?.('c.id') ?? sql`null`} as filter_cell, ${profile.columns}
      from (${q}) as c ${profile.join} order by c.id`;
    // Rows as arrays: no row object per case (the export's main CPU cost at a million cases).
    const rows = await selectRows<unknown[]>(db, { compile: () => page.compile(db) });
    const last = rows.at(-1);
    if (!last) return undefined;
    const cases: ExchangeCase[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const caseId = r[0] as string;
      let attributes = noAttributes;
      const attributeText = r[ATTRIBUTES] as string | null;
      if (attributeText !== null) {
        const [count, from] = cellCount(attributeText);
        attributes = parseAttributes(attributeText, count, from) ?? (await attributesOf(db, caseId));
      }
      let events: ExchangeCaseEvent[] = NO_EVENTS;
      const eventText = r[EVENTS] as string | null;
      if (eventText !== null) {
        const [count, from] = cellCount(eventText);
        events = parseEvents(eventText, count, from) ?? (await eventsOf(db, caseId));
      }
      cases[i] = new PageCase(r, attributes, events, readProfile(r, PERSON), r[CELL] as string | null);
    }
    return { lastId: last[0] as string, full: rows.length === pageSize, cases };
  };
  // The next page is read while the caller maps this one where the read runs elsewhere (PostgreSQL's server, SQLite's
  // reader threads on the API server: the two overlap on two cores). On a synchronous SQLite connection (the CLI,
  // the job thread) a read ahead would only hold two pages; other work gets a turn instead.
  const ahead = selectRowsOffThread(db);
  let next = readPage('');
  for (;;) {
    const page = await next;
    if (!page) return;
    const { cases, lastId, full } = page;
    if (full && ahead) {
      next = readPage(lastId);
      // Awaited on the next turn; a caller that stops early must not leave an unhandled rejection behind.
      next.catch(() => {});
    }
    yield cases;
    // The caller asks for the next page once done with this one: its cases are let go before the next are read
    // (this frame would hold them until then), so a page's objects die in V8's young generation instead of being
    // promoted and piling up in the old one until a full collection (issue 14, tenth session).
    cases.length = 0;
    if (!full) return;
    if (!ahead) {
      await ctx.database.adapter.betweenPages();
      next = readPage(lastId);
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
