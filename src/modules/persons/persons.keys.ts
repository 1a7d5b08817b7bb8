import { sql } from 'kysely';
import type { Context, Tx } from '../../platform/context.js';
import { KeyRing } from '../../platform/crypto.js';
import { type Executor, tables } from '../../platform/db/index.js';

/**
 * One data key per person (migration 0071): her identity fields are sealed under it, and the key is stored
 * wrapped by the instance's field key. Erasure destroys the key row (crypto-shredding, Law 27/2022 Art. 8, 16):
 * every copy of her identity ciphertext — the vault row, a dead tuple PostgreSQL has not vacuumed yet, a SQLite
 * free page, a replica — is unreadable from then on, without hunting the copies down.
 */

interface PersonKeyRow {
  person_id: string;
  key_enc: string;
  created_at: string;
}
const t = (db: Executor) => tables<{ person_data_keys: PersonKeyRow }>(db);
/** The table of the wrapped person keys (the AAD of each wrapped key names it). */
export const PERSON_KEYS_TABLE = 'person_data_keys';
const TABLE = PERSON_KEYS_TABLE;
const aad = (column: string, personId: string) => `person_identities.${column}.${personId}`;

/** The person data keys' wrapped column, for key rotation (the identity fields themselves need none). */
export const personKeyEncryptedColumns = { table: TABLE, idColumn: 'person_id', columns: ['key_enc'] };

/** The person's key, created inside the caller's transaction when she has none yet. */
export async function personKeyFor(tx: Tx, ctx: Context, personId: string): Promise<Buffer> {
  const row = await t(tx).selectFrom(TABLE).select('key_enc').where('person_id', '=', personId).executeTakeFirst();
  if (row) return ctx.keyring.unwrapSubjectKey(TABLE, personId, row.key_enc);
  const { key, wrapped } = ctx.keyring.newSubjectKey(TABLE, personId);
  await t(tx)
    .insertInto(TABLE)
    .values({ person_id: personId, key_enc: wrapped, created_at: ctx.clock.now().toISOString() })
    .execute();
  return key;
}

/** The keys of these persons (those without one are erased, or still under the instance key). */
export async function personKeys(ctx: Context, ids: string[], db: Executor = ctx.database.db) {
  const out = new Map<string, Buffer>();
  if (ids.length === 0) return out;
  const rows = await t(db).selectFrom(TABLE).selectAll().where('person_id', 'in', ids).execute();
  for (const r of rows) out.set(r.person_id, ctx.keyring.unwrapSubjectKey(TABLE, r.person_id, r.key_enc));
  return out;
}

/** Destroys the person's key inside the caller's transaction; true when there was one. */
export async function destroyPersonKey(tx: Tx, personId: string): Promise<boolean> {
  const r = await t(tx).deleteFrom(TABLE).where('person_id', '=', personId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function sealIdentityField(key: Buffer, personId: string, column: string, plain: string): string {
  return KeyRing.sealWithSubjectKey(key, aad(column, personId), plain);
}

/**
 * Opens one identity field: under the person's key, or (written before migration 0071 and not moved yet) under
 * the instance key. A field sealed under a key that no longer exists reads as nothing: she was erased.
 */
export function openIdentityField(
  ctx: Context,
  key: Buffer | undefined,
  personId: string,
  column: string,
  value: string | null | undefined,
): string | null {
  if (value == null) return null;
  if (!KeyRing.isSubjectSealed(value)) return ctx.keyring.decrypt('person_identities', column, personId, value);
  return key ? KeyRing.openWithSubjectKey(key, aad(column, personId), value) : null;
}

const COLUMNS = [
  'full_name_enc',
  'aliases_enc',
  'date_of_birth_enc',
  'nik_enc',
  'passport_enc',
  'phones_enc',
  'address_enc',
] as const;

/**
 * Moves identities written before migration 0071 under their person's own key, in batches (the server runs it
 * at start; idempotent). An identity still under the instance key is recognised by its full name's "v" prefix.
 */
export async function moveIdentitiesUnderPersonKeys(ctx: Context, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = (
      await sql<Record<(typeof COLUMNS)[number] | 'person_id', string | null>>`select person_id, ${sql.join(
        COLUMNS.map((c) => sql.ref(c)),
      )} from person_identities where full_name_enc like ${'v%'} order by person_id limit ${batch}`.execute(
        ctx.database.db,
      )
    ).rows;
    if (rows.length === 0) return done;
    await ctx.database.db.transaction().execute(async (tx) => {
      for (const r of rows) {
        const personId = r.person_id as string;
        const key = await personKeyFor(tx, ctx, personId);
        const patch: Record<string, string | null> = {};
        for (const c of COLUMNS) {
          const plain = openIdentityField(ctx, undefined, personId, c, r[c]);
          patch[c] = plain === null ? null : sealIdentityField(key, personId, c, plain);
        }
        await sql`update person_identities set ${sql.join(
          COLUMNS.map((c) => sql`${sql.ref(c)} = ${patch[c]}`),
        )} where person_id = ${personId}`.execute(tx);
      }
    });
    done += rows.length;
  }
}
