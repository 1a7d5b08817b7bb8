/** What changes a referral: sending, the recipient's answers, services delivered, revocation, consent withdrawal. */

import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';
import { findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { getCase, loadCase, recordTimeline } from '../cases/index.js';
import { type ConsentWithdrawalHook, findCoveringReferralConsent, lockConsentForSharing } from '../consent/index.js';
import { findRegion, holidayCalendar } from '../reference/index.js';
import { applyReferralServiceStatus, openServiceStatuses, serviceRequestFacts } from '../services/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import { assertAction, loadAsRecipient, loadAsSender, REFERRALS_MANAGE, senderSide } from './referrals.access.js';
import { INBOX_PERMISSIONS } from './referrals.policy.js';
import { presentOne } from './referrals.presentation.js';
import {
  type ReferralAction,
  type ReferralStatus,
  referralTransitions,
  sharingStatuses,
  type TReferral,
  type TReferralCreate,
  type TServicesDelivered,
} from './referrals.schema.js';
import {
  insertReferral,
  markConsentWithdrawn,
  markServiceDelivered,
  type ReferralRow,
  type ReferralServiceRow,
  selectActivelyReferred,
  selectReferral,
  selectReferralServices,
  selectSharingUnderConsent,
  updateReferralIfStatus,
} from './referrals.store.js';
import { snapshotFor } from './shared-view.js';
import { responseDueAt } from './working-days.js';

const ENC = 'referrals';

import { appendAudit } from '../../platform/audit.js';
import { CLOCK_SKEW_MS } from '../../platform/time.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';

const open = openServiceStatuses as readonly string[];

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

/**
 * How the recipient's answer reaches the sending side: who to tell and the recipient agency's name are read before
 * the transaction; inside it, the case's timeline entry and the sending team's alert.
 */
async function answerToSender(ctx: Context, row: ReferralRow) {
  const notify = await senderSide(ctx, row);
  const recipientAgency = (await findAgencyRow(ctx, row.recipient_agency_id))?.name ?? '';
  return async (tx: Tx, answer: 'accepted' | 'declined' | 'completed') => {
    await recordTimeline(tx, ctx, row.case_id, `referral.${answer}`, { referralId: row.id });
    await raiseAlerts(tx, ctx, notify, {
      kind: `referral_${answer}`,
      entityType: 'case',
      entityId: row.case_id,
      params: { referralId: row.id, recipientAgency },
    });
  };
}

/** The recipient accepts: the referred service requests become accepted by the provider. */
export async function acceptReferral(ctx: Context, id: string): Promise<TReferral> {
  const { row, consent } = await loadAsRecipient(ctx, id);
  assertAction(row, 'accept');
  const now = ctx.clock.now().toISOString();
  const services = await selectReferralServices(ctx.database.db, [id]);
  const tellSender = await answerToSender(ctx, row);
  const patch = { responded_at: now, responded_by: ctx.actor!.userId, updated_at: now };
  await transition(ctx, row, 'accept', patch, async (tx) => {
    for (const s of services) {
      // A request the case team already moved on stays as it is.
      await applyReferralServiceStatus(tx, ctx, s.service_request_id, { status: 'accepted', referralId: id });
    }
    await tellSender(tx, 'accepted');
  });
  return presentOne(ctx, { ...row, ...patch, status: 'accepted' }, 'recipient', consent, false);
}

/** The recipient declines with a reason (encrypted); the sending team is alerted. */
export async function declineReferral(ctx: Context, id: string, reason: string): Promise<TReferral> {
  const { row, consent } = await loadAsRecipient(ctx, id);
  assertAction(row, 'decline');
  const now = ctx.clock.now().toISOString();
  const tellSender = await answerToSender(ctx, row);
  const patch = {
    responded_at: now,
    responded_by: ctx.actor!.userId,
    decline_reason_enc: ctx.keyring.encrypt(ENC, 'decline_reason_enc', id, reason),
    updated_at: now,
  };
  await transition(ctx, row, 'decline', patch, (tx) => tellSender(tx, 'declined'));
  return presentOne(ctx, { ...row, ...patch, status: 'declined' }, 'recipient', consent, false);
}

/** The recipient marks its work done; the sending team is alerted. */
export async function completeReferral(ctx: Context, id: string): Promise<TReferral> {
  const { row, consent } = await loadAsRecipient(ctx, id);
  assertAction(row, 'complete');
  const now = ctx.clock.now().toISOString();
  const tellSender = await answerToSender(ctx, row);
  const patch = { completed_at: now, updated_at: now };
  await transition(ctx, row, 'complete', patch, (tx) => tellSender(tx, 'completed'));
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
