import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The service directory: the services each agency offers, with regions served, eligibility and languages as
 * normalised rows (searched through indexes, never by scanning JSON).
 */
export const directory = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);

    // One row per (agency, service type). The agency's own placement is copied here so the search can rank
    // "same regency, then same province, then others" without reading the agencies table.
    await db.schema
      .createTable('directory_services')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('service_type', 'text', (c) => c.notNull())
      .addColumn('agency_region_code', 'text')
      .addColumn('agency_province_code', 'text')
      .addColumn('regions_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('age_min', 'integer')
      .addColumn('age_max', 'integer')
      .addColumn('sexes_any', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('nationalities_any', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('capacity_total', 'integer')
      .addColumn('capacity_free', 'integer')
      .addColumn('capacity_updated_at', ts)
      .addColumn('hours', 'text')
      .addColumn('contact_phone', 'text')
      .addColumn('contact_email', 'text')
      .addColumn('urgent_24_7', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('directory_services_agency_type_idx')
      .on('directory_services')
      .columns(['agency_id', 'service_type'])
      .unique()
      .execute();
    // A search without a region reads each proximity band (same regency, same province, the rest) in id order.
    for (const [name, columns] of [
      ['type', ['service_type', 'id']],
      ['type_regency', ['service_type', 'agency_region_code', 'id']],
      ['type_province', ['service_type', 'agency_province_code', 'id']],
      ['regency', ['agency_region_code', 'id']],
      ['province', ['agency_province_code', 'id']],
    ] as const) {
      await db.schema
        .createIndex(`directory_services_${name}_idx`)
        .on('directory_services')
        .columns([...columns])
        .execute();
    }

    // Regions served: a regency ("53.71") or a whole province ("53"); province_code lets a province search
    // find regency-level offers inside it, and a regency search finds province-level offers covering it.
    await db.schema
      .createTable('directory_service_regions')
      .addColumn('service_id', 'text', (c) => c.notNull().references('directory_services.id'))
      .addColumn('service_type', 'text', (c) => c.notNull())
      .addColumn('region_code', 'text', (c) => c.notNull())
      .addColumn('province_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('directory_service_regions_pk', ['service_id', 'region_code'])
      .execute();
    // A typed search reads one index range; an untyped one the plain region ranges.
    for (const column of ['region_code', 'province_code'] as const) {
      const short = column === 'region_code' ? 'region' : 'province';
      await db.schema
        .createIndex(`directory_service_regions_type_${short}_idx`)
        .on('directory_service_regions')
        .columns(['service_type', column, 'service_id'])
        .execute();
      await db.schema
        .createIndex(`directory_service_regions_${short}_idx`)
        .on('directory_service_regions')
        .columns([column, 'service_id'])
        .execute();
    }

    // Eligibility by sex (HTCDS prs_Gender) and nationality (ISO 3166-1 alpha-2; no rows when *_any = 1), and
    // the languages the service is given in (ISO 639-1).
    for (const [table, column] of [
      ['directory_service_sexes', 'sex'],
      ['directory_service_nationalities', 'country_code'],
      ['directory_service_languages', 'language'],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn('service_id', 'text', (c) => c.notNull().references('directory_services.id'))
        .addColumn(column, 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['service_id', column])
        .execute();
      await db.schema.createIndex(`${table}_value_idx`).on(table).columns([column, 'service_id']).execute();
    }
  },
});
