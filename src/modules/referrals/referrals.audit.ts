import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** A move of a referral between statuses (referralTransitions); delivered services are named by their request. */
const transition = z.strictObject({
  caseId: d.id,
  from: d.code,
  to: d.code,
  serviceRequestIds: d.ids.optional(),
});

/** Every audit action of the referrals module, declared once (platform/audit-catalogue.ts). */
export const referralsAudit = defineAuditActions({
  create: {
    action: 'referrals.create',
    entityType: 'referral',
    details: z.strictObject({
      caseId: d.id,
      recipientAgencyId: d.id,
      consentId: d.id,
      fieldGroups: d.codes,
      serviceRequestIds: d.ids,
      serviceTypes: d.codes,
      urgency: d.code,
      reason: d.code.nullish(),
      dueAt: d.time,
    }),
  },
  accept: { action: 'referrals.accept', entityType: 'referral', details: transition },
  decline: { action: 'referrals.decline', entityType: 'referral', details: transition },
  servicesDelivered: { action: 'referrals.servicesDelivered', entityType: 'referral', details: transition },
  complete: { action: 'referrals.complete', entityType: 'referral', details: transition },
  revoke: { action: 'referrals.revoke', entityType: 'referral', details: transition },
  consentWithdrawn: {
    action: 'referrals.consentWithdrawn',
    entityType: 'consent',
    details: z.strictObject({ caseId: d.id, referralIds: d.ids }),
  },
  overdue: {
    action: 'referrals.overdue',
    entityType: 'referral',
    details: z.strictObject({ caseId: d.id, dueAt: d.time, alerted: d.count }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof referralsAudit> {}
}
