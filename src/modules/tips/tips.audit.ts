import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const tip = 'tip';

/** Every audit action of the tips module, declared once with the entity type it is recorded against. */
export const tipAudit = defineAuditActions({
  submit: {
    action: 'tips.submit',
    entityType: tip,
    // `contact`: whether the reporter left a way to reach them (never the contact itself).
    details: z.strictObject({ agencyId: d.id, urgency: d.code, regionCode: d.code.nullish(), contact: z.boolean() }),
  },
  reporterReply: { action: 'tips.reply', entityType: tip, details: z.strictObject({ messageId: d.id }) },
  triage: {
    action: 'tips.triage',
    entityType: tip,
    details: z.strictObject({ urgency: d.code, assignedTo: d.id.nullable(), groupId: d.id.nullable() }),
  },
  ask: { action: 'tips.ask', entityType: tip, details: z.strictObject({ messageId: d.id }) },
  convertToCase: {
    action: 'tips.convertToCase',
    entityType: tip,
    details: z.strictObject({ caseId: d.id, caseNumber: z.string() }),
  },
  refer: { action: 'tips.refer', entityType: tip, details: z.strictObject({ agencyId: d.id }) },
  close: { action: 'tips.close', entityType: tip, details: z.strictObject({ reason: d.code }) },
  overdue: {
    action: 'tips.overdue',
    entityType: tip,
    details: z.strictObject({ urgency: d.code, dueAt: d.time, alerted: d.count }),
  },
  settingsUpdate: {
    action: 'tips.settings.update',
    entityType: 'tip_settings',
    // Response targets in hours per urgency.
    details: z.record(z.string(), z.number()),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof tipAudit> {}
}
export type TipAuditKey = keyof typeof tipAudit;
