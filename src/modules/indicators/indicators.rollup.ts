/**
 * The rollup of a generation of facts (migration 0130, docs/indicators.md "Rollup"): counts, sums and amount
 * histograms per kind × month × one disaggregation × the attributes selections filter on, and for each
 * distinct-victim selection the victims' facts per month with the month of their previous one. Built by the
 * refresh from the facts; read for the figures it can answer — the whole country (scope all), at most one of
 * the rolled-up dimensions as filter or breakdown (plus status, year and month, which every row carries).
 * Periods that do not start or end on a month boundary take their partial months from the facts (an index
 * range of at most two months); anything else (a scope, two dimensions, regency, agency) is read from the
 * facts as before. Small-cell suppression is applied to what these return, as to the facts' figures.
 */
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
import { type FactSelection, type IndicatorDimension, indicatorDefinitions } from './indicators.definitions.js';
import {
  amountHistogram,
  amountSums,
  type CountRow,
  countFacts,
  type FactQuery,
  type FactTables,
} from './indicators.store.js';

/** Dimensions with their own grouping set in the rollup. Regency and agency have too many values: facts. */
export const rollupDimensions = [
  'sex',
  'ageBand',
  'child',
  'province',
  'agencyType',
  'exploitationType',
  'citizenship',
] as const;
export type RollupDimension = (typeof rollupDimensions)[number];
/**
 * Dimensions with a grouping set within each province too, for a provincial task force's scope. The
 * province's own total (and its breakdown by province, one cell) is the national `province` set's cell.
 */
export const provincialDimensions = rollupDimensions.filter((d) => d !== 'province');
const isRolledUp = (d: string): d is RollupDimension => (rollupDimensions as readonly string[]).includes(d);

/** Kinds whose amount is kept in the rollup's key (a median needs the histogram); others keep only sums. */
export const histogramKinds = [
  ...new Set(indicatorDefinitions.filter((d) => d.aggregate === 'median').map((d) => d.numerator.fact)),
];

/** The key of a selection (distinct-victim rows are kept per selection). */
export function selectionKey(sel: FactSelection): string {
  return JSON.stringify([sel.fact, sel.status ?? null, sel.flag ?? null, sel.pending ?? null, sel.hasAmount ?? null]);
}
export const distinctSelections = indicatorDefinitions
  .filter((d) => d.aggregate === 'distinctVictims')
  .map((d) => d.numerator);
const distinctKeys = new Set(distinctSelections.map(selectionKey));

interface RollupRow {
  generation: number;
  kind: string;
  month: string;
  dim: string;
  dim_value: string | null;
  /** Null on the national grouping sets; the province's code on a dimension's grouping set within a province. */
  province: string | null;
  status: string | null;
  flag: number | null;
  pending: number;
  has_amount: number;
  amount: number | null;
  n: number;
  amount_sum: number | null;
}
interface VictimRollupRow {
  generation: number;
  selection: string;
  month: string;
  dim: string;
  dim_value: string | null;
  province: string | null;
  prev_month: string | null;
  n: number;
}
type R = FactTables & { indicator_rollup: RollupRow; indicator_victim_rollup: VictimRollupRow };
const r = (db: Executor) => tables<R>(db);

/* ---------- planning a query ---------- */

interface Plan {
  dim: RollupDimension | '';
  value: string | undefined;
  status: string | undefined;
  /**
   * A provincial task force's scope (a jurisdiction of one province): the province's cells, and the facts of
   * cases its own agency leads outside the province (the scope includes them), read from the facts.
   */
  province?: { code: string; agencyId: string };
  /** Whole months read from the rollup (none when first > last). */
  first: string;
  last: string;
  /** Partial months read from the facts. */
  edges: { from: string; to: string }[];
}

const lastDay = (month: string) =>
  `${month}-${String(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0')}`;
const shiftMonth = (month: string, by: number) => {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};

/** Whether the generation has facts of a kind in [from, to] (one index probe, remembered per database). */
const probed = new WeakMap<Executor, Map<string, boolean>>();
async function hasFacts(db: Executor, generation: number, kind: string, from: string, to: string) {
  const key = `${generation}|${kind}|${from}|${to}`;
  let probes = probed.get(db);
  if (!probes) {
    probes = new Map();
    probed.set(db, probes);
  }
  let found = probes.get(key);
  if (found === undefined) {
    const row = await r(db)
      .selectFrom('indicator_facts')
      .select('indicator_facts.id')
      .where('generation', '=', generation)
      .where('kind', '=', kind)
      .where('on_date', '>=', from)
      .where('on_date', '<=', to)
      .limit(1)
      .executeTakeFirst();
    found = row !== undefined;
    if (probes.size > 1000) probes.clear();
    probes.set(key, found);
  }
  return found;
}

/** How the rollup answers this query, or null when it cannot (the facts answer it). */
async function planOf(
  db: Executor,
  sel: FactSelection,
  q: FactQuery,
  by: IndicatorDimension | undefined,
  distinct: boolean,
): Promise<Plan | null> {
  if (!q.rollup) return null;
  const s = q.scope;
  const province =
    s.kind === 'jurisdiction' && s.regionCode.length === 2 ? { code: s.regionCode, agencyId: s.agencyId } : undefined;
  if (s.kind !== 'all' && !province) return null;
  let { from, to } = q;
  let dim: RollupDimension | '' = '';
  let value: string | undefined;
  let status: string | undefined;
  for (const [d, v] of Object.entries(q.filter) as [IndicatorDimension, string | undefined][]) {
    if (v === undefined) continue;
    if (d === 'year' || d === 'month') {
      const start = d === 'year' ? `${v}-01-01` : `${v}-01`;
      const end = d === 'year' ? `${v}-12-31` : `${v}-31`;
      if (start > from) from = start;
      if (end < to) to = end;
    } else if (d === 'status' && !distinct) status = v;
    else if (isRolledUp(d) && dim === '') {
      dim = d;
      value = d === 'child' && v !== 'child' ? 'adult' : v;
    } else return null;
  }
  if (by !== undefined && by !== 'year' && by !== 'month' && !(by === 'status' && !distinct)) {
    if (!isRolledUp(by) || (dim !== '' && dim !== by)) return null;
    dim = by;
  }
  // Another province than the viewer's own leaves only the own agency's cases there: the facts have them.
  if (province && dim === 'province' && value !== undefined && value !== province.code) return null;
  if (from > to) return { dim, value, status, province, first: '9999-12', last: '0000-01', edges: [] };
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  // A period edge inside a month is as good as the month's boundary when no fact of the kind lies between.
  const startAligned =
    from.endsWith('-01') || !(await hasFacts(db, q.generation, sel.fact, `${fromMonth}-01`, shiftDay(from, -1)));
  const endAligned =
    to >= lastDay(toMonth) || !(await hasFacts(db, q.generation, sel.fact, shiftDay(to, 1), lastDay(toMonth)));
  if (startAligned && endAligned) return { dim, value, status, province, first: fromMonth, last: toMonth, edges: [] };
  // Distinct victims are not additive over days; a period within one month is a short range of facts anyway.
  if (distinct || fromMonth === toMonth) return null;
  const edges: Plan['edges'] = [];
  if (!startAligned) edges.push({ from, to: lastDay(fromMonth) });
  if (!endAligned) edges.push({ from: `${toMonth}-01`, to });
  return {
    dim,
    value,
    status,
    province,
    first: startAligned ? fromMonth : shiftMonth(fromMonth, 1),
    last: endAligned ? toMonth : shiftMonth(toMonth, -1),
    edges,
  };
}

const shiftDay = (date: string, by: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
};

/** The rollup rows of a plan and selection, with the breakdown's key expression. */
function rollupRows(db: Executor, sel: FactSelection, q: FactQuery, plan: Plan, by?: IndicatorDimension) {
  const [dim, province, value] = groupingSetOf(plan);
  let query = r(db)
    .selectFrom('indicator_rollup')
    .where('generation', '=', q.generation)
    .where('kind', '=', sel.fact)
    .where('dim', '=', dim)
    .where('province', province === null ? 'is' : '=', province)
    .where('month', '>=', plan.first)
    .where('month', '<=', plan.last);
  if (value !== undefined) query = query.where('dim_value', '=', value);
  if (plan.status !== undefined) query = query.where('status', '=', plan.status);
  if (sel.status) query = query.where('status', 'in', [...sel.status]);
  if (sel.flag !== undefined) query = query.where('flag', '=', sel.flag);
  if (sel.pending !== undefined) query = query.where('pending', '=', sel.pending);
  if (sel.hasAmount) query = query.where('has_amount', '=', 1);
  return { query, key: keyOf(by) };
}

/**
 * The grouping set a plan reads (dim, province, dim_value): a national one (province null); for a province,
 * its cell of the national `province` set when no other dimension is named, else the dimension's set within
 * the province.
 */
function groupingSetOf(plan: Plan): [string, string | null, string | undefined] {
  if (!plan.province) return [plan.dim, null, plan.value];
  if (plan.dim === '' || plan.dim === 'province') return ['province', null, plan.province.code];
  return [plan.dim, plan.province.code, plan.value];
}

/**
 * The part of a provincial scope outside the province over the plan's whole months: facts of cases the
 * viewer's own agency leads elsewhere (or nowhere known), by the agency's index; null for a national plan.
 */
function outsideOf(q: FactQuery, plan: Plan): FactQuery | null {
  if (!plan.province || plan.first > plan.last) return null;
  return {
    ...q,
    from: `${plan.first}-01`,
    to: lastDay(plan.last),
    scope: { kind: 'agency', agencyId: plan.province.agencyId },
    outsideProvince: plan.province.code,
  };
}

function keyOf(by: IndicatorDimension | undefined): RawBuilder<string | null> | null {
  if (by === undefined) return null;
  if (by === 'year') return sql<string>`substr(month, 1, 4)`;
  if (by === 'month') return sql<string>`month`;
  if (by === 'status') return sql<string | null>`status`;
  return sql<string | null>`dim_value`;
}

/** Adds rows of the same key (and value) together. */
function merge<T extends { key: string | null }>(
  parts: T[][],
  id: (row: T) => string,
  add: (into: T, row: T) => void,
): T[] {
  const out = new Map<string, T>();
  for (const rows of parts)
    for (const row of rows) {
      const k = id(row);
      const seen = out.get(k);
      if (seen) add(seen, row);
      else out.set(k, { ...row });
    }
  return [...out.values()];
}

/* ---------- answering ---------- */

/**
 * The select every rollup answer ends with: the named sums grouped by the breakdown's key, or one row (key
 * null) without a breakdown; a sum over no rows is 0.
 */
async function sumsByKey<TB extends keyof R, S extends string>(
  query: SelectQueryBuilder<R, TB, object>,
  key: RawBuilder<string | null> | null,
  sums: Record<S, RawBuilder<number | null>>,
): Promise<({ key: string | null } & Record<S, number>)[]> {
  const selected = Object.entries<RawBuilder<number | null>>(sums).map(([name, expr]) => expr.as(name));
  const rows = (
    key
      ? await query
          .select([key.as('key'), ...selected])
          .groupBy(key)
          .execute()
      : await query.select([sql<null>`null`.as('key'), ...selected]).execute()
  ) as Record<string, unknown>[];
  return rows.map((row) => {
    const out: Record<string, unknown> = { key: row.key ?? null };
    for (const name of Object.keys(sums)) out[name] = Number(row[name] ?? 0);
    return out as { key: string | null } & Record<S, number>;
  });
}

/** Counts (or distinct victims) of a selection, in total or by one dimension: the rollup where it can. */
export async function countCells(
  db: Executor,
  sel: FactSelection,
  q: FactQuery,
  opts: { by?: IndicatorDimension; distinctVictims?: boolean } = {},
): Promise<CountRow[]> {
  const distinct = opts.distinctVictims === true;
  if (distinct && !distinctKeys.has(selectionKey(sel))) return countFacts(db, sel, q, opts);
  const plan = await planOf(db, sel, q, opts.by, distinct);
  if (!plan) return countFacts(db, sel, q, opts);
  const outside = outsideOf(q, plan);
  const beyond = outside ? await countFacts(db, sel, outside, { ...opts, distinctVictims: false }) : [];
  // Distinct victims do not add up: a victim in the province and in the agency's cases elsewhere is one.
  if (distinct && beyond.some((x) => x.n > 0)) return countFacts(db, sel, q, opts);
  const rows = distinct ? await victimCounts(db, sel, q, plan, opts.by) : await rolledCounts(db, sel, q, plan, opts.by);
  const edges = await Promise.all(plan.edges.map((e) => countFacts(db, sel, { ...q, ...e }, opts)));
  const merged = merge(
    [rows, beyond, ...edges],
    (x) => String(x.key),
    (a, b) => {
      a.n += b.n;
    },
  );
  if (!opts.by) return [{ key: null, n: merged.reduce((s, x) => s + x.n, 0) }];
  return merged.filter((x) => x.n > 0);
}

async function rolledCounts(db: Executor, sel: FactSelection, q: FactQuery, plan: Plan, by?: IndicatorDimension) {
  const { query, key } = rollupRows(db, sel, q, plan, by);
  return sumsByKey(query, key, { n: sql<number>`sum(n)` });
}

/**
 * Distinct victims over whole months: a victim's fact counts when the same victim's previous fact in the cell
 * is older than the cell's first month (the period's, or the year's or month's of a breakdown by time).
 */
async function victimCounts(db: Executor, sel: FactSelection, q: FactQuery, plan: Plan, by?: IndicatorDimension) {
  const first = sql.val(plan.first);
  const start =
    by === 'month'
      ? sql<string>`month`
      : by === 'year'
        ? sql<string>`case when substr(month, 1, 4) || '-01' > ${first} then substr(month, 1, 4) || '-01' else ${first} end`
        : first;
  const [dim, province, value] = groupingSetOf(plan);
  let query = r(db)
    .selectFrom('indicator_victim_rollup')
    .where('generation', '=', q.generation)
    .where('selection', '=', selectionKey(sel))
    .where('dim', '=', dim)
    .where('province', province === null ? 'is' : '=', province)
    .where('month', '>=', plan.first)
    .where('month', '<=', plan.last);
  if (value !== undefined) query = query.where('dim_value', '=', value);
  return sumsByKey(query, keyOf(by), {
    n: sql<number>`sum(case when prev_month is null or prev_month < ${start} then n else 0 end)`,
  });
}

/** The amounts of a selection as a histogram (value → how many), for medians: the rollup where it can. */
export async function histogramCells(db: Executor, sel: FactSelection, q: FactQuery, by?: IndicatorDimension) {
  const plan = histogramKinds.includes(sel.fact) ? await planOf(db, sel, q, by, false) : null;
  if (!plan) return amountHistogram(db, sel, q, by);
  const { query, key } = rollupRows(db, sel, q, plan, by);
  const grouped = key ? [key, sql`amount`] : [sql`amount`];
  const rows = (
    await query
      .select([(key ?? sql<null>`null`).as('key'), 'amount as v', sql<number>`sum(n)`.as('n')])
      .groupBy(grouped)
      .execute()
  ).map((x) => ({ key: x.key, v: Number(x.v), n: Number(x.n) }));
  const outside = outsideOf(q, plan);
  const beyond = outside ? await amountHistogram(db, sel, outside, by) : [];
  const edges = await Promise.all(plan.edges.map((e) => amountHistogram(db, sel, { ...q, ...e }, by)));
  return merge(
    [rows, beyond, ...edges],
    (x) => `${x.key}|${x.v}`,
    (a, b) => {
      a.n += b.n;
    },
  );
}

/** Sum and count of the amounts, for means: the rollup where it can. */
export async function sumCells(db: Executor, sel: FactSelection, q: FactQuery, by?: IndicatorDimension) {
  const plan = await planOf(db, sel, q, by, false);
  if (!plan) return amountSums(db, sel, q, by);
  const { query, key } = rollupRows(db, sel, q, plan, by);
  const rows = await sumsByKey(query, key, { s: sql<number | null>`sum(amount_sum)`, n: sql<number>`sum(n)` });
  const outside = outsideOf(q, plan);
  const beyond = outside ? await amountSums(db, sel, outside, by) : [];
  const edges = await Promise.all(plan.edges.map((e) => amountSums(db, sel, { ...q, ...e }, by)));
  const merged = merge(
    [rows, beyond, ...edges],
    (x) => String(x.key),
    (a, b) => {
      a.s += b.s;
      a.n += b.n;
    },
  );
  return by
    ? merged.filter((x) => x.n > 0)
    : [merged.reduce((t, x) => ({ key: null, s: t.s + x.s, n: t.n + x.n }), { key: null, s: 0, n: 0 })];
}
