import type { Job } from '../../platform/jobs.js';
import { refreshIndicatorFacts } from './indicators.facts.js';

export const INDICATOR_REFRESH_JOB = 'indicator-facts-refresh';

/** Rebuilds the indicator facts every 10 minutes (figures are as of the last refresh: docs/indicators.md). */
export const indicatorJobs: Job[] = [
  {
    name: INDICATOR_REFRESH_JOB,
    intervalMs: 10 * 60_000,
    offThread: true,
    run: async (ctx) => {
      const r = await refreshIndicatorFacts(ctx);
      return r.skipped ? 0 : r.facts;
    },
  },
];
