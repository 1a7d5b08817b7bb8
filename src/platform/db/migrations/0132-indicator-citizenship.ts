import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * UNODC GLOTIP reports detected victims by citizenship (nationals / foreign by country): the indicator facts
 * carry the victim's citizenship as the persons module keeps it (ISO 3166-1 alpha-2, never an identity value),
 * copied onto every fact of the case like the other dimensions. Facts of generations built before this column
 * carry null (unknown) until the next refresh.
 */
export const indicatorCitizenship = (_a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('indicator_facts').addColumn('citizenship', 'text').execute();
  },
});
