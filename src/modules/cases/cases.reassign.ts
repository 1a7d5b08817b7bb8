import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { raiseAlerts } from '../alerts/index.js';
import { accessActorsOf, userSummary } from '../users/index.js';
import { mayBeAssigned, maySuperviseCase, requireSupervision } from './cases.policy.js';
import { caseResource, recordTimeline } from './cases.record.js';
import { deleteMember, selectCase, selectMembers, updateCaseIf, upsertMember } from './cases.store.js';

/** A supervisor moves cases from one team member to another (leave, workload): audited per case. */
export const bulkReassignSchema = z
  .strictObject({
    caseIds: z
      .array(z.uuid({ message: 'uuid' }))
      .min(1)
      .max(200)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'duplicate' }),
    fromUserId: z.uuid({ message: 'uuid' }),
    toUserId: z.uuid({ message: 'uuid' }),
  })
  .refine((b) => b.fromUserId !== b.toUserId, { path: ['toUserId'], message: 'same_as_from' });
export type TBulkReassign = z.infer<typeof bulkReassignSchema>;

export const bulkReassignResultSchema = z.object({
  reassigned: z.array(z.string()),
  skipped: z.array(z.object({ caseId: z.string(), reason: z.enum(['not_found', 'closed', 'not_member']) })),
});

export async function bulkReassign(ctx: Context, input: TBulkReassign) {
  const actor = requireActor(ctx);
  await requireSupervision(ctx);
  const db = ctx.database.db;
  // The new assignee works in the supervisor's agency and may work cases.
  const [to] = await accessActorsOf(ctx, db, [input.toUserId]);
  const toUser = await userSummary(db, input.toUserId);
  if (!to || !toUser || !mayBeAssigned(actor, to)) {
    throw new AppError('validation', 'validation', {}, [{ field: 'toUserId', code: 'member_not_in_agency' }]);
  }
  const skipped: { caseId: string; reason: 'not_found' | 'closed' | 'not_member' }[] = [];
  const eligible: { id: string; caseNumber: string }[] = [];
  for (const id of input.caseIds) {
    const row = await selectCase(db, id);
    const resource = row ? await caseResource(db, row) : undefined;
    // Out of scope looks exactly like missing.
    if (!row || !resource || !maySuperviseCase(actor, resource)) {
      skipped.push({ caseId: id, reason: 'not_found' });
      continue;
    }
    if (row.stage === 'closed') {
      skipped.push({ caseId: id, reason: 'closed' });
      continue;
    }
    eligible.push({ id, caseNumber: row.case_number });
  }
  const reassigned: string[] = [];
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    for (const c of eligible) {
      // Still open now (a closure approved meanwhile wins); also holds the case's row lock, so this team change
      // is serialised with the case's other changes.
      if (!(await updateCaseIf(tx, c.id, { stage: 'open' }, { updated_at: now }))) {
        skipped.push({ caseId: c.id, reason: 'closed' });
        continue;
      }
      const role = (await selectMembers(tx, c.id)).find((m) => m.user_id === input.fromUserId)?.role;
      // Conditional: only a membership that still exists moves; a concurrent change leaves the case alone.
      if (!role || (await deleteMember(tx, c.id, input.fromUserId)) === 0) {
        skipped.push({ caseId: c.id, reason: 'not_member' });
        continue;
      }
      await upsertMember(tx, { case_id: c.id, user_id: input.toUserId, role, added_at: now });
      await appendAudit(tx, ctx, {
        action: 'cases.reassign',
        entityType: 'case',
        entityId: c.id,
        details: { fromUserId: input.fromUserId, toUserId: input.toUserId, role },
      });
      await recordTimeline(tx, ctx, c.id, 'case.member.reassigned', { username: toUser.username, role });
      await raiseAlerts(
        tx,
        ctx,
        [input.toUserId].filter((u) => u !== actor.userId),
        {
          kind: 'case_assigned',
          entityType: 'case',
          entityId: c.id,
          params: { caseNumber: c.caseNumber, role },
        },
      );
      reassigned.push(c.id);
    }
  });
  return { reassigned, skipped };
}
