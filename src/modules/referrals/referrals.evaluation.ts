/**
 * Facts the referrals module publishes for the indicator engine (docs/indicators.md): each referral's dates
 * (sent, due — 3 working days in the recipient's time zone, 24 hours when urgent —, first answer), status and
 * the agencies involved. Never a reason, a note or a shared field. Keyset pages: flat memory.
 */
import type { Executor } from '../../platform/db/index.js';
import { pagesById, tables } from '../../platform/db/index.js';
import type { ReferralRow } from './referrals.store.js';

export interface ReferralFact {
  id: string;
  caseId: string;
  status: string;
  urgency: string;
  sentAt: string;
  dueAt: string;
  respondedAt: string | null;
  senderAgencyId: string;
  recipientAgencyId: string;
}

const t = (db: Executor) => tables<{ referrals: ReferralRow }>(db);

export async function* streamReferralFacts(db: Executor, pageSize = 5000): AsyncGenerator<ReferralFact[]> {
  const query = t(db)
    .selectFrom('referrals')
    .select([
      'id',
      'case_id',
      'status',
      'urgency',
      'sent_at',
      'due_at',
      'responded_at',
      'sender_agency_id',
      'recipient_agency_id',
    ]);
  for await (const rows of pagesById(query, pageSize))
    yield rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      status: r.status,
      urgency: r.urgency,
      sentAt: r.sent_at,
      dueAt: r.due_at,
      respondedAt: r.responded_at,
      senderAgencyId: r.sender_agency_id,
      recipientAgencyId: r.recipient_agency_id,
    }));
}
