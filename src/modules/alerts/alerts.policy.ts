import { type Permission, requireAccess } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may read alerts: every role that receives them; each user sees only her own. */
export const alertPermissions = {
  read: 'alerts.read',
} as const satisfies Record<string, Permission>;

export const requireAlertsRead = (ctx: Context) => requireAccess(ctx, alertPermissions.read);
