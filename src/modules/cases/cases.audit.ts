import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const flag = z.boolean();
const transfer = { transferId: d.id };

/** Every audit action of the cases module, declared once (platform/audit-catalogue.ts). */
export const casesAudit = defineAuditActions({
  create: {
    action: 'cases.create',
    entityType: 'case',
    details: z.strictObject({
      caseNumber: z.string(),
      isChild: flag,
      childBasis: d.code.nullish(),
      personLinked: flag,
      /** Written by `pulih demo --synthetic` for generated cases. */
      synthetic: z.literal(true).optional(),
    }),
  },
  duplicateDecision: {
    action: 'persons.duplicates.decision',
    entityType: 'person',
    details: z.strictObject({ decision: z.enum(['linked', 'new']), caseId: d.id }),
  },
  childStatus: {
    action: 'cases.childStatus',
    entityType: 'case',
    details: z.strictObject({ isChild: flag, basis: d.code.nullish(), was: flag }),
  },
  searchByName: { action: 'cases.searchByName', entityType: null, details: z.strictObject({ results: d.count }) },
  update: { action: 'cases.update', entityType: 'case', details: z.strictObject({ changed: d.fields }) },
  eventsAdd: { action: 'cases.events.add', entityType: 'case', details: z.strictObject({ count: d.count }) },
  transition: {
    action: 'cases.transition',
    entityType: 'case',
    details: z.strictObject({ from: d.code, to: d.code }),
  },
  close: {
    action: 'cases.close',
    entityType: 'case',
    details: z.strictObject({ reason: d.code, openItems: d.count }),
  },
  approveClosure: {
    action: 'cases.approveClosure',
    entityType: 'case',
    details: z.strictObject({ approve: flag }),
  },
  reopen: { action: 'cases.reopen', entityType: 'case', details: z.strictObject({ to: d.code }) },
  reassign: {
    action: 'cases.reassign',
    entityType: 'case',
    details: z.strictObject({ fromUserId: d.id, toUserId: d.id, role: d.code }),
  },
  memberAdd: {
    action: 'cases.members.add',
    entityType: 'case',
    details: z.strictObject({ userId: d.id, role: d.code }),
  },
  memberRemove: { action: 'cases.members.remove', entityType: 'case', details: z.strictObject({ userId: d.id }) },
  noteCreate: {
    action: 'notes.create',
    entityType: 'case',
    details: z.strictObject({ noteId: d.id, sensitivity: z.enum(['normal', 'sensitive', 'restricted']) }),
  },
  taskCreate: { action: 'tasks.create', entityType: 'case', details: z.strictObject({ taskId: d.id }) },
  taskComplete: { action: 'tasks.complete', entityType: 'case', details: z.strictObject({ taskId: d.id }) },
  relativeAdd: {
    action: 'cases.relatives.add',
    entityType: 'case',
    details: z.strictObject({
      personId: d.id,
      relationship: d.code.nullish(),
      threatened: flag.optional(),
      suspect: flag.optional(),
      relatedToTrafficker: flag.optional(),
    }),
  },
  relativeUpdate: {
    action: 'cases.relatives.update',
    entityType: 'case',
    details: z.strictObject({
      personId: d.id,
      threatened: flag.optional(),
      suspect: flag.optional(),
      relatedToTrafficker: flag.optional(),
      isContact: flag.optional(),
    }),
  },
  transferLead: {
    action: 'cases.transferLead',
    entityType: 'case',
    details: z.strictObject({
      ...transfer,
      toAgencyId: d.id,
      status: z.enum(['pending', 'awaiting_approval']),
      consentId: d.id.nullable(),
      identityGroups: d.codes,
    }),
  },
  transferApprove: {
    action: 'cases.transferLead.approve',
    entityType: 'case',
    details: z.strictObject({ ...transfer, toAgencyId: d.id }),
  },
  acceptLead: {
    action: 'cases.acceptLead',
    entityType: 'case',
    details: z.strictObject({ ...transfer, fromAgencyId: d.id, toAgencyId: d.id }),
  },
  declineLead: { action: 'cases.declineLead', entityType: 'case', details: z.strictObject(transfer) },
  summaryPdf: {
    action: 'cases.summaryPdf',
    entityType: 'case',
    details: z.strictObject({ identityFields: d.fields }),
  },
  responseOverdue: {
    action: 'cases.response.overdue',
    entityType: 'case',
    details: z.strictObject({ taskId: d.id, riskLevel: d.code.nullable(), dueAt: d.time, alerted: d.count }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof casesAudit> {}
}
