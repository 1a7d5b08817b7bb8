/**
 * The indicator engine's operations: the definitions, figures for the caller's scope, the cases behind a
 * figure (case numbers and dates, never a name) and the dashboards. Validate → authorise (indicators.policy)
 * → read the current generation of facts; a drill-down is audited.
 */
import { z } from 'zod';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { reportingDate } from '../../platform/time.js';
import { caseNumbersOf } from '../cases/index.js';
import { indicatorsAudit } from './indicators.audit.js';
import { computeFigure } from './indicators.compute.js';
import {
  type FactSelection,
  type IndicatorDefinition,
  type IndicatorDimension,
  indicatorByKey,
  indicatorDefinitions,
  indicatorDimensions,
} from './indicators.definitions.js';
import { refreshIndicatorFacts } from './indicators.facts.js';
import { indicatorScope, seesCaseLinks, suppressesSmallCells } from './indicators.policy.js';
import { countCells, selectionKey } from './indicators.rollup.js';
import type { TComputeQuery, TComputeResult, TDrilldownQuery, TFigure } from './indicators.schema.js';
import { currentGeneration, type DimensionFilter, drillPage, type FactQuery } from './indicators.store.js';

/** The current facts; the first request on a database without any builds them (the job keeps them fresh). */
export async function ensureFacts(ctx: Context) {
  const current = await currentGeneration(ctx.database.db);
  if (current) return current;
  const result = await refreshIndicatorFacts(ctx);
  // Another process is building the first generation: wait for it (bounded) rather than answer with nothing.
  for (let waited = 0; result.skipped && waited < 120_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const built = await currentGeneration(ctx.database.db);
    if (built) return built;
  }
  return currentGeneration(ctx.database.db);
}

/** The period asked for, else the calendar year to date (dates in the reporting zone, platform/time.ts). */
export function periodOf(ctx: Context, q: { from?: string; to?: string }) {
  const today = reportingDate(ctx.clock.now());
  return { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
}

export function filterOf(q: Partial<Record<IndicatorDimension, string | undefined>>): DimensionFilter {
  const out: DimensionFilter = {};
  for (const d of indicatorDimensions) {
    const v = q[d];
    if (v !== undefined) out[d] = v;
  }
  return out;
}

const drillPartsOf = (d: IndicatorDefinition) =>
  d.aggregate === 'share' ? (['numerator', 'denominator'] as const) : (['numerator'] as const);

export async function listIndicators(ctx: Context) {
  await indicatorScope(ctx);
  const current = await currentGeneration(ctx.database.db);
  return {
    items: indicatorDefinitions.map((d) => ({
      key: d.key,
      version: d.version,
      name: d.name,
      definition: d.definition,
      basis: d.basis ?? null,
      aggregate: d.aggregate,
      unit: d.unit,
      fact: d.numerator.fact,
      higherIsBetter: d.higherIsBetter,
      dashboard: d.dashboard,
      drillParts: [...drillPartsOf(d)],
    })),
    dimensions: [...indicatorDimensions],
    asOf: current?.asOf ?? null,
    smallCellMin: ctx.config.smallCellMin,
  };
}

/** Figures of the given indicators (all when none given) for the caller's scope, with an optional breakdown. */
export async function computeIndicators(
  ctx: Context,
  q: Pick<TComputeQuery, 'keys' | 'by' | 'from' | 'to'> & DimensionFilter,
  breakdowns: Partial<Record<string, IndicatorDimension>> = {},
): Promise<TComputeResult> {
  const scope = await indicatorScope(ctx);
  const period = periodOf(ctx, q);
  const suppression = suppressesSmallCells(ctx);
  const min = suppression ? ctx.config.smallCellMin : null;
  const current = await ensureFacts(ctx);
  const defs = q.keys ? q.keys.map((k) => indicatorByKey.get(k)!) : [...indicatorDefinitions];
  const figures: TFigure[] = [];
  if (current) {
    const fq: FactQuery = {
      generation: current.generation,
      ...period,
      scope,
      filter: filterOf(q),
      rollup: current.rolledUp,
    };
    for (const def of defs) {
      figures.push(await computeFigure(ctx.database.db, def, fq, q.by ?? breakdowns[def.key], min));
    }
  }
  return {
    period,
    asOf: current?.asOf ?? null,
    scope: scope.kind,
    smallCellMin: ctx.config.smallCellMin,
    suppression,
    figures,
  };
}

const drillCursor = z.tuple([z.string(), z.string()]);

/**
 * The total of a drill-down, counted once per generation, selection, period, scope and filter: a generation's
 * facts never change, so the next pages of the same list take it from here instead of counting again. Kept
 * in the process (not in the cursor, which a client could edit to lift the small-cell suppression that the
 * total decides), at most 2,000 totals per database.
 */
const totals = new WeakMap<Executor, Map<string, number>>();
async function drillTotal(db: Executor, selection: FactSelection, fq: FactQuery): Promise<number> {
  let known = totals.get(db);
  if (!known) {
    known = new Map();
    totals.set(db, known);
  }
  const id = JSON.stringify([fq.generation, selectionKey(selection), fq.from, fq.to, fq.scope, fq.filter]);
  let total = known.get(id);
  if (total === undefined) {
    [{ n: total } = { n: 0 }] = await countCells(db, selection, fq);
    if (known.size >= 2000) known.clear();
    known.set(id, total);
  }
  return total;
}

/**
 * The cases behind a figure (or a cell of it: the filters name the cell), newest first: case numbers, dates,
 * statuses, places — never a name. A viewer under small-cell suppression gets no list of a cell below the
 * threshold (the length of the list would tell the count). Audited.
 */
export async function drilldown(ctx: Context, key: string, q: TDrilldownQuery) {
  const scope = await indicatorScope(ctx);
  const def = indicatorByKey.get(key)!;
  const part = q.part;
  const selection = part === 'denominator' ? def.denominator : def.numerator;
  const period = periodOf(ctx, q);
  const after = decodeCursor(q.cursor, drillCursor);
  const current = await ensureFacts(ctx);
  const empty = {
    key,
    part,
    period,
    asOf: current?.asOf ?? null,
    total: 0,
    suppressed: false,
    items: [],
    nextCursor: null,
  };
  if (!current || !selection) return empty;
  const fq: FactQuery = {
    generation: current.generation,
    ...period,
    scope,
    filter: filterOf(q),
    rollup: current.rolledUp,
  };
  const db = ctx.database.db;
  const total = await drillTotal(db, selection, fq);
  const suppressed = suppressesSmallCells(ctx) && total > 0 && total < ctx.config.smallCellMin;
  const rows = suppressed
    ? []
    : await drillPage(db, selection, fq, after ? { onDate: after[0], id: after[1] } : null, q.limit + 1);
  const pageRows = rows.slice(0, q.limit);
  const numbers = await caseNumbersOf(
    db,
    pageRows.map((r) => r.case_id),
  );
  const links = seesCaseLinks(ctx);
  const last = pageRows.at(-1);
  await transact(ctx, (tx) =>
    appendAudit(tx, ctx, {
      ...indicatorsAudit.drilldown,
      entityId: key,
      details: { key, version: def.version, part, period, filter: fq.filter, listed: pageRows.length, suppressed },
    }),
  );
  return {
    key,
    part,
    period,
    asOf: current.asOf,
    total: suppressed ? null : total,
    suppressed,
    items: pageRows.map((r) => ({
      caseNumber: numbers.get(r.case_id) ?? '',
      caseId: links ? r.case_id : null,
      onDate: r.on_date,
      status: r.status,
      amount: r.amount === null ? null : Number(r.amount),
      province: r.province,
      regency: r.regency,
      agencyType: r.agency_type,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.on_date, last.id]) : null,
  };
}
