import { can, type Permission, requireAccess, scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what with referral packages and HTCDS files exchanged between Pulih instances and partners. */
export const exchangePermissions = {
  receive: 'referrals.receive',
  send: 'referrals.manage',
  /** Trusting another instance's signing key is an administrator's act. */
  trust: 'agencies.manage',
  export: 'exchange.export',
  import: 'exchange.import',
  review: 'exchange.review',
} as const satisfies Record<string, Permission>;
const P = exchangePermissions;

/** Who works an agency's incoming packages (and hears about a new one). */
export const PACKAGE_INBOX_PERMISSIONS: readonly Permission[] = [P.receive, P.send];

/** Importing and listing incoming packages: the receiving agency's referral staff (403 for anyone else). */
export async function requirePackageInbox(ctx: Context): Promise<void> {
  if (PACKAGE_INBOX_PERMISSIONS.some((p) => can(ctx, p))) return;
  await requireAccess(ctx, P.receive);
}

export const requireTrustSigners = (ctx: Context) => requireAccess(ctx, P.trust);

/*
 * The HTCDS bulk exchange. Exports carry person-level facts (and, under an international-sharing consent that
 * covers it, identity): the permission's scope bounds which cases leave.
 */
/** The cases the caller may export (403 without the permission). */
export const exportScope = (ctx: Context) => scopeFilter(ctx, P.export);
/** Importing a file into the caller's agency's review queue (403 without the permission). */
export const importScope = (ctx: Context) => scopeFilter(ctx, P.import);
/** Accepting or rejecting queued records of the caller's agency (403 without the permission). */
export const reviewScope = (ctx: Context) => scopeFilter(ctx, P.review);
