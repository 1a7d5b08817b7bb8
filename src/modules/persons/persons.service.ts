import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { requireAccess, requireActor, type ScopedResource } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { findRegion } from '../reference/index.js';
import type { IdentityField, TIdentity, TPerson, TPersonCreate } from './persons.schema.js';
import {
  insertPerson,
  type PersonIdentityRow,
  type PersonRow,
  selectIdentity,
  selectPerson,
  selectPersonIdsByBlindIndex,
} from './persons.store.js';

/** The identity vault's encrypted columns, for key rotation. */
export const personEncryptedColumns: EncryptedColumnSet = {
  table: 'person_identities',
  idColumn: 'person_id',
  columns: ['full_name_enc', 'aliases_enc', 'date_of_birth_enc', 'nik_enc', 'phone_enc', 'address_enc'],
};

const columnOf: Record<IdentityField, keyof PersonIdentityRow> = {
  fullName: 'full_name_enc',
  aliases: 'aliases_enc',
  dateOfBirth: 'date_of_birth_enc',
  nik: 'nik_enc',
  phone: 'phone_enc',
  address: 'address_enc',
};

/** Normalises a phone number to digits with the Indonesian country code, for blind indexing. */
export const normalisePhone = (phone: string) => {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
};

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((w) => `${w[0]?.toUpperCase()}.`)
    .join('');

const pseudonymAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newPseudonym = () =>
  `P-${Array.from({ length: 8 }, () => pseudonymAlphabet[randomInt(pseudonymAlphabet.length)]).join('')}`;

const toPerson = (r: PersonRow): TPerson => ({
  id: r.id,
  pseudonym: r.pseudonym,
  initials: r.initials,
  ownerAgencyId: r.owner_agency_id,
  regionCode: r.region_code,
  sex: r.sex,
  birthYear: r.birth_year,
  createdAt: r.created_at,
});

/** Scope facts of a person record: owned by the recording agency; its creator is on its team. */
export const personResource = (r: PersonRow): ScopedResource => ({
  type: 'person',
  id: r.id,
  agencyId: r.owner_agency_id,
  regionCode: r.region_code,
  teamUserIds: [r.created_by],
});

/** Records a person: profile in the clear, identity encrypted field by field, blind indexes for NIK and phone. */
export async function createPerson(ctx: Context, input: TPersonCreate): Promise<TPerson> {
  const actor = requireActor(ctx);
  await requireAccess(ctx, 'persons.create');
  if (input.regionCode && !(await findRegion(input.regionCode))) {
    throw new AppError('validation', 'validation', {}, [{ field: 'regionCode', code: 'region_unknown' }]);
  }
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const k = ctx.keyring;
  const enc = (field: IdentityField, value: string | undefined) =>
    k.encryptNullable('person_identities', columnOf[field], id, value);
  const identity = input.identity;
  const person: PersonRow = {
    id,
    pseudonym: newPseudonym(),
    owner_agency_id: actor.agencyId,
    region_code: input.regionCode ?? null,
    sex: input.sex ?? null,
    birth_year: input.birthYear ?? null,
    initials: initialsOf(identity.fullName),
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  const identityRow: PersonIdentityRow = {
    person_id: id,
    full_name_enc: enc('fullName', identity.fullName),
    aliases_enc: enc('aliases', identity.aliases?.length ? JSON.stringify(identity.aliases) : undefined),
    date_of_birth_enc: enc('dateOfBirth', identity.dateOfBirth),
    nik_enc: enc('nik', identity.nik),
    phone_enc: enc('phone', identity.phone),
    address_enc: enc('address', identity.address),
    nik_bidx: identity.nik ? k.blindIndex('nik', identity.nik) : null,
    phone_bidx: identity.phone ? k.blindIndex('phone', normalisePhone(identity.phone)) : null,
    key_version: k.activeKeyVersion,
    updated_at: now,
  };
  await transact(ctx, async (tx) => {
    await insertPerson(tx, person, identityRow);
    await appendAudit(tx, ctx, {
      action: 'persons.create',
      entityType: 'person',
      entityId: id,
      details: { fields: Object.keys(identity) },
    });
  });
  return toPerson(person);
}

async function loadInScope(ctx: Context, permission: string, id: string): Promise<PersonRow> {
  const row = await selectPerson(ctx.database.db, id);
  if (!row) throw notFound();
  await requireAccess(ctx, permission, personResource(row));
  return row;
}

/** The masked view: pseudonym and initials, never identity. */
export async function getPerson(ctx: Context, id: string): Promise<TPerson> {
  return toPerson(await loadInScope(ctx, 'persons.read', id));
}

/** Reveals chosen identity fields for a stated purpose; audited with the fields revealed (Art. 44). */
export async function revealIdentity(
  ctx: Context,
  id: string,
  purpose: string,
  fields: IdentityField[],
): Promise<Partial<TIdentity>> {
  await loadInScope(ctx, 'persons.identity.reveal', id);
  const row = await selectIdentity(ctx.database.db, id);
  if (!row) throw notFound();
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = ctx.keyring.decryptNullable(
      'person_identities',
      columnOf[field],
      id,
      row[columnOf[field]] as string | null,
    );
    if (value !== null) out[field] = field === 'aliases' ? JSON.parse(value) : value;
  }
  await transact(ctx, (tx) =>
    appendAudit(tx, ctx, {
      action: 'persons.identity.reveal',
      entityType: 'person',
      entityId: id,
      purpose,
      details: { fields },
    }),
  );
  return out as Partial<TIdentity>;
}

/** Person ids whose NIK or phone matches exactly, through the blind indexes (no plaintext compared). */
export async function findPersonIdsByIdentifier(ctx: Context, kind: 'nik' | 'phone', value: string): Promise<string[]> {
  const normalised = kind === 'phone' ? normalisePhone(value) : value.trim();
  return selectPersonIdsByBlindIndex(
    ctx.database.db,
    kind === 'nik' ? 'nik_bidx' : 'phone_bidx',
    ctx.keyring.blindIndex(kind, normalised),
  );
}

/** Break-the-glass resolver for person records. */
export async function resolvePersonResource(
  db: Executor,
  id: string,
  supervisorsOf: (agencyId: string) => Promise<string[]>,
) {
  const row = await selectPerson(db, id);
  if (!row) return undefined;
  return { ...personResource(row), supervisorUserIds: await supervisorsOf(row.owner_agency_id) };
}
