import jstat from 'jstat';

// jstat is CommonJS: Node's ESM loader gives only its default export (a named import fails under `pulih serve`).
const { jStat } = jstat;

/** A mean change (after − before) with its 95 % confidence interval. */
export interface MeanChange {
  method: 'paired' | 'welch';
  /** Pairs (paired) or responses before and after (welch). */
  nBefore: number;
  nAfter: number;
  meanBefore: number | null;
  meanAfter: number | null;
  change: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  df: number | null;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Sample variance (n − 1). */
const variance = (xs: readonly number[], m = mean(xs)) => xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
const t975 = (df: number) => jStat.studentt.inv(0.975, df);

/** Summary statistics of one group: what SQL aggregates can give (count, mean, sample variance). */
export interface GroupMoments {
  n: number;
  mean: number;
  variance: number;
}

export function moments(xs: readonly number[]): GroupMoments {
  return { n: xs.length, mean: xs.length ? mean(xs) : 0, variance: xs.length > 1 ? variance(xs) : 0 };
}

/** From count, sum and sum of squares (streamed or SQL aggregates). */
export function momentsFromSums(n: number, sum: number, sumSquares: number): GroupMoments {
  const m = n ? sum / n : 0;
  return { n, mean: m, variance: n > 1 ? Math.max(0, (sumSquares - n * m * m) / (n - 1)) : 0 };
}

/**
 * Difference of two independent means with Welch's t interval (unequal variances; Welch–Satterthwaite degrees
 * of freedom). Used when the before and after answers cannot be matched to the same person.
 */
export function welchChange(before: GroupMoments, after: GroupMoments): MeanChange {
  const base: MeanChange = {
    method: 'welch',
    nBefore: before.n,
    nAfter: after.n,
    meanBefore: before.n ? before.mean : null,
    meanAfter: after.n ? after.mean : null,
    change: before.n && after.n ? after.mean - before.mean : null,
    ciLow: null,
    ciHigh: null,
    df: null,
  };
  if (before.n < 2 || after.n < 2) return base;
  const a = before.variance / before.n;
  const b = after.variance / after.n;
  const se = Math.sqrt(a + b);
  if (se === 0) return { ...base, ciLow: base.change, ciHigh: base.change, df: before.n + after.n - 2 };
  const df = (a + b) ** 2 / (a ** 2 / (before.n - 1) + b ** 2 / (after.n - 1));
  const half = t975(df) * se;
  return { ...base, ciLow: base.change! - half, ciHigh: base.change! + half, df };
}

/** Mean of paired differences (the same participant before and after) with the paired t interval. */
export function pairedChange(pairs: readonly (readonly [number, number])[]): MeanChange {
  const n = pairs.length;
  const base: MeanChange = {
    method: 'paired',
    nBefore: n,
    nAfter: n,
    meanBefore: n ? mean(pairs.map((p) => p[0])) : null,
    meanAfter: n ? mean(pairs.map((p) => p[1])) : null,
    change: null,
    ciLow: null,
    ciHigh: null,
    df: null,
  };
  if (n === 0) return base;
  const d = pairs.map(([b, a]) => a - b);
  const md = mean(d);
  if (n < 2) return { ...base, change: md };
  const se = Math.sqrt(variance(d, md) / n);
  const half = t975(n - 1) * se;
  return { ...base, change: md, ciLow: md - half, ciHigh: md + half, df: n - 1 };
}

/**
 * Paired where the same participants answered both (at least two pairs, and pairs are at least half of the
 * smaller phase), unpaired (Welch) otherwise: a few stray codes must not stand for a whole session.
 */
export function awarenessChange(
  before: readonly { code: string | null; score: number }[],
  after: readonly { code: string | null; score: number }[],
): MeanChange {
  const afterByCode = new Map(after.filter((r) => r.code).map((r) => [r.code!, r.score]));
  const pairs: [number, number][] = [];
  for (const r of before) {
    if (!r.code) continue;
    const a = afterByCode.get(r.code);
    if (a !== undefined) pairs.push([r.score, a]);
  }
  if (pairs.length >= 2 && pairs.length * 2 >= Math.min(before.length, after.length)) return pairedChange(pairs);
  return welchChange(moments(before.map((r) => r.score)), moments(after.map((r) => r.score)));
}
