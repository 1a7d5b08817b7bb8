import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the prevention module, declared once with the entity type it is recorded against. */
export const preventionAudit = defineAuditActions({
  programmeCreate: {
    action: 'programmes.create',
    entityType: 'programme',
    details: z.strictObject({ agencyId: d.id, type: d.code, regions: d.codes }),
  },
  sessionCreate: {
    action: 'sessions.create',
    entityType: 'programme_session',
    details: z.strictObject({
      programmeId: d.id,
      heldOn: d.time,
      regionCode: d.code.nullish(),
      participants: d.count,
    }),
  },
  responseCreate: {
    action: 'surveys.responses.create',
    entityType: 'programme_session',
    details: z.strictObject({ responseId: d.id, phase: d.code, source: d.code }),
  },
  allocationCreate: {
    action: 'budgets.allocations.create',
    entityType: 'budget_allocation',
    details: z.strictObject({
      agencyId: d.id,
      programmeId: d.id.nullable(),
      year: z.number().int(),
      source: d.code,
      amount: d.number,
    }),
  },
  expenditureCreate: {
    action: 'budgets.expenditures.create',
    entityType: 'budget_allocation',
    details: z.strictObject({ expenditureId: d.id, amount: d.number, spentOn: d.time }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof preventionAudit> {}
}
