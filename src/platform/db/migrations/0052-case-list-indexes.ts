import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The case list of an agency filtered by stage or by origin (issue 8): with only (stage, id) and
 * (region_code, id), a small agency asking for a common stage walked everyone's cases in that stage until
 * its own page filled. These indexes let the agency's own cases in that stage or region be walked newest
 * first and the walk stop at the page.
 */
export const caseListIndexes = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('cases_agency_stage_idx')
      .on('cases')
      .columns(['lead_agency_id', 'stage', 'id'])
      .execute();
    await db.schema
      .createIndex('cases_agency_region_idx')
      .on('cases')
      .columns(['lead_agency_id', 'region_code', 'id'])
      .execute();
  },
});
