import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const request = 'service_request';
const stay = 'shelter_stay';

/** Every audit action of the services module (requests, plans, shelter stays), declared once. */
export const servicesAudit = defineAuditActions({
  request: {
    action: 'services.request',
    entityType: request,
    details: z.strictObject({
      caseId: d.id,
      type: d.code,
      applicant: d.code,
      providerAgencyId: d.id,
      statutoryRight: d.code.nullable(),
      dueAt: d.time.nullable(),
    }),
  },
  update: {
    action: 'services.update',
    entityType: request,
    details: z.strictObject({
      caseId: d.id,
      type: d.code,
      from: d.code,
      to: d.code,
      wasLate: z.boolean(),
      deliveredLate: z.boolean(),
      /** Set when a referral's recipient moved the request. */
      referralId: d.id.optional(),
    }),
  },
  overdue: {
    action: 'services.overdue',
    entityType: request,
    details: z.strictObject({ caseId: d.id, type: d.code, dueAt: d.time.nullable(), alerted: d.count }),
  },
  planUpdate: {
    action: 'servicePlans.update',
    entityType: 'case',
    details: z.strictObject({
      goals: d.count,
      actions: d.count,
      added: d.count,
      removed: d.count,
      actionsDone: d.count,
    }),
  },
  shelterAdmit: {
    action: 'shelter.admit',
    entityType: stay,
    details: z.strictObject({ caseId: d.id, facilityAgencyId: d.id, plannedExitAt: d.time }),
  },
  shelterExtend: {
    action: 'shelter.extend',
    entityType: stay,
    details: z.strictObject({ caseId: d.id, from: d.time, to: d.time }),
  },
  shelterExit: {
    action: 'shelter.exit',
    entityType: stay,
    details: z.strictObject({ caseId: d.id, reason: d.code, days: z.number().int() }),
  },
  shelterOverstay: {
    action: 'shelter.overstay',
    entityType: stay,
    details: z.strictObject({ caseId: d.id, plannedExitAt: d.time, alerted: d.count }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof servicesAudit> {}
}
