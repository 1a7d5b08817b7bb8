/** The overdue job: referrals unanswered past their working-day deadline alert sender and recipient. */

import { appendAudit } from '../../platform/audit.js';
import { type Services, transact } from '../../platform/context.js';
import { type Job, jobContext } from '../../platform/jobs.js';
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
