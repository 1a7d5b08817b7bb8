/** The case's team: adding and removing workers. */
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { raiseAlerts } from '../alerts/index.js';
import { userSummary } from '../users/index.js';
import { assertOpen, changeCase } from './cases.change.js';
import { casePermissions } from './cases.policy.js';
import { getCase } from './cases.read.js';
import { loadCase, recordTimeline } from './cases.record.js';
import type { TCaseDetail } from './cases.schema.js';
import {
  type CaseExpectation,
  type CaseRow,
  deleteMember,
  insertMemberIfAbsent,
  selectMemberIds,
  selectMembers,
  updateMemberRoleIf,
} from './cases.store.js';

const P = casePermissions;

/** Precondition of any change to a case's team: still open and still led by the agency the caller read. */
const openUnderLead = (row: CaseRow): CaseExpectation => ({ stage: 'open', leadAgencyId: row.lead_agency_id });

const teamChanged = async () => new AppError('conflict', 'team_changed');

export async function addMember(ctx: Context, id: string, userId: string, role: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  const user = await userSummary(ctx.database.db, userId);
  // Team members come from the lead agency; other agencies join through referrals.
  if (user?.status !== 'active' || user.agencyId !== row.lead_agency_id) {
    throw new AppError('validation', 'validation', {}, [{ field: 'userId', code: 'member_not_in_agency' }]);
  }
  const current = (await selectMembers(ctx.database.db, id)).find((m) => m.user_id === userId);
  // Adding someone already on the team in that role changes nothing: say so rather than log a second add.
  if (current?.role === role) throw new AppError('conflict', 'member_already_on_team');
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    // The case row lock serialises team changes; each change also expects the member as read.
    await changeCase(tx, id, openUnderLead(row), { updated_at: now });
    const written = current
      ? await updateMemberRoleIf(tx, id, userId, current.role, role)
      : await insertMemberIfAbsent(tx, { case_id: id, user_id: userId, role, added_at: now });
    if (!written) throw await teamChanged();
    await appendAudit(tx, ctx, {
      action: 'cases.members.add',
      entityType: 'case',
      entityId: id,
      details: { userId, role },
    });
    await recordTimeline(tx, ctx, id, 'case.member.added', { username: user.username, role });
    await raiseAlerts(
      tx,
      ctx,
      [userId].filter((u) => u !== ctx.actor!.userId),
      { kind: 'case_assigned', entityType: 'case', entityId: id, params: { caseNumber: row.case_number, role } },
    );
  });
  return getCase(ctx, id);
}

export async function removeMember(ctx: Context, id: string, userId: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (!(await selectMemberIds(ctx.database.db, id)).includes(userId)) throw notFound();
  await transact(ctx, async (tx) => {
    await changeCase(tx, id, openUnderLead(row), { updated_at: ctx.clock.now().toISOString() });
    // Was on the team when read: gone now means someone removed them meanwhile.
    if ((await deleteMember(tx, id, userId)) === 0) throw await teamChanged();
    await appendAudit(tx, ctx, {
      action: 'cases.members.remove',
      entityType: 'case',
      entityId: id,
      details: { userId },
    });
    await recordTimeline(tx, ctx, id, 'case.member.removed', { userId });
  });
  return getCase(ctx, id);
}
