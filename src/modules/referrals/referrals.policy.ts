import { can, type Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what with referrals, as named abilities; the service never spells a permission string. */
export const referralPermissions = {
  /** Senders: on the referral's case (its scope decides). */
  manage: 'referrals.manage',
  /** Recipients: staff of the receiving agency who answer referrals. */
  receive: 'referrals.receive',
} as const satisfies Record<string, Permission>;

/** Who works an agency's referral inbox (and is alerted about it). */
export const INBOX_PERMISSIONS: readonly Permission[] = [referralPermissions.receive, referralPermissions.manage];

/** Works referrals at all (receiving or sending): the inbox is open to her. */
export const worksReferrals = (ctx: Context) => INBOX_PERMISSIONS.some((p) => can(ctx, p));

/** A user of the receiving agency who works referrals. */
export const isRecipientOf = (ctx: Context, recipientAgencyId: string) =>
  ctx.actor?.agencyId === recipientAgencyId && worksReferrals(ctx);
