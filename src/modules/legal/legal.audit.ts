import { z } from 'zod';
import { auditWriter } from '../../platform/audit.js';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Every audit action of the legal module, declared once with the entity it is about. */
export const legalAuditActions = defineAuditActions({
  proceedingCreate: {
    action: 'legal.proceedings.create',
    entityType: 'legal_proceeding',
    details: z.strictObject({
      caseIds: d.ids,
      parties: z.array(z.strictObject({ agencyId: d.id, role: d.code })),
      defendantIds: d.ids,
      charges: d.count,
      law: d.code,
    }),
  },
  proceedingUpdate: {
    action: 'legal.proceedings.update',
    entityType: 'legal_proceeding',
    details: z.strictObject({
      fields: d.fields,
      addedParties: d.ids,
      addedDefendants: d.ids,
      addedCharges: d.count,
      by: d.id,
    }),
  },
  stageAdvance: {
    action: 'legal.stages.advance',
    entityType: 'legal_proceeding',
    details: z.strictObject({ from: d.code, to: d.code, on: d.time, stoppedReason: d.code.nullable() }),
  },
  hearingCreate: {
    action: 'legal.hearings.create',
    entityType: 'legal_hearing',
    details: z.strictObject({
      proceedingId: d.id,
      heldOn: d.time,
      caseId: d.id.nullable(),
      testimonyMode: d.code.nullable(),
    }),
  },
  verdictRecord: {
    action: 'legal.verdicts.record',
    entityType: 'legal_verdict',
    details: z.strictObject({
      proceedingId: d.id,
      defendantId: d.id,
      instance: d.code,
      decidedOn: d.time,
      outcome: d.code,
      restitutionOrdered: z.boolean(),
      restitutionAmount: d.number.nullable(),
      finalOn: d.time.nullable(),
    }),
  },
  claimCreate: {
    action: 'restitution.claims.create',
    entityType: 'restitution_claim',
    details: z.strictObject({
      proceedingId: d.id,
      caseId: d.id,
      chain: d.code,
      claimedAmount: d.number,
      components: d.codes,
    }),
  },
  claimAssess: {
    action: 'restitution.claims.assess',
    entityType: 'restitution_claim',
    details: z.strictObject({ amount: d.number, assessedOn: d.time }),
  },
  paymentRecord: {
    action: 'restitution.payments.record',
    entityType: 'restitution_claim',
    details: z.strictObject({ paymentId: d.id, amount: d.number, paidOn: d.time, full: z.boolean() }),
  },
  stepRecord: {
    action: 'restitution.steps.record',
    entityType: 'restitution_claim',
    details: z.strictObject({
      step: d.code,
      occurredOn: d.time,
      next: d.code.nullable(),
      nextDueAt: d.time.nullable(),
    }),
  },
  stepDue: {
    action: 'restitution.steps.due',
    entityType: 'restitution_claim',
    details: z.strictObject({ step: d.code, missed: z.boolean(), next: d.code.nullable().optional() }),
  },
  measureCreate: {
    action: 'protection.measures.create',
    entityType: 'protection_measure',
    details: z.strictObject({ caseId: d.id, type: d.code, agencyId: d.id, threatLevel: d.code.nullish() }),
  },
  measureUpdate: {
    action: 'protection.measures.update',
    entityType: 'protection_measure',
    details: z.strictObject({ from: d.code, to: d.code, fields: d.fields, reviewOn: d.time.nullable() }),
  },
  measureDue: {
    action: 'protection.measures.due',
    entityType: 'protection_measure',
    details: z.strictObject({ status: d.code, dueAt: d.time.nullable() }),
  },
  victimInformed: {
    action: 'legal.victimInformed.record',
    entityType: 'legal_proceeding',
    details: z.strictObject({ recordId: d.id, caseId: d.id, channel: d.code, topics: d.codes }),
  },
  victimUninformed: {
    action: 'legal.victimInformed.overdue',
    entityType: 'legal_proceeding',
    details: z.strictObject({ caseId: d.id, since: d.time.nullable() }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof legalAuditActions> {}
}
export type LegalAuditAction = keyof typeof legalAuditActions;

/** Appends one of the module's audit events (details: ids, codes and dates only, never personal data). */
export const audit = auditWriter(legalAuditActions);
