/** The case's lifecycle: stage transitions, the trafficking decision, closure (request, approval) and reopening. */
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import { allowedTransitions, assertOpen, changeCase } from './cases.change.js';
import { casePermissions } from './cases.policy.js';
import { getCase } from './cases.read.js';
import { caseSupervisorIds, loadCase, recordTimeline } from './cases.record.js';
import type { CaseStage, TCaseDetail } from './cases.schema.js';
import { type CaseExpectation, type CaseRow, selectCase, updateCaseIf, updateCaseRow } from './cases.store.js';

const P = casePermissions;
const ENC = 'cases';

/** Moves the case along its lifecycle; each transition checks its rules. */
export async function transitionCase(ctx: Context, id: string, to: CaseStage, reason?: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (!allowedTransitions(row).includes(to)) {
    throw new AppError('conflict', 'transition_not_allowed', { from: row.stage, to });
  }
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    // Still in the stage read, no closure requested meanwhile, and (for identification) still decided so.
    const decided =
      to === 'identified' || to === 'not_victim' ? { traffickingStatuses: [row.trafficking_status!] } : {};
    await changeCase(
      tx,
      id,
      { stage: row.stage, closureRequestedAt: null, ...decided },
      {
        stage: to,
        stage_changed_at: now,
        updated_at: now,
        ...(to === 'identified' && !row.identified_at ? { identified_at: now } : {}),
      },
    );
    await appendAudit(tx, ctx, {
      action: 'cases.transition',
      entityType: 'case',
      entityId: id,
      purpose: reason,
      details: { from: row.stage, to },
    });
    await recordTimeline(tx, ctx, id, 'case.stage', { from: row.stage, to });
  });
  return getCase(ctx, id);
}

/** Requests closure; open service requests need a reason; a supervisor must approve. */
export async function closeCase(
  ctx: Context,
  id: string,
  input: { reason: string; note?: string; openServicesReason?: string },
): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (row.closure_requested_at) throw new AppError('conflict', 'closure_pending');
  // Every unmet condition is reported at once, so the user fixes the request in one go.
  const problems: FieldIssue[] = [];
  let code: string | undefined;
  const reasonHolds = ctx.hooks.all('cases.closureReasonGuard').find((g) => g.reason === input.reason)?.holds;
  if (reasonHolds && !(await reasonHolds(ctx.database.db, id))) {
    code = `closure_reason_${input.reason}`;
    problems.push({ field: 'reason', code: 'closure_reason_unmet' });
  }
  let open = 0;
  for (const guard of ctx.hooks.all('cases.closeGuard')) open += await guard(ctx.database.db, id);
  if (open > 0 && !input.openServicesReason) {
    code ??= 'open_services';
    problems.push({ field: 'openServicesReason', code: 'required' });
  }
  if (code) throw new AppError('conflict', code, { count: open }, problems);
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    await changeCase(
      tx,
      id,
      { stage: row.stage, closureRequestedAt: null },
      {
        closure_reason: input.reason,
        closure_note_enc: ctx.keyring.encryptNullable(ENC, 'closure_note_enc', id, input.note),
        closure_requested_by: ctx.actor!.userId,
        closure_requested_at: now,
        updated_at: now,
      },
    );
    await appendAudit(tx, ctx, {
      action: 'cases.close',
      entityType: 'case',
      entityId: id,
      purpose: input.openServicesReason,
      details: { reason: input.reason, openItems: open },
    });
    await recordTimeline(tx, ctx, id, 'case.closure.requested', { reason: input.reason, openItems: open });
    await raiseAlerts(
      tx,
      ctx,
      (await caseSupervisorIds(tx, row)).filter((u) => u !== ctx.actor!.userId),
      {
        kind: 'closure_approval_needed',
        entityType: 'case',
        entityId: id,
        params: { caseNumber: row.case_number },
      },
    );
  });
  return getCase(ctx, id);
}

/** A supervisor approves (the case closes) or rejects a closure request. */
export async function approveClosure(ctx: Context, id: string, approve: boolean, note?: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.approve);
  assertOpen(row);
  if (!row.closure_requested_at) throw new AppError('conflict', 'no_closure_requested');
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    // Only this very request, still undecided: of two supervisors answering at once, one decides.
    const expect: CaseExpectation = { stage: row.stage, closureRequestedAt: row.closure_requested_at };
    const decided = async () => new AppError('conflict', 'closure_already_decided');
    await changeCase(
      tx,
      id,
      expect,
      approve
        ? { stage: 'closed', stage_changed_at: now, closed_at: now, closure_from_stage: row.stage, updated_at: now }
        : {
            closure_requested_at: null,
            closure_requested_by: null,
            closure_reason: null,
            closure_note_enc: null,
            updated_at: now,
          },
      decided,
    );
    await resolveAlerts(tx, ctx, alertActionKey.closureApproval(id));
    await appendAudit(tx, ctx, {
      action: 'cases.approveClosure',
      entityType: 'case',
      entityId: id,
      purpose: note,
      details: { approve },
    });
    await recordTimeline(tx, ctx, id, approve ? 'case.closed' : 'case.closure.rejected', {
      reason: row.closure_reason,
    });
    if (row.closure_requested_by && row.closure_requested_by !== ctx.actor!.userId) {
      await raiseAlerts(tx, ctx, [row.closure_requested_by], {
        kind: approve ? 'closure_approved' : 'closure_rejected',
        entityType: 'case',
        entityId: id,
        params: { caseNumber: row.case_number },
      });
    }
  });
  return getCase(ctx, id);
}

/** Reopens a closed case (audited with the reason; supervisors alerted). */
export async function reopenCase(ctx: Context, id: string, reason: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  if (row.stage !== 'closed') throw new AppError('conflict', 'case_not_closed');
  const back = (row.closure_from_stage as CaseStage | null) ?? 'protection';
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    await changeCase(
      tx,
      id,
      { stage: 'closed', closedAt: row.closed_at },
      {
        stage: back,
        stage_changed_at: now,
        closed_at: null,
        closure_requested_at: null,
        closure_requested_by: null,
        closure_reason: null,
        closure_note_enc: null,
        reopened_count: row.reopened_count + 1,
        updated_at: now,
      },
      async () => new AppError('conflict', 'case_already_reopened'),
    );
    await appendAudit(tx, ctx, {
      action: 'cases.reopen',
      entityType: 'case',
      entityId: id,
      purpose: reason,
      details: { to: back },
    });
    await recordTimeline(tx, ctx, id, 'case.reopened', { to: back });
    await raiseAlerts(
      tx,
      ctx,
      (await caseSupervisorIds(tx, row)).filter((u) => u !== ctx.actor!.userId),
      {
        kind: 'case_reopened',
        entityType: 'case',
        entityId: id,
        params: { caseNumber: row.case_number },
      },
    );
  });
  return getCase(ctx, id);
}

/**
 * Records an approved identification decision (HTCDS vic_TraffickingStatus + deciding organisation type).
 * An approved victim decision identifies the case; "not a victim" moves it to not_victim.
 */
export async function recordTraffickingDecision(
  tx: Tx,
  ctx: Context,
  caseId: string,
  decision: { status: string; decidedByOrg: string },
) {
  const row = await selectCase(tx, caseId);
  if (!row) throw notFound();
  const now = ctx.clock.now().toISOString();
  const patch: Partial<CaseRow> = {
    trafficking_status: decision.status,
    status_decided_by_org: decision.decidedByOrg,
    status_decided_at: now,
    updated_at: now,
  };
  const early =
    row.stage === 'intake' || row.stage === 'screening' || row.stage === 'not_victim' || row.stage === 'identified';
  if (early) {
    const to: CaseStage = decision.status === 'NotAVictimOfTrafficking' ? 'not_victim' : 'identified';
    if (to !== row.stage) {
      patch.stage = to;
      patch.stage_changed_at = now;
      if (to === 'identified' && !row.identified_at) patch.identified_at = now;
      await recordTimeline(tx, ctx, caseId, 'case.stage', { from: row.stage, to });
    }
  }
  // The stage it moves from must still be the one read (a concurrent move loses the caller's transaction).
  await changeCase(tx, caseId, { stage: row.stage }, patch);
}

/** Moves a case in intake to screening when a screening starts. */
export async function markScreeningStarted(tx: Tx, ctx: Context, caseId: string) {
  const now = ctx.clock.now().toISOString();
  // Conditional: of two screenings started at once, one moves the case.
  if (
    await updateCaseIf(tx, caseId, { stage: 'intake' }, { stage: 'screening', stage_changed_at: now, updated_at: now })
  ) {
    await recordTimeline(tx, ctx, caseId, 'case.stage', { from: 'intake', to: 'screening' });
  }
}

/** The number of late statutory service requests shown on the case and in the "late" filter. */
export async function setLateServices(tx: Tx, caseId: string, count: number) {
  await updateCaseRow(tx, caseId, { late_services: count });
}

/** The case's next statutory deadline (the deadline sort of the case list), set by the services module. */
export async function setNextDeadline(tx: Tx, caseId: string, dueAt: string | null) {
  await updateCaseRow(tx, caseId, { next_due_at: dueAt });
}
