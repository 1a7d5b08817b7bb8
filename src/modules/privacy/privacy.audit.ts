import { z } from 'zod';
import { auditWriter } from '../../platform/audit.js';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the privacy module, declared once with the entity it is about. */
export const privacyAuditActions = defineAuditActions({
  grantReview: {
    action: 'access.grants.review',
    entityType: 'access_grant',
    details: z.strictObject({ verdict: d.code, revoked: z.boolean(), grantUserId: d.id }),
  },
  grantRevoke: {
    action: 'access.grants.revoke',
    entityType: 'access_grant',
    details: z.strictObject({ grantUserId: d.id, byReview: z.literal(true).optional() }),
  },
  requestCreate: {
    action: 'dsr.requests.create',
    entityType: 'dsr_request',
    details: z.strictObject({ kind: d.code, personId: d.id, dueAt: d.time }),
  },
  requestComplete: {
    action: 'dsr.requests.complete',
    entityType: 'dsr_request',
    details: z.strictObject({ outcome: d.code, late: z.boolean() }),
  },
  personExport: {
    action: 'persons.export',
    entityType: 'person',
    details: z.strictObject({ format: d.code, requestId: d.id.optional() }),
  },
  personRestrict: {
    action: 'persons.restrict',
    entityType: 'person',
    details: z.strictObject({ restricted: z.boolean(), requestId: d.id.optional() }),
  },
  personErase: {
    action: 'persons.erase',
    entityType: 'person',
    details: z.strictObject({ requestId: d.id.optional() }),
  },
  holdPlace: { action: 'privacy.holds.create', entityType: 'person', details: z.strictObject({ holdId: d.id }) },
  holdRelease: { action: 'privacy.holds.release', entityType: 'person', details: z.strictObject({ holdId: d.id }) },
  breachCreate: {
    action: 'breaches.create',
    entityType: 'breach',
    details: z.strictObject({ affectedCount: d.count, categories: d.codes }),
  },
  breachNotify: {
    action: 'breaches.notify',
    entityType: 'breach',
    details: z.strictObject({ audience: d.code, late: z.boolean() }),
  },
  breachClockLow: {
    action: 'breaches.clockLow',
    entityType: 'breach',
    details: z.strictObject({ deadlineAt: d.time }),
  },
  retentionUpdate: {
    action: 'retention.policies.update',
    entityType: 'retention_policy',
    details: z.strictObject({ keepDays: z.number().int(), enabled: z.boolean() }),
  },
  retentionApply: {
    action: 'retention.runs.apply',
    entityType: 'retention_policy',
    details: z.strictObject({ personId: d.id, records: d.count }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof privacyAuditActions> {}
}
export type PrivacyAuditAction = keyof typeof privacyAuditActions;

/** Appends one of the module's audit events (details: ids, codes, counts only — never personal data). */
export const audit = auditWriter(privacyAuditActions);
