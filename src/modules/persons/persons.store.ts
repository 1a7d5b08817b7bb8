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
};
const t = (db: Executor) => tables<PersonTables>(db);

export async function insertPerson(db: Executor, person: PersonRow, identity: PersonIdentityRow) {
  await t(db).insertInto('persons').values(person).execute();
  await t(db).insertInto('person_identities').values(identity).execute();
}
export async function selectPerson(db: Executor, id: string) {
  return t(db).selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function selectPersons(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return t(db).selectFrom('persons').selectAll().where('id', 'in', ids).execute();
}
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

/** Persons with any of these exact identifiers. */
export async function selectByIdentifiers(db: Executor, pairs: { kind: string; bidx: string }[]) {
  if (pairs.length === 0) return [];
  return t(db)
    .selectFrom('person_identifiers')
    .select(['person_id', 'kind'])
    .where((eb) =>
      eb.or(
        pairs.map((p) => eb.and([eb('kind', '=', p.kind as PersonIdentifierRow['kind']), eb('bidx', '=', p.bidx)])),
      ),
    )
    .limit(50)
    .execute();
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

/** How many tokens each person has (to weigh partial matches). */
export async function selectTokenCounts(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, number>();
  const rows = await t(db)
    .selectFrom('person_name_tokens')
    .select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('person_id', 'in', personIds)
    .groupBy('person_id')
    .execute();
  return new Map(rows.map((r) => [r.person_id, Number(r.n)]));
}
