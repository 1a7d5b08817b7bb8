import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The home page at 1,000,000 cases (issue 12): each part is found from the few rows that need an action (open
 * services by due time, unanswered referrals by due time, cases with late services, a case's open tasks),
 * then checked against the caller's scope row by row, instead of walking the caller's whole caseload. Partial
 * indexes keep exactly those rows, so they stay small however many cases are closed or delivered.
 */
export const workspaceDrivingIndexes = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('service_requests_open_due_idx')
      .on('service_requests')
      .columns(['due_at', 'case_id'])
      .where(sql.ref('status'), 'in', ['requested', 'accepted', 'in_progress'])
      .execute();
    await db.schema
      .createIndex('referrals_sent_due_idx')
      .on('referrals')
      .columns(['due_at', 'case_id'])
      .where(sql<boolean>`status = 'sent' and consent_withdrawn_at is null`)
      .execute();
    await db.schema
      .createIndex('cases_late_open_idx')
      .on('cases')
      .columns(['lead_agency_id', 'id', 'late_services'])
      .where(sql<boolean>`late_services > 0 and stage <> 'closed'`)
      .execute();
    // Closed cases keep their closure request: the older pending-closure index holds every closed case too.
    await db.schema
      .createIndex('cases_closure_waiting_idx')
      .on('cases')
      .columns(['lead_agency_id', 'closure_requested_at'])
      .where(sql<boolean>`closure_requested_at is not null and stage <> 'closed'`)
      .execute();
    await db.schema
      .createIndex('case_tasks_open_case_idx')
      .on('case_tasks')
      .columns(['case_id', 'due_at'])
      .where(sql.ref('status'), '=', 'open')
      .execute();
  },
});
