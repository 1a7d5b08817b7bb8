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
  created_by: string;
  created_at: string;
  updated_at: string;
}
/** Columns ending in _enc hold field ciphertext; *_bidx hold keyed blind indexes. */
export interface PersonIdentityRow {
  person_id: string;
  full_name_enc: string | null;
  aliases_enc: string | null;
  date_of_birth_enc: string | null;
  nik_enc: string | null;
  phone_enc: string | null;
  address_enc: string | null;
  nik_bidx: string | null;
  phone_bidx: string | null;
  key_version: number;
  updated_at: string;
}
type PersonTables = { persons: PersonRow; person_identities: PersonIdentityRow };
const t = (db: Executor) => tables<PersonTables>(db);

export async function insertPerson(db: Executor, person: PersonRow, identity: PersonIdentityRow) {
  await t(db).insertInto('persons').values(person).execute();
  await t(db).insertInto('person_identities').values(identity).execute();
}
export async function selectPerson(db: Executor, id: string) {
  return t(db).selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function selectIdentity(db: Executor, personId: string) {
  return t(db).selectFrom('person_identities').selectAll().where('person_id', '=', personId).executeTakeFirst();
}
export async function selectPersonIdsByBlindIndex(db: Executor, column: 'nik_bidx' | 'phone_bidx', value: string) {
  const rows = await t(db)
    .selectFrom('person_identities')
    .select('person_id')
    .where(column, '=', value)
    .limit(20)
    .execute();
  return rows.map((r) => r.person_id);
}
