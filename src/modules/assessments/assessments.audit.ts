import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the assessments module, declared once (platform/audit-catalogue.ts). */
export const assessmentsAudit = defineAuditActions({
  create: {
    action: 'assessments.create',
    entityType: 'case',
    details: z.strictObject({
      assessmentId: d.id,
      questionnaire: d.code,
      version: d.number,
      kind: d.code,
      followUpMonth: z.number().int().nullable(),
      followUpsScheduled: d.count,
    }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof assessmentsAudit> {}
}
