import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The indicator engine's fact store (issue 14, docs/indicators.md): one row per fact the modules publish
 * (a case registered, a statutory service requested, a referral sent, a shelter stay, a reintegration
 * follow-up, a case closed), with the case's dimensions copied in, so that every indicator of a dashboard is
 * one grouped query over an index and never a scan of identities. Facts are rebuilt in generations: readers
 * use the newest complete one while the next is written. Reports generated on demand or on a schedule keep a
 * job row (progress) and their files.
 */
export const indicators = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema
      .createTable('indicator_refreshes')
      .addColumn('generation', 'integer', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull()) // running | complete | failed
      .addColumn('started_at', ts, (c) => c.notNull())
      .addColumn('finished_at', ts)
      .addColumn('facts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('victim_records', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('victims_linked', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('indicator_facts')
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('on_date', 'text', (c) => c.notNull()) // YYYY-MM-DD, the date the fact counts in a period
      .addColumn('status', 'text')
      .addColumn('flag', 'integer')
      .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('amount', 'double precision')
      .addColumn('victim_key', 'text', (c) => c.notNull())
      .addColumn('lead_agency_id', 'text', (c) => c.notNull())
      .addColumn('agency_type', 'text', (c) => c.notNull())
      .addColumn('province', 'text')
      .addColumn('regency', 'text')
      .addColumn('region_code', 'text')
      .addColumn('sex', 'text')
      .addColumn('age_band', 'text')
      .addColumn('child', 'integer')
      .addPrimaryKeyConstraint('indicator_facts_pk', ['generation', 'kind', 'id'])
      .execute();
    // Every indicator filters a generation, a kind and a period; scopes add the agency or the region.
    await db.schema
      .createIndex('indicator_facts_period_idx')
      .on('indicator_facts')
      .columns(['generation', 'kind', 'on_date', 'case_id'])
      .execute();
    await db.schema
      .createIndex('indicator_facts_agency_idx')
      .on('indicator_facts')
      .columns(['generation', 'kind', 'lead_agency_id', 'on_date'])
      .execute();
    await db.schema
      .createIndex('indicator_facts_region_idx')
      .on('indicator_facts')
      .columns(['generation', 'kind', 'province', 'regency', 'on_date'])
      .execute();

    // Exploitation types are multi-valued: a victim counts once under each (as in the aggregate release).
    await db.schema
      .createTable('indicator_exploitation')
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('indicator_exploitation_pk', ['generation', 'case_id', 'type'])
      .execute();

    await db.schema
      .createTable('evaluation_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull()) // annual | five_year
      .addColumn('format', 'text', (c) => c.notNull()) // pdf | xlsx
      .addColumn('period_from', 'text', (c) => c.notNull())
      .addColumn('period_to', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('scheduled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('content', sql.raw(a.blobType))
      .addColumn('bytes', 'integer')
      .addColumn('error', 'text')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('finished_at', ts)
      .execute();
    await db.schema
      .createIndex('evaluation_reports_requester_idx')
      .on('evaluation_reports')
      .columns(['requested_by', 'id'])
      .execute();
  },
});
