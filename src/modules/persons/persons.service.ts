/** Persons and their identity: creating, reading, revealing (audited) and correcting identity. */

import { type RawBuilder, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { logRead } from '../../platform/read-log.js';
import { findRegion, isCountryCode } from '../reference/index.js';
import { openIdentityField, personKeyFor } from './persons.keys.js';
import { NAME_KEYS_VERSION, personTokenHashes, writeNameTokens } from './persons.names.js';
import { casePaths, personPermissions, requireCreatePerson } from './persons.policy.js';
import {
  type IdentityField,
  identityFields as identityFieldList,
  type TIdentity,
  type TPerson,
  type TPersonCreate,
  type TProfile,
} from './persons.schema.js';
import {
  insertPerson,
  type PersonIdentityRow,
  type PersonRow,
  replaceIdentifiers,
  selectByIdentifiers,
  selectIdentity,
  selectPerson,
  selectPersons,
  updateIdentityRow,
  updatePersonRow,
} from './persons.store.js';
import {
  columnOf,
  encryptField,
  identifierRows,
  identityFieldsFor,
  initialsOf,
  keyOf,
  listFields,
  loadInScope,
  newPseudonym,
  toPerson,
} from './persons.vault.js';

async function validateProfile(profile: TProfile, prefix = ''): Promise<void> {
  const issues: FieldIssue[] = [];
  if (profile.regionCode && !(await findRegion(profile.regionCode))) {
    issues.push({ field: `${prefix}regionCode`, code: 'region_unknown' });
  }
  if (profile.citizenship && !isCountryCode(profile.citizenship)) {
    issues.push({ field: `${prefix}citizenship`, code: 'country_unknown' });
  }
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
}

/**
 * Writes a person inside the caller's transaction: profile in the clear, identity encrypted field by
 * field, blind indexes for exact identifiers and name tokens. The caller has checked access.
 */
export async function insertPersonRecord(
  tx: Tx,
  ctx: Context,
  input: TPersonCreate,
  ownerAgencyId: string,
): Promise<TPerson> {
  const actor = requireActor(ctx);
  await validateProfile(input);
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const identity = input.identity;
  const person: PersonRow = {
    id,
    pseudonym: newPseudonym(),
    owner_agency_id: ownerAgencyId,
    region_code: input.regionCode ?? null,
    sex: input.sex ?? null,
    birth_year: input.birthYear ?? (identity.dateOfBirth ? Number(identity.dateOfBirth.slice(0, 4)) : null),
    initials: initialsOf(identity.fullName),
    age_estimated: input.ageEstimated ?? null,
    age_estimated_at: input.ageEstimated != null ? now : null,
    citizenship: input.citizenship ?? null,
    languages: input.languages?.length ? ctx.database.adapter.toJson(input.languages) : null,
    disability: input.disability ?? null,
    education: input.education ?? null,
    marital_status: input.maritalStatus ?? null,
    children_count: input.childrenCount ?? null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  const key = await personKeyFor(tx, ctx, id);
  const identityRow: PersonIdentityRow = {
    person_id: id,
    full_name_enc: encryptField(key, id, 'fullName', identity.fullName),
    aliases_enc: encryptField(key, id, 'aliases', identity.aliases),
    date_of_birth_enc: encryptField(key, id, 'dateOfBirth', identity.dateOfBirth),
    nik_enc: encryptField(key, id, 'nik', identity.nik),
    passport_enc: encryptField(key, id, 'passportNumber', identity.passportNumber),
    phones_enc: encryptField(key, id, 'phones', identity.phones),
    address_enc: encryptField(key, id, 'address', identity.address),
    key_version: ctx.keyring.activeKeyVersion,
    updated_at: now,
    name_keys_version: NAME_KEYS_VERSION,
  };
  await insertPerson(tx, person, identityRow);
  await replaceIdentifiers(tx, id, identifierRows(ctx, id, identity), []);
  await writeNameTokens(
    tx,
    ctx,
    id,
    personTokenHashes(ctx, [identity.fullName, ...(identity.aliases ?? [])], person.birth_year),
  );
  await appendAudit(tx, ctx, {
    action: 'persons.create',
    entityType: 'person',
    entityId: id,
    details: { fields: Object.keys(identity), ownerAgencyId },
  });
  return toPerson(ctx, person);
}

/** Records a person for the caller's agency (outside a case: e.g. a family member or contact). */
export async function createPerson(ctx: Context, input: TPersonCreate): Promise<TPerson> {
  const actor = requireActor(ctx);
  await requireCreatePerson(ctx);
  return transact(ctx, (tx) => insertPersonRecord(tx, ctx, input, actor.agencyId));
}

/** The masked view: pseudonym, initials and profile, never identity. */
export async function getPerson(ctx: Context, id: string): Promise<TPerson> {
  return toPerson(ctx, await loadInScope(ctx, personPermissions.read, id));
}

/** Which identity fields are on record (no values): what a reveal could show. */
export async function getIdentityPresence(ctx: Context, id: string) {
  const row = await loadInScope(ctx, personPermissions.read, id);
  const identity = await selectIdentity(ctx.database.db, id);
  const present = (Object.keys(columnOf) as IdentityField[]).filter((f) => identity?.[columnOf[f]] != null);
  return { personId: id, initials: row.initials, present };
}

export function decryptIdentity(
  ctx: Context,
  id: string,
  row: PersonIdentityRow,
  fields: readonly IdentityField[],
  key: Buffer | undefined,
) {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = openIdentityField(ctx, key, id, columnOf[field], row[columnOf[field]] as string | null);
    if (value !== null) out[field] = listFields.has(field) ? JSON.parse(value) : value;
  }
  return out as Partial<TIdentity>;
}

/** Reveals chosen identity fields for a stated purpose; audited with the fields revealed (Art. 44). */
export async function revealIdentity(
  ctx: Context,
  id: string,
  purpose: string,
  fields: IdentityField[],
): Promise<Partial<TIdentity>> {
  const allowed = await identityFieldsFor(ctx, id);
  fields = fields.filter((f) => allowed.has(f));
  if (fields.length === 0) throw notFound();
  const row = await selectIdentity(ctx.database.db, id);
  if (!row) throw notFound();
  const out = decryptIdentity(ctx, id, row, fields, await keyOf(ctx, id));
  logRead(ctx, { kind: 'identity', personId: id });
  await transact(ctx, (tx) =>
    appendAudit(tx, ctx, {
      action: 'persons.identity.reveal',
      entityType: 'person',
      entityId: id,
      purpose,
      details: { fields },
    }),
  );
  return out;
}

/**
 * Identity for a document (the PDF summary, a referral's shared view, an export): asks the same vault
 * decision as a reveal (404 when the caller may see none of it), keeps only the fields the caller's path
 * allows (a consented referral: the consented groups), decrypts and audits in one step.
 */
export async function revealIdentityForDocument(
  tx: Tx,
  ctx: Context,
  id: string,
  purpose: string,
  requested: IdentityField[],
) {
  const allowed = await identityFieldsFor(ctx, id, tx);
  const fields = requested.filter((f) => allowed.has(f));
  if (fields.length === 0) throw notFound();
  const row = await selectIdentity(tx, id);
  if (!row) throw notFound();
  await appendAudit(tx, ctx, {
    action: 'persons.identity.reveal',
    entityType: 'person',
    entityId: id,
    purpose,
    details: { fields, document: true },
  });
  return decryptIdentity(ctx, id, row, fields, await keyOf(ctx, id, tx));
}

/** Corrects identity fields (with a purpose); re-indexes identifiers and name tokens; audited with the fields changed. */
export async function updateIdentity(ctx: Context, id: string, input: Partial<TIdentity> & { purpose: string }) {
  const person = await loadInScope(ctx, personPermissions.updateIdentity, id);
  const { purpose, ...changes } = input;
  const fields = (Object.keys(changes) as IdentityField[]).filter((f) => changes[f] !== undefined);
  if (fields.length === 0)
    throw new AppError('validation', 'validation', {}, [{ field: 'fullName', code: 'required' }]);
  await transact(ctx, async (tx) => {
    const current = await selectIdentity(tx, id);
    if (!current) throw notFound();
    const key = await personKeyFor(tx, ctx, id);
    const patch: Partial<PersonIdentityRow> = {
      updated_at: ctx.clock.now().toISOString(),
      key_version: ctx.keyring.activeKeyVersion,
      name_keys_version: NAME_KEYS_VERSION,
    };
    // Fields still under the instance key (written before migration 0071) move under her key with the change.
    const untouched = identityFieldList.filter((f) => !fields.includes(f));
    const kept = decryptIdentity(ctx, id, current, untouched, key);
    for (const f of untouched) (patch as Record<string, unknown>)[columnOf[f]] = encryptField(key, id, f, kept[f]);
    for (const f of fields) (patch as Record<string, unknown>)[columnOf[f]] = encryptField(key, id, f, changes[f]);
    await updateIdentityRow(tx, id, patch);
    const merged = {
      ...decryptIdentity(ctx, id, current, ['fullName', 'aliases', 'nik', 'passportNumber', 'phones'], key),
      ...changes,
    };
    await replaceIdentifiers(tx, id, identifierRows(ctx, id, merged), ['nik', 'passport', 'phone']);
    if (merged.fullName)
      await writeNameTokens(
        tx,
        ctx,
        id,
        personTokenHashes(ctx, [merged.fullName, ...(merged.aliases ?? [])], person.birth_year),
      );
    if (changes.fullName) {
      await updatePersonRow(tx, id, { initials: initialsOf(changes.fullName), updated_at: patch.updated_at! });
    }
    // A corrected date of birth is the best age fact there is: the birth year follows it, and so do her cases.
    if (changes.dateOfBirth) {
      await updatePersonRow(tx, id, {
        birth_year: Number(changes.dateOfBirth.slice(0, 4)),
        updated_at: patch.updated_at!,
      });
      for (const hook of ctx.hooks.all('persons.ageChanged')) await hook(tx, ctx, id);
    }
    await appendAudit(tx, ctx, {
      action: 'persons.identity.update',
      entityType: 'person',
      entityId: person.id,
      purpose,
      details: { fields },
    });
  });
  return getIdentityPresence(ctx, id);
}

/** Person ids with this exact NIK, passport or phone (blind index). */
export async function findPersonIdsByIdentifier(
  ctx: Context,
  kind: 'nik' | 'passport' | 'phone',
  value: string,
): Promise<string[]> {
  const [row] = identifierRows(
    ctx,
    '',
    kind === 'nik'
      ? { nik: value.trim() }
      : kind === 'passport'
        ? { passportNumber: value.trim().toUpperCase() }
        : { phones: [value] },
  );
  if (!row) return [];
  return (await selectByIdentifiers(ctx.database.db, [{ kind: row.kind, bidx: row.bidx }])).map((r) => r.person_id);
}

/** For a module that has already checked access (e.g. cases): the masked view of a person. */
export async function personById(ctx: Context, id: string): Promise<TPerson | undefined> {
  const row = await selectPerson(ctx.database.db, id);
  return row ? toPerson(ctx, row) : undefined;
}

/** For a module that has already checked access: masked views of many persons in one query. */
export async function personsByIds(ctx: Context, ids: string[]): Promise<Map<string, TPerson>> {
  return new Map((await selectPersons(ctx.database.db, [...new Set(ids)])).map((r) => [r.id, toPerson(ctx, r)]));
}

/** The profile facts an exchange maps (no pseudonym, no initials, no owner): a light read for bulk exports. */
export type PersonProfileFacts = Pick<
  TPerson,
  'sex' | 'birthYear' | 'citizenship' | 'languages' | 'maritalStatus' | 'education' | 'childrenCount'
>;

/**
 * For a bulk reader that has already checked access (the HTCDS export): the person's profile facts inside the
 * reader's own statement — a LEFT JOIN on the person id column it names and the seven columns the exchange maps,
 * in `readProfile`'s order — so a page of cases costs no second query and no list of bound ids.
 */
export function personProfileJoin(personIdColumn: string): { join: RawBuilder<unknown>; columns: RawBuilder<unknown> } {
  return {
    join: sql`left join persons as pf on pf.id = ${sql.ref(personIdColumn)}`,
    columns: sql`pf.sex as pf_sex, pf.birth_year as pf_birth_year, pf.citizenship as pf_citizenship,
      cast(pf.languages as text) as pf_languages, pf.marital_status as pf_marital_status,
      pf.education as pf_education, pf.children_count as pf_children_count`,
  };
}

/**
 * Reads the profile facts from a row of such a statement, its seven cells from `at` on. The persons of an export
 * share a few language lists: each distinct JSON is parsed once (read-only arrays, kept for the reader's life).
 */
export function personProfileReader(ctx: Context): (row: readonly unknown[], at: number) => PersonProfileFacts {
  const languages = new Map<string, string[]>();
  const none: string[] = [];
  return (row, at) => {
    const json = row[at + 3] as string | null;
    let langs = none;
    if (json) {
      let parsed = languages.get(json);
      if (!parsed) {
        parsed = ctx.database.adapter.fromJson<string[]>(json);
        if (languages.size >= 1000) languages.clear();
        languages.set(json, parsed);
      }
      langs = parsed;
    }
    return new ProfileFacts(row, at, langs);
  };
}

/**
 * A profile as the reader makes it: by `new`, not as an object literal, so that V8 always allocates it young (an
 * object literal's allocation site may be switched to the old generation: see `PageCase` in the cases module).
 */
class ProfileFacts implements PersonProfileFacts {
  sex: string | null;
  birthYear: number | null;
  citizenship: string | null;
  languages: string[];
  maritalStatus: string | null;
  education: string | null;
  childrenCount: number | null;
  constructor(row: readonly unknown[], at: number, languages: string[]) {
    this.sex = row[at] as string | null;
    this.birthYear = row[at + 1] as number | null;
    this.citizenship = row[at + 2] as string | null;
    this.languages = languages;
    this.maritalStatus = row[at + 4] as string | null;
    this.education = row[at + 5] as string | null;
    this.childrenCount = row[at + 6] as number | null;
  }
}

/** Break-the-glass resolver for person records. */
export async function resolvePersonResource(
  ctx: Context,
  db: Executor,
  id: string,
  supervisorsOf: (agencyId: string) => Promise<string[]>,
) {
  const row = await selectPerson(db, id);
  if (!row) return undefined;
  // The agency that leads her (first) case now; break-the-glass alerts its supervisors.
  const [lead] = await casePaths(ctx, db, row);
  const agencyId = lead?.agencyId ?? row.owner_agency_id;
  return {
    type: 'person',
    id: row.id,
    agencyId,
    regionCode: lead?.regionCode ?? row.region_code,
    teamUserIds: lead?.teamUserIds ?? [],
    supervisorUserIds: await supervisorsOf(agencyId),
  };
}
