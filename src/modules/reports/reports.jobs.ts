import type { Context } from '../../platform/context.js';
import { type Job, jobContext } from '../../platform/jobs.js';
import { reportingYear } from '../../platform/time.js';
import { reportPermission } from './reports.policy.js';
import type { TReportCreate } from './reports.schema.js';
import { generateReport, periodOfReport } from './reports.service.js';
import { scheduledReportExists } from './reports.store.js';

export const SCHEDULED_REPORTS_JOB = 'scheduled-reports';

/**
 * Whether a year closes a five-year period: the periods run 2020–2024, 2025–2029, … — the national medium-term
 * plan's (RPJMN 2020–2024, 2025–2029) and the CTDC release's five-year periods (publication/ctdc.ts).
 */
export const closesFiveYearPeriod = (year: number): boolean => year % 5 === 4;

/**
 * The reports due once a year has ended (Perpres 69/2008: the task force reports yearly and reviews every five
 * years): the national annual report of the year just ended, and, when that year closes a five-year period, the
 * five-year review of it — each in both formats, once. The year is the reporting year (WIB, platform/time.ts): the
 * job runs every 6 hours, so both are made within the first hours of 1 January WIB. Generated as the scheduler
 * with aggregate rights only, so small cells are suppressed as for any reader who may not open cases; national
 * viewers find them in their list.
 */
export async function runScheduledReports(ctx: Context): Promise<number> {
  const year = reportingYear(ctx.clock.now()) - 1;
  const kinds: TReportCreate['kind'][] = closesFiveYearPeriod(year) ? ['annual', 'five_year'] : ['annual'];
  let made = 0;
  for (const kind of kinds) {
    const period = periodOfReport(kind, year);
    for (const format of ['pdf', 'xlsx'] as const) {
      if (await scheduledReportExists(ctx.database.db, kind, format, period.from, period.to)) continue;
      await generateReport(ctx, { kind, format, year, locale: 'id' }, { scheduled: true, wait: true });
      made++;
    }
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
