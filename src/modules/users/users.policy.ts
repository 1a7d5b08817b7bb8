import { type Permission, requireAccess } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what with user accounts and roles; scope decides which users (agency, jurisdiction, all). */
export const userPermissions = {
  read: 'users.read',
  manage: 'users.manage',
  readRoles: 'roles.read',
  /** Machine accounts of partner systems (exchange): the administrator's. */
  manageServiceAccounts: 'serviceAccounts.manage',
} as const satisfies Record<string, Permission>;

export const requireManageUsers = (ctx: Context) => requireAccess(ctx, userPermissions.manage);
export const requireReadRoles = (ctx: Context) => requireAccess(ctx, userPermissions.readRoles);
