import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the break-the-glass module, declared once (platform/audit-catalogue.ts). */
export const accessAudit = defineAuditActions({
  breakGlass: {
    action: 'access.breakGlass',
    // The record opened: a person or a case (platform/access.ts registered resources).
    entityType: null,
    details: z.strictObject({ grantId: d.id, expiresAt: d.time, ownerAgencyId: d.id.nullable() }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof accessAudit> {}
}
