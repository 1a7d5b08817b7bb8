import type { Context } from '../../platform/context.js';
import { type Job, jobContext } from '../../platform/jobs.js';
import { reportPermission } from './reports.policy.js';
import { generateReport, periodOfReport } from './reports.service.js';
import { scheduledReportExists } from './reports.store.js';

export const SCHEDULED_REPORTS_JOB = 'scheduled-reports';

/**
 * Once the year has ended, the national annual report of that year in both formats (Perpres 69/2008: the task
 * force reports yearly). Generated as the scheduler with aggregate rights only, so small cells are suppressed
 * as for any reader who may not open cases; national viewers find them in their list.
 */
export async function runScheduledReports(ctx: Context): Promise<number> {
  const year = ctx.clock.now().getUTCFullYear() - 1;
  const period = periodOfReport('annual', year);
  let made = 0;
  for (const format of ['pdf', 'xlsx'] as const) {
    if (await scheduledReportExists(ctx.database.db, 'annual', format, period.from, period.to)) continue;
    await generateReport(ctx, { kind: 'annual', format, year, locale: 'id' }, { scheduled: true, wait: true });
    made++;
  }
  return made;
}

export const reportJobs: Job[] = [
  {
    name: SCHEDULED_REPORTS_JOB,
    intervalMs: 6 * 60 * 60_000,
    offThread: true,
    // The job's own context holds only `reports.aggregate`, whatever the runner passes.
    run: (ctx) => runScheduledReports(jobContext(ctx, SCHEDULED_REPORTS_JOB, [reportPermission])),
  },
];
