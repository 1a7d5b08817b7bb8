/**
 * SQL over the engine's own tables (indicator_facts, indicator_exploitation, indicator_refreshes): writing a
 * generation, and the grouped counts, amount histograms and drill-down pages every figure is made of.
 */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
import type { FactSelection, IndicatorDimension } from './indicators.definitions.js';

export interface FactRow {
  generation: number;
  kind: string;
  id: string;
  case_id: string;
  on_date: string;
  status: string | null;
  flag: number | null;
  pending: number;
  amount: number | null;
  victim_key: string;
  lead_agency_id: string;
  agency_type: string;
  province: string | null;
  regency: string | null;
  region_code: string | null;
  sex: string | null;
  age_band: string | null;
  child: number | null;
  /** ISO 3166-1 alpha-2 of the victim's citizenship (UNODC GLOTIP), null if unknown. */
  citizenship: string | null;
}

/** A case's dimensions, repeated on each of its fact rows. */
export type CaseDims = Pick<
  FactRow,
  | 'victim_key'
  | 'lead_agency_id'
  | 'agency_type'
  | 'province'
  | 'regency'
  | 'region_code'
  | 'sex'
  | 'age_band'
  | 'child'
  | 'citizenship'
>;
interface RefreshRow {
  generation: number;
  status: 'running' | 'complete' | 'failed';
  started_at: string;
  finished_at: string | null;
  facts: number;
  victim_records: number;
  victims_linked: number;
  /** ROLLUP_VERSION when the generation's rollup (indicators.rollup.ts) was built with it; 1: an older rollup. */
  rolled_up: number;
}
interface ExploitationRow {
  generation: number;
  case_id: string;
  type: string;
}
export type FactTables = {
  indicator_facts: FactRow;
  indicator_refreshes: RefreshRow;
  indicator_exploitation: ExploitationRow;
};
type T = FactTables;
const t = (db: Executor) => tables<T>(db);
/** Every table holding rows of a generation. */
const generationTables = ['indicator_facts', 'indicator_exploitation', 'indicator_rollup', 'indicator_victim_rollup'];

/* ---------- generations ---------- */

export async function latestRefresh(db: Executor, status: RefreshRow['status']) {
  return t(db)
    .selectFrom('indicator_refreshes')
    .selectAll()
    .where('status', '=', status)
    .orderBy('generation', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * `indicator_refreshes.rolled_up` of a generation whose rollup has the provincial grouping sets (migration
 * 0138); generations of the national rollup alone (1) are read from the facts until the next refresh.
 */
export const ROLLUP_VERSION = 2;

/** The newest complete generation, when it was built and whether it has its rollup; null before the first refresh. */
export async function currentGeneration(db: Executor) {
  const row = await latestRefresh(db, 'complete');
  return row
    ? {
        generation: row.generation,
        asOf: row.finished_at ?? row.started_at,
        rolledUp: Number(row.rolled_up) === ROLLUP_VERSION,
      }
    : null;
}

/** Claims the next generation number; null when another process claimed it first (primary key). */
export async function startGeneration(db: Executor, at: string): Promise<number | null> {
  const max = await t(db)
    .selectFrom('indicator_refreshes')
    .select((eb) => eb.fn.max('generation').as('g'))
    .executeTakeFirst();
  const generation = Number(max?.g ?? 0) + 1;
  const inserted = await t(db)
    .insertInto('indicator_refreshes')
    .values({
      generation,
      status: 'running',
      started_at: at,
      finished_at: null,
      facts: 0,
      victim_records: 0,
      victims_linked: 0,
      rolled_up: 0,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? generation : null;
}

export async function completeGeneration(
  db: Executor,
  generation: number,
  r: { finishedAt: string; facts: number; victimRecords: number; victimsLinked: number; rolledUp: boolean },
) {
  await t(db)
    .updateTable('indicator_refreshes')
    .set({
      status: 'complete',
      finished_at: r.finishedAt,
      facts: r.facts,
      victim_records: r.victimRecords,
      victims_linked: r.victimsLinked,
      rolled_up: r.rolledUp ? ROLLUP_VERSION : 0,
    })
    .where('generation', '=', generation)
    .execute();
}

export async function failGeneration(db: Executor, generation: number, at: string) {
  await t(db)
    .updateTable('indicator_refreshes')
    .set({ status: 'failed', finished_at: at })
    .where('generation', '=', generation)
    .execute();
  for (const table of generationTables)
    await tables<Record<string, { generation: number }>>(db)
      .deleteFrom(table)
      .where('generation', '=', generation)
      .execute();
}

export async function dropGenerationsBefore(db: Executor, generation: number) {
  for (const table of generationTables)
    await tables<Record<string, { generation: number }>>(db)
      .deleteFrom(table)
      .where('generation', '<', generation)
      .execute();
}

/** Distinct victim keys of the generation's case facts, leaving out one status (not a victim). */
export async function countVictims(db: Executor, generation: number, exceptStatus: string): Promise<number> {
  const row = await t(db)
    .selectFrom('indicator_facts')
    .select(sql<number>`count(distinct victim_key)`.as('n'))
    .where('generation', '=', generation)
    .where('kind', '=', 'case')
    .where('status', '<>', exceptStatus)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/* ---------- queries ---------- */

/** Dimension values a query is restricted to (a dashboard's filters, a drilled cell). */
export type DimensionFilter = Partial<Record<IndicatorDimension, string>>;

export interface FactQuery {
  generation: number;
  from: string;
  to: string;
  scope: ScopeFilter;
  filter: DimensionFilter;
  /** The generation has its rollup: figures it can answer are read from it (indicators.rollup.ts). */
  rollup?: boolean;
  /** Only facts outside this province (or of none known): the part of a provincial scope beyond its rollup. */
  outsideProvince?: string;
}

type Q = SelectQueryBuilder<T, 'indicator_facts', object>;

const column: Record<Exclude<IndicatorDimension, 'exploitationType' | 'year' | 'month'>, keyof FactRow> = {
  sex: 'sex',
  ageBand: 'age_band',
  child: 'child',
  province: 'province',
  regency: 'regency',
  agency: 'lead_agency_id',
  agencyType: 'agency_type',
  status: 'status',
  citizenship: 'citizenship',
};

/** The SQL expression of a dimension's value (for grouping). */
export function dimensionExpression(d: IndicatorDimension) {
  switch (d) {
    case 'year':
      return sql<string>`substr(indicator_facts.on_date, 1, 4)`;
    case 'month':
      return sql<string>`substr(indicator_facts.on_date, 1, 7)`;
    case 'exploitationType':
      return sql<string>`x.type`;
    case 'child':
      return sql<string>`case when indicator_facts.child = 1 then 'child' else 'adult' end`;
    default:
      return sql<string>`${sql.ref(`indicator_facts.${column[d]}`)}`;
  }
}

/** Facts of a selection within the period, the scope and the filters. */
export function selectFacts(db: Executor, sel: FactSelection, q: FactQuery, by?: IndicatorDimension): Q {
  let query = t(db)
    .selectFrom('indicator_facts')
    .where('indicator_facts.generation', '=', q.generation)
    .where('indicator_facts.kind', '=', sel.fact)
    .where('indicator_facts.on_date', '>=', q.from)
    .where('indicator_facts.on_date', '<=', q.to) as Q;
  if (sel.status) query = query.where('indicator_facts.status', 'in', [...sel.status]);
  if (sel.flag !== undefined) query = query.where('indicator_facts.flag', '=', sel.flag);
  if (sel.pending !== undefined) query = query.where('indicator_facts.pending', '=', sel.pending);
  if (sel.hasAmount) query = query.where('indicator_facts.amount', 'is not', null);
  const s = q.scope;
  if (s.kind === 'agency') query = query.where('indicator_facts.lead_agency_id', '=', s.agencyId);
  if (s.kind === 'jurisdiction') {
    const code = s.regionCode;
    query = query.where((eb: ExpressionBuilder<T, 'indicator_facts'>) =>
      eb.or([
        code.length === 2
          ? eb('indicator_facts.province', '=', code)
          : code.length === 5
            ? eb('indicator_facts.regency', '=', code)
            : eb.or([
                eb('indicator_facts.region_code', '=', code),
                eb('indicator_facts.region_code', 'like', `${code}.%`),
              ]),
        eb('indicator_facts.lead_agency_id', '=', s.agencyId),
      ]),
    );
  }
  if (s.kind === 'own') throw new Error('indicators are not computed for own-scope viewers');
  const outside = q.outsideProvince;
  if (outside !== undefined)
    query = query.where((eb: ExpressionBuilder<T, 'indicator_facts'>) =>
      eb.or([eb('indicator_facts.province', 'is', null), eb('indicator_facts.province', '<>', outside)]),
    );
  for (const [d, value] of Object.entries(q.filter) as [IndicatorDimension, string][]) {
    if (value === undefined) continue;
    if (d === 'year' || d === 'month') {
      query = query.where(dimensionExpression(d), '=', value);
    } else if (d === 'exploitationType') {
      query = query.where((eb: ExpressionBuilder<T, 'indicator_facts'>) =>
        eb.exists(
          eb
            .selectFrom('indicator_exploitation as fx')
            .select('fx.case_id')
            .whereRef('fx.case_id', '=', 'indicator_facts.case_id')
            .where('fx.generation', '=', q.generation)
            .where('fx.type', '=', value),
        ),
      );
    } else if (d === 'child') {
      query = query.where('indicator_facts.child', '=', value === 'child' ? 1 : 0);
    } else {
      query = query.where(sql.ref(`indicator_facts.${column[d]}`), '=', value);
    }
  }
  if (by === 'exploitationType') {
    query = query.innerJoin('indicator_exploitation as x', (j) =>
      j.onRef('x.case_id', '=', 'indicator_facts.case_id').on('x.generation', '=', q.generation),
    ) as unknown as Q;
  }
  return query;
}

export interface CountRow {
  key: string | null;
  n: number;
}

/** Counts (or distinct victims) of a selection, in total or by one dimension. */
export async function countFacts(
  db: Executor,
  sel: FactSelection,
  q: FactQuery,
  opts: { by?: IndicatorDimension; distinctVictims?: boolean } = {},
): Promise<CountRow[]> {
  const count = opts.distinctVictims ? sql<number>`count(distinct indicator_facts.victim_key)` : sql<number>`count(*)`;
  const base = selectFacts(db, sel, q, opts.by);
  if (!opts.by) {
    const row = await base.select(count.as('n')).executeTakeFirst();
    return [{ key: null, n: Number(row?.n ?? 0) }];
  }
  const key = dimensionExpression(opts.by);
  const rows = await base
    .select([key.as('key'), count.as('n')])
    .groupBy(key)
    .execute();
  return rows.map((r) => ({ key: (r as { key: string | null }).key, n: Number((r as { n: number }).n) }));
}

/** The amounts of a selection as a histogram (value → how many), for medians, in total or by one dimension. */
export async function amountHistogram(db: Executor, sel: FactSelection, q: FactQuery, by?: IndicatorDimension) {
  const base = selectFacts(db, sel, q, by);
  const key = by ? dimensionExpression(by) : sql<string | null>`null`;
  const rows = await base
    .select([key.as('key'), 'indicator_facts.amount as v', sql<number>`count(*)`.as('n')])
    .groupBy(by ? [key, 'indicator_facts.amount'] : ['indicator_facts.amount'])
    .execute();
  return rows.map((r) => ({
    key: (r as { key: string | null }).key,
    v: Number((r as { v: number }).v),
    n: Number((r as { n: number }).n),
  }));
}

/** Sum and count of the amounts (for means), in total or by one dimension. */
export async function amountSums(db: Executor, sel: FactSelection, q: FactQuery, by?: IndicatorDimension) {
  const base = selectFacts(db, sel, q, by);
  const key = by ? dimensionExpression(by) : sql<string | null>`null`;
  let query = base.select([
    key.as('key'),
    sql<number>`sum(indicator_facts.amount)`.as('s'),
    sql<number>`count(*)`.as('n'),
  ]);
  if (by) query = query.groupBy(key);
  const rows = await query.execute();
  return rows.map((r) => ({
    key: (r as { key: string | null }).key,
    s: Number((r as { s: number }).s ?? 0),
    n: Number((r as { n: number }).n),
  }));
}

export interface DrillRow {
  id: string;
  case_id: string;
  on_date: string;
  status: string | null;
  amount: number | null;
  province: string | null;
  regency: string | null;
  agency_type: string;
  lead_agency_id: string;
}

/** One page of the facts behind a figure, newest first (keyset over date and id). */
export async function drillPage(
  db: Executor,
  sel: FactSelection,
  q: FactQuery,
  after: { onDate: string; id: string } | null,
  limit: number,
): Promise<DrillRow[]> {
  let query = selectFacts(db, sel, q).select([
    'indicator_facts.id',
    'indicator_facts.case_id',
    'indicator_facts.on_date',
    'indicator_facts.status',
    'indicator_facts.amount',
    'indicator_facts.province',
    'indicator_facts.regency',
    'indicator_facts.agency_type',
    'indicator_facts.lead_agency_id',
  ]);
  if (after) {
    // A row-value comparison: both databases turn it into one range of the keyset index
    // (generation, kind, on_date, id), where an OR of two conditions made them scan from the period's end.
    query = query.where((eb: ExpressionBuilder<T, 'indicator_facts'>) =>
      eb(eb.refTuple('indicator_facts.on_date', 'indicator_facts.id'), '<', eb.tuple(after.onDate, after.id)),
    );
  }
  const rows = await query
    .orderBy('indicator_facts.on_date', 'desc')
    .orderBy('indicator_facts.id', 'desc')
    .limit(limit)
    .execute();
  return rows as unknown as DrillRow[];
}
