/**
 * Turns indicator definitions into figures: grouped counts, distinct victims, shares, medians (from amount
 * histograms, exact for the rounded days and hours the facts hold) and means, in total and broken down by one
 * dimension (from the rollup where it answers, else the facts: indicators.rollup.ts), then applies small-cell
 * suppression for viewers who must not see small counts, after aggregation.
 */
import type { Executor } from '../../platform/db/index.js';
import type { IndicatorDefinition, IndicatorDimension } from './indicators.definitions.js';
import { countCells, histogramCells, sumCells } from './indicators.rollup.js';
import type { TCell, TFigure } from './indicators.schema.js';
import type { FactQuery } from './indicators.store.js';

/** A cell before suppression: its value and the counts of people or events it rests on. */
interface RawCell {
  key: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Counts that must each be zero or at least the threshold for the cell to be shown. */
  counts: number[];
  /** Size of the population, to pick the complementary cell. */
  size: number;
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

export function medianOf(histogram: { v: number; n: number }[]): number | null {
  const sorted = [...histogram].sort((a, b) => a.v - b.v);
  const total = sorted.reduce((s, h) => s + h.n, 0);
  if (total === 0) return null;
  // The lower and upper middle ranks (0-based); equal when the count is odd.
  const lo = Math.floor((total - 1) / 2);
  const hi = Math.floor(total / 2);
  let seen = 0;
  let low: number | null = null;
  for (const h of sorted) {
    const next = seen + h.n;
    if (low === null && lo < next) low = h.v;
    if (hi < next) return ((low ?? h.v) + h.v) / 2;
    seen = next;
  }
  return low;
}

function groupBy<T extends { key: string | null }>(rows: T[]): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const r of rows) out.set(r.key, [...(out.get(r.key) ?? []), r]);
  return out;
}

async function rawCells(db: Executor, def: IndicatorDefinition, q: FactQuery, by?: IndicatorDimension) {
  switch (def.aggregate) {
    case 'count':
    case 'distinctVictims': {
      const rows = await countCells(db, def.numerator, q, { by, distinctVictims: def.aggregate === 'distinctVictims' });
      return rows.map(
        (r): RawCell => ({ key: r.key, value: r.n, numerator: r.n, denominator: null, counts: [r.n], size: r.n }),
      );
    }
    case 'share': {
      const [num, den] = await Promise.all([
        countCells(db, def.numerator, q, { by }),
        countCells(db, def.denominator!, q, { by }),
      ]);
      const numBy = new Map(num.map((r) => [r.key, r.n]));
      return den.map((d): RawCell => {
        const n = numBy.get(d.key) ?? 0;
        // The share reveals the numerator and the rest (denominator − numerator): all three must be safe.
        return {
          key: d.key,
          value: d.n === 0 ? null : round(n / d.n),
          numerator: n,
          denominator: d.n,
          counts: [n, d.n, d.n - n],
          size: d.n,
        };
      });
    }
    case 'median': {
      const rows = groupBy(await histogramCells(db, def.numerator, q, by));
      if (!by && rows.size === 0) rows.set(null, []);
      return [...rows.entries()].map(([key, h]): RawCell => {
        const n = h.reduce((s, x) => s + x.n, 0);
        return { key, value: medianOf(h), numerator: null, denominator: n, counts: [n], size: n };
      });
    }
    case 'mean': {
      const rows = await sumCells(db, def.numerator, q, by);
      return rows.map(
        (r): RawCell => ({
          key: r.key,
          // The sum rounded first: added in another order (the rollup's partial sums) it may differ in the last
          // bits, which would flip a mean that lies on a rounding boundary (the amounts have 3 decimals).
          value: r.n === 0 ? null : round(round(r.s, 6) / r.n),
          numerator: null,
          denominator: r.n,
          counts: [r.n],
          size: r.n,
        }),
      );
    }
  }
}

const isSmall = (n: number, min: number) => n > 0 && n < min;

function present(c: RawCell, suppressed: boolean): TCell {
  return suppressed
    ? { value: null, numerator: null, denominator: null, suppressed: true }
    : { value: c.value, numerator: c.numerator, denominator: c.denominator, suppressed: false };
}

/** One figure (total and optional breakdown), suppressed for the viewer when `min` is given. */
export async function computeFigure(
  db: Executor,
  def: IndicatorDefinition,
  q: FactQuery,
  by: IndicatorDimension | undefined,
  min: number | null,
): Promise<TFigure> {
  const [total] = await rawCells(db, def, q);
  const t = total ?? { key: null, value: 0, numerator: 0, denominator: 0, counts: [0], size: 0 };
  const totalSuppressed = min !== null && t.counts.some((n) => isSmall(n, min));
  let breakdown: TFigure['breakdown'] = null;
  if (by) {
    const cells = (await rawCells(db, def, q, by)).sort((a, b) => String(a.key).localeCompare(String(b.key)));
    const suppressed = new Set<number>();
    if (min !== null) {
      cells.forEach((c, i) => {
        if (c.counts.some((n) => isSmall(n, min))) suppressed.add(i);
      });
      // Complementary suppression: with the total shown, one hidden cell could be recovered by subtraction
      // (counts and shares of disjoint cells), so the smallest other cell is hidden with it.
      if (suppressed.size === 1 && !totalSuppressed && by !== 'exploitationType') {
        const other = cells
          .map((c, i) => ({ c, i }))
          .filter(({ i, c }) => !suppressed.has(i) && c.size > 0)
          .sort((a, b) => a.c.size - b.c.size)[0];
        if (other) suppressed.add(other.i);
      }
    }
    breakdown = cells.map((c, i) => ({ key: c.key, ...present(c, suppressed.has(i)) }));
  }
  return { key: def.key, version: def.version, by: by ?? null, ...present(t, totalSuppressed), breakdown };
}
