import type { Context, Tx } from '../../platform/context.js';
import { destroyPersonKey, personKeys } from './persons.keys.js';
import { writeNameTokens } from './persons.names.js';
import { identityFields, type TIdentity, type TPerson } from './persons.schema.js';
import { decryptIdentity } from './persons.service.js';
import {
  replaceIdentifiers,
  selectIdentity,
  selectPerson,
  updateIdentityRow,
  updatePersonRow,
} from './persons.store.js';
import { toPerson } from './persons.vault.js';

/**
 * The vault's side of data-subject requests (Law 27/2022 Art. 5–15). The privacy module decides and audits;
 * these only read or destroy the vault's own rows.
 */

/** Everything the vault holds about a person, identity included, for her access request (the caller audits). */
export async function personForSubjectExport(
  ctx: Context,
  personId: string,
): Promise<{ person: TPerson; identity: Partial<TIdentity> } | undefined> {
  const row = await selectPerson(ctx.database.db, personId);
  if (!row) return undefined;
  const identity = await selectIdentity(ctx.database.db, personId);
  const key = (await personKeys(ctx, [personId])).get(personId);
  return {
    person: toPerson(ctx, row),
    identity: identity ? decryptIdentity(ctx, personId, identity, identityFields, key) : {},
  };
}

/**
 * What other modules destroy of a person in the same erasure transaction (attachments: her files). Sealed under
 * her key they are unreadable once it goes; the hooks also end what an older format left under the instance key.
 */
export type PersonErasureHook = (tx: Tx, ctx: Context, personId: string) => Promise<void>;

/**
 * Erases a person's identity inside the caller's transaction by crypto-shredding (Law 27/2022 Art. 8, 16): her
 * data key is destroyed, so every copy of her identity ciphertext is unreadable from the commit on; the vault
 * columns, the blind indexes (NIK, passport, phone) and the name tokens go too, and the pseudonymous row keeps
 * only what statistics need (sex, birth year, region). Nothing left can be decrypted or matched to her.
 * Returns whether a key was destroyed (false for an identity still under the instance key: its columns go).
 */
export async function erasePersonIdentity(tx: Tx, ctx: Context, personId: string): Promise<boolean> {
  const shredded = await destroyPersonKey(tx, personId);
  for (const hook of ctx.hooks.all('persons.erasure')) await hook(tx, ctx, personId);
  await updateIdentityRow(tx, personId, {
    full_name_enc: null,
    aliases_enc: null,
    date_of_birth_enc: null,
    nik_enc: null,
    passport_enc: null,
    phones_enc: null,
    address_enc: null,
    updated_at: ctx.clock.now().toISOString(),
  });
  await replaceIdentifiers(tx, personId, [], ['nik', 'passport', 'phone']);
  await writeNameTokens(tx, ctx, personId, []);
  await updatePersonRow(tx, personId, { initials: null, updated_at: ctx.clock.now().toISOString() });
  return shredded;
}
