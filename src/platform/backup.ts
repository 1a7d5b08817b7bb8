import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import type { Config } from './config.js';
import {
  databaseIsEmpty,
  loadSnapshot,
  type SnapshotPayload,
  type SnapshotProgress,
  snapshotDatabase,
  snapshotPayloadOf,
} from './db/index.js';

/*
 * The backup archive (`pulih backup` / `pulih restore`): one file that holds a consistent copy of the whole
 * database, encrypted, checksummed, and naming the key it needs — never holding it.
 *
 *   "PULIHBK1"                      8 bytes, the format
 *   header length                   uint32 big-endian
 *   header                          JSON (BackupHeader), in clear: no personal data, no key
 *   frames                          uint32 big-endian length, then AES-256-GCM ciphertext + 16-byte tag;
 *                                   each frame's additional data is SHA-256(header) ‖ frame number ‖ last-flag,
 *                                   so frames cannot be reordered, dropped, moved to another archive or cut off
 *   checksum                        32 bytes: SHA-256 of every byte before it (corruption is found without a key)
 *
 * The archive key is HKDF-SHA256(master key, salt from the header, "pulih backup v1"): a fresh key per archive,
 * and only the holder of the instance's master key can open it. The header names that master key by its
 * fingerprint (HKDF of the key with its own label, 8 bytes in hex), which reveals nothing about the key.
 */

const MAGIC = Buffer.from('PULIHBK1', 'ascii');
const FRAME_BYTES = 1 << 20;
const TAG_BYTES = 16;
const CHECKSUM_BYTES = 32;

export interface BackupHeader {
  format: 1;
  createdAt: string;
  dialect: Config['database']['kind'];
  payload: SnapshotPayload;
  /** The newest migration applied when the backup was taken (the schema the archive holds). */
  schema: string | null;
  cipher: 'aes-256-gcm';
  kdf: 'hkdf-sha256';
  salt: string;
  /** The key needed to open the archive: the instance's master key, by fingerprint. */
  key: { kind: 'master'; fingerprint: string };
  frameBytes: number;
}

/** A problem with an archive or its target that the operator can fix; the CLI prints it and exits 2. */
export class BackupError extends Error {}

/** The master key's fingerprint: names the key (on labels, in archives) without revealing it. */
export function masterKeyFingerprint(master: Buffer): string {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pulih master key fingerprint v1', 8)).toString('hex');
}

const archiveKey = (master: Buffer, salt: Buffer) =>
  Buffer.from(hkdfSync('sha256', master, salt, 'pulih backup v1', 32));

function frameAad(headerHash: Buffer, index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(headerHash.length + 9);
  headerHash.copy(aad);
  aad.writeBigUInt64BE(BigInt(index), headerHash.length);
  aad[headerHash.length + 8] = last ? 1 : 0;
  return aad;
}

function nonce(index: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 4);
  return iv;
}

export interface BackupResult {
  file: string;
  bytes: number;
  sha256: string;
  header: BackupHeader;
}

/**
 * Writes a backup of the configured database to `file`: the snapshot streams through encryption into
 * `<file>.partial`, which is synced and renamed only when complete (an interrupted backup never looks whole).
 */
export async function createBackup(options: {
  database: Config['database'];
  master: Buffer;
  file: string;
  schema: string | null;
  now: Date;
  onProgress?: SnapshotProgress;
}): Promise<BackupResult> {
  const salt = randomBytes(16);
  const header: BackupHeader = {
    format: 1,
    createdAt: options.now.toISOString(),
    dialect: options.database.kind,
    payload: snapshotPayloadOf(options.database),
    schema: options.schema,
    cipher: 'aes-256-gcm',
    kdf: 'hkdf-sha256',
    salt: salt.toString('base64'),
    key: { kind: 'master', fingerprint: masterKeyFingerprint(options.master) },
    frameBytes: FRAME_BYTES,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerHash = createHash('sha256').update(headerBytes).digest();
  const key = archiveKey(options.master, salt);
  const partial = `${options.file}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  const checksum = createHash('sha256');
  let bytes = 0;
  const write = (b: Buffer) => {
    checksum.update(b);
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off);
    bytes += b.length;
  };
  let index = 0;
  const writeFrame = (plain: Buffer, last: boolean) => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(index), { authTagLength: TAG_BYTES });
    cipher.setAAD(frameAad(headerHash, index, last));
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    write(length);
    write(body);
    index++;
  };
  try {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(headerBytes.length);
    write(MAGIC);
    write(length);
    write(headerBytes);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of snapshotDatabase(options.database, options.onProgress)) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= FRAME_BYTES) {
        const all = Buffer.concat(pending);
        writeFrame(all.subarray(0, FRAME_BYTES), false);
        const rest = all.subarray(FRAME_BYTES);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    }
    writeFrame(Buffer.concat(pending), true);
    const digest = checksum.digest();
    let off = 0;
    while (off < digest.length) off += writeSync(fd, digest, off);
    bytes += digest.length;
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, options.file);
    return { file: options.file, bytes, sha256: digest.toString('hex'), header };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Reads exactly n bytes (or fewer at the end) from an async byte source, keeping the rest. */
class ByteReader {
  #buffer: Buffer = Buffer.alloc(0);
  #iterator: AsyncIterator<Buffer>;
  #done = false;
  constructor(source: AsyncIterable<Buffer>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }
  async read(n: number): Promise<Buffer> {
    while (this.#buffer.length < n && !this.#done) {
      const next = await this.#iterator.next();
      if (next.done) this.#done = true;
      else this.#buffer = this.#buffer.length === 0 ? next.value : Buffer.concat([this.#buffer, next.value]);
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }
}

/** The archive's header, read without the key (what it holds, and which key it needs). */
export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; headerBytes: Buffer }> {
  const reader = new ByteReader(createReadStream(file, { end: 64 * 1024 }) as AsyncIterable<Buffer>);
  const magic = await reader.read(MAGIC.length);
  if (!magic.equals(MAGIC)) throw new BackupError(`${file} is not a Pulih backup (no PULIHBK1 signature)`);
  const length = (await reader.read(4)).readUInt32BE(0);
  const headerBytes = await reader.read(length);
  let header: BackupHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupError(`${file}: the backup header is damaged`);
  }
  if (header.format !== 1) throw new BackupError(`${file}: backup format ${String(header.format)} is not supported`);
  return { header, headerBytes };
}

/** Checks the archive's SHA-256 against the checksum at its end, streaming; throws when they differ. */
export async function verifyBackupChecksum(
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  const size = statSync(file).size;
  if (size < MAGIC.length + 4 + CHECKSUM_BYTES) throw new BackupError(`${file} is too short to be a Pulih backup`);
  const hash = createHash('sha256');
  let done = 0;
  for await (const chunk of createReadStream(file, { end: size - CHECKSUM_BYTES - 1 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done, size - CHECKSUM_BYTES);
  }
  const expected = Buffer.alloc(CHECKSUM_BYTES);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, expected, 0, CHECKSUM_BYTES, size - CHECKSUM_BYTES);
  } finally {
    closeSync(fd);
  }
  const actual = hash.digest();
  if (!actual.equals(expected)) {
    throw new BackupError(`${file}: checksum mismatch — the archive is damaged or incomplete; do not restore it`);
  }
  return actual.toString('hex');
}

/** The archive's payload, decrypted and authenticated frame by frame; a cut-off or altered archive throws. */
async function* decryptFrames(file: string, master: Buffer, onProgress?: (done: number, total: number) => void) {
  const { header, headerBytes } = await readBackupHeader(file);
  const size = statSync(file).size;
  const start = MAGIC.length + 4 + headerBytes.length;
  const headerHash = createHash('sha256').update(headerBytes).digest();
  const key = archiveKey(master, Buffer.from(header.salt, 'base64'));
  const reader = new ByteReader(
    createReadStream(file, { start, end: size - CHECKSUM_BYTES - 1 }) as AsyncIterable<Buffer>,
  );
  let position = start;
  for (let index = 0; ; index++) {
    const lengthBytes = await reader.read(4);
    if (lengthBytes.length < 4) throw new BackupError(`${file}: the archive ends before its last part`);
    const length = lengthBytes.readUInt32BE(0);
    const body = await reader.read(length);
    if (body.length < length || length < TAG_BYTES) throw new BackupError(`${file}: the archive is cut off`);
    position += 4 + length;
    const last = position === size - CHECKSUM_BYTES;
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(index), { authTagLength: TAG_BYTES });
    decipher.setAAD(frameAad(headerHash, index, last));
    decipher.setAuthTag(body.subarray(length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(body.subarray(0, length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new BackupError(`${file}: part ${index + 1} does not decrypt: wrong key or an altered archive`);
    }
    onProgress?.(position, size - CHECKSUM_BYTES);
    if (plain.length > 0) yield plain;
    if (last) return;
  }
}

/**
 * Restores an archive into the configured database: checks the checksum, the key (by fingerprint), the
 * database kind and that the target is empty, then streams the decrypted payload into it.
 */
export async function restoreBackup(options: {
  file: string;
  master: Buffer;
  database: Config['database'];
  onStep?: (step: 'checksum' | 'restore', done: number, total: number) => void;
}): Promise<BackupHeader> {
  const { header } = await readBackupHeader(options.file);
  const fingerprint = masterKeyFingerprint(options.master);
  if (header.key.fingerprint !== fingerprint) {
    throw new BackupError(
      `this backup needs the master key with fingerprint ${header.key.fingerprint}; the configured master key is ${fingerprint}. ` +
        'Set PULIH_MASTER_KEY or PULIH_MASTER_KEY_FILE to the key the backup was made under.',
    );
  }
  if (header.dialect !== options.database.kind) {
    throw new BackupError(
      `this backup is of a ${header.dialect} database; PULIH_DATABASE_URL points to ${options.database.kind}`,
    );
  }
  if (!(await databaseIsEmpty(options.database))) {
    throw new BackupError(
      'the target database is not empty: restore only into an empty database (a new SQLite file, or a PostgreSQL database just made with createdb); nothing was changed',
    );
  }
  await verifyBackupChecksum(options.file, (done, total) => options.onStep?.('checksum', done, total));
  await loadSnapshot(
    options.database,
    decryptFrames(options.file, options.master, (done, total) => options.onStep?.('restore', done, total)),
  );
  return header;
}
