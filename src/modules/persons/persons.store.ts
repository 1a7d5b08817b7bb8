import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';

export interface PersonRow {
  id: string;
  pseudonym: string;
  owner_agency_id: string;
  region_code: string | null;
  sex: string | null;
  birth_year: number | null;
  initials: string | null;
  age_estimated: number | null;
  /** When the age estimate was made (migration 0020). */
  age_estimated_at?: string | null;
  citizenship: string | null;
  languages: unknown;
  disability: string | null;
  education: string | null;
  marital_status: string | null;
  children_count: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
/** Columns ending in _enc hold field ciphertext. */
export interface PersonIdentityRow {
  person_id: string;
  full_name_enc: string | null;
  aliases_enc: string | null;
  date_of_birth_enc: string | null;
  nik_enc: string | null;
  passport_enc: string | null;
  phones_enc: string | null;
  address_enc: string | null;
  key_version: number;
  updated_at: string;
  /** Which version of the name keys (persons/name-tokens.ts) this identity is indexed under; null before migration 0050's backfill. */
  name_keys_version?: number | null;
}
export interface PersonIdentifierRow {
  kind: 'nik' | 'passport' | 'phone';
  bidx: string;
  person_id: string;
}
export interface PersonNameTokenRow {
  token: string;
  person_id: string;
}
type PersonTables = {
  persons: PersonRow;
  person_identities: PersonIdentityRow;
  person_identifiers: PersonIdentifierRow;
  person_name_tokens: PersonNameTokenRow;
  person_data_keys: { person_id: string; key_enc: string; created_at: string };
};
const t = (db: Executor) => tables<PersonTables>(db);

export async function insertPerson(db: Executor, person: PersonRow, identity: PersonIdentityRow) {
  await t(db).insertInto('persons').values(person).execute();
  await t(db).insertInto('person_identities').values(identity).execute();
}
export async function selectPerson(db: Executor, id: string) {
  return t(db).selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}
/**
 * A person with what her age needs from the vault (the date of birth's ciphertext and her wrapped data key), in
 * one query: the case file reads both (on PostgreSQL each query is a round trip, issue 8).
 */
export async function selectPersonWithBirthDate(db: Executor, id: string) {
  return t(db)
    .selectFrom('persons as p')
    .leftJoin('person_identities as i', 'i.person_id', 'p.id')
    .leftJoin('person_data_keys as k', 'k.person_id', 'p.id')
    .selectAll('p')
    .select(['i.date_of_birth_enc as vault_date_of_birth_enc', 'k.key_enc as vault_key_enc'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}
export async function selectPersons(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return t(db).selectFrom('persons').selectAll().where('id', 'in', ids).execute();
}
/** The non-identifying profile columns of many persons (the HTCDS export's prs_* facts), nothing else. */
/** The profile facts of many persons as arrays, the languages as JSON text (one string per distinct list). */
export async function updatePersonRow(db: Executor, id: string, patch: Partial<PersonRow>) {
  await t(db).updateTable('persons').set(patch).where('id', '=', id).execute();
}
export async function selectIdentity(db: Executor, personId: string) {
  return t(db).selectFrom('person_identities').selectAll().where('person_id', '=', personId).executeTakeFirst();
}
export async function updateIdentityRow(db: Executor, personId: string, patch: Partial<PersonIdentityRow>) {
  await t(db).updateTable('person_identities').set(patch).where('person_id', '=', personId).execute();
}

/** Replaces a person's blind indexes of one kind (or all kinds). */
export async function replaceIdentifiers(
  db: Executor,
  personId: string,
  rows: PersonIdentifierRow[],
  kinds: PersonIdentifierRow['kind'][],
) {
  if (kinds.length > 0)
    await t(db).deleteFrom('person_identifiers').where('person_id', '=', personId).where('kind', 'in', kinds).execute();
  if (rows.length > 0)
    await t(db)
      .insertInto('person_identifiers')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}
export async function replaceNameTokens(db: Executor, personId: string, tokens: string[]) {
  await t(db).deleteFrom('person_name_tokens').where('person_id', '=', personId).execute();
  if (tokens.length > 0) {
    await t(db)
      .insertInto('person_name_tokens')
      .values(tokens.map((token) => ({ token, person_id: personId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function selectNameTokensOf(db: Executor, personId: string): Promise<string[]> {
  const rows = await t(db).selectFrom('person_name_tokens').select('token').where('person_id', '=', personId).execute();
  return rows.map((r) => r.token);
}

/** The identifier rows matching any of these exact identifiers (at most 50). */
function identifierHits(db: Executor, pairs: { kind: string; bidx: string }[]) {
  return t(db)
    .selectFrom('person_identifiers')
    .select(['person_id', 'kind'])
    .where((eb) =>
      eb.or(
        pairs.map((p) => eb.and([eb('kind', '=', p.kind as PersonIdentifierRow['kind']), eb('bidx', '=', p.bidx)])),
      ),
    )
    .limit(50);
}

/** Persons with any of these exact identifiers. */
export async function selectByIdentifiers(db: Executor, pairs: { kind: string; bidx: string }[]) {
  if (pairs.length === 0) return [];
  return identifierHits(db, pairs).execute();
}

/**
 * The persons with any of these exact identifiers, each row with the kind that matched (a person once per kind), in
 * one query: the duplicate check's identifier hits come with their rows (on PostgreSQL a second query for the rows
 * was a second round trip, issue 8).
 */
export async function selectPersonsByIdentifiers(db: Executor, pairs: { kind: string; bidx: string }[]) {
  if (pairs.length === 0) return [];
  return t(db)
    .selectFrom(identifierHits(db, pairs).as('h'))
    .innerJoin('persons as p', 'p.id', 'h.person_id')
    .selectAll('p')
    .select('h.kind as matched_kind')
    .execute();
}

/**
 * The duplicate check's candidates by name, in one query: at most `perKey` postings under each blocking key (every
 * key is selective — name parts with a birth year, or two name parts — and the cap bounds the work even for the
 * most common names), each posting worth its key's weight; the `limit` persons of the highest total (ties by id),
 * with their row and what comparing their names needs (the names' ciphertext, the wrapped data key). The ranking
 * is done where the postings are: on PostgreSQL each query is a round trip and every row travels (issue 8).
 */
export async function selectNameCandidates(
  db: Executor,
  keys: readonly { token: string; weight: number }[],
  perKey: number,
  limit: number,
) {
  if (keys.length === 0) return [];
  const parts = keys.map(
    ({ token, weight }) =>
      sql`select person_id, ${sql.lit(Math.trunc(weight))} as w from (select person_id from person_name_tokens where token = ${token} limit ${perKey}) k`,
  );
  const rows = await sql<
    PersonRow & { vault_full_name_enc: string | null; vault_aliases_enc: string | null; vault_key_enc: string | null }
  >`
    select p.*, i.full_name_enc as vault_full_name_enc, i.aliases_enc as vault_aliases_enc, d.key_enc as vault_key_enc
    from (select person_id, sum(w) as w from (${sql.join(parts, sql` union all `)}) u
          group by person_id order by sum(w) desc, person_id limit ${limit}) b
    join persons p on p.id = b.person_id
    left join person_identities i on i.person_id = p.id
    left join person_data_keys d on d.person_id = p.id`.execute(db);
  return rows.rows;
}

/** Identity rows of many persons (ciphertext). */
export async function selectIdentities(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return [];
  return t(db).selectFrom('person_identities').selectAll().where('person_id', 'in', personIds).execute();
}

/** Persons whose name keys were written by an older version (or never), oldest first. */
export async function selectStaleNameKeys(db: Executor, version: number, limit: number) {
  return t(db)
    .selectFrom('person_identities as i')
    .innerJoin('persons as p', 'p.id', 'i.person_id')
    .select(['i.person_id', 'i.full_name_enc', 'i.aliases_enc', 'p.birth_year'])
    .where((eb) => eb.or([eb('i.name_keys_version', 'is', null), eb('i.name_keys_version', '<', version)]))
    .orderBy('i.person_id')
    .limit(limit)
    .execute();
}

/** How many postings these tokens have together, counting at most `cap`. */
export async function countTokenPostings(db: Executor, tokens: string[], cap: number): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from (
    select 1 as x from person_name_tokens where token in (${sql.join(tokens)}) limit ${cap}) k`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Persons with a token of `first` and of every group in `others` (at most `limit`). */
export async function selectPersonIdsWithTokens(db: Executor, first: string[], others: string[][], limit: number) {
  const rows = await sql<{ person_id: string }>`select distinct t.person_id from person_name_tokens t
    where t.token in (${sql.join(first)}) ${sql.join(
      others.map(
        (g) =>
          sql`and exists (select 1 from person_name_tokens o where o.person_id = t.person_id and o.token in (${sql.join(g)}))`,
      ),
      sql` `,
    )} limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.person_id);
}

/** A subquery: the persons with posting `first` and a token of every group in `others` (for another table's SQL). */
export function personsWithTokens(first: string, others: string[][]) {
  return sql<{ person_id: string }>`select t.person_id from person_name_tokens t where t.token = ${first} ${sql.join(
    others.map(
      (g) =>
        sql`and exists (select 1 from person_name_tokens o where o.person_id = t.person_id and o.token in (${sql.join(g)}))`,
    ),
    sql` `,
  )}`;
}

/** A condition on another table's person id column: the person's name has a token of every group. */
export function personHasTokensCondition(personIdColumn: string, groups: string[][]) {
  return sql<boolean>`(${sql.join(
    groups.map(
      (g) =>
        sql`exists (select 1 from person_name_tokens nt where nt.person_id = ${sql.ref(personIdColumn)} and nt.token in (${sql.join(g)}))`,
    ),
    sql` and `,
  )})`;
}

/** Persons sharing the most name tokens with the query (bounded). */
export async function selectByNameTokens(db: Executor, tokens: string[], limit = 100) {
  if (tokens.length === 0) return [];
  return t(db)
    .selectFrom('person_name_tokens')
    .select(['person_id', (eb) => eb.fn.countAll<number>().as('shared')])
    .where('token', 'in', tokens)
    .groupBy('person_id')
    .orderBy(sql`count(*)`, 'desc')
    .limit(limit)
    .execute();
}
