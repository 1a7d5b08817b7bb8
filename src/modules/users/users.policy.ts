import { type Permission, requireAccess, type ScopeFilter, scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/**
 * Who may do what with user accounts, roles and service accounts, as named abilities; scope decides which users
 * (agency, jurisdiction, all). The services never spell a permission string.
 */
export const userPermissions = {
  read: 'users.read',
  manage: 'users.manage',
  readRoles: 'roles.read',
  /** Machine accounts of partner systems (exchange): the administrator's. */
  manageServiceAccounts: 'serviceAccounts.manage',
} as const satisfies Record<string, Permission>;

/** A user account as the scope sees it: her agency (and herself, for `own`). */
export interface UserFacts {
  id: string;
  agencyId: string;
}
const userResource = (u: UserFacts) => ({ type: 'user', id: u.id, agencyId: u.agencyId, teamUserIds: [u.id] });

/** Creating an account. */
export const requireManageUsers = (ctx: Context) => requireAccess(ctx, userPermissions.manage);
/** Reading one account: within the scope of `users.read` (else 404). */
export const requireReadUser = (ctx: Context, user: UserFacts) =>
  requireAccess(ctx, userPermissions.read, userResource(user));
/** Changing, disabling, unlocking or resetting one account: within the scope of `users.manage` (else 404). */
export const requireManageUser = (ctx: Context, user: UserFacts) =>
  requireAccess(ctx, userPermissions.manage, userResource(user));
/** The accounts a user list shows. */
export const userListScope = (ctx: Context): Promise<ScopeFilter> => scopeFilter(ctx, userPermissions.read);
/** The role table (the administrator's picker). */
export const requireReadRoles = (ctx: Context) => requireAccess(ctx, userPermissions.readRoles);
/** Partner systems' machine accounts and their tokens. */
export const requireManageServiceAccounts = (ctx: Context) => requireAccess(ctx, userPermissions.manageServiceAccounts);
