import { createHmac, hash as digest } from 'node:crypto';
import type { AuditEventRow } from './audit.js';

/**
 * The audit chain's hash: canonical JSON of an event's fields, SHA-256 before the keyed boundary and HMAC under the
 * audit key from it on (DESIGN §4). Kept apart from the writing (audit.ts) and the verifying (audit-verify.ts), which both use it.
 */

/** JSON with sorted keys, so the same event always hashes the same on both dialects. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // A hole in a sparse array stays empty, as Array.prototype.join leaves it.
      if (i in value) out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, as `<` does on strings.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** One scalar of the hash material: canonicalJson of a string or null, without the general walk. */
const scalar = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : v === null || v === undefined ? 'null' : canonicalJson(v);

/**
 * HMAC-SHA-256 under the audit key, computed with two one-shot hashes (about twice a plain SHA-256, half of
 * createHmac per event: the verify budget is 2,000,000 events in 20 s). The key is used as its 64 hex digits,
 * exactly one SHA-256 block, so the pads are ASCII text; a test compares the result with createHmac.
 */
export class AuditKey {
  readonly #innerPad: string;
  readonly #outer: Buffer;
  readonly #hexKey: Buffer;
  constructor(key: Buffer) {
    const hex = key.toString('hex');
    if (hex.length !== 64) throw new Error('the audit key must be 32 bytes');
    this.#hexKey = Buffer.from(hex, 'latin1');
    let inner = '';
    for (let i = 0; i < 64; i++) inner += String.fromCharCode(hex.charCodeAt(i) ^ 0x36);
    this.#innerPad = inner;
    this.#outer = Buffer.alloc(96);
    for (let i = 0; i < 64; i++) this.#outer[i] = hex.charCodeAt(i) ^ 0x5c;
  }
  /** HMAC-SHA-256(hex key, material), hex. */
  mac(material: string): string {
    digest('sha256', this.#innerPad + material, 'buffer').copy(this.#outer, 64);
    return digest('sha256', this.#outer, 'hex');
  }
  /** The pads of mac() (the inner as text, the outer's 64 bytes), for verifying threads (audit-verify-threads.ts). */
  pads(): { inner: string; outer: Uint8Array } {
    return { inner: this.#innerPad, outer: Uint8Array.from(this.#outer.subarray(0, 64)) };
  }
  /** For tests: the same MAC the slow, obvious way. */
  reference(material: string): string {
    return createHmac('sha256', this.#hexKey).update(material).digest('hex');
  }
  /** The seal over the keyed boundary, so an edited boundary does not verify. */
  seal(keyedFromSeq: number): string {
    return this.mac(`pulih.audit-keyed-from:${keyedFromSeq}`);
  }
}

const cachedKey = new WeakMap<Buffer, AuditKey>();
/** One AuditKey per key buffer (its pads computed once). */
export function auditKeyOf(key: Buffer): AuditKey {
  let k = cachedKey.get(key);
  if (!k) {
    k = new AuditKey(key);
    cachedKey.set(key, k);
  }
  return k;
}

/**
 * The hash of one event: SHA-256 (hex) of canonicalJson([seq, id, at, actor ids, action, entity, outcome, ip,
 * purpose, details, prev_hash]). Written out by hand for speed; byte for byte what canonicalJson of that array
 * gives (a test compares them), so every existing chain verifies.
 */
function eventHash(
  seq: number,
  id: unknown,
  at: unknown,
  actorUserId: unknown,
  actorUsername: unknown,
  actorAgencyId: unknown,
  action: unknown,
  entityType: unknown,
  entityId: unknown,
  outcome: unknown,
  ip: unknown,
  purpose: unknown,
  canonicalDetails: string,
  prevHash: unknown,
  key?: AuditKey,
): string {
  const material = `[${canonicalJson(seq)},${scalar(id)},${scalar(at)},${scalar(actorUserId)},${scalar(actorUsername)},${scalar(
    actorAgencyId,
  )},${scalar(action)},${scalar(entityType)},${scalar(entityId)},${scalar(outcome)},${scalar(ip)},${scalar(
    purpose,
  )},${canonicalDetails},${scalar(prevHash)}]`;
  return key ? key.mac(material) : digest('sha256', material, 'hex');
}

/** An event's fields in the order its hash material lists them, with its details in their place. */
const hashedFields = <D>(e: Omit<AuditEventRow, 'hash'>, details: D) =>
  [
    e.seq,
    e.id,
    e.at,
    e.actor_user_id,
    e.actor_username,
    e.actor_agency_id,
    e.action,
    e.entity_type,
    e.entity_id,
    e.outcome,
    e.ip,
    e.purpose,
    details,
    e.prev_hash,
  ] as const;

/** Plain SHA-256 before the keyed boundary (events written before migration 0030), keyed HMAC from it on. */
/** The columns before details in the hash material, in order (verification has the database write them). */
export const HEAD_COLUMNS = [
  'id',
  'at',
  'actor_user_id',
  'actor_username',
  'actor_agency_id',
  'action',
  'entity_type',
  'entity_id',
  'outcome',
  'ip',
  'purpose',
] as const;
/** Every column of an audit event, in the hash material's order, then the hash. */
export const AUDIT_EVENT_COLUMNS = ['seq', ...HEAD_COLUMNS, 'details', 'prev_hash', 'hash'] as const;

export function hashEvent(e: Omit<AuditEventRow, 'hash'>, details: unknown, key?: AuditKey): string {
  return eventHash(...hashedFields(e, canonicalJson(details ?? null)), key);
}

/** For tests: the hash material as the general canonicalJson writes it (the reference for eventHash). */
export function auditHashReference(e: Omit<AuditEventRow, 'hash'>, details: unknown, key?: AuditKey): string {
  const material = canonicalJson(hashedFields(e, details ?? null));
  return key ? key.reference(material) : digest('sha256', material, 'hex');
}

/** The hash appendAudit and verifyAuditChain compute (tests; the bench builds chains with it). */
export const auditHash = hashEvent;
