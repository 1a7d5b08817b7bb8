import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the consent module, declared once (platform/audit-catalogue.ts). */
export const consentAudit = defineAuditActions({
  create: {
    action: 'consents.create',
    entityType: 'consent',
    details: z.strictObject({
      caseId: d.id,
      purpose: d.code,
      recipientAgencyId: d.id.nullable(),
      recipientNamed: z.boolean(),
      serviceTypes: d.codes,
      fieldGroups: d.codes,
      givenBy: d.code,
      guardianRelationship: d.code.nullable(),
      guardianPersonId: d.id.nullish(),
      wordingVersion: z.string(),
      wordingLocale: z.enum(['id', 'en']),
      evidence: z.boolean(),
      evidenceVerified: z.boolean(),
    }),
  },
  withdraw: {
    action: 'consents.withdraw',
    entityType: 'consent',
    details: z.strictObject({ caseId: d.id, purpose: d.code, recipientAgencyId: d.id.nullable() }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof consentAudit> {}
}
