/**
 * Cases as the HTCDS exchange sees them: every HTCDS victim-context fact of a case, its historic trafficking
 * events (without their free-text description) and the person's non-identifying profile. Read in keyset pages,
 * so an export of a million cases runs at flat memory. Identity never comes from here: the exchange asks the
 * persons module's decision for it, record by record.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
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
  /** Keeps the ids of a page that may leave (e.g. the consent filter); the rest of the page is not loaded. */
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
  let after = '';
  for (;;) {
    // Other requests get a turn between pages (SQLite's driver runs on the event loop).
    if (after !== '') await ctx.database.adapter.betweenPages();
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
    if (!conditions) return;
    for (const c of conditions) q = q.where(c);
    const all = await q.execute();
    const last = all.at(-1);
    if (!last) return;
    const kept = filter.keep ? await filter.keep(all.map((r) => r.id)) : undefined;
    const rows = kept ? all.filter((r) => kept.has(r.id)) : all;
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id);
      const lastId = last.id;
      const attributes = new Map<string, Record<AttributeKey, string[]>>();
      let aq = t(db).selectFrom('case_attributes').select(['case_id', 'attribute', 'value']);
      aq = dense ? aq.where('case_id', '>', after).where('case_id', '<=', lastId) : aq.where('case_id', 'in', ids);
      for (const a of await aq.execute()) {
        const key = keyOfAttribute.get(a.attribute);
        if (!key) continue;
        let entry = attributes.get(a.case_id);
        if (!entry) {
          entry = { ...noAttributes };
          attributes.set(a.case_id, entry);
        }
        if (entry[key] === NONE) entry[key] = [a.value];
        else entry[key].push(a.value);
      }
      const events = new Map<string, ExchangeCaseEvent[]>();
      let eq = t(db)
        .selectFrom('case_events')
        .select(['case_id', 'type', 'country_code', 'region_code', 'city', 'started_on', 'id']);
      eq = dense ? eq.where('case_id', '>', after).where('case_id', '<=', lastId) : eq.where('case_id', 'in', ids);
      for (const e of await eq.orderBy('case_id').orderBy('started_on').orderBy('type').orderBy('id').execute()) {
        const list = events.get(e.case_id) ?? [];
        list.push({
          type: e.type,
          countryCode: e.country_code,
          regionCode: e.region_code,
          city: e.city,
          startedOn: e.started_on,
        });
        events.set(e.case_id, list);
      }
      const persons = await personProfilesByIds(
        ctx,
        rows.map((r) => r.person_id),
      );
      yield rows.map((r) => {
        const attrs = attributes.get(r.id) ?? noAttributes;
        for (const k of attributeKeys) if (attrs[k].length > 1) attrs[k].sort();
        return {
          caseId: r.id,
          personId: r.person_id,
          leadAgencyId: r.lead_agency_id,
          regionCode: r.region_code,
          stage: r.stage,
          intakeAt: r.intake_at,
          traffickingStatus: r.trafficking_status,
          statusDecidedByOrg: r.status_decided_by_org,
          relationshipToTrafficker: r.relationship_to_trafficker,
          forcedLabourIndustry: r.forced_labour_industry,
          exploitationCountry: r.exploitation_country,
          ageWhenTrafficked: r.age_when_trafficked,
          attributes: attrs,
          events: events.get(r.id) ?? [],
          person: persons.get(r.person_id),
        };
      });
    }
    if (all.length < pageSize) return;
    after = last.id;
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
