/** The overdue job: referrals unanswered past their working-day deadline alert sender and recipient. */

import { appendAudit } from '../../platform/audit.js';
import { type Services, transact } from '../../platform/context.js';
import { type Job, jobContext, sweepOverdue } from '../../platform/jobs.js';
import { findAgencyRow } from '../agencies/index.js';
import { raiseAlerts } from '../alerts/index.js';
import { recordTimeline } from '../cases/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import { senderSide } from './referrals.access.js';
import { INBOX_PERMISSIONS } from './referrals.policy.js';
import { claimOverdue, selectUnalertedOverdue } from './referrals.store.js';

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
  return sweepOverdue(job, {
    name: REFERRAL_OVERDUE_JOB,
    batchSize,
    select: (after, limit) => selectUnalertedOverdue(job.database.db, now, after, limit),
    dueOf: (r) => r.due_at,
    alert: async ([r]) => {
      const team = await senderSide(job, r);
      const receivers = await agencyUserIdsWithPermission(job, r.recipient_agency_id, INBOX_PERMISSIONS);
      const recipientName = (await findAgencyRow(job, r.recipient_agency_id))?.name ?? '';
      return transact(job, async (tx) => {
        if (!(await claimOverdue(tx, r.id, now))) return 0;
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
        return 1;
      });
    },
  });
}

/** Jobs of this module for the scheduler. */
export const referralJobs: Job[] = [
  { name: REFERRAL_OVERDUE_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkOverdueReferrals(ctx) },
];
