import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The referral inbox at national size (issue 4's bench: a shelter receiving tens of thousands of referrals).
 * The inbox lists only referrals whose consent still lives, newest first, filtered by status, urgency and due
 * time. Partial indexes on live referrals carry every filtered column after the keyset, so one page's ids come
 * from an index alone (PostgreSQL index-only scan; SQLite covering index, which needs the always-null
 * consent_withdrawn_at among the columns to know it) and only those rows are read. The
 * indexes of 0010 made PostgreSQL walk the primary key backwards for a common status whose newest rows are
 * elsewhere (13,000 rows read for 51 at 300,000 referrals); they are replaced.
 */
export const referralInbox = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const live = sql<boolean>`consent_withdrawn_at is null`;
    await db.schema
      .createIndex('referrals_inbox_live_idx')
      .on('referrals')
      .columns(['recipient_agency_id', 'id', 'status', 'urgency', 'due_at', 'consent_withdrawn_at'])
      .where(live)
      .execute();
    await db.schema
      .createIndex('referrals_inbox_live_status_idx')
      .on('referrals')
      .columns(['recipient_agency_id', 'status', 'id', 'urgency', 'due_at', 'consent_withdrawn_at'])
      .where(live)
      .execute();
    await db.schema.dropIndex('referrals_inbox_idx').execute();
    await db.schema.dropIndex('referrals_inbox_status_idx').execute();
  },
});
