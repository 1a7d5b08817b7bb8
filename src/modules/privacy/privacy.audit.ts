import { appendAudit } from '../../platform/audit.js';
import type { Context, Tx } from '../../platform/context.js';

/** Every audit action of the privacy module, declared once with the entity it is about. */
export const privacyAuditActions = {
  grantReview: { action: 'access.grants.review', entityType: 'access_grant' },
  grantRevoke: { action: 'access.grants.revoke', entityType: 'access_grant' },
  requestCreate: { action: 'dsr.requests.create', entityType: 'dsr_request' },
  requestComplete: { action: 'dsr.requests.complete', entityType: 'dsr_request' },
  personExport: { action: 'persons.export', entityType: 'person' },
  personRestrict: { action: 'persons.restrict', entityType: 'person' },
  personErase: { action: 'persons.erase', entityType: 'person' },
  holdPlace: { action: 'privacy.holds.create', entityType: 'person' },
  holdRelease: { action: 'privacy.holds.release', entityType: 'person' },
  breachCreate: { action: 'breaches.create', entityType: 'breach' },
  breachNotify: { action: 'breaches.notify', entityType: 'breach' },
  breachClockLow: { action: 'breaches.clockLow', entityType: 'breach' },
  retentionUpdate: { action: 'retention.policies.update', entityType: 'retention_policy' },
  retentionApply: { action: 'retention.runs.apply', entityType: 'retention_policy' },
} as const;
export type PrivacyAuditAction = keyof typeof privacyAuditActions;

/** Appends one of the module's audit events (details: ids, codes, counts only — never personal data). */
export function audit(
  tx: Tx,
  ctx: Context,
  action: PrivacyAuditAction,
  entityId: string,
  details: Record<string, unknown> = {},
  purpose?: string,
) {
  const a = privacyAuditActions[action];
  return appendAudit(tx, ctx, {
    action: a.action,
    entityType: a.entityType,
    entityId,
    details,
    ...(purpose ? { purpose } : {}),
  });
}
