import type { ModuleManifest } from '../../platform/modules.js';
import { reportsAudit } from './reports.audit.js';
import { reportJobs } from './reports.jobs.js';
import { reportRoutes } from './reports.routes.js';

export { reportsAudit } from './reports.audit.js';
export { type ReportTable, reportTables } from './reports.content.js';
export { reportJobs, runScheduledReports, SCHEDULED_REPORTS_JOB } from './reports.jobs.js';
export { reportRoutes } from './reports.routes.js';
export { downloadReport, generateReport, listReports, periodOfReport } from './reports.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const reportsModule: ModuleManifest = {
  name: 'reports',
  routes: reportRoutes,
  jobs: reportJobs,
  auditActions: reportsAudit,
};
