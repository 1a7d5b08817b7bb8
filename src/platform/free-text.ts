import type { Kysely } from 'kysely';
import type { KeyRing } from './crypto.js';
import type { Executor } from './db/index.js';

/**
 * The second half of migration 0070 (a migration has no key ring): free text written in the clear before it
 * (task titles, break-the-glass reasons) is encrypted into its `_enc` column and the plaintext column emptied,
 * in keyset batches, one transaction per batch. Idempotent; the server runs it right after the key ring opens,
 * so no plaintext outlives the first start after upgrading.
 */
export const plaintextColumns = [
  { table: 'case_tasks', plain: 'title', enc: 'title_enc' },
  { table: 'access_grants', plain: 'reason', enc: 'reason_enc' },
] as const;

export async function encryptLegacyFreeText(db: Executor, keyring: KeyRing, batch = 500): Promise<number> {
  // biome-ignore lint/suspicious/noExplicitAny: the tables are named at runtime
  const k = db as Kysely<any>;
  let done = 0;
  for (const c of plaintextColumns) {
    for (;;) {
      const rows: { id: string; text: string }[] = await k
        .selectFrom(c.table)
        .select(['id', `${c.plain} as text`])
        .where(c.enc, 'is', null)
        .where(c.plain, '<>', '')
        .orderBy('id')
        .limit(batch)
        .execute();
      if (rows.length === 0) break;
      await k.transaction().execute(async (tx) => {
        for (const r of rows) {
          await tx
            .updateTable(c.table)
            .set({ [c.enc]: keyring.encrypt(c.table, c.enc, r.id, r.text), [c.plain]: '' })
            .where('id', '=', r.id)
            .where(c.enc, 'is', null)
            .execute();
        }
      });
      done += rows.length;
    }
  }
  return done;
}
