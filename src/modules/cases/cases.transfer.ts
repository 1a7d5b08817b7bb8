import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { findActiveAgency } from '../agencies/index.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { personById } from '../persons/index.js';
import { supervisorsOf } from '../users/index.js';
import { changeCase } from './cases.change.js';
import { approvesOwnTransfer, casePermissions, requireSupervision } from './cases.policy.js';
import { getCase } from './cases.read.js';
import { loadCase, recordTimeline } from './cases.record.js';
import {
  approveLeadTransferIfAwaiting,
  decideLeadTransferIfPending,
  deleteAllMembers,
  insertLeadTransfer,
  selectAttributes,
  selectCase,
  selectIncomingTransfers,
  selectLeadTransfer,
  selectPendingTransferOfCase,
  upsertMember,
} from './cases.store.js';

/** What the cases module needs to know of a consent (the consent module provides it: consent imports cases). */
export type TransferConsent = {
  caseId: string;
  purpose: string;
  status: string;
  recipientAgencyId: string | null;
  fieldGroups: readonly string[];
};

const identityGroups = new Set(['identity_name', 'identity_contact']);

/**
 * The consent a transfer travels under, checked: active, of this case, naming the receiving agency; to an
 * agency abroad only a `cross_border_transfer` consent will do (Law 27/2022 Art. 56; Law 21/2007 Art. 44).
 * Returns the identity groups the receiving agency gets (none without a consent).
 */
async function transferIdentity(
  ctx: Context,
  caseId: string,
  to: { id: string; countryCode: string },
  consentId: string | undefined,
): Promise<string[] | null> {
  const abroad = to.countryCode !== 'ID';
  const consentIssue = (code: string) => new AppError('validation', 'validation', {}, [{ field: 'consentId', code }]);
  if (!consentId) {
    if (abroad) throw consentIssue('cross_border_consent_required');
    return null;
  }
  const consent = await ctx.hooks.one('cases.transferConsent')(ctx, consentId);
  if (!consent || consent.caseId !== caseId || consent.status !== 'active') throw consentIssue('invalid');
  if (consent.recipientAgencyId !== to.id) throw consentIssue('consent_other_recipient');
  if (abroad && consent.purpose !== 'cross_border_transfer') throw consentIssue('cross_border_consent_required');
  const groups = consent.fieldGroups.filter((g) => identityGroups.has(g));
  return groups.length > 0 ? groups : null;
}

/**
 * Lead-agency transfer (ownership): separate from a referral; approved by a supervisor of the sending agency
 * (a supervisor's own request is their approval), then effective only when a supervisor of the receiving
 * agency accepts. The receiving agency sees only a minimal summary until then, and afterwards the victim's
 * identity only as far as the consent the transfer travels under covers it.
 */
export async function requestLeadTransfer(
  ctx: Context,
  caseId: string,
  toAgencyId: string,
  reason: string,
  consentId?: string,
) {
  const actor = requireActor(ctx);
  const row = await loadCase(ctx, caseId, casePermissions.update);
  if (row.stage === 'closed') throw new AppError('conflict', 'case_closed');
  const to = await findActiveAgency(ctx, toAgencyId);
  if (!to || to.id === row.lead_agency_id) {
    throw new AppError('validation', 'validation', {}, [{ field: 'toAgencyId', code: 'invalid' }]);
  }
  const groups = await transferIdentity(ctx, caseId, to, consentId);
  if (await selectPendingTransferOfCase(ctx.database.db, caseId)) throw new AppError('conflict', 'transfer_pending');
  // The requester approves it when they are a supervisor of the sending (lead) agency.
  const approved = approvesOwnTransfer(ctx, row.lead_agency_id);
  const status = approved ? ('pending' as const) : ('awaiting_approval' as const);
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    // Holds the case's row lock (still open, still led by the same agency), then looks again for a pending
    // transfer: of two requests at once, the second sees the first's and gets 409.
    await changeCase(tx, caseId, { stage: 'open', leadAgencyId: row.lead_agency_id }, { updated_at: now });
    if (await selectPendingTransferOfCase(tx, caseId)) throw new AppError('conflict', 'transfer_pending');
    await insertLeadTransfer(tx, {
      id,
      case_id: caseId,
      from_agency_id: row.lead_agency_id,
      to_agency_id: to.id,
      reason_enc: ctx.keyring.encrypt('case_lead_transfers', 'reason_enc', id, reason),
      status,
      requested_by: actor.userId,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      decline_reason_enc: null,
      consent_id: consentId ?? null,
      identity_groups: groups ? JSON.stringify(groups) : null,
      approved_by: approved ? actor.userId : null,
      approved_at: approved ? now : null,
    });
    await appendAudit(tx, ctx, {
      action: 'cases.transferLead',
      entityType: 'case',
      entityId: caseId,
      details: {
        transferId: id,
        toAgencyId: to.id,
        status,
        consentId: consentId ?? null,
        identityGroups: groups ?? [],
      },
    });
    await recordTimeline(tx, ctx, caseId, 'lead.transfer.requested', { toAgencyId: to.id, toAgency: to.name });
    if (approved) await askReceivingAgency(tx, ctx, id, to.id, row.case_number);
    else
      await raiseAlerts(tx, ctx, await supervisorsOf(tx, row.lead_agency_id), {
        kind: 'lead_transfer_approval_needed',
        entityType: 'case',
        entityId: caseId,
        params: { caseNumber: row.case_number, toAgency: to.name },
      });
  });
  return { id, caseId, toAgencyId: to.id, status, requestedAt: now };
}

async function askReceivingAgency(tx: Tx, ctx: Context, id: string, toAgencyId: string, caseNumber: string) {
  await raiseAlerts(tx, ctx, await supervisorsOf(tx, toAgencyId), {
    kind: 'lead_transfer_requested',
    entityType: 'lead_transfer',
    entityId: id,
    params: { caseNumber },
  });
}

/** A supervisor of the sending agency approves a transfer a case worker asked for; then the receiver is asked. */
export async function approveLeadTransfer(ctx: Context, transferId: string) {
  const actor = requireActor(ctx);
  await requireSupervision(ctx);
  const t = await selectLeadTransfer(ctx.database.db, transferId);
  if (!t) throw notFound();
  // Only a supervisor who may approve on the case (its lead agency, in scope) sees it at all.
  const row = await loadCase(ctx, t.case_id, casePermissions.approve);
  if (actor.agencyId !== t.from_agency_id || row.lead_agency_id !== t.from_agency_id) throw notFound();
  if (t.status !== 'awaiting_approval') throw new AppError('conflict', 'transfer_not_pending');
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    if (!(await approveLeadTransferIfAwaiting(tx, t.id, actor.userId, now)))
      throw new AppError('conflict', 'transfer_not_pending');
    await appendAudit(tx, ctx, {
      action: 'cases.transferLead.approve',
      entityType: 'case',
      entityId: t.case_id,
      details: { transferId: t.id, toAgencyId: t.to_agency_id },
    });
    await askReceivingAgency(tx, ctx, t.id, t.to_agency_id, row.case_number);
  });
  return {
    id: t.id,
    caseId: t.case_id,
    toAgencyId: t.to_agency_id,
    status: 'pending' as const,
    requestedAt: t.requested_at,
  };
}

/** Pending transfers to the caller's agency, with only what a supervisor needs to decide. */
export async function incomingLeadTransfers(ctx: Context) {
  const actor = requireActor(ctx);
  await requireSupervision(ctx);
  const rows = await selectIncomingTransfers(ctx.database.db, actor.agencyId, 200);
  const out = [];
  for (const r of rows) {
    const c = await selectCase(ctx.database.db, r.case_id);
    if (!c) continue;
    const person = await personById(ctx, c.person_id);
    const from = await findActiveAgency(ctx, r.from_agency_id);
    const exploitation = (await selectAttributes(ctx.database.db, c.id))
      .filter((a) => a.attribute === 'vic_TypeOfExploitation')
      .map((a) => a.value);
    out.push({
      id: r.id,
      caseNumber: c.case_number,
      fromAgency: { id: r.from_agency_id, name: from?.name ?? '' },
      stage: c.stage,
      isChild: c.is_child === 1,
      sex: person?.sex ?? null,
      exploitationTypes: exploitation,
      reason: ctx.keyring.decrypt('case_lead_transfers', 'reason_enc', r.id, r.reason_enc),
      requestedAt: r.requested_at,
    });
  }
  return out;
}

async function loadPendingForRecipient(ctx: Context, transferId: string) {
  const actor = requireActor(ctx);
  await requireSupervision(ctx);
  const t = await selectLeadTransfer(ctx.database.db, transferId);
  // Anyone but a supervisor of the receiving agency sees nothing.
  if (!t || t.to_agency_id !== actor.agencyId) throw notFound();
  if (t.status !== 'pending') throw new AppError('conflict', 'transfer_not_pending');
  return t;
}

/** The receiving agency's supervisor accepts: the case changes lead agency and team. */
export async function acceptLeadTransfer(ctx: Context, transferId: string) {
  const actor = requireActor(ctx);
  const t = await loadPendingForRecipient(ctx, transferId);
  const row = await selectCase(ctx.database.db, t.case_id);
  if (!row) throw notFound();
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    // Still pending (an accept and a decline at once: one answers), and the case still led by the sender.
    if (
      !(await decideLeadTransferIfPending(tx, t.id, { status: 'accepted', decided_by: actor.userId, decided_at: now }))
    )
      throw new AppError('conflict', 'transfer_not_pending');
    await resolveAlerts(tx, ctx, alertActionKey.leadTransfer(t.id));
    await changeCase(
      tx,
      row.id,
      { stage: 'open', leadAgencyId: t.from_agency_id },
      { lead_agency_id: t.to_agency_id, updated_at: now },
    );
    // The old team hands over; the new agency's supervisor leads until a case worker is assigned.
    await deleteAllMembers(tx, row.id);
    await upsertMember(tx, { case_id: row.id, user_id: actor.userId, role: 'supervisor', added_at: now });
    await appendAudit(tx, ctx, {
      action: 'cases.acceptLead',
      entityType: 'case',
      entityId: row.id,
      details: { transferId: t.id, fromAgencyId: t.from_agency_id, toAgencyId: t.to_agency_id },
    });
    await recordTimeline(tx, ctx, row.id, 'lead.transfer.accepted', {
      fromAgencyId: t.from_agency_id,
      toAgencyId: t.to_agency_id,
    });
    await raiseAlerts(tx, ctx, [t.requested_by], {
      kind: 'lead_transfer_accepted',
      entityType: 'case',
      entityId: row.id,
      params: { caseNumber: row.case_number },
    });
  });
  return getCase(ctx, row.id);
}

export async function declineLeadTransfer(ctx: Context, transferId: string, reason: string) {
  const actor = requireActor(ctx);
  const t = await loadPendingForRecipient(ctx, transferId);
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    const answered = await decideLeadTransferIfPending(tx, t.id, {
      status: 'declined',
      decided_by: actor.userId,
      decided_at: now,
      decline_reason_enc: ctx.keyring.encrypt('case_lead_transfers', 'decline_reason_enc', t.id, reason),
    });
    if (!answered) throw new AppError('conflict', 'transfer_not_pending');
    await resolveAlerts(tx, ctx, alertActionKey.leadTransfer(t.id));
    await appendAudit(tx, ctx, {
      action: 'cases.declineLead',
      entityType: 'case',
      entityId: t.case_id,
      details: { transferId: t.id },
    });
    await recordTimeline(tx, ctx, t.case_id, 'lead.transfer.declined', { toAgencyId: t.to_agency_id });
    await raiseAlerts(tx, ctx, [t.requested_by], {
      kind: 'lead_transfer_declined',
      entityType: 'case',
      entityId: t.case_id,
      params: {},
    });
  });
  return { id: t.id, status: 'declined' as const };
}
