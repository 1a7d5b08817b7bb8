import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The case core at 1,000,000 cases (issue 8):
 *   - name search reads the cases of the persons a name posting lists: (person_id, id) answers it from the index
 *     alone (3,038 persons named Sri Rahayu cost 3,038 table rows before);
 *   - the overdue jobs (services, risk-level responses) walk only what can still fall overdue: requests still
 *     open and tasks still open. Their old indexes also held every delivered request and done task never
 *     alerted, which the walk read to the end (5.8 s and 1.4 s on the API's event loop at each start and run,
 *     finding nothing). The predicates are literals that the jobs' queries repeat, so SQLite can prove they hold.
 */
export const caseCoreIndexes = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('cases_person_case_idx').on('cases').columns(['person_id', 'id']).execute();
    await db.schema.dropIndex('cases_person_idx').execute();
    await db.schema.dropIndex('service_requests_overdue_idx').execute();
    await db.schema
      .createIndex('service_requests_overdue_idx')
      .on('service_requests')
      .columns(['overdue_alerted_at', 'due_at', 'id'])
      .where(sql<boolean>`status in ('requested', 'accepted', 'in_progress')`)
      .execute();
    await db.schema.dropIndex('case_tasks_overdue_idx').execute();
    await db.schema
      .createIndex('case_tasks_overdue_idx')
      .on('case_tasks')
      .columns(['overdue_alerted_at', 'due_at', 'id'])
      .where(sql<boolean>`status = 'open' and due_at is not null`)
      .execute();
  },
});
