import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the identity vault, declared once (platform/audit-catalogue.ts). */
export const personsAudit = defineAuditActions({
  create: {
    action: 'persons.create',
    entityType: 'person',
    details: z.strictObject({ fields: d.fields, ownerAgencyId: d.id }),
  },
  reveal: {
    action: 'persons.identity.reveal',
    entityType: 'person',
    details: z.strictObject({ fields: d.fields, document: z.literal(true).optional() }),
  },
  identityUpdate: {
    action: 'persons.identity.update',
    entityType: 'person',
    details: z.strictObject({ fields: d.fields }),
  },
  ageUpdate: { action: 'persons.age.update', entityType: 'person', details: z.strictObject({ fields: d.fields }) },
  duplicateCheck: {
    action: 'persons.duplicates.check',
    entityType: null,
    details: z.union([
      z.strictObject({ reason: z.enum(['user_limit', 'agency_limit']) }),
      z.strictObject({
        matches: d.count,
        outsideScope: d.count,
        by: d.fields,
        /** Keyed fingerprints of what was asked, never the name or number typed. */
        fingerprints: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
        matchedPersonIds: d.ids,
      }),
    ]),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof personsAudit> {}
}
