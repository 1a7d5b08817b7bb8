import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The due list of an agency party to few proceedings starts from them (legal.store selectDue): their pending
 * steps by proceeding, and the proceedings where it serves the victim by role — without reading every party row
 * of a prosecutor's office party to a third of the country's proceedings (issue 13: 100,000 proceedings).
 */
export const legalDueByParty = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('restitution_steps_proceeding_due_idx')
      .on('restitution_steps')
      .columns(['proceeding_id', 'due_at', 'id'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();
    await db.schema
      .createIndex('legal_parties_agency_role_idx')
      .on('legal_parties')
      .columns(['agency_id', 'role', 'proceeding_id'])
      .execute();
  },
});
