import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { inScope, requireAccess, requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { findActiveAgency } from '../agencies/index.js';
import { findRegion, isCountryCode } from '../reference/index.js';
import { nameTokens } from './name-tokens.js';
import { admitDuplicateCheck, recordDuplicateCheck } from './persons.oracle.js';
import { casePaths, decidePersonAccess } from './persons.policy.js';
import type {
  IdentityField,
  TDuplicateCheck,
  TDuplicateMatch,
  TIdentity,
  TPerson,
  TPersonCreate,
  TProfile,
} from './persons.schema.js';
import {
  insertPerson,
  type PersonIdentifierRow,
  type PersonIdentityRow,
  type PersonRow,
  replaceIdentifiers,
  replaceNameTokens,
  selectByIdentifiers,
  selectByNameTokens,
  selectIdentity,
  selectPerson,
  selectPersons,
  selectTokenCounts,
  updateIdentityRow,
  updatePersonRow,
} from './persons.store.js';

/** The identity vault's encrypted columns, for key rotation. */
export const personEncryptedColumns: EncryptedColumnSet = {
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
};

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
async function loadInScope(ctx: Context, permission: string, id: string): Promise<PersonRow> {
  const row = await selectPerson(ctx.database.db, id);
  if (!row) throw notFound();
  await decidePersonAccess(ctx, row, permission);
  return row;
}

/** The identity fields the caller may see of this person (404 when none): every identity path asks this. */
async function identityFieldsFor(ctx: Context, id: string, db: Executor = ctx.database.db) {
  const row = await selectPerson(db, id);
  if (!row) throw notFound();
  return (await decidePersonAccess(ctx, row, 'persons.identity.reveal', { identity: true, db })).fields;
}

/**
 * For another module's identity path (identity documents, photos, exports): 404 unless the vault decision
 * lets the caller see this person's identity.
 */
export async function requireIdentityAccess(
  ctx: Context,
  personId: string,
  db: Executor = ctx.database.db,
): Promise<void> {
  await identityFieldsFor(ctx, personId, db);
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

/** Keyed hashes of a name's canonical and phonetic tokens (aliases included). */
function nameTokenHashes(ctx: Context, names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    const { canonical, phonetic } = nameTokens(name);
    for (const c of canonical) out.add(ctx.keyring.blindIndex('name', `c:${c}`));
    for (const p of phonetic) out.add(ctx.keyring.blindIndex('name', `p:${p}`));
  }
  return [...out];
}

function encryptField(ctx: Context, personId: string, field: IdentityField, value: unknown): string | null {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return null;
  const plain = listFields.has(field) ? JSON.stringify(value) : String(value);
  return ctx.keyring.encrypt('person_identities', columnOf[field], personId, plain);
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
  const identityRow: PersonIdentityRow = {
    person_id: id,
    full_name_enc: encryptField(ctx, id, 'fullName', identity.fullName),
    aliases_enc: encryptField(ctx, id, 'aliases', identity.aliases),
    date_of_birth_enc: encryptField(ctx, id, 'dateOfBirth', identity.dateOfBirth),
    nik_enc: encryptField(ctx, id, 'nik', identity.nik),
    passport_enc: encryptField(ctx, id, 'passportNumber', identity.passportNumber),
    phones_enc: encryptField(ctx, id, 'phones', identity.phones),
    address_enc: encryptField(ctx, id, 'address', identity.address),
    key_version: ctx.keyring.activeKeyVersion,
    updated_at: now,
  };
  await insertPerson(tx, person, identityRow);
  await replaceIdentifiers(tx, id, identifierRows(ctx, id, identity), []);
  await replaceNameTokens(tx, id, nameTokenHashes(ctx, [identity.fullName, ...(identity.aliases ?? [])]));
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
  await requireAccess(ctx, 'persons.create');
  return transact(ctx, (tx) => insertPersonRecord(tx, ctx, input, actor.agencyId));
}

/** The masked view: pseudonym, initials and profile, never identity. */
export async function getPerson(ctx: Context, id: string): Promise<TPerson> {
  return toPerson(ctx, await loadInScope(ctx, 'persons.read', id));
}

/** Which identity fields are on record (no values): what a reveal could show. */
export async function getIdentityPresence(ctx: Context, id: string) {
  const row = await loadInScope(ctx, 'persons.read', id);
  const identity = await selectIdentity(ctx.database.db, id);
  const present = (Object.keys(columnOf) as IdentityField[]).filter((f) => identity?.[columnOf[f]] != null);
  return { personId: id, initials: row.initials, present };
}

function decryptIdentity(ctx: Context, id: string, row: PersonIdentityRow, fields: readonly IdentityField[]) {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = ctx.keyring.decryptNullable(
      'person_identities',
      columnOf[field],
      id,
      row[columnOf[field]] as string | null,
    );
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
  const out = decryptIdentity(ctx, id, row, fields);
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
  return decryptIdentity(ctx, id, row, fields);
}

/** Corrects identity fields (with a purpose); re-indexes identifiers and name tokens; audited with the fields changed. */
export async function updateIdentity(ctx: Context, id: string, input: Partial<TIdentity> & { purpose: string }) {
  const person = await loadInScope(ctx, 'persons.identity.update', id);
  const { purpose, ...changes } = input;
  const fields = (Object.keys(changes) as IdentityField[]).filter((f) => changes[f] !== undefined);
  if (fields.length === 0)
    throw new AppError('validation', 'validation', {}, [{ field: 'fullName', code: 'required' }]);
  await transact(ctx, async (tx) => {
    const current = await selectIdentity(tx, id);
    if (!current) throw notFound();
    const patch: Partial<PersonIdentityRow> = {
      updated_at: ctx.clock.now().toISOString(),
      key_version: ctx.keyring.activeKeyVersion,
    };
    for (const f of fields) (patch as Record<string, unknown>)[columnOf[f]] = encryptField(ctx, id, f, changes[f]);
    await updateIdentityRow(tx, id, patch);
    const merged = {
      ...decryptIdentity(ctx, id, current, ['fullName', 'aliases', 'nik', 'passportNumber', 'phones']),
      ...changes,
    };
    await replaceIdentifiers(tx, id, identifierRows(ctx, id, merged), ['nik', 'passport', 'phone']);
    if (merged.fullName)
      await replaceNameTokens(tx, id, nameTokenHashes(ctx, [merged.fullName, ...(merged.aliases ?? [])]));
    if (changes.fullName) {
      await updatePersonRow(tx, id, { initials: initialsOf(changes.fullName), updated_at: patch.updated_at! });
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

/* ---------- duplicate check ---------- */

const MATCH_THRESHOLD = 0.6;

/**
 * Finds the same person anywhere in the instance without comparing plaintext: exact identifiers through
 * blind indexes, names through keyed canonical and phonetic tokens, weighed with birth year, sex and origin.
 * A match outside the caller's scope says only which agency holds it (never the record).
 */
export async function checkDuplicates(ctx: Context, q: TDuplicateCheck): Promise<TDuplicateMatch[]> {
  const actor = requireActor(ctx);
  const scope = await requireAccess(ctx, 'persons.create');
  // Not an oracle: hourly limits per user and agency (persons.oracle.ts).
  await admitDuplicateCheck(ctx);
  const db = ctx.database.db;
  const candidates = new Map<string, { score: number; reasons: Set<string> }>();
  const bump = (id: string, score: number, reason: string) => {
    const c = candidates.get(id) ?? { score: 0, reasons: new Set<string>() };
    c.score = Math.max(c.score, score);
    c.reasons.add(reason);
    candidates.set(id, c);
  };

  const identifiers = identifierRows(ctx, '', q).map(({ kind, bidx }) => ({ kind, bidx }));
  for (const hit of await selectByIdentifiers(db, identifiers)) bump(hit.person_id, 1, hit.kind);

  const queryTokens = q.fullName ? nameTokenHashes(ctx, [q.fullName]) : [];
  if (queryTokens.length > 0) {
    const hits = await selectByNameTokens(db, queryTokens);
    const counts = await selectTokenCounts(
      db,
      hits.map((h) => h.person_id),
    );
    for (const h of hits) {
      const shared = Number(h.shared);
      // Share of tokens in common, measured against the shorter name so a missing given name still matches.
      const similarity = shared / Math.max(1, Math.min(queryTokens.length, counts.get(h.person_id) ?? shared));
      if (similarity >= 0.5) bump(h.person_id, similarity * 0.75, 'name');
    }
  }

  const persons = await selectPersons(db, [...candidates.keys()]);
  const matches: { row: PersonRow; score: number; reasons: string[] }[] = [];
  for (const row of persons) {
    const c = candidates.get(row.id)!;
    let score = c.score;
    if (!c.reasons.has('nik') && !c.reasons.has('passport') && !c.reasons.has('phone')) {
      if (q.birthYear && row.birth_year) {
        const diff = Math.abs(q.birthYear - row.birth_year);
        if (diff <= 1) {
          score += 0.15;
          c.reasons.add('birthYear');
        } else if (diff > 3) score -= 0.3;
      }
      if (q.sex && row.sex) {
        if (q.sex === row.sex) {
          score += 0.05;
          c.reasons.add('sex');
        } else score -= 0.3;
      }
      if (q.regionCode && row.region_code && q.regionCode.slice(0, 2) === row.region_code.slice(0, 2)) {
        score += 0.1;
        c.reasons.add('origin');
      }
    }
    if (score >= MATCH_THRESHOLD)
      matches.push({ row, score: Math.min(1, Math.round(score * 100) / 100), reasons: [...c.reasons].sort() });
  }
  matches.sort((a, b) => b.score - a.score);

  const out: TDuplicateMatch[] = [];
  const recorded: { personId: string; holderAgencyId: string; visible: boolean }[] = [];
  for (const m of matches.slice(0, 10)) {
    const visible = (await casePaths(db, m.row)).some((p) =>
      inScope(actor, scope, { type: 'person', id: m.row.id, ...p }),
    );
    // The agency that holds her now (the lead of her case), not the one that first recorded her.
    const [holder] = await casePaths(db, m.row);
    const holderAgencyId = holder?.agencyId ?? m.row.owner_agency_id;
    recorded.push({ personId: m.row.id, holderAgencyId, visible });
    if (visible) {
      out.push({ score: m.score, reasons: m.reasons, person: toPerson(ctx, m.row) });
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

/** Person ids whose name shares tokens with the query (for name search within scope). */
export async function findPersonIdsByName(ctx: Context, name: string): Promise<string[]> {
  const tokens = nameTokenHashes(ctx, [name]);
  const hits = await selectByNameTokens(ctx.database.db, tokens, 500);
  const need = Math.max(1, Math.ceil(tokens.length / 2));
  return hits.filter((h) => Number(h.shared) >= need).map((h) => h.person_id);
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
