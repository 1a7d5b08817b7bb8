import { type Permission, requireAccess } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what with agencies, as named abilities; the service never spells a permission string. */
export const agencyPermissions = {
  read: 'agencies.read',
  manage: 'agencies.manage',
} as const satisfies Record<string, Permission>;

/** The directory of agencies is readable by every signed-in role. */
export const requireReadAgencies = (ctx: Context) => requireAccess(ctx, agencyPermissions.read);

/** Creating, changing and deactivating agencies: the administrators' work. */
export const requireManageAgencies = (ctx: Context) => requireAccess(ctx, agencyPermissions.manage);
