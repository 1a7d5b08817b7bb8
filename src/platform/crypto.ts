import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Executor } from './db/index.js';
import { tables } from './db/index.js';

/** Identity vault crypto (Law 21/2007 Art. 44): AES-256-GCM fields, HMAC blind indexes, versioned data keys. */

interface DataKeyRow {
  version: number;
  /** audit: keys the audit chain's hashes (platform/audit.ts). */
  purpose: 'field' | 'index' | 'audit';
  wrapped_key: string;
  master_key_id: string;
  status: 'active' | 'retired';
  created_at: string;
}
type CryptoTables = { data_keys: DataKeyRow };

const KEY_BYTES = 32;
const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/** The version field of bytes sealed under a data subject's key; instance key versions count up from 1. */
const SUBJECT_BYTES = 0xffff;

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${b64(iv)}.${b64(ct)}.${b64(cipher.getAuthTag())}`;
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [iv, ct, tag] = sealed.split('.');
  if (!iv || ct === undefined || !tag) throw new Error('Malformed ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', key, unb64(iv));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(unb64(tag));
  return Buffer.concat([decipher.update(unb64(ct)), decipher.final()]);
}

/** Reads the master key from the environment, or from the key file (created with mode 0600 on first start). */
export function loadMasterKey(options: { masterKey?: string; masterKeyFile: string }): Buffer {
  if (options.masterKey) {
    const key = Buffer.from(
      options.masterKey,
      options.masterKey.includes('-') || options.masterKey.includes('_') ? 'base64url' : 'base64',
    );
    if (key.length !== KEY_BYTES) throw new Error('PULIH_MASTER_KEY must decode to exactly 32 bytes');
    return key;
  }
  const file = options.masterKeyFile;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`PULIH_MASTER_KEY_FILE (${file}) must hold 32 bytes, base64 encoded`);
  return key;
}

/** Writes a new master key file atomically (mode 0600) and returns the key. */
export function writeMasterKeyFile(file: string, key: Buffer): void {
  const tmp = `${file}.new`;
  writeFileSync(tmp, `${key.toString('base64')}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

const masterKeyId = (master: Buffer) => createHash('sha256').update(master).digest('hex').slice(0, 16);
const wrapAad = (version: number, purpose: string) => `pulih:data-key:${version}:${purpose}`;

/** The unwrapped data keys of this instance. Field ciphertexts carry their key version. */
export class KeyRing {
  private constructor(
    private readonly fieldKeys: Map<number, Buffer>,
    private activeVersion: number,
    private readonly indexKey: Buffer,
    /**
     * Keys the audit chain's hashes (platform/audit.ts). Stored only wrapped by the master key, so an operator
     * with database rights alone cannot recompute a chain that verifies; a master key rotation re-wraps it.
     */
    readonly auditKey: Buffer,
  ) {}

  /** Loads (or on first start creates) the data keys, unwrapping them with the master key. */
  static async open(db: Executor, master: Buffer, now: Date): Promise<KeyRing> {
    const k = tables<CryptoTables>(db);
    let rows = await k.selectFrom('data_keys').selectAll().orderBy('version').execute();
    if (rows.length === 0) {
      await k.transaction().execute(async (tx) => {
        for (const [version, purpose] of [
          [1, 'field'],
          [2, 'index'],
        ] as const) {
          await tx
            .insertInto('data_keys')
            .values({
              version,
              purpose,
              wrapped_key: seal(master, randomBytes(KEY_BYTES), wrapAad(version, purpose)),
              master_key_id: masterKeyId(master),
              status: 'active',
              created_at: now.toISOString(),
            })
            .execute();
        }
      });
      rows = await k.selectFrom('data_keys').selectAll().orderBy('version').execute();
    }
    if (!rows.some((r) => r.purpose === 'audit')) {
      // Databases from before the keyed audit chain get their audit key on the first start after upgrading.
      const version = Math.max(0, ...rows.map((r) => Number(r.version))) + 1;
      await k
        .insertInto('data_keys')
        .values({
          version,
          purpose: 'audit',
          wrapped_key: seal(master, randomBytes(KEY_BYTES), wrapAad(version, 'audit')),
          master_key_id: masterKeyId(master),
          status: 'active',
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      rows = await k.selectFrom('data_keys').selectAll().orderBy('version').execute();
    }
    const id = masterKeyId(master);
    const fieldKeys = new Map<number, Buffer>();
    let indexKey: Buffer | undefined;
    let auditKey: Buffer | undefined;
    let active = 0;
    for (const row of rows) {
      if (row.master_key_id !== id) {
        throw new Error(
          'The master key does not match this database (PULIH_MASTER_KEY / PULIH_MASTER_KEY_FILE is wrong)',
        );
      }
      const key = open(master, row.wrapped_key, wrapAad(row.version, row.purpose));
      if (row.purpose === 'index') indexKey = key;
      else if (row.purpose === 'audit') auditKey ??= key;
      else {
        fieldKeys.set(row.version, key);
        if (row.status === 'active') active = Math.max(active, row.version);
      }
    }
    if (!indexKey || !auditKey || active === 0) throw new Error('The key ring is incomplete');
    return new KeyRing(fieldKeys, active, indexKey, auditKey);
  }

  get activeKeyVersion(): number {
    return this.activeVersion;
  }

  /** Encrypts one field; table, column and row id are bound in as associated data. */
  encrypt(table: string, column: string, rowId: string, plaintext: string): string {
    const key = this.fieldKeys.get(this.activeVersion) as Buffer;
    return `v${this.activeVersion}.${seal(key, Buffer.from(plaintext, 'utf8'), `${table}.${column}.${rowId}`)}`;
  }

  /** Decrypts a field written by encrypt() for the same table, column and row. */
  decrypt(table: string, column: string, rowId: string, value: string): string {
    const dot = value.indexOf('.');
    const version = Number(value.slice(1, dot));
    const key = this.fieldKeys.get(version);
    if (!key) throw new Error(`Unknown data key version ${version}`);
    return open(key, value.slice(dot + 1), `${table}.${column}.${rowId}`).toString('utf8');
  }

  encryptNullable(table: string, column: string, rowId: string, plaintext: string | null | undefined) {
    return plaintext == null || plaintext === '' ? null : this.encrypt(table, column, rowId, plaintext);
  }

  decryptNullable(table: string, column: string, rowId: string, value: string | null | undefined) {
    return value == null ? null : this.decrypt(table, column, rowId, value);
  }

  /**
   * A new data key of one data subject (crypto-shredding, Law 27/2022 Art. 16): the raw key and its stored form,
   * wrapped by the active field key (so key rotation re-wraps it like any field). Destroying the stored form
   * makes everything sealed under the key unreadable.
   */
  newSubjectKey(table: string, rowId: string): { key: Buffer; wrapped: string } {
    const key = randomBytes(KEY_BYTES);
    return { key, wrapped: this.encrypt(table, 'key_enc', rowId, b64(key)) };
  }

  unwrapSubjectKey(table: string, rowId: string, wrapped: string): Buffer {
    return unb64(this.decrypt(table, 'key_enc', rowId, wrapped));
  }

  /** Seals a field under a data subject's own key ("s1." marks it; the key version is the subject key's). */
  static sealWithSubjectKey(key: Buffer, aad: string, plaintext: string): string {
    return `s1.${seal(key, Buffer.from(plaintext, 'utf8'), aad)}`;
  }

  static openWithSubjectKey(key: Buffer, aad: string, value: string): string {
    return open(key, value.slice(3), aad).toString('utf8');
  }

  static isSubjectSealed(value: string): boolean {
    return value.startsWith('s1.');
  }

  /**
   * Binary content sealed under a data subject's own key (her identity documents and photos): the version field
   * holds SUBJECT_BYTES (no instance key has it), then iv, tag and ciphertext as encryptBytes writes them.
   * Destroying her key (erasure) leaves these bytes unreadable wherever a copy sits.
   */
  static sealBytesWithSubjectKey(key: Buffer, aad: string, plaintext: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const header = Buffer.alloc(2);
    header.writeUInt16BE(SUBJECT_BYTES);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ct]);
  }

  static openBytesWithSubjectKey(key: Buffer, aad: string, sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(2, 14));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(14, 30));
    return Buffer.concat([decipher.update(sealed.subarray(30)), decipher.final()]);
  }

  static isSubjectSealedBytes(sealed: Buffer): boolean {
    return sealed.length >= 30 && sealed.readUInt16BE(0) === SUBJECT_BYTES;
  }

  /** Encrypts binary content (attachments): [version u16][iv 12][tag 16][ciphertext], AAD as for fields. */
  encryptBytes(table: string, column: string, rowId: string, plaintext: Buffer): Buffer {
    const key = this.fieldKeys.get(this.activeVersion) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${table}.${column}.${rowId}`, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const header = Buffer.alloc(2);
    header.writeUInt16BE(this.activeVersion);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ct]);
  }

  decryptBytes(table: string, column: string, rowId: string, sealed: Buffer): Buffer {
    const key = this.fieldKeys.get(sealed.readUInt16BE(0));
    if (!key) throw new Error(`Unknown data key version ${sealed.readUInt16BE(0)}`);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(2, 14));
    decipher.setAAD(Buffer.from(`${table}.${column}.${rowId}`, 'utf8'));
    decipher.setAuthTag(sealed.subarray(14, 30));
    return Buffer.concat([decipher.update(sealed.subarray(30)), decipher.final()]);
  }

  /** Keyed HMAC of a normalised value for exact lookups; the domain keeps indexes of different kinds apart. */
  blindIndex(domain: string, normalised: string): string {
    return createHmac('sha256', this.indexKey).update(`${domain}\u0000${normalised}`).digest('base64url');
  }

  /** Key version of a ciphertext (for rotation). */
  static versionOf(value: string): number {
    return Number(value.slice(1, value.indexOf('.')));
  }

  /** Adds a new active field key; older keys stay for reading until rotation has re-encrypted everything. */
  async addFieldKey(db: Kysely<unknown>, master: Buffer, now: Date): Promise<number> {
    const k = tables<CryptoTables>(db);
    const max = await k
      .selectFrom('data_keys')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    const version = Number(max?.v ?? 0) + 1;
    const key = randomBytes(KEY_BYTES);
    await k
      .insertInto('data_keys')
      .values({
        version,
        purpose: 'field',
        wrapped_key: seal(master, key, wrapAad(version, 'field')),
        master_key_id: masterKeyId(master),
        status: 'active',
        created_at: now.toISOString(),
      })
      .execute();
    await k
      .updateTable('data_keys')
      .set({ status: 'retired' })
      .where('purpose', '=', 'field')
      .where('version', '<', version)
      .execute();
    this.fieldKeys.set(version, key);
    this.activeVersion = version;
    return version;
  }

  /** Re-wraps every data key under a new master key (one transaction). */
  async rewrap(db: Kysely<unknown>, oldMaster: Buffer, newMaster: Buffer): Promise<void> {
    const k = tables<CryptoTables>(db);
    await k.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('data_keys').selectAll().execute();
      for (const row of rows) {
        const aad = wrapAad(row.version, row.purpose);
        const key = open(oldMaster, row.wrapped_key, aad);
        await tx
          .updateTable('data_keys')
          .set({ wrapped_key: seal(newMaster, key, aad), master_key_id: masterKeyId(newMaster) })
          .where('version', '=', row.version)
          .execute();
      }
    });
  }
}

/** A table whose columns hold field ciphertexts; modules declare these so rotation can find them. */
export interface EncryptedColumnSet {
  table: string;
  idColumn: string;
  columns: string[];
  /** Binary columns written by encryptBytes (attachments) rather than encrypt. */
  binary?: boolean;
}

/** Re-encrypts every registered column under the active key, in keyset batches (memory stays flat). */
export async function reencryptAll(
  db: Kysely<unknown>,
  ring: KeyRing,
  sets: EncryptedColumnSet[],
  onProgress: (table: string, done: number, total: number) => void,
  batchSize = 500,
): Promise<number> {
  // biome-ignore lint/suspicious/noExplicitAny: column sets are declared at runtime
  const k = db as Kysely<any>;
  let changed = 0;
  for (const set of sets) {
    const totalRow = await k
      .selectFrom(set.table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const total = Number(totalRow?.n ?? 0);
    let done = 0;
    let after = '';
    for (;;) {
      const rows: Record<string, string | Buffer | null>[] = await k
        .selectFrom(set.table)
        .select([set.idColumn, ...set.columns])
        .where(set.idColumn, '>', after)
        .orderBy(set.idColumn)
        .limit(set.binary ? 8 : batchSize) // attachments are large: few at a time keeps memory flat
        .execute();
      if (rows.length === 0) break;
      await k.transaction().execute(async (tx) => {
        for (const row of rows) {
          const id = row[set.idColumn] as string;
          const update: Record<string, string | Buffer> = {};
          for (const column of set.columns) {
            const value = row[column];
            if (!value) continue;
            // Bytes under a data subject's key stay: rotation re-wraps her key instead.
            if (set.binary && Buffer.isBuffer(value) && !KeyRing.isSubjectSealedBytes(value)) {
              if (value.readUInt16BE(0) !== ring.activeKeyVersion) {
                update[column] = ring.encryptBytes(
                  set.table,
                  column,
                  id,
                  ring.decryptBytes(set.table, column, id, value),
                );
              }
            } else if (
              typeof value === 'string' &&
              // Values sealed under a data subject's key stay: rotation re-wraps that key instead.
              !KeyRing.isSubjectSealed(value) &&
              KeyRing.versionOf(value) !== ring.activeKeyVersion
            ) {
              update[column] = ring.encrypt(set.table, column, id, ring.decrypt(set.table, column, id, value));
            }
          }
          if (Object.keys(update).length > 0) {
            await tx.updateTable(set.table).set(update).where(set.idColumn, '=', id).execute();
            changed++;
          }
        }
      });
      done += rows.length;
      after = rows[rows.length - 1]?.[set.idColumn] as string;
      onProgress(set.table, done, total);
    }
  }
  return changed;
}
