import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the audit module itself, declared once (platform/audit-catalogue.ts). */
export const auditAudit = defineAuditActions({
  truncate: {
    action: 'audit.truncate',
    entityType: 'audit_truncation',
    // The signed truncation point: the last seq removed, how many, the cut-off and the signing key's id.
    details: z.strictObject({ throughSeq: z.number().int(), removed: d.count, cutBefore: d.time, keyId: z.string() }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof auditAudit> {}
}
