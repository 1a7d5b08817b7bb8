import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const decision = { status: d.code, decidedByOrg: d.code };

/** Every audit action of the screening module, declared once (platform/audit-catalogue.ts). */
export const screeningAudit = defineAuditActions({
  create: {
    action: 'screenings.create',
    entityType: 'case',
    details: z.strictObject({
      screeningId: d.id,
      toolVersion: d.number,
      rule: z.enum(['adult', 'child']),
      positiveDimensions: z.array(z.number().int()),
      recommendation: d.code,
    }),
  },
  decide: {
    action: 'screenings.decide',
    entityType: 'case',
    details: z.strictObject({ screeningId: d.id, ...decision, differsFromRecommendation: z.boolean() }),
  },
  approve: {
    action: 'screenings.approve',
    entityType: 'case',
    details: z.strictObject({ screeningId: d.id, approve: z.boolean(), ...decision }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof screeningAudit> {}
}
