export { reportsAudit } from './reports.audit.js';
export { type ReportTable, reportTables } from './reports.content.js';
export { reportJobs, runScheduledReports, SCHEDULED_REPORTS_JOB } from './reports.jobs.js';
export { reportRoutes } from './reports.routes.js';
export { downloadReport, generateReport, listReports, periodOfReport } from './reports.service.js';
