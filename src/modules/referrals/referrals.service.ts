import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Services, type Tx, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, forbidden, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { type Job, jobContext } from '../../platform/jobs.js';
import { agencyFacts, findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { caseTeamIds, getCase, loadCase, recordTimeline } from '../cases/index.js';
import {
  type ConsentWithdrawalHook,
  consentForSharing,
  type FieldGroup,
  findCoveringReferralConsent,
  lockConsentForSharing,
  type SharingConsent,
} from '../consent/index.js';
import { type PersonHolder, revealIdentityForDocument } from '../persons/index.js';
import { findRegion, holidayCalendar } from '../reference/index.js';
import {
  applyReferralServiceStatus,
  openServiceStatuses,
  type ServiceType,
  serviceRequestFacts,
} from '../services/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import { INBOX_PERMISSIONS, isRecipientOf, referralPermissions, worksReferrals } from './referrals.policy.js';
import {
  type ReferralAction,
  type ReferralStatus,
  referralTransitions,
  sharingStatuses,
  type TInboxQuery,
  type TOutgoingQuery,
  type TReferral,
  type TReferralCreate,
  type TServicesDelivered,
  type TSharedView,
} from './referrals.schema.js';
import {
  claimOverdue,
  insertReferral,
  markConsentWithdrawn,
  markServiceDelivered,
  type ReferralRow,
  type ReferralServiceRow,
  selectActivelyReferred,
  selectInbox,
  selectLiveReferralsOfPerson,
  selectOutgoing,
  selectReferral,
  selectReferralServices,
  selectSharingUnderConsent,
  selectUnalertedOverdue,
  updateReferralIfStatus,
} from './referrals.store.js';
import { type SharedSnapshot, sharedViewOf, snapshotFor } from './shared-view.js';
import { responseDueAt } from './working-days.js';

/** Senders need referrals.manage on the case; recipients work referrals and belong to the recipient agency. */
const REFERRALS_MANAGE = referralPermissions.manage;
const ENC = 'referrals';
const CLOCK_SKEW_MS = 5 * 60_000;

type Viewer = 'sender' | 'recipient';
type IdentityField = Parameters<typeof revealIdentityForDocument>[4][number];

/* ---------- who may see a referral ---------- */

/** A user of the receiving agency who works referrals. */
function isRecipient(ctx: Context, row: ReferralRow): boolean {
  return isRecipientOf(ctx, row.recipient_agency_id);
}

const consentLive = (row: ReferralRow, consent: SharingConsent | undefined): consent is SharingConsent =>
  row.consent_withdrawn_at === null && consent?.status === 'active';

/**
 * The recipient's access: its agency, its permission, and a live consent. Once the consent is withdrawn the
 * referral no longer exists for the recipient (Law 27/2022 Art. 9, 40): the same 404 as for anyone else.
 */
async function loadAsRecipient(
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
async function loadAsSender(ctx: Context, id: string, read?: ReferralRow): Promise<ReferralRow> {
  const row = read ?? (await selectReferral(ctx.database.db, id));
  if (!row) throw notFound();
  await loadCase(ctx, row.case_id, REFERRALS_MANAGE);
  return row;
}

/** Whoever may see the referral: its recipient (while the consent lives) or its sender; anyone else 404. */
async function loadForViewer(ctx: Context, id: string) {
  const row = await selectReferral(ctx.database.db, id);
  if (!row) throw notFound();
  if (isRecipient(ctx, row)) return { viewer: 'recipient' as const, ...(await loadAsRecipient(ctx, id, row)) };
  return { viewer: 'sender' as const, row: await loadAsSender(ctx, id, row), consent: undefined };
}

function assertAction(row: ReferralRow, action: ReferralAction): void {
  if (!referralTransitions[action].from.includes(row.status)) {
    throw new AppError('conflict', 'referral_transition_not_allowed', { from: row.status, action });
  }
}

/* ---------- presenting ---------- */

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
async function presentOne(
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

/* ---------- sending ---------- */

const open = openServiceStatuses as readonly string[];

/** Users to alert on the sending side: the case team and whoever sent the referral. */
async function senderSide(ctx: Context, row: Pick<ReferralRow, 'case_id' | 'sender_user_id'>): Promise<string[]> {
  return [...new Set([...(await caseTeamIds(ctx.database.db, row.case_id)), row.sender_user_id])];
}

/**
 * Refers a case to an agency for some of its service requests. Needs an active referral consent of the victim
 * for that agency covering every requested service (Law 27/2022 Art. 20(2)(a)); the recipient sees only the
 * field groups it covers.
 */
export async function createReferral(ctx: Context, caseId: string, input: TReferralCreate): Promise<TReferral> {
  const actor = requireActor(ctx);
  const kase = await loadCase(ctx, caseId, REFERRALS_MANAGE);
  if (kase.stage === 'closed') throw new AppError('conflict', 'case_closed');
  const db = ctx.database.db;
  const issues: FieldIssue[] = [];
  const recipient = await findActiveAgency(ctx, input.recipientAgencyId);
  if (!recipient) issues.push({ field: 'recipientAgencyId', code: 'agency_not_active' });
  else if (recipient.id === kase.lead_agency_id)
    issues.push({ field: 'recipientAgencyId', code: 'recipient_is_lead_agency' });
  const ids = input.serviceRequestIds;
  const facts = new Map((await serviceRequestFacts(db, ids)).map((f) => [f.id, f]));
  const referred = new Set(await selectActivelyReferred(db, ids));
  ids.forEach((id, i) => {
    const field = `serviceRequestIds.${i}`;
    const f = facts.get(id);
    if (ids.indexOf(id) !== i) issues.push({ field, code: 'duplicate_id' });
    else if (!f || f.caseId !== caseId) issues.push({ field, code: 'service_request_unknown' });
    else if (!open.includes(f.status)) issues.push({ field, code: 'service_request_closed' });
    else if (recipient && f.providerAgencyId !== recipient.id) issues.push({ field, code: 'provider_mismatch' });
    else if (referred.has(id)) issues.push({ field, code: 'service_already_referred' });
  });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
  const agency = recipient!;
  const requests = ids.map((id) => facts.get(id)!);
  const types = [...new Set(requests.map((r) => r.type))];

  const coverage = await findCoveringReferralConsent(ctx, {
    caseId,
    recipientAgencyId: agency.id,
    serviceTypes: types,
    consentId: input.consentId,
  });
  const refuse = (code: string, missing: string[]) =>
    new AppError('conflict', 'referral_consent_required', { agency: agency.name, services: missing.join(', ') }, [
      { field: 'consentId', code, params: { services: missing.join(', ') } },
    ]);
  if (!coverage.covered) throw refuse(coverage.code, coverage.missing);
  const consent = coverage.consent;

  // The shared facts: only the covered groups, taken from the case file as the sender sees it.
  const detail = await getCase(ctx, caseId);
  const province = detail.person.regionCode ? await findRegion(detail.person.regionCode.slice(0, 2)) : undefined;
  const sentAt = ctx.clock.now();
  const snapshot = snapshotFor(
    consent.fieldGroups,
    {
      birthYear: detail.person.birthYear,
      ageEstimated: detail.person.ageEstimated,
      sex: detail.person.sex,
      languages: detail.person.languages,
      citizenship: detail.person.citizenship,
      origin: province ? { code: province.code, name: province.name } : null,
      riskLevel: detail.riskLevel,
      exploitationTypes: detail.profile.exploitationTypes,
      summary: detail.summary,
    },
    sentAt,
  );
  // Working days skip weekends, national holidays and cuti bersama (SKB 3 Menteri; reference/holidays.ts).
  const dueAt = responseDueAt(
    sentAt,
    input.urgency,
    ctx.config.referralResponseWorkingDays,
    agency.regionCode,
    holidayCalendar(ctx.config).forDeadlines(ctx.log),
  );
  const receivers = await agencyUserIdsWithPermission(ctx, agency.id, INBOX_PERMISSIONS);
  const senderAgency = await findAgencyRow(ctx, kase.lead_agency_id);

  const id = uuidv7();
  const now = sentAt.toISOString();
  const row: ReferralRow = {
    id,
    case_id: caseId,
    person_id: kase.person_id,
    consent_id: consent.id,
    field_groups: ctx.database.adapter.toJson(consent.fieldGroups),
    sender_agency_id: kase.lead_agency_id,
    sender_user_id: actor.userId,
    recipient_agency_id: agency.id,
    urgency: input.urgency,
    reason: input.reason,
    note_enc: ctx.keyring.encryptNullable(ENC, 'note_enc', id, input.note),
    shared_enc: ctx.keyring.encrypt(ENC, 'shared_enc', id, JSON.stringify(snapshot)),
    status: 'sent',
    sent_at: now,
    due_at: dueAt.toISOString(),
    responded_at: null,
    responded_by: null,
    decline_reason_enc: null,
    completed_at: null,
    revoked_at: null,
    revoked_by: null,
    revoke_reason_enc: null,
    overdue_alerted_at: null,
    consent_withdrawn_at: null,
    created_at: now,
    updated_at: now,
  };
  const services: ReferralServiceRow[] = requests.map((r, position) => ({
    id: uuidv7(),
    referral_id: id,
    service_request_id: r.id,
    service_type: r.type,
    position,
    delivered_at: null,
    delivered_by: null,
    delivery_note_enc: null,
  }));
  await transact(ctx, async (tx) => {
    // Holds the consent's row: a withdrawal at this moment waits, or has already won and refuses the referral.
    const locked = await lockConsentForSharing(tx, ctx, consent.id);
    if (locked?.status !== 'active') throw refuse('consent_not_active', types);
    await insertReferral(tx, row, services);
    await appendAudit(tx, ctx, {
      action: 'referrals.create',
      entityType: 'referral',
      entityId: id,
      details: {
        caseId,
        recipientAgencyId: agency.id,
        consentId: consent.id,
        fieldGroups: consent.fieldGroups,
        serviceRequestIds: ids,
        serviceTypes: types,
        urgency: input.urgency,
        reason: input.reason,
        dueAt: row.due_at,
      },
    });
    await recordTimeline(tx, ctx, caseId, 'referral.sent', {
      referralId: id,
      recipientAgencyId: agency.id,
      serviceTypes: types,
      urgency: input.urgency,
      dueAt: row.due_at,
    });
    await raiseAlerts(tx, ctx, receivers, {
      kind: 'referral_received',
      entityType: 'referral',
      entityId: id,
      params: { senderAgency: senderAgency?.name ?? '', urgency: input.urgency, dueAt: row.due_at },
    });
  });
  return presentOne(ctx, row, 'sender', consent, false);
}

/* ---------- reading ---------- */

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

/* ---------- the recipient's answers ---------- */

/** Moves the referral in one transaction with its audit event, timeline entry and alerts; 409 if it moved meanwhile. */
async function transition(
  ctx: Context,
  row: ReferralRow,
  action: ReferralAction,
  patch: Partial<ReferralRow>,
  extra: (tx: Tx) => Promise<void>,
  details: Record<string, unknown> = {},
): Promise<void> {
  const { from, to } = referralTransitions[action];
  await transact(ctx, async (tx) => {
    if (!(await updateReferralIfStatus(tx, row.id, from, { ...patch, status: to }))) {
      throw new AppError('conflict', 'referral_transition_not_allowed', { from: row.status, action });
    }
    // Once answered (or revoked, or completed) nobody is waiting for an answer any more.
    await resolveAlerts(tx, ctx, alertActionKey.referralAnswer(row.id));
    await extra(tx);
    await appendAudit(tx, ctx, {
      action: `referrals.${action}`,
      entityType: 'referral',
      entityId: row.id,
      details: { caseId: row.case_id, from: row.status, to, ...details },
    });
  });
}

/** The recipient accepts: the referred service requests become accepted by the provider. */
export async function acceptReferral(ctx: Context, id: string): Promise<TReferral> {
  const { row, consent } = await loadAsRecipient(ctx, id);
  assertAction(row, 'accept');
  const now = ctx.clock.now().toISOString();
  const services = await selectReferralServices(ctx.database.db, [id]);
  const notify = await senderSide(ctx, row);
  const recipientName = (await findAgencyRow(ctx, row.recipient_agency_id))?.name ?? '';
  const patch = { responded_at: now, responded_by: ctx.actor!.userId, updated_at: now };
  await transition(ctx, row, 'accept', patch, async (tx) => {
    for (const s of services) {
      // A request the case team already moved on stays as it is.
      await applyReferralServiceStatus(tx, ctx, s.service_request_id, { status: 'accepted', referralId: id });
    }
    await recordTimeline(tx, ctx, row.case_id, 'referral.accepted', { referralId: id });
    await raiseAlerts(tx, ctx, notify, {
      kind: 'referral_accepted',
      entityType: 'case',
      entityId: row.case_id,
      params: { referralId: id, recipientAgency: recipientName },
    });
  });
  return presentOne(ctx, { ...row, ...patch, status: 'accepted' }, 'recipient', consent, false);
}

/** The recipient declines with a reason (encrypted); the sending team is alerted. */
export async function declineReferral(ctx: Context, id: string, reason: string): Promise<TReferral> {
  const { row, consent } = await loadAsRecipient(ctx, id);
  assertAction(row, 'decline');
  const now = ctx.clock.now().toISOString();
  const notify = await senderSide(ctx, row);
  const recipientName = (await findAgencyRow(ctx, row.recipient_agency_id))?.name ?? '';
  const patch = {
    responded_at: now,
    responded_by: ctx.actor!.userId,
    decline_reason_enc: ctx.keyring.encrypt(ENC, 'decline_reason_enc', id, reason),
    updated_at: now,
  };
  await transition(ctx, row, 'decline', patch, async (tx) => {
    await recordTimeline(tx, ctx, row.case_id, 'referral.declined', { referralId: id });
    await raiseAlerts(tx, ctx, notify, {
      kind: 'referral_declined',
      entityType: 'case',
      entityId: row.case_id,
      params: { referralId: id, recipientAgency: recipientName },
    });
  });
  return presentOne(ctx, { ...row, ...patch, status: 'declined' }, 'recipient', consent, false);
}

/** The recipient marks its work done; the sending team is alerted. */
export async function completeReferral(ctx: Context, id: string): Promise<TReferral> {
  const { row, consent } = await loadAsRecipient(ctx, id);
  assertAction(row, 'complete');
  const now = ctx.clock.now().toISOString();
  const notify = await senderSide(ctx, row);
  const recipientName = (await findAgencyRow(ctx, row.recipient_agency_id))?.name ?? '';
  const patch = { completed_at: now, updated_at: now };
  await transition(ctx, row, 'complete', patch, async (tx) => {
    await recordTimeline(tx, ctx, row.case_id, 'referral.completed', { referralId: id });
    await raiseAlerts(tx, ctx, notify, {
      kind: 'referral_completed',
      entityType: 'case',
      entityId: row.case_id,
      params: { referralId: id, recipientAgency: recipientName },
    });
  });
  return presentOne(ctx, { ...row, ...patch, status: 'completed' }, 'recipient', consent, false);
}

/**
 * The recipient records services it delivered: each updates the case's service request through the services
 * module (delivered, deliveredAt), so the 7-day rule of Law 21/2007 Art. 52(1)/53 and the late count follow.
 */
export async function recordServicesDelivered(ctx: Context, id: string, input: TServicesDelivered): Promise<TReferral> {
  const { row, consent } = await loadAsRecipient(ctx, id);
  assertAction(row, 'servicesDelivered');
  const db = ctx.database.db;
  const services = await selectReferralServices(db, [id]);
  const byRequest = new Map(services.map((s) => [s.service_request_id, s]));
  const facts = new Map(
    (
      await serviceRequestFacts(
        db,
        input.items.map((i) => i.serviceRequestId),
      )
    ).map((f) => [f.id, f]),
  );
  const nowMs = ctx.clock.now().getTime();
  const issues: FieldIssue[] = [];
  input.items.forEach((item, i) => {
    const s = byRequest.get(item.serviceRequestId);
    const applied = facts.get(item.serviceRequestId)?.appliedAt;
    const at = Date.parse(item.deliveredAt);
    if (input.items.findIndex((o) => o.serviceRequestId === item.serviceRequestId) !== i)
      issues.push({ field: `items.${i}.serviceRequestId`, code: 'duplicate_id' });
    else if (!s) issues.push({ field: `items.${i}.serviceRequestId`, code: 'service_not_in_referral' });
    else if (s.delivered_at) issues.push({ field: `items.${i}.serviceRequestId`, code: 'already_delivered' });
    if (at > nowMs + CLOCK_SKEW_MS) issues.push({ field: `items.${i}.deliveredAt`, code: 'in_future' });
    else if (applied && at < Date.parse(applied))
      issues.push({ field: `items.${i}.deliveredAt`, code: 'before_application' });
  });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  const now = ctx.clock.now().toISOString();
  const patch = { updated_at: now };
  await transition(
    ctx,
    row,
    'servicesDelivered',
    patch,
    async (tx) => {
      for (const item of input.items) {
        const s = byRequest.get(item.serviceRequestId)!;
        const deliveredAt = new Date(item.deliveredAt).toISOString();
        const marked = await markServiceDelivered(tx, s.id, {
          delivered_at: deliveredAt,
          delivered_by: ctx.actor!.userId,
          delivery_note_enc: ctx.keyring.encryptNullable('referral_services', 'delivery_note_enc', s.id, item.note),
        });
        if (!marked)
          throw new AppError('conflict', 'referral_transition_not_allowed', {
            from: row.status,
            action: 'servicesDelivered',
          });
        const moved = await applyReferralServiceStatus(tx, ctx, s.service_request_id, {
          status: 'delivered',
          deliveredAt,
          referralId: id,
        });
        // The case team may have cancelled or closed the request meanwhile.
        if (!moved) {
          throw new AppError('conflict', 'service_transition_not_allowed', {
            from: facts.get(s.service_request_id)?.status ?? '',
            to: 'delivered',
          });
        }
      }
      await recordTimeline(tx, ctx, row.case_id, 'referral.services_delivered', {
        referralId: id,
        serviceRequestIds: input.items.map((i) => i.serviceRequestId),
      });
    },
    { serviceRequestIds: input.items.map((i) => i.serviceRequestId) },
  );
  const updated = await selectReferral(db, id);
  return presentOne(ctx, updated!, 'recipient', consent, false);
}

/* ---------- the sender's revocation ---------- */

/** The sender withdraws a referral that is not completed; the recipient agency is alerted and loses the view. */
export async function revokeReferral(ctx: Context, id: string, reason: string): Promise<TReferral> {
  const row = await loadAsSender(ctx, id);
  assertAction(row, 'revoke');
  const now = ctx.clock.now().toISOString();
  const receivers = await agencyUserIdsWithPermission(ctx, row.recipient_agency_id, INBOX_PERMISSIONS);
  const senderName = (await findAgencyRow(ctx, row.sender_agency_id))?.name ?? '';
  const patch = {
    revoked_at: now,
    revoked_by: ctx.actor!.userId,
    revoke_reason_enc: ctx.keyring.encrypt(ENC, 'revoke_reason_enc', id, reason),
    updated_at: now,
  };
  await transition(ctx, row, 'revoke', patch, async (tx) => {
    await recordTimeline(tx, ctx, row.case_id, 'referral.revoked', { referralId: id });
    await raiseAlerts(tx, ctx, receivers, {
      kind: 'referral_revoked',
      entityType: 'referral',
      entityId: id,
      params: { referralId: id, senderAgency: senderName },
    });
  });
  return presentOne(ctx, { ...row, ...patch, status: 'revoked' }, 'sender', undefined, false);
}

/* ---------- consent withdrawal ---------- */

/**
 * Registered with the consent module: when a consent is withdrawn, every referral shared under it disappears
 * for its recipient in the withdrawal's own transaction (Law 27/2022 Art. 9, 40), and the recipient agency's
 * users who could see it are alerted.
 */
export const stopSharingOnConsentWithdrawal: ConsentWithdrawalHook = async (ctx, consent) => {
  const referrals = await selectSharingUnderConsent(ctx.database.db, consent.id);
  const visible = referrals.filter((r) => sharingStatuses.has(r.status as ReferralStatus));
  const agencies = [...new Set(visible.map((r) => r.recipient_agency_id))];
  const receivers = new Map(
    await Promise.all(
      agencies.map(async (a) => [a, await agencyUserIdsWithPermission(ctx, a, INBOX_PERMISSIONS)] as const),
    ),
  );
  return async (tx) => {
    const at = ctx.clock.now().toISOString();
    if ((await markConsentWithdrawn(tx, consent.id, at)) === 0) return;
    for (const r of visible) {
      await raiseAlerts(tx, ctx, receivers.get(r.recipient_agency_id) ?? [], {
        kind: 'referral_consent_withdrawn',
        entityType: 'referral',
        entityId: r.id,
        params: { referralId: r.id },
      });
      await recordTimeline(tx, ctx, r.case_id, 'referral.consent_withdrawn', { referralId: r.id });
    }
    await appendAudit(tx, ctx, {
      action: 'referrals.consentWithdrawn',
      entityType: 'consent',
      entityId: consent.id,
      details: { caseId: consent.caseId, referralIds: referrals.map((r) => r.id) },
    });
  };
};

/* ---------- the overdue job ---------- */

export const REFERRAL_OVERDUE_JOB = 'referral-overdue';
const OVERDUE_BATCH = 100;

/**
 * Finds referrals not answered by their due time (3 working days, urgent 24 hours) that nobody was alerted
 * about, and alerts the sending case team and the recipient agency's inbox users once. Safe to run
 * concurrently: each referral is claimed with a conditional update. Returns how many it alerted.
 */
export async function checkOverdueReferrals(services: Services, batchSize = OVERDUE_BATCH): Promise<number> {
  const job = jobContext(services, REFERRAL_OVERDUE_JOB, []);
  const now = job.clock.now().toISOString();
  let after: { dueAt: string; id: string } | undefined;
  let alerted = 0;
  let failed = 0;
  for (;;) {
    const batch = await selectUnalertedOverdue(job.database.db, now, after, batchSize);
    if (batch.length === 0) break;
    for (const r of batch) {
      try {
        const team = await senderSide(job, r);
        const receivers = await agencyUserIdsWithPermission(job, r.recipient_agency_id, INBOX_PERMISSIONS);
        const recipientName = (await findAgencyRow(job, r.recipient_agency_id))?.name ?? '';
        const claimed = await transact(job, async (tx) => {
          if (!(await claimOverdue(tx, r.id, now))) return false;
          const params = { referralId: r.id, urgency: r.urgency, dueAt: r.due_at };
          await raiseAlerts(tx, job, team, {
            kind: 'referral_overdue',
            entityType: 'case',
            entityId: r.case_id,
            params: { ...params, recipientAgency: recipientName },
          });
          await raiseAlerts(tx, job, receivers, {
            kind: 'referral_overdue',
            entityType: 'referral',
            entityId: r.id,
            params,
          });
          await appendAudit(tx, job, {
            action: 'referrals.overdue',
            entityType: 'referral',
            entityId: r.id,
            details: { caseId: r.case_id, dueAt: r.due_at, alerted: team.length + receivers.length },
          });
          await recordTimeline(tx, job, r.case_id, 'referral.overdue', { referralId: r.id, dueAt: r.due_at });
          return true;
        });
        if (claimed) alerted += 1;
      } catch (error) {
        failed += 1;
        job.log.error(
          { job: REFERRAL_OVERDUE_JOB, err: { message: error instanceof Error ? error.message : String(error) } },
          'referral overdue alert failed',
        );
      }
    }
    const last = batch.at(-1)!;
    after = { dueAt: last.due_at, id: last.id };
    if (batch.length < batchSize) break;
  }
  if (failed > 0)
    job.log.warn({ job: REFERRAL_OVERDUE_JOB, failed }, 'some referrals could not be alerted; retried next run');
  return alerted;
}

/** Jobs of this module for the scheduler. */
export const referralJobs: Job[] = [
  { name: REFERRAL_OVERDUE_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkOverdueReferrals(ctx) },
];

/** Encrypted columns of the referral tables, for key rotation. */
export const referralEncryptedColumns = [
  {
    table: 'referrals',
    idColumn: 'id',
    columns: ['note_enc', 'shared_enc', 'decline_reason_enc', 'revoke_reason_enc'],
  },
  { table: 'referral_services', idColumn: 'id', columns: ['delivery_note_enc'] },
];

/**
 * Who holds a person through a referral (for the persons vault decision): the recipient agency of each live
 * referral whose consent covers identity, limited to the consented groups (Law 21/2007 Art. 44).
 */
export async function referralHoldersOfPerson(db: Executor, personId: string): Promise<PersonHolder[]> {
  const rows = await selectLiveReferralsOfPerson(db, personId);
  const out: PersonHolder[] = [];
  for (const r of rows) {
    if (!sharingStatuses.has(r.status)) continue;
    const groups = (typeof r.field_groups === 'string' ? JSON.parse(r.field_groups) : r.field_groups) as FieldGroup[];
    const fields: IdentityField[] = [
      ...(groups.includes('identity_name') ? (['fullName', 'aliases'] as const) : []),
      ...(groups.includes('identity_contact') ? (['phones', 'address'] as const) : []),
    ];
    if (fields.length === 0) continue;
    out.push({
      via: { type: 'referral', id: r.id },
      agencyId: r.recipient_agency_id,
      regionCode: null,
      teamUserIds: [],
      fields,
      permissions: INBOX_PERMISSIONS,
    });
  }
  return out;
}
