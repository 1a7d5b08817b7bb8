import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** The audit events the indicator engine writes: a drill-down lists case numbers, so each one is recorded. */
export const indicatorsAudit = defineAuditActions({
  drilldown: {
    action: 'indicators.drilldown',
    entityType: 'indicator',
    details: z.strictObject({
      key: d.code,
      version: z.number().int(),
      part: d.code.optional(),
      period: z.strictObject({ from: d.time, to: d.time }),
      filter: z.record(z.string(), z.string()),
      listed: d.count,
      suppressed: z.boolean(),
    }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof indicatorsAudit> {}
}
