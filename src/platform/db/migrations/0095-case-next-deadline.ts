import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The case list sorted by next statutory deadline (issue 12): the due time of each case's open statutory
 * service request due soonest, kept on the case by the services module (like late_services), so that a page
 * in deadline order is an index walk that stops at the page. Partial indexes hold only the cases that have
 * such a deadline (a few among 1,000,000); their predicate is a literal, which SQLite can prove a query's
 * `next_due_at is not null` implies. The backfill reads only the open requests (partial index of 0075).
 */
export const caseNextDeadline = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('cases').addColumn('next_due_at', a.timestampType).execute();
    await sql`
      update cases set next_due_at = (
        select min(s.due_at) from service_requests s
        where s.case_id = cases.id and s.status in ('requested', 'accepted', 'in_progress') and s.due_at is not null
      )
      where id in (
        select o.case_id from service_requests o
        where o.status in ('requested', 'accepted', 'in_progress') and o.due_at is not null
      )`.execute(db);
    await db.schema
      .createIndex('cases_next_due_idx')
      .on('cases')
      .columns(['next_due_at', 'id'])
      .where(sql<boolean>`next_due_at is not null`)
      .execute();
    await db.schema
      .createIndex('cases_agency_next_due_idx')
      .on('cases')
      .columns(['lead_agency_id', 'next_due_at', 'id'])
      .where(sql<boolean>`next_due_at is not null`)
      .execute();
  },
});
