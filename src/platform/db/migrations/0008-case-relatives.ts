import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/** Family members and contacts of a victim: persons with the same protection (Law 21/2007 Art. 44). */
export const caseRelatives = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('case_relatives')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('relationship', 'text', (c) => c.notNull())
      .addColumn('is_contact', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('threatened', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('added_at', sql.raw(a.timestampType), (c) => c.notNull())
      .addPrimaryKeyConstraint('case_relatives_pk', ['case_id', 'person_id'])
      .execute();
    await db.schema.createIndex('case_relatives_person_idx').on('case_relatives').columns(['person_id']).execute();
  },
});
