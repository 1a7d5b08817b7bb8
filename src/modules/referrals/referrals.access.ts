/** Who may see a referral: its sender (through the case) or its recipient while the consent lives; and what it allows. */

import type { Context } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { caseTeamIds, loadCase } from '../cases/index.js';
import { consentForSharing, type SharingConsent } from '../consent/index.js';
import { isRecipientOf, referralPermissions } from './referrals.policy.js';
import { type ReferralAction, referralTransitions } from './referrals.schema.js';
import { type ReferralRow, selectReferral } from './referrals.store.js';

/** Senders need referrals.manage on the case; recipients work referrals and belong to the recipient agency. */
export const REFERRALS_MANAGE = referralPermissions.manage;

export type Viewer = 'sender' | 'recipient';

/** A user of the receiving agency who works referrals. */
function isRecipient(ctx: Context, row: ReferralRow): boolean {
  return isRecipientOf(ctx, row.recipient_agency_id);
}

export const consentLive = (row: ReferralRow, consent: SharingConsent | undefined): consent is SharingConsent =>
  row.consent_withdrawn_at === null && consent?.status === 'active';

/**
 * The recipient's access: its agency, its permission, and a live consent. Once the consent is withdrawn the
 * referral no longer exists for the recipient (Law 27/2022 Art. 9, 40): the same 404 as for anyone else.
 */
export async function loadAsRecipient(
  ctx: Context,
  id: string,
  read?: ReferralRow,
): Promise<{ row: ReferralRow; consent: SharingConsent }> {
  const row = read ?? (await selectReferral(ctx.database.db, id));
  if (!row || !isRecipient(ctx, row)) throw notFound();
  const consent = await consentForSharing(ctx, row.consent_id);
  if (!consentLive(row, consent)) throw notFound();
  return { row, consent };
}

/** The sender's access: referrals.manage on the referral's case (its scope decides; out of scope is 404). */
export async function loadAsSender(ctx: Context, id: string, read?: ReferralRow): Promise<ReferralRow> {
  const row = read ?? (await selectReferral(ctx.database.db, id));
  if (!row) throw notFound();
  await loadCase(ctx, row.case_id, REFERRALS_MANAGE);
  return row;
}

/** Whoever may see the referral: its recipient (while the consent lives) or its sender; anyone else 404. */
export async function loadForViewer(ctx: Context, id: string) {
  const row = await selectReferral(ctx.database.db, id);
  if (!row) throw notFound();
  if (isRecipient(ctx, row)) return { viewer: 'recipient' as const, ...(await loadAsRecipient(ctx, id, row)) };
  return { viewer: 'sender' as const, row: await loadAsSender(ctx, id, row), consent: undefined };
}

export function assertAction(row: ReferralRow, action: ReferralAction): void {
  if (!referralTransitions[action].from.includes(row.status)) {
    throw new AppError('conflict', 'referral_transition_not_allowed', { from: row.status, action });
  }
}

/** Users to alert on the sending side: the case team and whoever sent the referral. */
export async function senderSide(
  ctx: Context,
  row: Pick<ReferralRow, 'case_id' | 'sender_user_id'>,
): Promise<string[]> {
  return [...new Set([...(await caseTeamIds(ctx.database.db, row.case_id)), row.sender_user_id])];
}
