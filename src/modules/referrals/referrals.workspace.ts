import { type Expression, type SqlBool, sql } from 'kysely';
import { type Bounded, countWithFirst, type Executor, selectBounded, tables } from '../../platform/db/index.js';
import type { ReferralRow } from './referrals.store.js';

/** Referral facts for the daily workspace: referrals waiting on others, referrals to answer. */
const t = (db: Executor) => tables<{ referrals: ReferralRow }>(db);

export interface ReferralDue {
  referralId: string;
  caseId: string;
  senderAgencyId: string;
  recipientAgencyId: string;
  urgency: string;
  sentAt: string;
  dueAt: string;
}
const cols = ['id', 'case_id', 'sender_agency_id', 'recipient_agency_id', 'urgency', 'sent_at', 'due_at'] as const;
const item = (r: Pick<ReferralRow, (typeof cols)[number]>): ReferralDue => ({
  referralId: r.id,
  caseId: r.case_id,
  senderAgencyId: r.sender_agency_id,
  recipientAgencyId: r.recipient_agency_id,
  urgency: r.urgency,
  sentAt: r.sent_at,
  dueAt: r.due_at,
});

/** Home page counts stop at this many ("100+"). */
const CAP = 100;

/**
 * Referrals sent from the caller's cases that the recipient has not answered yet, answer due soonest first:
 * found from the unanswered referrals in due order (a partial index: status and consent as literals so SQLite
 * proves it applies), each checked against the caller's scope (`inScope`, cases' openCaseInScope).
 */
export async function referralsWaitingOnOthers(
  db: Executor,
  inScope: (caseIdColumn: string) => Expression<SqlBool>,
  limit: number,
): Promise<Bounded & { items: ReferralDue[] }> {
  const query = t(db)
    .selectFrom('referrals')
    .select(cols)
    .where(sql<SqlBool>`status = 'sent' and consent_withdrawn_at is null`)
    .where(inScope('referrals.case_id'))
    .orderBy('due_at');
  return selectBounded(query, CAP, limit, item);
}

/** Referrals this agency has to answer (live consent only), answer due soonest first. */
export async function referralsToAnswer(
  db: Executor,
  recipientAgencyId: string,
  limit: number,
): Promise<{ count: number; items: ReferralDue[] }> {
  const matching = () =>
    t(db)
      .selectFrom('referrals')
      .where('recipient_agency_id', '=', recipientAgencyId)
      .where('status', '=', 'sent')
      .where('consent_withdrawn_at', 'is', null);
  return countWithFirst(matching, (q) => q.select(cols).orderBy('due_at').limit(limit), item);
}
