import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the alerts module, declared once (platform/audit-catalogue.ts). */
export const alertsAudit = defineAuditActions({
  digest: {
    action: 'alerts.digest',
    entityType: 'user',
    details: z.strictObject({ count: d.count, kinds: d.codes }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof alertsAudit> {}
}
