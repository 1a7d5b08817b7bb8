/** How a referral reads to its sender and its recipient (shared view, identity only when consented), and the lists. */

import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, transact } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { agencyFacts } from '../agencies/index.js';
import { loadCase } from '../cases/index.js';
import { consentForSharing, type FieldGroup, type SharingConsent } from '../consent/index.js';
import { revealIdentityForDocument } from '../persons/index.js';
import type { ServiceType } from '../services/index.js';
import { consentLive, loadForViewer, REFERRALS_MANAGE, type Viewer } from './referrals.access.js';
import { worksReferrals } from './referrals.policy.js';
import {
  type ReferralAction,
  referralTransitions,
  sharingStatuses,
  type TInboxQuery,
  type TOutgoingQuery,
  type TReferral,
  type TSharedView,
} from './referrals.schema.js';
import {
  type ReferralRow,
  type ReferralServiceRow,
  selectInbox,
  selectOutgoing,
  selectReferralServices,
} from './referrals.store.js';
import { type SharedSnapshot, sharedViewOf } from './shared-view.js';

const ENC = 'referrals';

export type IdentityField = Parameters<typeof revealIdentityForDocument>[4][number];

/** Agency names through the briefly cached agency facts: an inbox page names dozens of senders, each read once. */
async function agencyNames(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const rows = await Promise.all(unique.map((id) => agencyFacts(ctx.database.db, id)));
  return new Map(unique.map((id, i) => [id, rows[i]?.name ?? '']));
}

const recipientActions: ReferralAction[] = ['accept', 'decline', 'servicesDelivered', 'complete'];

interface PresentOptions {
  viewer: Viewer;
  services: ReferralServiceRow[];
  names: Map<string, string>;
  /** The consent's groups when it is live; null when it was withdrawn. */
  groups: FieldGroup[] | null;
  identity?: TSharedView['identity'];
}

function present(ctx: Context, row: ReferralRow, o: PresentOptions): TReferral {
  const k = ctx.keyring;
  const now = ctx.clock.now().toISOString();
  const live = o.groups !== null;
  let sharedView: TSharedView | null = null;
  if (live && sharingStatuses.has(row.status)) {
    const snapshot = JSON.parse(k.decrypt(ENC, 'shared_enc', row.id, row.shared_enc)) as SharedSnapshot;
    sharedView = sharedViewOf(
      o.groups!,
      snapshot,
      o.services.map((s) => s.service_type as ServiceType),
      o.identity,
    );
  }
  const actions = live
    ? (o.viewer === 'recipient' ? recipientActions : (['revoke'] as ReferralAction[])).filter((a) =>
        referralTransitions[a].from.includes(row.status),
      )
    : [];
  return {
    id: row.id,
    viewer: o.viewer,
    caseId: o.viewer === 'sender' ? row.case_id : null,
    consent: o.viewer === 'sender' ? { id: row.consent_id, active: live } : null,
    senderAgency: { id: row.sender_agency_id, name: o.names.get(row.sender_agency_id) ?? '' },
    recipientAgency: { id: row.recipient_agency_id, name: o.names.get(row.recipient_agency_id) ?? '' },
    status: row.status,
    urgency: row.urgency,
    reason: row.reason as TReferral['reason'],
    note: k.decryptNullable(ENC, 'note_enc', row.id, row.note_enc),
    services: o.services.map((s) => ({
      serviceRequestId: s.service_request_id,
      type: s.service_type as ServiceType,
      deliveredAt: s.delivered_at,
      deliveryNote: k.decryptNullable('referral_services', 'delivery_note_enc', s.id, s.delivery_note_enc),
    })),
    sentAt: row.sent_at,
    dueAt: row.due_at,
    overdue: row.status === 'sent' && row.due_at < now,
    respondedAt: row.responded_at,
    declineReason: k.decryptNullable(ENC, 'decline_reason_enc', row.id, row.decline_reason_enc),
    completedAt: row.completed_at,
    revokedAt: row.revoked_at,
    revokeReason: k.decryptNullable(ENC, 'revoke_reason_enc', row.id, row.revoke_reason_enc),
    sharedView,
    allowedActions: actions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Many referrals at once (one query for their services, one lookup per agency). */
async function presentMany(ctx: Context, rows: ReferralRow[], viewer: Viewer): Promise<TReferral[]> {
  const services = await selectReferralServices(
    ctx.database.db,
    rows.map((r) => r.id),
  );
  const names = await agencyNames(
    ctx,
    rows.flatMap((r) => [r.sender_agency_id, r.recipient_agency_id]),
  );
  return rows.map((r) =>
    present(ctx, r, {
      viewer,
      services: services.filter((s) => s.referral_id === r.id),
      names,
      groups: r.consent_withdrawn_at === null ? ctx.database.adapter.fromJson<FieldGroup[]>(r.field_groups) : null,
    }),
  );
}

/** One referral for its viewer; identity is revealed (and audited) only when asked for on referrals.get. */
export async function presentOne(
  ctx: Context,
  row: ReferralRow,
  viewer: Viewer,
  consent: SharingConsent | undefined,
  reveal: boolean,
): Promise<TReferral> {
  const services = await selectReferralServices(ctx.database.db, [row.id]);
  const names = await agencyNames(ctx, [row.sender_agency_id, row.recipient_agency_id]);
  const current = consent ?? (await consentForSharing(ctx, row.consent_id));
  const groups = consentLive(row, current) ? current.fieldGroups : null;
  let identity: TSharedView['identity'];
  if (reveal && viewer === 'recipient' && groups && sharingStatuses.has(row.status)) {
    const fields: IdentityField[] = [
      ...(groups.includes('identity_name') ? (['fullName', 'aliases'] as const) : []),
      ...(groups.includes('identity_contact') ? (['phones', 'address'] as const) : []),
    ];
    if (fields.length > 0) {
      // Law 21/2007 Art. 44: the victim consented to this recipient knowing who they are; every reveal is audited.
      identity = await transact(ctx, (tx) =>
        revealIdentityForDocument(tx, ctx, row.person_id, `referral ${row.id}`, fields),
      );
    }
  }
  return present(ctx, row, { viewer, services, names, groups, identity });
}

/** A referral as its viewer may see it; for the recipient with consented identity, an audited reveal. */
export async function getReferral(ctx: Context, id: string): Promise<TReferral> {
  const { viewer, row, consent } = await loadForViewer(ctx, id);
  return presentOne(ctx, row, viewer, consent, true);
}

const referralCursor = z.tuple([z.string()]);

/** The caller's agency's incoming referrals, newest first (shared views without identity). */
export async function referralInbox(ctx: Context, q: TInboxQuery) {
  const actor = requireActor(ctx);
  if (!worksReferrals(ctx)) throw forbidden();
  const rows = await selectInbox(ctx.database.db, {
    agencyId: actor.agencyId,
    now: ctx.clock.now().toISOString(),
    status: q.status,
    urgency: q.urgency,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    after: decodeCursor(q.cursor, referralCursor)?.[0],
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: await presentMany(ctx, page, 'recipient'),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** The referrals sent from a case, newest first. */
export async function outgoingReferrals(ctx: Context, caseId: string, q: TOutgoingQuery) {
  await loadCase(ctx, caseId, REFERRALS_MANAGE);
  const rows = await selectOutgoing(ctx.database.db, {
    caseId,
    status: q.status,
    after: decodeCursor(q.cursor, referralCursor)?.[0],
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: await presentMany(ctx, page, 'sender'),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
  };
}
