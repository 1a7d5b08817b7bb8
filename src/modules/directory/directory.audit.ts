import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the service directory, declared once (platform/audit-catalogue.ts). */
export const directoryAudit = defineAuditActions({
  upsert: {
    action: 'directory.services.upsert',
    entityType: 'directory_service',
    details: z.strictObject({
      agencyId: d.id,
      serviceType: d.code,
      created: z.boolean(),
      regions: d.count,
      urgent24x7: z.boolean().optional(),
      capacity: z.object({ total: z.number(), free: z.number() }).nullish(),
    }),
  },
  remove: {
    action: 'directory.services.remove',
    entityType: 'directory_service',
    details: z.strictObject({ agencyId: d.id, serviceType: d.code }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof directoryAudit> {}
}
