import { type Permission, requireAccess } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may read and verify the audit trail (the DPO and the administrator; DESIGN §4). */
export const auditPermissions = {
  read: 'audit.read',
  verify: 'audit.verify',
} as const satisfies Record<string, Permission>;

export const requireAuditRead = (ctx: Context) => requireAccess(ctx, auditPermissions.read);
/** Verifying the chain and writing or checking checkpoints. */
export const requireAuditVerify = (ctx: Context) => requireAccess(ctx, auditPermissions.verify);
