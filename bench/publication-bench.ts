import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { streamCaseFacts } from '../src/modules/cases/index.js';
import { releaseAggregates, releaseCtdc } from '../src/modules/publication/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { operatorContext } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { ensureCaseDataset } from './dataset.js';
import { round } from './stats.js';

/*
 * Issue 14's publication figures (DESIGN §6: the k-anonymised CTDC export ≤ 60 s at 1,000,000 cases): on a
 * synthetic national dataset (`pulih demo`'s generator, PULIH_BENCH_PUBLICATION_CASES cases, default 100,000),
 *   - ceiling: the cases module's statistical facts streamed alone (the store queries of the release);
 *   - the CTDC release: facts → dictionary codes → Datafly (k = 11) → every row through csv-stringify into a
 *     null sink; wall time, rows/s and the process's peak RSS while it ran;
 *   - an aggregate table (province × sex × age group) with small cells suppressed.
 * All in-process as the operator (the routes add only the HTTP write of the CSV). Below 1,000,000 cases the
 * release time is also extrapolated linearly to 1,000,000 and that figure is held against the budget.
 */

export const CTDC_BUDGET_SECONDS_1M = 60;

export interface PublicationBenchResult {
  cases: number;
  generateSeconds: number;
  factsSeconds: number;
  factsPerSec: number;
  ctdcSeconds: number;
  ctdcRowsPerSec: number;
  ctdcExtrapolated1MSeconds: number;
  released: number;
  achievedK: number | null;
  suppressedShare: number;
  informationLoss: number;
  levels: Record<string, number>;
  aggregateSeconds: number;
  aggregateCells: number;
  peakRssMB: number;
}

export async function benchPublication(
  dialect: DialectName,
  cases: number,
  log: (line: string) => void,
): Promise<PublicationBenchResult> {
  // The shared dataset (bench/dataset.ts): generated once, reused.
  const data = await ensureCaseDataset(dialect, cases, { log });
  const services = await data.open();
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const ctx = operatorContext(services, 'bench', allPermissions());
    let started = performance.now();
    const generateSeconds = data.reused ? 0 : data.generator.wallSeconds;

    started = performance.now();
    let facts = 0;
    for await (const page of streamCaseFacts(ctx)) facts += page.length;
    const factsSeconds = (performance.now() - started) / 1000;

    peak = 0;
    started = performance.now();
    const release = await releaseCtdc(ctx, {});
    await pipeline(Readable.from(release.csv), new Writable({ write: (_chunk, _encoding, done) => done() }));
    const ctdcSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const aggregate = await releaseAggregates(ctx, {
      by: ['province', 'sex', 'ageGroup'],
      format: 'json',
    });
    const aggregateSeconds = (performance.now() - started) / 1000;
    const r = release.report;
    return {
      cases,
      generateSeconds: round(generateSeconds, 1),
      factsSeconds: round(factsSeconds, 2),
      factsPerSec: Math.round(facts / factsSeconds),
      ctdcSeconds: round(ctdcSeconds, 2),
      ctdcRowsPerSec: Math.round(r.rows / ctdcSeconds),
      ctdcExtrapolated1MSeconds: round((ctdcSeconds * 1_000_000) / Math.max(1, r.rows), 1),
      released: r.released,
      achievedK: r.achievedK,
      suppressedShare: round(r.suppressedShare, 4),
      informationLoss: round(r.informationLoss, 4),
      levels: Object.fromEntries(Object.entries(r.levels).map(([column, l]) => [column, l.level])),
      aggregateSeconds: round(aggregateSeconds, 2),
      aggregateCells: aggregate.cells.length,
      peakRssMB: round(peak / 1_048_576, 1),
    };
  } finally {
    clearInterval(sampler);
    await services.database.close();
  }
}

export function publicationBudgets(dialect: DialectName, r: PublicationBenchResult | undefined) {
  const value = r ? r.ctdcExtrapolated1MSeconds : null;
  return [
    {
      name: 'CTDC k-anonymised release, 1,000,000 cases (extrapolated when fewer)',
      dialect,
      value,
      op: '<=' as const,
      budget: CTDC_BUDGET_SECONDS_1M,
      unit: 's',
      pass: value !== null && value <= CTDC_BUDGET_SECONDS_1M,
    },
  ];
}
