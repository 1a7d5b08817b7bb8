import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { type ReadHead, SWAP_MAX_ROWS, swapHeadAndInsert } from './audit-append.js';
import { type AuditAction, type AuditActionSpec, type AuditDetailsField, checkAuditInput } from './audit-catalogue.js';
import { AUDIT_EVENT_COLUMNS, AuditKey, auditKeyOf, canonicalJson, HEAD_COLUMNS, hashEvent } from './audit-hash.js';
import type { Context, Tx } from './context.js';
import type { KeyRing } from './crypto.js';
import type { DialectAdapter } from './db/index.js';
import { type Executor, rawDriverOf, tables } from './db/index.js';

/** Append-only, hash-chained audit trail (DESIGN §4). Every mutation writes one in its own transaction. */

export { AuditKey, auditHash, auditHashReference, canonicalJson } from './audit-hash.js';

export interface AuditEventRow {
  seq: number;
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_agency_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  ip: string | null;
  purpose: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}
interface ChainHeadRow {
  id: number;
  seq: number;
  hash: string;
  /** Events from this seq on are hashed with the audit key (migration 0030); older ones keep plain SHA-256. */
  keyed_from_seq: number | null;
  /** HMAC of the boundary under the audit key: moving or removing the boundary shows. */
  keyed_seal: string | null;
}
/** A signed truncation point (migration 0110): the chain's hash at the cut; events up to it may be gone. */
export interface TruncationRow {
  through_seq: number;
  hash: string;
  keyed_from_seq: number;
  cut_before: string;
  removed: number;
  at: string;
  key_id: string;
  signature: string;
  /** HMAC under the audit key over the point: only a holder of the master key can write one that verifies. */
  seal: string;
  line: string;
}
export type AuditTables = {
  audit_events: AuditEventRow;
  audit_chain_head: ChainHeadRow;
  audit_truncations: TruncationRow;
};

interface AuditInputBase {
  entityType?: string;
  entityId?: string;
  outcome?: AuditEventRow['outcome'];
  purpose?: string;
  /** For events before a session exists (login attempts): who the event is about. */
  actor?: { userId: string | null; username: string | null; agencyId: string | null };
}

/**
 * One event: a declared action (in the writing module's `<module>.audit.ts`, platform/audit-catalogue.ts) with
 * the details its declaration describes — never identity values: ids, field names, codes and counts only.
 */
export type AuditInput = {
  [A in AuditAction]: AuditInputBase & { action: A } & AuditDetailsField<A>;
}[AuditAction];

const keys = new WeakMap<object, AuditKey>();
/** The audit key per database handle (createServices registers it), for callers that verify without a key ring. */
export function registerAuditKey(db: object, key: Buffer): AuditKey {
  const k = new AuditKey(key);
  keys.set(db, k);
  return k;
}

/** The audit key registered for this database handle (registerAuditKey), if any. */
export function registeredAuditKey(db: object): AuditKey | undefined {
  return keys.get(db);
}

/** Appends one event inside the caller's transaction; the chain head row serialises writers. */
export async function appendAudit(tx: Tx, ctx: Context, input: AuditInput): Promise<void> {
  await appendAudits(tx, ctx, [input]);
}

/**
 * A module's audit writer over its own catalogue, by the short names the module's code uses:
 * `const audit = auditWriter(legalAuditActions); await audit(tx, ctx, 'stageChanged', id, { … })`. The short
 * name fixes the action, its entity type and the schema of its details together.
 */
export function auditWriter<C extends Record<string, AuditActionSpec>>(catalogue: C) {
  return <K extends keyof C & string>(
    tx: Tx,
    ctx: Context,
    action: K,
    entityId: string,
    details: z.input<C[K]['details']>,
    purpose?: string,
  ): Promise<void> => {
    const a = catalogue[action]!;
    // TypeScript cannot follow a generic key into the union of declared actions; the catalogue ties them.
    const input = { action: a.action, entityType: a.entityType, entityId, details, ...(purpose ? { purpose } : {}) };
    return appendAudit(tx, ctx, input as AuditInput);
  };
}

/**
 * Appends events in order inside the caller's transaction: the chain head is read once and moved once, the events
 * go in with one multi-row insert per few hundred. Each event is hashed exactly as appendAudit hashes it alone
 * (bulk writers such as `pulih demo` record one event per case this way). On PostgreSQL the head is read without
 * a lock and moved together with the insert in one statement while it is unchanged (audit-append.ts); otherwise,
 * and on SQLite, the head is read under its row lock, which serialises writers.
 */
export async function appendAudits(tx: Tx, ctx: Context, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const a = ctx.database.adapter;
  const events = inputs.map((input) => auditEventOf(ctx, input));
  if (a.writableCte && events.length <= SWAP_MAX_ROWS) {
    const read = await readChainHead(tx, sql``);
    if (await swapHeadAndInsert(tx, read, chainEvents(ctx, read, events))) return;
  }
  const head = await readChainHead(tx, a.forUpdate);
  const rows = chainEvents(ctx, head, events);
  // 15 columns: 500 rows stay far below SQLite's bound-parameter limit.
  const k = tables<AuditTables>(tx);
  for (let i = 0; i < rows.length; i += 500)
    await k
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .execute();
  const last = rows[rows.length - 1]!;
  await k.updateTable('audit_chain_head').set({ seq: last.seq, hash: last.hash }).where('id', '=', 1).execute();
}

async function readChainHead(tx: Tx, lock: ReturnType<typeof sql>): Promise<ReadHead> {
  const head = await sql<ChainHeadRow>`select id, seq, hash, keyed_from_seq from audit_chain_head where id = 1${lock}`
    .execute(tx)
    .then((r) => r.rows[0]);
  if (!head) throw new Error('audit chain head missing');
  return {
    seq: Number(head.seq),
    hash: head.hash,
    keyedFromSeq: head.keyed_from_seq == null ? null : Number(head.keyed_from_seq),
  };
}

/**
 * An event before it has a place in the chain (seq, at, prev_hash and hash come when it is chained after a head).
 */
type UnchainedEvent = { row: Omit<AuditEventRow, 'seq' | 'at' | 'prev_hash' | 'hash'>; details: unknown };

function auditEventOf(ctx: Context, input: AuditInput): UnchainedEvent {
  checkAuditInput(ctx, input);
  const actor = input.actor ?? {
    userId: ctx.actor?.userId ?? null,
    username: ctx.actor?.username ?? null,
    agencyId: ctx.actor?.agencyId ?? null,
  };
  // Round-trip through JSON so the hash covers exactly what the database will return.
  const details = input.details ? (JSON.parse(JSON.stringify(input.details)) as unknown) : null;
  const id = uuidv7();
  return {
    details,
    row: {
      id,
      actor_user_id: actor.userId,
      actor_username: actor.username,
      actor_agency_id: actor.agencyId,
      action: input.action,
      entity_type: input.entityType ?? null,
      entity_id: input.entityId ?? null,
      outcome: input.outcome ?? 'success',
      ip: ctx.ip,
      // A purpose is free text ("her lawyer asked for the NIK of Siti …"): stored encrypted like a note, and the
      // chain hashes the ciphertext, so verification needs no decryption (issue 10 item 6).
      purpose: input.purpose ? ctx.keyring.encrypt('audit_events', 'purpose', id, input.purpose) : null,
      details: details === null ? null : ctx.database.adapter.toJson(details),
    },
  };
}

/**
 * The events' rows chained after `head`: consecutive seqs, each linked to and hashed over the one before. `at` is
 * stamped here, after the head was read (or locked), and again when the events are chained on a newer head: an
 * event stamped before a writer that then took the head first would get a later seq with an earlier `at`, and
 * retention cuts the chain by time.
 */
function chainEvents(ctx: Context, head: ReadHead, events: readonly UnchainedEvent[]): AuditEventRow[] {
  let seq = head.seq;
  let prevHash = head.hash;
  const rows: AuditEventRow[] = [];
  for (const { row, details } of events) {
    const event: Omit<AuditEventRow, 'hash'> = {
      seq: ++seq,
      ...row,
      at: ctx.clock.now().toISOString(),
      prev_hash: prevHash,
    };
    const keyed = head.keyedFromSeq !== null && event.seq >= head.keyedFromSeq;
    const hash = hashEvent(event, details, keyed ? auditKeyOf(ctx.keyring.auditKey) : undefined);
    rows.push({ ...event, hash });
    prevHash = hash;
  }
  return rows;
}

const SEALED_PURPOSE = /^v\d+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/;

/**
 * An event's purpose as text. Events appended before purposes were encrypted keep their plaintext: the chain
 * and its signed checkpoints forbid rewriting them (docs/privacy.md says so).
 */
export function auditPurpose(keyring: KeyRing, row: { id: string; purpose: string | null }): string | null {
  if (row.purpose === null || !SEALED_PURPOSE.test(row.purpose)) return row.purpose;
  try {
    return keyring.decrypt('audit_events', 'purpose', row.id, row.purpose);
  } catch {
    return row.purpose;
  }
}

/**
 * Seals the keyed boundary that migration 0030 set, on the first start with the key ring. Only while no event
 * has been written past it: a boundary that lost its seal later stays unsealed, and verification says so.
 */
export async function sealAuditBoundary(db: Executor, key: Buffer): Promise<void> {
  const k = tables<AuditTables>(db);
  const head = await k.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!head || head.keyed_seal || head.keyed_from_seq == null) return;
  const from = Number(head.keyed_from_seq);
  if (Number(head.seq) >= from) return;
  await k
    .updateTable('audit_chain_head')
    .set({ keyed_seal: auditKeyOf(key).seal(from) })
    .where('id', '=', 1)
    .where('keyed_seal', 'is', null)
    .where('seq', '<', from)
    .execute();
}

/** The chain head as verification and checkpoints see it. */
export async function auditChainHead(
  db: Executor,
): Promise<{ seq: number; hash: string; keyedFromSeq: number | null }> {
  const head = await tables<AuditTables>(db)
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash', 'keyed_from_seq'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    seq: Number(head.seq),
    hash: head.hash,
    keyedFromSeq: head.keyed_from_seq == null ? null : Number(head.keyed_from_seq),
  };
}

/** What a truncation point's seal and signature cover (the line written to the log is this plus both). */
export interface TruncationPoint {
  format: 'pulih.audit-truncation/1';
  instance: string;
  throughSeq: number;
  hash: string;
  keyedFromSeq: number;
  cutBefore: string;
  removed: number;
  at: string;
  keyId: string;
}

/** The seal of a truncation point: HMAC under the audit key of its canonical JSON. */
export function sealTruncation(key: Buffer, point: TruncationPoint): string {
  return auditKeyOf(key).mac(`pulih.audit-truncation:${canonicalJson(point)}`);
}

/** A stored row as the point its seal and signature cover. */
export function truncationPointOf(row: TruncationRow): TruncationPoint {
  const line = JSON.parse(row.line) as { instance?: unknown };
  return {
    format: 'pulih.audit-truncation/1',
    instance: typeof line.instance === 'string' ? line.instance : '',
    throughSeq: Number(row.through_seq),
    hash: row.hash,
    keyedFromSeq: Number(row.keyed_from_seq),
    cutBefore: new Date(row.cut_before).toISOString(),
    removed: Number(row.removed),
    at: new Date(row.at).toISOString(),
    keyId: row.key_id,
  };
}

/**
 * The newest truncation point, or undefined when none was ever made. A database from before migration 0110 has
 * no table (a restored old backup): nothing was truncated there either.
 */
export async function newestTruncation(db: Executor): Promise<TruncationRow | undefined> {
  const ran = await sql<{ n: number }>`select count(*) as n from schema_migrations where name = '0110-audit-truncation'`
    .execute(db)
    .then((r) => Number(r.rows[0]?.n ?? 0) > 0)
    .catch(() => false);
  if (!ran) return undefined;
  // A dropped table after the migration ran reads as "no point": the walk then starts at 1 and the gap shows.
  return tables<AuditTables>(db)
    .selectFrom('audit_truncations')
    .selectAll()
    .orderBy('through_seq', 'desc')
    .limit(1)
    .executeTakeFirst()
    .catch(() => undefined);
}
