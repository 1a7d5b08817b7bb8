import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const download = z.strictObject({ attachmentId: d.id, kind: d.code, identifying: z.boolean(), personId: d.id });

/** Every audit action of the attachments module, declared once (platform/audit-catalogue.ts). */
export const attachmentsAudit = defineAuditActions({
  upload: {
    action: 'attachments.upload',
    entityType: 'case',
    details: z.strictObject({ attachmentId: d.id, kind: d.code, mime: z.string(), sizeBytes: d.count }),
  },
  download: { action: 'attachments.download', entityType: 'case', details: download },
  /** A document or photo that identifies the victim: read only with a stated purpose. */
  identityDownload: { action: 'attachments.identity.download', entityType: 'case', details: download },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof attachmentsAudit> {}
}
