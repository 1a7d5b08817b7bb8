import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Law enforcement in the victim's case (Law 21/2007 Art. 36, 38–40, 43–50; PERMA 1/2022; Law 12/2022):
 * criminal proceedings linked to cases, the agencies party to them, suspects/defendants (identity in the
 * persons vault), charges, hearings, verdicts, restitution claims with their deadline chain and payments,
 * protection measures and the log of what the victim was told.
 */
export const legal = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    const date = sql.raw(a.dateType);
    const json = sql.raw(a.jsonType);
    const big = sql.raw(a.bigintType);

    await db.schema
      .createTable('legal_proceedings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_number', 'text', (c) => c.notNull())
      .addColumn('police_unit', 'text', (c) => c.notNull())
      .addColumn('reported_on', date, (c) => c.notNull())
      .addColumn('law', 'text', (c) => c.notNull())
      .addColumn('exploitation_type', 'text')
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('stage_on', date, (c) => c.notNull())
      .addColumn('stopped_reason', 'text')
      .addColumn('stopped_note_enc', 'text')
      .addColumn('court_name', 'text')
      .addColumn('open', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    // Agencies party to a proceeding (police, prosecutor, court, LPSK, the victims' service agencies).
    await db.schema
      .createTable('legal_parties')
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('legal_parties_pk', ['proceeding_id', 'agency_id'])
      .execute();
    await db.schema
      .createIndex('legal_parties_agency_idx')
      .on('legal_parties')
      .columns(['agency_id', 'proceeding_id'])
      .execute();

    // Victims (their cases) in a proceeding; the last time each was told of progress (Art. 36).
    await db.schema
      .createTable('legal_victims')
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('accompanied_by_enc', 'text')
      .addColumn('open', 'integer', (c) => c.notNull())
      .addColumn('last_informed_at', ts, (c) => c.notNull())
      .addColumn('uninformed_alerted_at', ts)
      .addColumn('linked_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('legal_victims_pk', ['proceeding_id', 'case_id'])
      .execute();
    await db.schema
      .createIndex('legal_victims_case_idx')
      .on('legal_victims')
      .columns(['case_id', 'proceeding_id'])
      .execute();
    await db.schema
      .createIndex('legal_victims_uninformed_idx')
      .on('legal_victims')
      .columns(['last_informed_at'])
      .where(sql.ref('open'), '=', 1)
      .execute();

    await db.schema
      .createTable('legal_defendants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
      .addColumn('sex', 'text')
      .addColumn('roles_in_process', json, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('legal_defendants_proceeding_idx')
      .on('legal_defendants')
      .columns(['proceeding_id'])
      .execute();
    await db.schema.createIndex('legal_defendants_person_idx').on('legal_defendants').columns(['person_id']).execute();

    await db.schema
      .createTable('legal_charges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('defendant_id', 'text', (c) => c.references('legal_defendants.id'))
      .addColumn('law', 'text', (c) => c.notNull())
      .addColumn('article', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('legal_charges_proceeding_idx')
      .on('legal_charges')
      .columns(['proceeding_id'])
      .execute();

    await db.schema
      .createTable('legal_stage_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('on_date', date, (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('legal_stage_history_idx')
      .on('legal_stage_history')
      .columns(['proceeding_id', 'id'])
      .execute();

    await db.schema
      .createTable('legal_hearings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('held_on', date, (c) => c.notNull())
      .addColumn('court', 'text', (c) => c.notNull())
      .addColumn('testimony_mode', 'text')
      .addColumn('accompanied_by_enc', 'text')
      .addColumn('notes_enc', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('legal_hearings_proceeding_idx')
      .on('legal_hearings')
      .columns(['proceeding_id', 'held_on'])
      .execute();

    await db.schema
      .createTable('legal_verdicts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('defendant_id', 'text', (c) => c.notNull().references('legal_defendants.id'))
      .addColumn('instance', 'text', (c) => c.notNull())
      .addColumn('decided_on', date, (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('sentence_months', 'integer')
      .addColumn('fine_amount', big)
      .addColumn('restitution_ordered', 'integer', (c) => c.notNull())
      .addColumn('restitution_amount', big)
      .addColumn('final_on', date)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('legal_verdicts_proceeding_idx')
      .on('legal_verdicts')
      .columns(['proceeding_id', 'decided_on'])
      .execute();

    await db.schema
      .createTable('restitution_claims')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('defendant_id', 'text', (c) => c.references('legal_defendants.id'))
      .addColumn('chain', 'text', (c) => c.notNull())
      .addColumn('filed_on', date, (c) => c.notNull())
      .addColumn('components', json, (c) => c.notNull())
      .addColumn('claimed_amount', big, (c) => c.notNull())
      .addColumn('lpsk_assessed_amount', big)
      .addColumn('lpsk_assessed_on', date)
      .addColumn('ordered_amount', big)
      .addColumn('paid_amount', big, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('restitution_claims_proceeding_idx')
      .on('restitution_claims')
      .columns(['proceeding_id'])
      .execute();
    await db.schema.createIndex('restitution_claims_case_idx').on('restitution_claims').columns(['case_id']).execute();

    // The deadline chain as rows: each step pending (with its due time) until it is recorded, met or missed.
    await db.schema
      .createTable('restitution_steps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('claim_id', 'text', (c) => c.notNull().references('restitution_claims.id'))
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('due_at', ts)
      .addColumn('occurred_on', date)
      .addColumn('note_enc', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', ts)
      .addColumn('alerted_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('restitution_steps_claim_idx')
      .on('restitution_steps')
      .columns(['claim_id', 'seq'])
      .execute();
    // The due list and the alert job read only pending steps with a due time, in due order.
    await db.schema
      .createIndex('restitution_steps_due_idx')
      .on('restitution_steps')
      .columns(['due_at', 'id'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();

    await db.schema
      .createTable('restitution_payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('claim_id', 'text', (c) => c.notNull().references('restitution_claims.id'))
      .addColumn('paid_on', date, (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('evidence_attachment_id', 'text')
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('restitution_payments_claim_idx')
      .on('restitution_payments')
      .columns(['claim_id', 'paid_on'])
      .execute();

    await db.schema
      .createTable('protection_measures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('proceeding_id', 'text', (c) => c.references('legal_proceedings.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requested_at', ts, (c) => c.notNull())
      .addColumn('respond_by', ts)
      .addColumn('granted_on', date)
      .addColumn('ended_on', date)
      .addColumn('end_reason', 'text')
      .addColumn('threat_level', 'text', (c) => c.notNull())
      .addColumn('threat_assessment_enc', 'text')
      .addColumn('review_on', date)
      .addColumn('due_at', ts)
      .addColumn('alerted_at', ts)
      .addColumn('child_checklist', json)
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('protection_measures_case_idx')
      .on('protection_measures')
      .columns(['case_id', 'id'])
      .execute();
    await db.schema
      .createIndex('protection_measures_agency_idx')
      .on('protection_measures')
      .columns(['agency_id', 'status'])
      .execute();
    await db.schema
      .createIndex('protection_measures_due_idx')
      .on('protection_measures')
      .columns(['due_at', 'id'])
      .where(sql.ref('status'), 'in', ['requested', 'granted'])
      .execute();

    await db.schema
      .createTable('legal_victim_informed')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proceeding_id', 'text', (c) => c.notNull().references('legal_proceedings.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('informed_at', ts, (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('topics', json, (c) => c.notNull())
      .addColumn('summary_enc', 'text', (c) => c.notNull())
      .addColumn('informed_by', 'text', (c) => c.notNull())
      .addColumn('informed_by_agency_id', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('legal_victim_informed_idx')
      .on('legal_victim_informed')
      .columns(['proceeding_id', 'case_id', 'informed_at'])
      .execute();
  },
});
