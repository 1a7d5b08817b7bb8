import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const item = 'conference_action_item';

/** Every audit action of the case conferences module, declared once (platform/audit-catalogue.ts). */
export const conferencesAudit = defineAuditActions({
  create: {
    action: 'conferences.create',
    entityType: 'case_conference',
    details: z.strictObject({
      caseId: d.id,
      heldOn: d.time,
      agencyIds: d.ids,
      actionItems: z.array(z.strictObject({ id: d.id, agencyId: d.id, dueOn: d.time })),
    }),
  },
  itemComplete: {
    action: 'conferences.actionItems.complete',
    entityType: item,
    details: z.strictObject({ caseId: d.id, conferenceId: d.id, agencyId: d.id, late: z.boolean() }),
  },
  itemOverdue: {
    action: 'conferences.actionItems.overdue',
    entityType: item,
    details: z.strictObject({ caseId: d.id, agencyId: d.id, dueOn: d.time, alerted: d.count }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof conferencesAudit> {}
}
