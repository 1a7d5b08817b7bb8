/** The identity vault's record: encrypted columns, per-person keys, the masked person and access to identity. */

import { randomInt } from 'node:crypto';
import type { Context } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import type { Executor } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { personKeyEncryptedColumns, personKeys, sealIdentityField } from './persons.keys.js';
import { decidePersonAccess, type PersonPermission, personPermissions } from './persons.policy.js';
import {
  type IdentityField,
  identityFields as identityFieldList,
  type TIdentity,
  type TPerson,
} from './persons.schema.js';
import { type PersonIdentifierRow, type PersonIdentityRow, type PersonRow, selectPerson } from './persons.store.js';

/**
 * The identity vault's encrypted columns, for key rotation: the wrapped person keys, and the identity columns
 * (rotation re-encrypts only values still under the instance key; those under a person's key stay).
 */
export const personEncryptedColumns: EncryptedColumnSet[] = [
  personKeyEncryptedColumns,
  {
    table: 'person_identities',
    idColumn: 'person_id',
    columns: [
      'full_name_enc',
      'aliases_enc',
      'date_of_birth_enc',
      'nik_enc',
      'passport_enc',
      'phones_enc',
      'address_enc',
    ],
  },
];

export const columnOf: Record<IdentityField, keyof PersonIdentityRow> = {
  fullName: 'full_name_enc',
  aliases: 'aliases_enc',
  dateOfBirth: 'date_of_birth_enc',
  nik: 'nik_enc',
  passportNumber: 'passport_enc',
  phones: 'phones_enc',
  address: 'address_enc',
};

// Fields stored as JSON arrays inside their ciphertext.
export const listFields = new Set<IdentityField>(['aliases', 'phones']);

/** Normalises a phone number to digits with the Indonesian country code, for blind indexing. */
export const normalisePhone = (phone: string) => {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
};

export const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((w) => `${w[0]?.toUpperCase()}.`)
    .join('');

const pseudonymAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const newPseudonym = () =>
  `P-${Array.from({ length: 8 }, () => pseudonymAlphabet[randomInt(pseudonymAlphabet.length)]).join('')}`;

export function toPerson(ctx: Context, r: PersonRow): TPerson {
  return {
    id: r.id,
    pseudonym: r.pseudonym,
    initials: r.initials,
    ownerAgencyId: r.owner_agency_id,
    regionCode: r.region_code,
    sex: r.sex,
    birthYear: r.birth_year,
    ageEstimated: r.age_estimated,
    citizenship: r.citizenship,
    languages: r.languages ? ctx.database.adapter.fromJson<string[]>(r.languages) : [],
    disability: r.disability,
    education: r.education,
    maritalStatus: r.marital_status,
    childrenCount: r.children_count,
    createdAt: r.created_at,
  };
}

/** Loads a person the caller may reach with this permission (the vault decision in persons.policy.ts). */
export async function loadInScope(ctx: Context, permission: PersonPermission, id: string): Promise<PersonRow> {
  const row = await selectPerson(ctx.database.db, id);
  if (!row) throw notFound();
  await decidePersonAccess(ctx, row, permission);
  return row;
}

/** The identity fields the caller may see of this person (404 when none): every identity path asks this. */
export async function identityFieldsFor(ctx: Context, id: string, db: Executor = ctx.database.db) {
  const row = await selectPerson(db, id);
  if (!row) throw notFound();
  return (await decidePersonAccess(ctx, row, personPermissions.reveal, { identity: true, db })).fields;
}

/**
 * For another module's identity path that shows the whole identity at once (identity documents, photos):
 * 404 unless the vault decision lets the caller see every identity field (a path limited by consent to,
 * say, the name does not open a scanned identity card).
 */
export async function requireIdentityAccess(
  ctx: Context,
  personId: string,
  db: Executor = ctx.database.db,
): Promise<void> {
  const fields = await identityFieldsFor(ctx, personId, db);
  if (fields.size < identityFieldList.length) throw notFound();
}

export function identifierRows(ctx: Context, personId: string, identity: Partial<TIdentity>): PersonIdentifierRow[] {
  const k = ctx.keyring;
  const rows: PersonIdentifierRow[] = [];
  if (identity.nik) rows.push({ kind: 'nik', bidx: k.blindIndex('nik', identity.nik), person_id: personId });
  if (identity.passportNumber) {
    rows.push({ kind: 'passport', bidx: k.blindIndex('passport', identity.passportNumber), person_id: personId });
  }
  for (const phone of identity.phones ?? []) {
    rows.push({ kind: 'phone', bidx: k.blindIndex('phone', normalisePhone(phone)), person_id: personId });
  }
  return rows;
}

/** Seals one identity field under the person's own data key (persons.keys.ts: erasure destroys that key). */
export function encryptField(key: Buffer, personId: string, field: IdentityField, value: unknown): string | null {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return null;
  const plain = listFields.has(field) ? JSON.stringify(value) : String(value);
  return sealIdentityField(key, personId, columnOf[field], plain);
}

/** The person's data key, if she has one (none: erased, or written before migration 0071 and not moved yet). */
export async function keyOf(ctx: Context, personId: string, db: Executor = ctx.database.db) {
  return (await personKeys(ctx, [personId], db)).get(personId);
}
