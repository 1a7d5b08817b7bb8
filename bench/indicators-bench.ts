import { sql } from 'kysely';
import {
  computeIndicators,
  currentGeneration,
  dashboardIndicatorKeys,
  drilldown,
  getDashboard,
  refreshIndicatorFacts,
} from '../src/modules/indicators/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { operatorContext } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { ensureCaseDataset } from './dataset.js';
import { rssMB, schedMs } from './proc.js';
import { percentile, round } from './stats.js';

/*
 * Issue 14's indicator figures (DESIGN: dashboard of 12 indicators cold ≤ 500 ms; a drill-down page p95 ≤ 50 ms)
 * on the shared synthetic dataset (bench/dataset.ts, PULIH_BENCH_INDICATORS_CASES cases, default 100,000):
 *   - the refresh of the indicator facts (all modules' facts and the record linkage), once;
 *   - cold: the twelve national indicators for the last full year, in a freshly opened process state (new
 *     connection, empty statement cache), as a national viewer under small-cell suppression;
 *   - warm: the same, median of 5; the whole overview dashboard (twelve figures and six breakdowns);
 *   - drill-down pages of "served late" (50 cases a page, keyset, each audited), p95 over 100 pages, with each
 *     page's CPU time (this process's threads, and on PostgreSQL the database's backends) and time spent waiting
 *     for a core (run queue), from /proc/…/schedstat: what is left of the wall time is mostly the audit commit's
 *     fsync. A page whose CPU is small and whose wait is large was slowed by the machine, not by the code.
 *
 * PULIH_BENCH_INDICATORS_REFRESH=reuse skips the refresh when the dataset already has a complete generation
 * with its rollup (made by an earlier run: the refresh takes minutes at 100,000 cases); its time is then null.
 */
export const INDICATORS_COLD_BUDGET_MS = 500;
export const DRILL_P95_BUDGET_MS = 50;

export interface IndicatorsBenchResult {
  cases: number;
  /** Null when an existing generation was reused (PULIH_BENCH_INDICATORS_REFRESH=reuse). */
  refreshSeconds: number | null;
  /** The refresh's parts: record linkage, facts, rollup (seconds). */
  refreshParts: { linkage: number; facts: number; rollup: number } | null;
  /** The same parts in CPU seconds of this process (on SQLite the database's work too; not PostgreSQL's). */
  refreshCpu: { linkage: number; facts: number; rollup: number } | null;
  /** Candidate pairs the linkage scored, and the name links it made. */
  linkageCandidates: number | null;
  linkageNameLinks: number | null;
  /** This process's peak RSS after the refresh (it runs in process). */
  refreshPeakRssMB: number;
  facts: number;
  coldMs: number;
  warmMedianMs: number;
  dashboardMs: number;
  drillP50Ms: number;
  drillP95Ms: number;
  drillPages: number;
  /** CPU per page (ms): this process, plus the PostgreSQL backends of the dataset's database. Null without /proc. */
  drillCpuP50Ms: number | null;
  drillCpuP95Ms: number | null;
  /** Time per page the same threads waited for a core (run queue, ms). */
  drillRunQueueP95Ms: number | null;
}

export async function benchIndicators(
  dialect: DialectName,
  cases: number,
  log: (line: string) => void,
): Promise<IndicatorsBenchResult> {
  const data = await ensureCaseDataset(dialect, cases, { log });
  let services = await data.open();
  try {
    const operator = operatorContext(services, 'bench', allPermissions());
    // A refresh left `running` by a server stopped mid-pass (another part's bench server, whose job thread
    // started one) would make this one skip for half an hour: the bench owns the dataset now.
    await sql`update indicator_refreshes set status = 'failed' where status = 'running'`.execute(services.database.db);
    let started = performance.now();
    const reusable = async () => {
      const current = await currentGeneration(services.database.db);
      if (!current?.rolledUp) return undefined;
      return (
        await sql<{
          facts: number;
        }>`select facts from indicator_refreshes where generation = ${current.generation}`.execute(services.database.db)
      ).rows[0];
    };
    const reuse = process.env.PULIH_BENCH_INDICATORS_REFRESH === 'reuse' ? await reusable() : undefined;
    if (reuse) log(`    reusing the dataset's indicator generation (${reuse.facts} facts): no refresh`);
    const refresh = reuse
      ? { facts: Number(reuse.facts), skipped: false, seconds: undefined, cpuSeconds: undefined, linkage: undefined }
      : await refreshIndicatorFacts(operator, {
          onProgress: (e) =>
            log(
              `      refresh ${e.phase}: ${e.done.toLocaleString('en')} (${e.step}) at ${round((performance.now() - started) / 1000, 1)} s` +
                // Which phase holds the memory: the process's RSS, its peak so far, and the JavaScript heap.
                `; RSS ${rssMB('self')} MB, peak ${rssMB('self', 'VmHWM')} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB`,
            ),
        });
    if (refresh.skipped) throw new Error('the indicator refresh was skipped: another refresh is running');
    const refreshSeconds = reuse ? null : (performance.now() - started) / 1000;
    const refreshPeakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    await services.database.close();
    services = await data.open();
    // A national viewer who may not read cases: scope all, small cells suppressed (the task force's case).
    const national = operatorContext(services, 'bench-national', ['reports.aggregate']);
    const year = new Date().getUTCFullYear() - 1;
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    started = performance.now();
    const cold = await computeIndicators(national, { keys: dashboardIndicatorKeys, ...period });
    const coldMs = performance.now() - started;
    if (cold.figures.length !== 12) throw new Error(`expected 12 figures, got ${cold.figures.length}`);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      await computeIndicators(national, { keys: dashboardIndicatorKeys, ...period });
      warm.push(performance.now() - started);
    }
    started = performance.now();
    await getDashboard(national, 'overview', period);
    const dashboardMs = performance.now() - started;
    const pages: number[] = [];
    const cpu: number[] = [];
    const queued: number[] = [];
    const backends = async () =>
      dialect === 'postgres'
        ? (
            await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(
              services.database.db,
            )
          ).rows.map((r) => Number(r.pid))
        : [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const pids = await backends();
      const before = [schedMs(['self']), schedMs(pids)] as const;
      const ownBefore = process.cpuUsage();
      started = performance.now();
      const page = await drilldown(national, 'services_late', { ...period, part: 'numerator', limit: 50, cursor });
      pages.push(performance.now() - started);
      const own = process.cpuUsage(ownBefore);
      const after = [schedMs(['self']), schedMs(pids)] as const;
      if (before[0] && before[1] && after[0] && after[1]) {
        // This process's CPU from getrusage (a running thread's schedstat lags by its current slice); the
        // backends', other processes, from their schedstat.
        cpu.push((own.user + own.system) / 1000 + after[1].cpu - before[1].cpu);
        queued.push(after[0].wait - before[0].wait + after[1].wait - before[1].wait);
      }
      cursor = page.nextCursor ?? undefined;
    }
    const measured = cpu.length === pages.length;
    return {
      cases,
      refreshSeconds: refreshSeconds === null ? null : round(refreshSeconds, 1),
      refreshParts: refresh.seconds
        ? {
            linkage: round(refresh.seconds.linkage, 1),
            facts: round(refresh.seconds.facts, 1),
            rollup: round(refresh.seconds.rollup, 1),
          }
        : null,
      refreshCpu: refresh.cpuSeconds
        ? {
            linkage: round(refresh.cpuSeconds.linkage, 1),
            facts: round(refresh.cpuSeconds.facts, 1),
            rollup: round(refresh.cpuSeconds.rollup, 1),
          }
        : null,
      linkageCandidates: refresh.linkage?.candidatesCompared ?? null,
      linkageNameLinks: refresh.linkage?.nameLinks ?? null,
      refreshPeakRssMB,
      facts: refresh.facts,
      coldMs: round(coldMs, 1),
      warmMedianMs: round(percentile(warm, 50), 1),
      dashboardMs: round(dashboardMs, 1),
      drillP50Ms: round(percentile(pages, 50), 2),
      drillP95Ms: round(percentile(pages, 95), 2),
      drillPages: pages.length,
      drillCpuP50Ms: measured ? round(percentile(cpu, 50), 2) : null,
      drillCpuP95Ms: measured ? round(percentile(cpu, 95), 2) : null,
      drillRunQueueP95Ms: measured ? round(percentile(queued, 95), 2) : null,
    };
  } finally {
    await services.database.close();
  }
}

export function indicatorsBudgets(dialect: DialectName, r: IndicatorsBenchResult | undefined) {
  const cold = r?.coldMs ?? null;
  const drill = r?.drillP95Ms ?? null;
  const at = r ? ` at ${r.cases.toLocaleString('en')} cases` : '';
  return [
    {
      name: `12 national indicators, cold${at}`,
      dialect,
      value: cold,
      op: '<=' as const,
      budget: INDICATORS_COLD_BUDGET_MS,
      unit: 'ms',
      pass: cold !== null && cold <= INDICATORS_COLD_BUDGET_MS,
    },
    {
      name: `indicator drill-down page p95${at}`,
      dialect,
      value: drill,
      op: '<=' as const,
      budget: DRILL_P95_BUDGET_MS,
      unit: 'ms',
      pass: drill !== null && drill <= DRILL_P95_BUDGET_MS,
    },
  ];
}

// `node --import tsx bench/indicators-bench.ts sqlite 5000` runs it alone.
if (process.argv[1]?.endsWith('indicators-bench.ts')) {
  const dialect = (process.argv[2] ?? 'sqlite') as DialectName;
  const cases = Number(process.argv[3] ?? 100_000);
  benchIndicators(dialect, cases, (l) => process.stdout.write(`${l}\n`)).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
