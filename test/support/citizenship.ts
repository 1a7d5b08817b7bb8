/**
 * The synthetic generator makes every person an Indonesian citizen. The GLOTIP citizenship tests give a fixed
 * share of them another citizenship (or none) by the last hex digits of their record ids — deterministic on both
 * databases: 3/16 Malaysian, 1/16 Timorese, 1/16 unknown, and about 1/256 Singaporean (a cell below any
 * small-cell threshold at a few thousand cases).
 */
import { sql } from 'kysely';
import type { Executor } from '../../src/platform/db/index.js';

export async function assignForeignCitizenships(db: Executor): Promise<void> {
  await sql`update persons set citizenship = 'MY' where substr(id, 36, 1) in ('0', '1', '2')`.execute(db);
  await sql`update persons set citizenship = 'TL' where substr(id, 36, 1) = '3'`.execute(db);
  await sql`update persons set citizenship = null where substr(id, 36, 1) = '4'`.execute(db);
  await sql`update persons set citizenship = 'SG' where substr(id, 35, 2) = 'ff'`.execute(db);
}
