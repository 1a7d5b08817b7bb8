import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Context, Tx } from './context.js';
import type { DialectAdapter } from './db/index.js';
import { type Executor, tables } from './db/index.js';

/** Append-only, hash-chained audit trail (DESIGN §4). Every mutation writes one in its own transaction. */

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
}
type AuditTables = { audit_events: AuditEventRow; audit_chain_head: ChainHeadRow };

export interface AuditInput {
  action: string;
  entityType?: string;
  entityId?: string;
  outcome?: AuditEventRow['outcome'];
  purpose?: string;
  /** Never put identity values here: ids, field names and counts only. */
  details?: Record<string, unknown>;
  /** For events before a session exists (login attempts): who the event is about. */
  actor?: { userId: string | null; username: string | null; agencyId: string | null };
}

/** JSON with sorted keys, so the same event always hashes the same on both dialects. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function hashEvent(e: Omit<AuditEventRow, 'hash'>, details: unknown): string {
  const material = canonicalJson([
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
    details ?? null,
    e.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** Appends one event inside the caller's transaction; the chain head row serialises writers. */
export async function appendAudit(tx: Tx, ctx: Context, input: AuditInput): Promise<void> {
  const a = ctx.database.adapter;
  const k = tables<AuditTables>(tx);
  const head = await sql<ChainHeadRow>`select id, seq, hash from audit_chain_head where id = 1${a.forUpdate}`
    .execute(tx)
    .then((r) => r.rows[0]);
  if (!head) throw new Error('audit chain head missing');
  const actor = input.actor ?? {
    userId: ctx.actor?.userId ?? null,
    username: ctx.actor?.username ?? null,
    agencyId: ctx.actor?.agencyId ?? null,
  };
  // Round-trip through JSON so the hash covers exactly what the database will return.
  const details = input.details ? (JSON.parse(JSON.stringify(input.details)) as unknown) : null;
  const event: Omit<AuditEventRow, 'hash'> = {
    seq: Number(head.seq) + 1,
    id: uuidv7(),
    at: ctx.clock.now().toISOString(),
    actor_user_id: actor.userId,
    actor_username: actor.username,
    actor_agency_id: actor.agencyId,
    action: input.action,
    entity_type: input.entityType ?? null,
    entity_id: input.entityId ?? null,
    outcome: input.outcome ?? 'success',
    ip: ctx.ip,
    purpose: input.purpose ?? null,
    details: details === null ? null : a.toJson(details),
    prev_hash: head.hash,
  };
  const hash = hashEvent(event, details);
  await k
    .insertInto('audit_events')
    .values({ ...event, hash })
    .execute();
  await k.updateTable('audit_chain_head').set({ seq: event.seq, hash }).where('id', '=', 1).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: {
    seq: number;
    id: string | null;
    reason: 'hash_mismatch' | 'chain_break' | 'sequence_gap' | 'head_mismatch';
  };
}

/** Walks the whole chain in keyset batches; names the first event that was edited, removed or reordered. */
export async function verifyAuditChain(
  db: Executor,
  adapter: DialectAdapter,
  onProgress?: (checked: number) => void,
  batchSize = 5000,
): Promise<VerifyResult> {
  const k = tables<AuditTables>(db);
  let prevHash = '0'.repeat(64);
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await k
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return { ok: false, checked, brokenAt: { seq: expectedSeq, id: null, reason: 'sequence_gap' } };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, checked, brokenAt: { seq, id: row.id, reason: 'chain_break' } };
      }
      const details = row.details == null ? null : adapter.fromJson(row.details);
      if (hashEvent({ ...row, seq }, details) !== row.hash) {
        return { ok: false, checked, brokenAt: { seq, id: row.id, reason: 'hash_mismatch' } };
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
      checked++;
    }
    onProgress?.(checked);
  }
  const head = await k.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!head || Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash) {
    return { ok: false, checked, brokenAt: { seq: expectedSeq, id: null, reason: 'head_mismatch' } };
  }
  return { ok: true, checked };
}
