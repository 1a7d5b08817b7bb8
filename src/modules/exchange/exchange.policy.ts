import { can, type Permission, requireAccess } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what with referral packages exchanged between Pulih instances. */
export const exchangePermissions = {
  receive: 'referrals.receive',
  send: 'referrals.manage',
  /** Trusting another instance's signing key is an administrator's act. */
  trust: 'agencies.manage',
} as const satisfies Record<string, Permission>;

/** Who works an agency's incoming packages (and hears about a new one). */
export const PACKAGE_INBOX_PERMISSIONS: readonly Permission[] = [exchangePermissions.receive, exchangePermissions.send];

/** Importing and listing incoming packages: the receiving agency's referral staff (403 for anyone else). */
export async function requirePackageInbox(ctx: Context): Promise<void> {
  if (PACKAGE_INBOX_PERMISSIONS.some((p) => can(ctx, p))) return;
  await requireAccess(ctx, exchangePermissions.receive);
}

export const requireTrustSigners = (ctx: Context) => requireAccess(ctx, exchangePermissions.trust);
