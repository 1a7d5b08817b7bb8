import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The daily workspace (issue 12) at national size: the team view counts each member's open tasks, and the
 * approvals queue finds closure requests waiting, without walking an agency's whole caseload.
 */
export const workspace = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('case_tasks_assignee_idx')
      .on('case_tasks')
      .columns(['assigned_user_id', 'status', 'due_at'])
      .execute();
    await db.schema
      .createIndex('cases_closure_pending_idx')
      .on('cases')
      .columns(['lead_agency_id', 'closure_requested_at'])
      .where(sql.ref('closure_requested_at'), 'is not', null)
      .execute();
  },
});
