import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Services: service plans (goals and actions), service requests with statutory due times, shelter stays. */
export const services = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const date = sql.raw(a.dateType);

    // One support plan per case (HTCDS spl_); its goals and actions are rows, their text encrypted.
    await db.schema
      .createTable('service_plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id'))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('service_plan_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('service_plans.id'))
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull()) // goal | action
      .addColumn('goal_id', 'text') // an action's goal
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title_enc', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('due_on', date)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('service_plan_items_plan_idx')
      .on('service_plan_items')
      .columns(['plan_id', 'position'])
      .execute();

    await db.schema
      .createTable('service_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('applicant', 'text', (c) => c.notNull())
      .addColumn('applied_at', ts, (c) => c.notNull())
      .addColumn('due_at', ts) // null when no statutory time applies
      .addColumn('provider_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason_enc', 'text')
      .addColumn('note_enc', 'text')
      .addColumn('delivered_at', ts)
      .addColumn('closed_at', ts)
      .addColumn('overdue_alerted_at', ts)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('service_requests_case_idx')
      .on('service_requests')
      .columns(['case_id', 'id'])
      .execute();
    // The overdue job walks requests not yet alerted in due order.
    await db.schema
      .createIndex('service_requests_overdue_idx')
      .on('service_requests')
      .columns(['overdue_alerted_at', 'due_at', 'id'])
      .execute();
    await db.schema
      .createIndex('service_requests_provider_idx')
      .on('service_requests')
      .columns(['provider_agency_id', 'status'])
      .execute();

    await db.schema
      .createTable('shelter_stays')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('facility_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('admitted_at', ts, (c) => c.notNull())
      .addColumn('planned_exit_at', ts, (c) => c.notNull())
      .addColumn('extended_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('exit_at', ts)
      .addColumn('exit_reason', 'text')
      .addColumn('exit_note_enc', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('shelter_stays_case_idx').on('shelter_stays').columns(['case_id', 'id']).execute();
    // At most one open stay per case, even under concurrent admissions.
    await db.schema
      .createIndex('shelter_stays_one_open_idx')
      .on('shelter_stays')
      .column('case_id')
      .unique()
      .where(sql.ref('exit_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('shelter_stays_facility_idx')
      .on('shelter_stays')
      .columns(['facility_agency_id', 'exit_at'])
      .execute();
  },
});
