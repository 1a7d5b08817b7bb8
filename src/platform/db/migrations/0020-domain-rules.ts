import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Columns for the domain rules of issue 9:
 * - persons.age_estimated_at: when an age estimate was made, so the age at a later moment follows from it;
 * - cases.child_basis: what the child flag rests on (date of birth, birth year, estimate, age when trafficked,
 *   or the presumption of childhood when no age is recorded, Law 35/2014);
 * - case_relatives.suspect / related_to_trafficker: such a relative cannot consent for a child;
 * - consents.guardian_person_id: the relative who consented for a child;
 * - service_requests.statutory_right: the Art. 51–53 right a shelter or counselling request answers (7-day rule);
 * - case_tasks.overdue_alerted_at and shelter_stays.overstay_alerted_at: each overdue item is alerted once.
 */
export const domainRules = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema.alterTable('persons').addColumn('age_estimated_at', ts).execute();
    await db.schema.alterTable('cases').addColumn('child_basis', 'text').execute();
    await db.schema
      .alterTable('case_relatives')
      .addColumn('suspect', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('case_relatives')
      .addColumn('related_to_trafficker', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('consents').addColumn('guardian_person_id', 'text').execute();
    await db.schema.alterTable('service_requests').addColumn('statutory_right', 'text').execute();
    await db.schema.alterTable('case_tasks').addColumn('overdue_alerted_at', ts).execute();
    await db.schema.alterTable('shelter_stays').addColumn('overstay_alerted_at', ts).execute();
    // The overdue jobs read only what is still to alert, in due order.
    await db.schema
      .createIndex('case_tasks_overdue_idx')
      .on('case_tasks')
      .columns(['due_at', 'id'])
      .where(sql<boolean>`status = 'open' and overdue_alerted_at is null and due_at is not null`)
      .execute();
    await db.schema
      .createIndex('shelter_stays_overstay_idx')
      .on('shelter_stays')
      .columns(['planned_exit_at', 'id'])
      .where(sql<boolean>`exit_at is null and overstay_alerted_at is null`)
      .execute();
  },
});
