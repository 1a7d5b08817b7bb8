import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const report = { kind: d.code, format: d.code, from: d.time, to: d.time };

/** The audit events of the reports module: what was asked and what left (never a figure of a person). */
export const reportsAudit = defineAuditActions({
  generate: {
    action: 'reports.generate',
    entityType: 'evaluation_report',
    details: z.strictObject({ ...report, scope: d.code, scheduled: z.boolean() }),
  },
  download: {
    action: 'reports.download',
    entityType: 'evaluation_report',
    details: z.strictObject({ ...report, bytes: d.count }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof reportsAudit> {}
}
