/**
 * Building a generation's rollup (indicators.rollup.ts reads it; docs/indicators.md "Rollup"). The grouping sets
 * are not each grouped from the facts (fourteen passes over every fact, and fourteen window passes over the case
 * facts): the facts are read three times, into temporary tables the sets are then grouped from —
 *   - `rollup_base`: the facts grouped by every attribute a rollup row keeps and every rolled-up dimension but the
 *     exploitation type (counts and sums of the amount): the national sets and the sets within each province are
 *     sums of its rows (the same counts; the sums of amounts added in another order, which the means allow for —
 *     indicators.compute.ts rounds a sum before dividing);
 *   - `rollup_typed`: the same with the exploitation type instead of the other dimensions (a case's facts once
 *     per type), for the exploitation type's sets;
 *   - `rollup_victims`: for each distinct-victim selection, its facts with the victim key, date, id and
 *     dimensions, which each set's window (`lag()` over a victim's facts in a cell) reads instead of the facts.
 * The temporary tables live in one connection's session: the build holds one connection.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { FactSelection } from './indicators.definitions.js';
import {
  distinctSelections,
  histogramKinds,
  provincialDimensions,
  type RollupDimension,
  rollupDimensions,
  selectionKey,
} from './indicators.rollup.js';
import { dimensionExpression, type FactQuery, selectFacts } from './indicators.store.js';

// biome-ignore lint/suspicious/noExplicitAny: the root instance, schema-agnostic as the database's own
type Db = Kysely<any>;

const TEMP_TABLES = ['rollup_base', 'rollup_typed', 'rollup_victims'];

const everything = (generation: number): FactQuery => ({
  generation,
  from: '0000-01-01',
  to: '9999-12-31',
  scope: { kind: 'all' },
  filter: {},
});

/** The grouping sets: national (province null) for none and each dimension, then each dimension but province within each province. */
const groupingSets = (): { dim: RollupDimension | undefined; withinProvince: boolean }[] => [
  ...[undefined, ...rollupDimensions].map((dim) => ({ dim, withinProvince: false })),
  ...provincialDimensions.map((dim) => ({ dim, withinProvince: true })),
];

/**
 * Builds the generation's rollup from its facts: the national sets, then each dimension but province within each
 * province (`withinProvince`), then each distinct-victim selection's rows for the same sets. `onStep` is told
 * after each statement that took a pass (the refresh's heartbeat), with the connection the build holds.
 */
export async function buildRollup(db: Db, generation: number, onStep?: (step: string, held: Db) => Promise<void>) {
  await db.connection().execute(async (conn) => {
    // A heartbeat goes through the connection held here: on SQLite a query on the pool would wait for it forever.
    const step = (what: string) => onStep?.(what, conn);
    await dropTemp(conn);
    try {
      await groupBase(conn, generation);
      await step('facts grouped');
      for (const { dim, withinProvince } of groupingSets()) {
        if (dim === 'exploitationType') continue;
        await insertGroupingSet(conn, generation, 'rollup_base', dim, withinProvince);
      }
      await step('grouping sets');
      await groupTyped(conn, generation);
      for (const withinProvince of [false, true])
        await insertGroupingSet(conn, generation, 'rollup_typed', 'exploitationType', withinProvince);
      await step('exploitation types');
      await sql`create temp table rollup_victims (victim_key text not null, on_date text not null,
        id text not null, case_id text not null, sex text, age_band text, child integer, province text,
        agency_type text, citizenship text)`.execute(conn);
      for (const sel of distinctSelections) {
        await sql`delete from rollup_victims`.execute(conn);
        await insertVictimFacts(conn, generation, sel);
        for (const { dim, withinProvince } of groupingSets())
          await insertVictimRollup(conn, generation, sel, dim, withinProvince);
        await step(`distinct victims ${selectionKey(sel)}`);
      }
    } finally {
      await dropTemp(conn);
    }
  });
}

async function dropTemp(db: Db) {
  for (const table of TEMP_TABLES) await sql`drop table if exists ${sql.raw(table)}`.execute(db);
}

/** What every rollup row keeps of a fact: the attributes selections filter on (the amount only for medians). */
const attributes = (f: string) => {
  const kinds = histogramKinds.length === 0 ? null : sql.join(histogramKinds.map((k) => sql.lit(k)));
  return sql`${sql.raw(f)}.kind, substr(${sql.raw(f)}.on_date, 1, 7), ${sql.raw(f)}.status, ${sql.raw(f)}.flag,
    ${sql.raw(f)}.pending, case when ${sql.raw(f)}.amount is null then 0 else 1 end,
    ${kinds === null ? sql`null` : sql`case when ${sql.raw(f)}.kind in (${kinds}) then ${sql.raw(f)}.amount end`}`;
};
const attributeColumns = sql`kind text, month text, status text, flag integer, pending integer,
  has_amount integer, amount double precision`;

async function groupBase(db: Db, generation: number) {
  await sql`create temp table rollup_base (${attributeColumns}, sex text, age_band text, child integer,
    province text, agency_type text, citizenship text, n integer not null, amount_sum double precision)`.execute(db);
  await sql`
    insert into rollup_base
    select ${attributes('f')}, f.sex, f.age_band, f.child, f.province, f.agency_type, f.citizenship,
      count(*), sum(f.amount)
    from indicator_facts f where f.generation = ${generation}
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
  `.execute(db);
}

async function groupTyped(db: Db, generation: number) {
  await sql`create temp table rollup_typed (${attributeColumns}, province text, type text not null,
    n integer not null, amount_sum double precision)`.execute(db);
  await sql`
    insert into rollup_typed
    select ${attributes('f')}, f.province, x.type, count(*), sum(f.amount)
    from indicator_facts f
    join indicator_exploitation x on x.case_id = f.case_id and x.generation = f.generation
    where f.generation = ${generation}
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  `.execute(db);
}

/**
 * The key of a dimension over a temporary table read under the facts' name (`as indicator_facts`): the same
 * expression the facts' figures group by (`dimensionExpression`), the exploitation type from its own column.
 */
function keyOf(dim: RollupDimension | undefined): RawBuilder<string | null> {
  if (dim === undefined) return sql<null>`null`;
  if (dim === 'exploitationType') return sql<string>`indicator_facts.type`;
  return dimensionExpression(dim);
}

/** One grouping set's rows, summed from a base table. */
async function insertGroupingSet(
  db: Db,
  generation: number,
  base: 'rollup_base' | 'rollup_typed',
  dim: RollupDimension | undefined,
  withinProvince: boolean,
) {
  const province = withinProvince ? sql`indicator_facts.province` : sql`null`;
  await sql`
    insert into indicator_rollup
      (generation, kind, month, dim, dim_value, province, status, flag, pending, has_amount, amount, n, amount_sum)
    select ${sql.lit(generation)}, kind, month, ${sql.lit(dim ?? '')}, ${keyOf(dim)}, ${province}, status, flag,
      pending, has_amount, amount, sum(n), sum(amount_sum)
    from ${sql.raw(base)} as indicator_facts
    ${withinProvince ? sql`where indicator_facts.province is not null` : sql``}
    group by 2, 3, 5, 6, 7, 8, 9, 10, 11
  `.execute(db);
}

/** A distinct-victim selection's facts, with what its windows partition and order by. */
async function insertVictimFacts(db: Db, generation: number, sel: FactSelection) {
  const columns = [
    'victim_key',
    'on_date',
    'id',
    'case_id',
    'sex',
    'age_band',
    'child',
    'province',
    'agency_type',
    'citizenship',
  ] as const;
  const facts = selectFacts(db, sel, everything(generation)).select(
    columns.map((c) => `indicator_facts.${c}` as const),
  );
  await db
    .insertInto('rollup_victims')
    .columns([...columns])
    .expression(facts)
    .execute();
}

/**
 * A selection's victims in one grouping set: per month and cell, how many facts, by the month of the same victim's
 * previous fact in the cell (within a province's set, the same cell of the same province).
 */
async function insertVictimRollup(
  db: Db,
  generation: number,
  sel: FactSelection,
  dim: RollupDimension | undefined,
  withinProvince: boolean,
) {
  const key = keyOf(dim);
  const province = withinProvince ? sql`indicator_facts.province` : sql`null`;
  const cell = withinProvince
    ? sql`indicator_facts.victim_key, ${key}, indicator_facts.province`
    : sql`indicator_facts.victim_key, ${key}`;
  const from =
    dim === 'exploitationType'
      ? sql`(select v.*, x.type from rollup_victims v
          join indicator_exploitation x on x.case_id = v.case_id and x.generation = ${generation})`
      : sql`rollup_victims`;
  await sql`
    insert into indicator_victim_rollup (generation, selection, month, dim, dim_value, province, prev_month, n)
    select ${sql.lit(generation)}, ${sql.lit(selectionKey(sel))}, m, ${sql.lit(dim ?? '')}, k, p, pm, count(*)
    from (
      select substr(indicator_facts.on_date, 1, 7) as m, ${key} as k, ${province} as p,
        substr(lag(indicator_facts.on_date) over (partition by ${cell}
          order by indicator_facts.on_date, indicator_facts.id), 1, 7) as pm
      from ${from} as indicator_facts
      ${withinProvince ? sql`where indicator_facts.province is not null` : sql``}
    ) f
    group by m, k, p, pm
  `.execute(db);
}
