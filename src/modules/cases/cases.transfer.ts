import { v7 as uuidv7 } from 'uuid';
import { requireAccess, requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { findActiveAgency } from '../agencies/index.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { personById } from '../persons/index.js';
import { supervisorsOf } from '../users/index.js';
import { changeCase, getCase, loadCase, recordTimeline } from './cases.service.js';
import {
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

/**
 * Lead-agency transfer (ownership): separate from a referral, and effective only when a supervisor of the
 * receiving agency accepts. Until then the receiving agency sees only a minimal summary, never the case.
 */
export async function requestLeadTransfer(ctx: Context, caseId: string, toAgencyId: string, reason: string) {
  const actor = requireActor(ctx);
  const row = await loadCase(ctx, caseId, 'cases.update');
  if (row.stage === 'closed') throw new AppError('conflict', 'case_closed');
  const to = await findActiveAgency(ctx, toAgencyId);
  if (!to || to.id === row.lead_agency_id) {
    throw new AppError('validation', 'validation', {}, [{ field: 'toAgencyId', code: 'invalid' }]);
  }
  if (await selectPendingTransferOfCase(ctx.database.db, caseId)) throw new AppError('conflict', 'transfer_pending');
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
      status: 'pending',
      requested_by: actor.userId,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      decline_reason_enc: null,
    });
    await appendAudit(tx, ctx, {
      action: 'cases.transferLead',
      entityType: 'case',
      entityId: caseId,
      details: { transferId: id, toAgencyId: to.id },
    });
    await recordTimeline(tx, ctx, caseId, 'lead.transfer.requested', { toAgencyId: to.id, toAgency: to.name });
    await raiseAlerts(tx, ctx, await supervisorsOf(tx, to.id), {
      kind: 'lead_transfer_requested',
      entityType: 'lead_transfer',
      entityId: id,
      params: { caseNumber: row.case_number },
    });
  });
  return { id, caseId, toAgencyId: to.id, status: 'pending' as const, requestedAt: now };
}

/** Pending transfers to the caller's agency, with only what a supervisor needs to decide. */
export async function incomingLeadTransfers(ctx: Context) {
  const actor = requireActor(ctx);
  await requireAccess(ctx, 'cases.approve');
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
  await requireAccess(ctx, 'cases.approve');
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
