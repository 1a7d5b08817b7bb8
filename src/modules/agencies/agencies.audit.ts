import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the agencies module, declared once (platform/audit-catalogue.ts). */
export const agenciesAudit = defineAuditActions({
  create: {
    action: 'agencies.create',
    entityType: 'agency',
    details: z.strictObject({ type: d.code, regionCode: d.code.nullable(), countryCode: d.code.nullable() }),
  },
  update: { action: 'agencies.update', entityType: 'agency', details: z.strictObject({ changed: d.fields }) },
  enable: { action: 'agencies.enable', entityType: 'agency', details: d.none },
  disable: { action: 'agencies.disable', entityType: 'agency', details: d.none },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof agenciesAudit> {}
}
