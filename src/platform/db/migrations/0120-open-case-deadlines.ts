import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The home page at 1,000,000 cases (issue 12), each part found from the few rows that need an action:
 *   - late statutory services: from the open cases whose next deadline (cases.next_due_at, migration 0095) has
 *     passed, most overdue first. Closed cases keep their undelivered requests, late counts and deadlines (1,577 of
 *     the 2,086 overdue requests walked at 1,000,000 were of closed cases), so these partial indexes hold open cases
 *     only, and cover the walk (late count and stage in the index): SQLite prefers them to 0095's indexes, which
 *     hold closed cases too, and reads no table row.
 *   - screenings waiting for approval: in the order the queue shows them (oldest decision first), so that a
 *     supervisor's first page and capped count stop early instead of sorting every pending screening of the country
 *     (1,487 at 1,000,000 cases); the status leads, as in the older (approval_status, id) index, so that SQLite
 *     takes this one for its order.
 * Each predicate is a literal the queries repeat, so SQLite can prove the index applies.
 */
export const openCaseDeadlines = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('cases_open_next_due_idx')
      .on('cases')
      .columns(['next_due_at', 'id', 'late_services', 'stage'])
      .where(sql<boolean>`next_due_at is not null and stage <> 'closed'`)
      .execute();
    await db.schema
      .createIndex('cases_agency_open_next_due_idx')
      .on('cases')
      .columns(['lead_agency_id', 'next_due_at', 'id', 'late_services', 'stage'])
      .where(sql<boolean>`next_due_at is not null and stage <> 'closed'`)
      .execute();
    await db.schema
      .createIndex('screenings_awaiting_idx')
      .on('screenings')
      .columns(['approval_status', 'decided_at', 'case_id'])
      .where(sql<boolean>`approval_status = 'pending' and decided_at is not null`)
      .execute();
  },
});
