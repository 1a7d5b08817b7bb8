/** A person's age facts (date of birth, birth year, estimate) and their correction, with the hooks that follow it. */

import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';
import { openIdentityField, PERSON_KEYS_TABLE, personKeyFor } from './persons.keys.js';
import { personPermissions } from './persons.policy.js';
import type { TAgeUpdate, TPerson } from './persons.schema.js';
import {
  type PersonRow,
  selectIdentity,
  selectPerson,
  selectPersonWithBirthDate,
  updateIdentityRow,
  updatePersonRow,
} from './persons.store.js';
import { columnOf, encryptField, keyOf, loadInScope, toPerson } from './persons.vault.js';

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

/**
 * The masked person and her age facts together, in one query (the case file shows the one and reasons on the
 * other): as personById and personAgeFacts, for a module that has already checked access.
 */
export async function personWithAgeFacts(
  ctx: Context,
  id: string,
  db: Executor = ctx.database.db,
): Promise<{ person: TPerson | undefined; age: PersonAgeFacts }> {
  const r = await selectPersonWithBirthDate(db, id);
  if (!r)
    return { person: undefined, age: { dateOfBirth: null, birthYear: null, ageEstimated: null, ageEstimatedAt: null } };
  const { vault_date_of_birth_enc: dob, vault_key_enc: wrapped, ...row } = r;
  const key = wrapped && dob ? ctx.keyring.unwrapSubjectKey(PERSON_KEYS_TABLE, id, wrapped) : undefined;
  return {
    person: toPerson(ctx, row),
    age: {
      dateOfBirth: openIdentityField(ctx, key, id, columnOf.dateOfBirth, dob),
      birthYear: row.birth_year ?? null,
      ageEstimated: row.age_estimated ?? null,
      ageEstimatedAt: row.age_estimated_at ?? row.created_at ?? null,
    },
  };
}

/** A module follows a corrected age inside the same transaction (cases recompute their child flag). */
export type PersonAgeHook = (tx: Tx, ctx: Context, personId: string) => Promise<void>;

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
    for (const hook of ctx.hooks.all('persons.ageChanged')) await hook(tx, ctx, id);
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
