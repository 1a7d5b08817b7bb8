import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The risk-level response job (cases.response.ts) asks for open, unalerted tasks of one kind past their due
 * time. At 1,000,000 cases 365,306 open tasks of other kinds are past due and never alerted (their kinds have no
 * overdue alert), and migration 0116's index walked them all to find none of its kind: 1.25 s on the API's event
 * loop at each start and every five minutes. The kind leads the index now, so the walk reads only that kind.
 */
export const overdueTasksByKind = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('case_tasks_overdue_idx').execute();
    await db.schema
      .createIndex('case_tasks_overdue_idx')
      .on('case_tasks')
      .columns(['kind', 'overdue_alerted_at', 'due_at', 'id'])
      .where(sql<boolean>`status = 'open' and due_at is not null`)
      .execute();
  },
});
