import { randomInt } from 'node:crypto';
import type { RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { inScope, requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { logRead } from '../../platform/read-log.js';
import { findActiveAgency } from '../agencies/index.js';
import { findRegion, isCountryCode } from '../reference/index.js';
import {
  checkKeyStrings,
  compareNames,
  nameTokens,
  type ParsedName,
  parseName,
  personTokenStrings,
} from './name-tokens.js';
import {
  openIdentityField,
  personKeyEncryptedColumns,
  personKeyFor,
  personKeys,
  sealIdentityField,
} from './persons.keys.js';
import { admitDuplicateCheck, recordDuplicateCheck } from './persons.oracle.js';
import {
  casePaths,
  decidePersonAccess,
  type PersonPermission,
  personPermissions,
  requireCreatePerson,
} from './persons.policy.js';
import type {
  IdentityField,
  TAgeUpdate,
  TDuplicateCheck,
  TDuplicateMatch,
  TIdentity,
  TPerson,
  TPersonCreate,
  TProfile,
} from './persons.schema.js';
import { identityFields as identityFieldList } from './persons.schema.js';
import {
  countTokenPostings,
  insertPerson,
  type PersonIdentifierRow,
  type PersonIdentityRow,
  type PersonRow,
  personHasTokensCondition,
  replaceIdentifiers,
  replaceNameTokens,
  selectByBlockingKeys,
  selectByIdentifiers,
  selectIdentities,
  selectIdentity,
  selectPerson,
  selectPersonIdsWithTokens,
  selectPersons,
  selectStaleNameKeys,
  updateIdentityRow,
  updatePersonRow,
} from './persons.store.js';

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

const columnOf: Record<IdentityField, keyof PersonIdentityRow> = {
  fullName: 'full_name_enc',
  aliases: 'aliases_enc',
  dateOfBirth: 'date_of_birth_enc',
  nik: 'nik_enc',
  passportNumber: 'passport_enc',
  phones: 'phones_enc',
  address: 'address_enc',
};
// Fields stored as JSON arrays inside their ciphertext.
const listFields = new Set<IdentityField>(['aliases', 'phones']);

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

/* ---------- scope ---------- */

/** Loads a person the caller may reach with this permission (the vault decision in persons.policy.ts). */
async function loadInScope(ctx: Context, permission: PersonPermission, id: string): Promise<PersonRow> {
  const row = await selectPerson(ctx.database.db, id);
  if (!row) throw notFound();
  await decidePersonAccess(ctx, row, permission);
  return row;
}

/** The identity fields the caller may see of this person (404 when none): every identity path asks this. */
async function identityFieldsFor(ctx: Context, id: string, db: Executor = ctx.database.db) {
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

/* ---------- writing ---------- */

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

function identifierRows(ctx: Context, personId: string, identity: Partial<TIdentity>): PersonIdentifierRow[] {
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

/** The version of the name keys written now; identities indexed under an older one are re-indexed at start. */
export const NAME_KEYS_VERSION = 2;

/** Keyed hashes of a person's name search tokens and duplicate-check blocking keys (aliases included). */
function personTokenHashes(ctx: Context, names: string[], birthYear: number | null): string[] {
  return personTokenStrings(names, birthYear).map((t) => ctx.keyring.blindIndex('name', t));
}

/** Keyed hashes of a name's canonical and phonetic tokens (name search). */
function _nameTokenHashes(ctx: Context, names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    const { canonical, phonetic } = nameTokens(name);
    for (const c of canonical) out.add(ctx.keyring.blindIndex('name', `c:${c}`));
    for (const p of phonetic) out.add(ctx.keyring.blindIndex('name', `p:${p}`));
  }
  return [...out];
}

/** Seals one identity field under the person's own data key (persons.keys.ts: erasure destroys that key). */
function encryptField(key: Buffer, personId: string, field: IdentityField, value: unknown): string | null {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return null;
  const plain = listFields.has(field) ? JSON.stringify(value) : String(value);
  return sealIdentityField(key, personId, columnOf[field], plain);
}

/** The person's data key, if she has one (none: erased, or written before migration 0071 and not moved yet). */
async function keyOf(ctx: Context, personId: string, db: Executor = ctx.database.db) {
  return (await personKeys(ctx, [personId], db)).get(personId);
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
  await replaceNameTokens(
    tx,
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
      await replaceNameTokens(
        tx,
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
      for (const hook of ageHooks) await hook(tx, ctx, id);
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

/* ---------- age ---------- */

/** What is recorded about a person's age, the date of birth included (from the vault). */
export interface PersonAgeFacts {
  dateOfBirth: string | null;
  birthYear: number | null;
  ageEstimated: number | null;
  ageEstimatedAt: string | null;
}

/**
 * For a module that has already checked access and must reason on age (child status, who consents): the age
 * facts. The date of birth is decrypted only to compute with; it is not shown or returned to anyone, so this
 * is not an identity reveal (Art. 44) and is not audited as one.
 */
export async function personAgeFacts(
  ctx: Context,
  id: string,
  db: Executor = ctx.database.db,
): Promise<PersonAgeFacts> {
  const [row, identity, key] = await Promise.all([selectPerson(db, id), selectIdentity(db, id), keyOf(ctx, id, db)]);
  return {
    dateOfBirth: identity ? openIdentityField(ctx, key, id, columnOf.dateOfBirth, identity.date_of_birth_enc) : null,
    birthYear: row?.birth_year ?? null,
    ageEstimated: row?.age_estimated ?? null,
    ageEstimatedAt: row?.age_estimated_at ?? row?.created_at ?? null,
  };
}

type AgeHook = (tx: Tx, ctx: Context, personId: string) => Promise<void>;
const ageHooks: AgeHook[] = [];
/** Lets a module follow a corrected age inside the same transaction (cases recompute their child flag). */
export function registerPersonAgeHook(hook: AgeHook): void {
  ageHooks.push(hook);
}

/**
 * Corrects a person's age facts (date of birth, birth year, age estimate) with a stated purpose; audited with
 * the fields changed, never their values. A date of birth also sets the birth year. Her cases' child status is
 * recomputed in the same transaction (registered hooks).
 */
export async function updatePersonAge(ctx: Context, id: string, input: TAgeUpdate) {
  const person = await loadInScope(ctx, personPermissions.updateIdentity, id);
  const { purpose, ...changes } = input;
  const fields = (Object.keys(changes) as (keyof typeof changes)[]).filter((f) => changes[f] !== undefined);
  const now = ctx.clock.now();
  const issues: FieldIssue[] = [];
  if (changes.dateOfBirth && Date.parse(changes.dateOfBirth) > now.getTime())
    issues.push({ field: 'dateOfBirth', code: 'in_future' });
  if (changes.birthYear != null && changes.birthYear > now.getUTCFullYear())
    issues.push({ field: 'birthYear', code: 'in_future' });
  if (changes.dateOfBirth && changes.birthYear != null && Number(changes.dateOfBirth.slice(0, 4)) !== changes.birthYear)
    issues.push({ field: 'birthYear', code: 'date_order' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
  await transact(ctx, async (tx) => {
    const at = now.toISOString();
    const patch: Partial<PersonRow> = { updated_at: at };
    if (changes.dateOfBirth !== undefined) {
      await updateIdentityRow(tx, id, {
        date_of_birth_enc: encryptField(await personKeyFor(tx, ctx, id), id, 'dateOfBirth', changes.dateOfBirth),
        key_version: ctx.keyring.activeKeyVersion,
        updated_at: at,
      });
      if (changes.dateOfBirth) patch.birth_year = Number(changes.dateOfBirth.slice(0, 4));
    }
    if (changes.birthYear !== undefined) patch.birth_year = changes.birthYear;
    if (changes.ageEstimated !== undefined) {
      patch.age_estimated = changes.ageEstimated;
      patch.age_estimated_at = changes.ageEstimated === null ? null : at;
    }
    await updatePersonRow(tx, id, patch);
    await appendAudit(tx, ctx, {
      action: 'persons.age.update',
      entityType: 'person',
      entityId: person.id,
      purpose,
      details: { fields },
    });
    for (const hook of ageHooks) await hook(tx, ctx, id);
  });
  const facts = await personAgeFacts(ctx, id);
  return {
    personId: id,
    dateOfBirthRecorded: facts.dateOfBirth !== null,
    birthYear: facts.birthYear,
    ageEstimated: facts.ageEstimated,
    ageEstimatedAt: facts.ageEstimated === null ? null : facts.ageEstimatedAt,
  };
}

/* ---------- duplicate check ---------- */

/** Reported from this score up. */
const MATCH_THRESHOLD = 0.6;
/** "Likely the same person" from this score up (never when the family names differ). */
const LIKELY_THRESHOLD = 0.85;
/** Postings read per blocking key, and candidates scored: the check's cost is bounded whatever the name. */
const PER_KEY_LIMIT = 200;
const MAX_CANDIDATES = 60;

export interface MatchEvidence {
  name?: ParsedName;
  birthYear?: number | null;
  sex?: string | null;
  regionCode?: string | null;
}

/**
 * How likely a recorded person is the one at intake, from names compared part by part (the recorded name and
 * its aliases, best of them) and the profile: birth year, sex, origin. A different family name caps the score
 * below the report threshold: namesakes are left alone.
 */
export function scoreCandidate(
  q: MatchEvidence,
  c: { names: ParsedName[]; birthYear: number | null; sex: string | null; regionCode: string | null },
): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let nameScore = 0;
  let familyDiffers = false;
  if (q.name) {
    let best = { score: 0, familyDiffers: false };
    for (const n of c.names) {
      const r = compareNames(q.name, n);
      if (r.score > best.score || (r.score === best.score && best.familyDiffers && !r.familyDiffers)) best = r;
    }
    nameScore = best.score;
    familyDiffers = best.familyDiffers;
    if (nameScore > 0) reasons.push('name');
  }
  let score = 0.75 * nameScore;
  if (q.birthYear && c.birthYear) {
    const diff = Math.abs(q.birthYear - c.birthYear);
    if (diff <= 2) reasons.push('birthYear');
    score += diff === 0 ? 0.12 : diff === 1 ? 0.08 : diff === 2 ? 0.02 : -0.4;
  }
  if (q.sex && c.sex) {
    if (q.sex === c.sex) {
      score += 0.03;
      reasons.push('sex');
    } else score -= 0.5;
  }
  if (q.regionCode && c.regionCode) {
    if (q.regionCode.slice(0, 2) !== c.regionCode.slice(0, 2)) score -= 0.35;
    else {
      reasons.push('origin');
      score += q.regionCode.length > 2 && q.regionCode === c.regionCode ? 0.1 : 0.06;
    }
  }
  if (familyDiffers) score = Math.min(score, MATCH_THRESHOLD - 0.1);
  return { score: Math.max(0, Math.min(1, Math.round(score * 100) / 100)), reasons: reasons.sort() };
}

/** The recorded names of candidates, decrypted in memory only to compare them (never returned or logged). */
async function candidateNames(ctx: Context, ids: string[]): Promise<Map<string, ParsedName[]>> {
  const out = new Map<string, ParsedName[]>();
  const [rows, keys] = await Promise.all([selectIdentities(ctx.database.db, ids), personKeys(ctx, ids)]);
  for (const row of rows) {
    const id = row.person_id;
    const names: string[] = [];
    const full = openIdentityField(ctx, keys.get(id), id, 'full_name_enc', row.full_name_enc);
    if (full) names.push(full);
    const aliases = openIdentityField(ctx, keys.get(id), id, 'aliases_enc', row.aliases_enc);
    if (aliases) names.push(...(JSON.parse(aliases) as string[]));
    out.set(id, names.map(parseName));
  }
  return out;
}

/**
 * Finds the same person anywhere in the instance without the database ever seeing a name: exact identifiers
 * through blind indexes; names through keyed blocking keys (name parts combined with the birth year, so a
 * common given name never opens a large candidate set; at most PER_KEY_LIMIT postings per key and
 * MAX_CANDIDATES candidates), whose recorded names are then compared part by part in memory and weighed with
 * birth year, sex and origin. A match outside the caller's scope says only which agency holds it.
 */
export async function checkDuplicates(ctx: Context, q: TDuplicateCheck): Promise<TDuplicateMatch[]> {
  const actor = requireActor(ctx);
  const scope = await requireCreatePerson(ctx);
  // Not an oracle: hourly limits per user and agency (persons.oracle.ts).
  await admitDuplicateCheck(ctx);
  const db = ctx.database.db;
  const matches = await matchDuplicates(ctx, q);
  const out: TDuplicateMatch[] = [];
  const recorded: { personId: string; holderAgencyId: string; visible: boolean }[] = [];
  for (const m of matches.slice(0, 10)) {
    const paths = await casePaths(db, m.row);
    const visible = paths.some((p) => inScope(actor, scope, { type: 'person', id: m.row.id, ...p }));
    // The agency that holds her now (the lead of her case), not the one that first recorded her.
    const [holder] = paths;
    const holderAgencyId = holder?.agencyId ?? m.row.owner_agency_id;
    recorded.push({ personId: m.row.id, holderAgencyId, visible });
    if (visible) {
      out.push({ score: m.score, likelihood: m.likelihood, reasons: m.reasons, person: toPerson(ctx, m.row) });
    } else {
      const agency = await findActiveAgency(ctx, holderAgencyId);
      // Outside scope: only who holds a possible match — not why it matched (a NIK or phone "hit" would
      // itself reveal that the identifier is on record elsewhere).
      out.push({
        heldBy: {
          agencyId: holderAgencyId,
          agencyName: agency?.name ?? '',
          contactPhone: agency?.contactPhone ?? null,
          contactEmail: agency?.contactEmail ?? null,
        },
      });
    }
  }
  await recordDuplicateCheck(ctx, q, recorded);
  return out;
}

export interface DuplicateMatchInternal {
  row: PersonRow;
  score: number;
  likelihood: 'likely' | 'possible';
  reasons: string[];
}

/**
 * The matching itself, across the whole instance and without access checks or audit (the caller,
 * checkDuplicates, does both): the persons at or above the report threshold, best first.
 */
export async function matchDuplicates(ctx: Context, q: TDuplicateCheck): Promise<DuplicateMatchInternal[]> {
  const db = ctx.database.db;
  const exact = new Map<string, Set<string>>();
  const identifiers = identifierRows(ctx, '', q).map(({ kind, bidx }) => ({ kind, bidx }));
  for (const hit of await selectByIdentifiers(db, identifiers)) {
    exact.set(hit.person_id, (exact.get(hit.person_id) ?? new Set()).add(hit.kind));
  }

  const name = q.fullName ? parseName(q.fullName) : undefined;
  const weights = new Map<string, number>();
  if (q.fullName) {
    const keys = checkKeyStrings(q.fullName, q.birthYear);
    const byHash = new Map<string, number>();
    for (const [key, weight] of keys) byHash.set(ctx.keyring.blindIndex('name', key), weight);
    for (const hit of await selectByBlockingKeys(db, [...byHash.keys()], PER_KEY_LIMIT)) {
      weights.set(hit.person_id, (weights.get(hit.person_id) ?? 0) + (byHash.get(hit.token) ?? 1));
    }
  }
  const byName = [...weights.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_CANDIDATES)
    .map(([id]) => id);
  const ids = [...new Set([...exact.keys(), ...byName])];
  const [persons, names] = await Promise.all([
    selectPersons(db, ids),
    name ? candidateNames(ctx, byName) : Promise.resolve(new Map<string, ParsedName[]>()),
  ]);

  const matches: DuplicateMatchInternal[] = [];
  for (const row of persons) {
    const kinds = exact.get(row.id);
    if (kinds) {
      matches.push({ row, score: 1, likelihood: 'likely', reasons: [...kinds].sort() });
      continue;
    }
    const { score, reasons } = scoreCandidate(
      { name, birthYear: q.birthYear, sex: q.sex, regionCode: q.regionCode },
      { names: names.get(row.id) ?? [], birthYear: row.birth_year, sex: row.sex, regionCode: row.region_code },
    );
    if (score >= MATCH_THRESHOLD)
      matches.push({ row, score, likelihood: score >= LIKELY_THRESHOLD ? 'likely' : 'possible', reasons });
  }
  return matches.sort((a, b) => b.score - a.score || (a.row.id < b.row.id ? -1 : 1));
}

/**
 * Re-indexes identities whose name keys an older version wrote (or none: rows from before migration 0050),
 * in batches: names decrypted in memory, new keyed tokens written. Idempotent; run at start.
 */
export async function refreshNameKeys(
  ctx: Context,
  onProgress?: (done: number) => void,
  batch = 1000,
): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await selectStaleNameKeys(ctx.database.db, NAME_KEYS_VERSION, batch);
    if (rows.length === 0) return done;
    const keys = await personKeys(
      ctx,
      rows.map((r) => r.person_id),
    );
    await transact(ctx, async (tx) => {
      for (const r of rows) {
        const id = r.person_id;
        const names: string[] = [];
        const full = openIdentityField(ctx, keys.get(id), id, 'full_name_enc', r.full_name_enc);
        if (full) names.push(full);
        const aliases = openIdentityField(ctx, keys.get(id), id, 'aliases_enc', r.aliases_enc);
        if (aliases) names.push(...(JSON.parse(aliases) as string[]));
        await replaceNameTokens(tx, id, personTokenHashes(ctx, names, r.birth_year));
        await updateIdentityRow(tx, id, { name_keys_version: NAME_KEYS_VERSION });
      }
    });
    done += rows.length;
    onProgress?.(done);
  }
}

/** Up to this many persons, a name search hands over their ids; beyond, a condition the list checks per row. */
const NAME_IDS_LIMIT = 2000;
/** A single name part (Siti) hands over up to this many ids: a page of a list is cheaper from them than by walking. */
const SINGLE_PART_IDS_LIMIT = 10_000;

/** Per name part of the query: the keyed hashes of its canonical spelling and of its sound. */
function nameSearchGroups(ctx: Context, name: string): string[][] {
  const parsed = parseName(name);
  return [...parsed.parts, ...parsed.patronymic].map((p) => [
    ctx.keyring.blindIndex('name', `c:${p.canonical}`),
    ...(p.phonetic.length >= 2 ? [ctx.keyring.blindIndex('name', `p:${p.phonetic}`)] : []),
  ]);
}

export type PersonNameFilter =
  | { kind: 'ids'; ids: string[] }
  /** For a common name: a condition on the list's person id column, checked row by row as the list walks its index. */
  | { kind: 'condition'; condition: (personIdColumn: string) => RawBuilder<boolean> };

/**
 * Name search through vault tokens (no plaintext): persons whose name has every part of the query, by
 * spelling or sound. A rare name gives the (few) person ids; a name too common for that (Siti) gives a
 * condition the caller's list checks per row, so the list walks its own index and stops at a page.
 */
export async function personNameFilter(ctx: Context, name: string): Promise<PersonNameFilter> {
  const groups = nameSearchGroups(ctx, name);
  if (groups.length === 0) return { kind: 'ids', ids: [] };
  const db = ctx.database.db;
  // Two parts or more: the pair keys of the duplicate check (two parts by sound, any year) are far more
  // selective than either part alone (Sri Rahayu against every Sri).
  const parsed = parseName(name);
  const sounds = [...new Set(parsed.parts.map((p) => p.phonetic))].slice(0, 3);
  let best: { token: string; n: number } | undefined;
  for (let i = 0; i < sounds.length; i++)
    for (let j = i + 1; j < sounds.length; j++) {
      const [a, b] = [sounds[i]!, sounds[j]!].sort();
      const token = ctx.keyring.blindIndex('name', `n:${a}|${b}`);
      const n = await countTokenPostings(db, [token], NAME_IDS_LIMIT + 1);
      // A pair nobody carries proves nothing (identities indexed before pair keys, or a part spelt apart):
      // fall through to the parts themselves rather than answer "no one".
      if (n > 0 && (!best || n < best.n)) best = { token, n };
    }
  if (best && best.n <= NAME_IDS_LIMIT) {
    return { kind: 'ids', ids: await selectPersonIdsWithTokens(db, [best.token], groups, NAME_IDS_LIMIT) };
  }
  // The rarest part drives: its postings (capped) tell whether ids or a condition is cheaper.
  let rarest = groups[0]!;
  let rarestCount = Number.POSITIVE_INFINITY;
  for (const g of groups) {
    const n = await countTokenPostings(db, g, SINGLE_PART_IDS_LIMIT + 1);
    if (n < rarestCount) {
      rarest = g;
      rarestCount = n;
    }
  }
  if (rarestCount <= SINGLE_PART_IDS_LIMIT) {
    const others = groups.filter((g) => g !== rarest);
    return { kind: 'ids', ids: await selectPersonIdsWithTokens(db, rarest, others, SINGLE_PART_IDS_LIMIT) };
  }
  return { kind: 'condition', condition: (column) => personHasTokensCondition(column, groups) };
}

/** Person ids whose name shares tokens with the query (for name search within scope; capped). */
export async function findPersonIdsByName(ctx: Context, name: string): Promise<string[]> {
  const groups = nameSearchGroups(ctx, name);
  if (groups.length === 0) return [];
  return selectPersonIdsWithTokens(ctx.database.db, groups[0]!, groups.slice(1), NAME_IDS_LIMIT);
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

/** Break-the-glass resolver for person records. */
export async function resolvePersonResource(
  db: Executor,
  id: string,
  supervisorsOf: (agencyId: string) => Promise<string[]>,
) {
  const row = await selectPerson(db, id);
  if (!row) return undefined;
  // The agency that leads her (first) case now; break-the-glass alerts its supervisors.
  const [lead] = await casePaths(db, row);
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
