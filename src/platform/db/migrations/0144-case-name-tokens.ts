import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * The case list's name search at national scale (issue 8): the name postings keyed by case. A name search used to
 * find the matching persons first and then sort their cases; for a common name (Siti, Sri Rahayu) that is thousands
 * of persons, and the page waited for all of them. Here each case carries the keyed name tokens of its victim (the
 * same hashes `person_name_tokens` holds for her), so the list walks one token's postings in case id order (UUIDv7:
 * newest first when descending), probes the other parts by (token, case_id) and stops at a page.
 *
 * Owned by the cases module (cases.store.ts); kept in step with the persons' postings in the same transaction
 * through the hook `persons.nameTokensChanged`. SQLite stores it WITHOUT ROWID (the primary key is the table).
 * The backfill is one set-based statement (cases joined to their victim's postings); the case index is built after
 * it, so the bulk insert writes one b-tree.
 */
/**
 * The backfill: every case's victim's postings, in one set-based statement (no row-by-row loop), in the primary
 * key's order so the b-tree is appended to rather than split at random (SQLite at 20,000 cases: 202,963 rows in
 * 5.7 s instead of 13.1 s; the persons' postings are read in token order already, only each token's cases sorted).
 */
export async function backfillCaseNameTokens(db: Kysely<unknown>): Promise<void> {
  await sql`insert into case_name_tokens (token, case_id)
    select t.token, c.id from cases c join person_name_tokens t on t.person_id = c.person_id
    order by t.token, c.id`.execute(db);
}

export const caseNameTokens = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    let table = db.schema
      .createTable('case_name_tokens')
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_name_tokens_pk', ['token', 'case_id']);
    if (a.name === 'sqlite') table = table.modifyEnd(sql`without rowid`);
    await table.execute();
    await backfillCaseNameTokens(db);
    // A name correction replaces the postings of the person's cases, found by case.
    await db.schema.createIndex('case_name_tokens_case_idx').on('case_name_tokens').columns(['case_id']).execute();
  },
});
