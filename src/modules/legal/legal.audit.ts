import { appendAudit } from '../../platform/audit.js';
import type { Context, Tx } from '../../platform/context.js';

/** Every audit action of the legal module, declared once with the entity it is about. */
export const legalAuditActions = {
  proceedingCreate: { action: 'legal.proceedings.create', entityType: 'legal_proceeding' },
  proceedingUpdate: { action: 'legal.proceedings.update', entityType: 'legal_proceeding' },
  stageAdvance: { action: 'legal.stages.advance', entityType: 'legal_proceeding' },
  hearingCreate: { action: 'legal.hearings.create', entityType: 'legal_hearing' },
  verdictRecord: { action: 'legal.verdicts.record', entityType: 'legal_verdict' },
  claimCreate: { action: 'restitution.claims.create', entityType: 'restitution_claim' },
  claimAssess: { action: 'restitution.claims.assess', entityType: 'restitution_claim' },
  paymentRecord: { action: 'restitution.payments.record', entityType: 'restitution_claim' },
  stepRecord: { action: 'restitution.steps.record', entityType: 'restitution_claim' },
  stepDue: { action: 'restitution.steps.due', entityType: 'restitution_claim' },
  measureCreate: { action: 'protection.measures.create', entityType: 'protection_measure' },
  measureUpdate: { action: 'protection.measures.update', entityType: 'protection_measure' },
  measureDue: { action: 'protection.measures.due', entityType: 'protection_measure' },
  victimInformed: { action: 'legal.victimInformed.record', entityType: 'legal_proceeding' },
  victimUninformed: { action: 'legal.victimInformed.overdue', entityType: 'legal_proceeding' },
} as const;
export type LegalAuditAction = keyof typeof legalAuditActions;

/** Appends one of the module's audit events (details: ids, codes and dates only, never personal data). */
export function audit(
  tx: Tx,
  ctx: Context,
  action: LegalAuditAction,
  entityId: string,
  details: Record<string, unknown>,
) {
  const a = legalAuditActions[action];
  return appendAudit(tx, ctx, { action: a.action, entityType: a.entityType, entityId, details });
}
