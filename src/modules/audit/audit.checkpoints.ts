import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { auditChainHead, canonicalJson, newestTruncation } from '../../platform/audit.js';
import type { Context, Services } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { type Job, jobContext } from '../../platform/jobs.js';
import { signWithInstanceKey, verifyInstanceSignature } from '../exchange/index.js';
import { requireAuditVerify } from './audit.policy.js';

/**
 * Signed checkpoints of the audit chain head (issue 10 item 5). A checkpoint says "at this time the chain
 * ended at event <seq> with hash <hash>", signed with the instance's Ed25519 key (its private half is
 * encrypted by the key ring). It is written where an operator with database rights cannot reach it: a
 * JSON-lines file (PULIH_AUDIT_CHECKPOINT_FILE, meant for write-once or remote storage) and the log stream;
 * the copy in the database is only for the DPO's list. `pulih audit verify --checkpoints <file>` then
 * catches what the chain alone cannot: the newest events removed with the head moved back, or the whole
 * chain recomputed by someone holding the key.
 */

export const CHECKPOINT_FORMAT = 'pulih.audit-checkpoint/1';

interface CheckpointRow {
  seq: number;
  hash: string;
  keyed_from_seq: number;
  at: string;
  key_id: string;
  signature: string;
  line: string;
}
type CheckpointTables = { audit_checkpoints: CheckpointRow; audit_events: { seq: number; hash: string } };
const t = (db: Executor) => tables<CheckpointTables>(db);

const lineSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  instance: z.string().max(300),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  keyedFromSeq: z.number().int().positive(),
  at: z.iso.datetime(),
  keyId: z.string().regex(/^[0-9a-f]{32}$/),
  signature: z.string().max(200),
});
export type AuditCheckpoint = z.infer<typeof lineSchema>;

/** The bytes a checkpoint's signature covers: canonical JSON of every member but the signature. */
const signedBytes = (c: Omit<AuditCheckpoint, 'signature'>) => Buffer.from(canonicalJson(c), 'utf8');

/**
 * Signs the current head and writes it to the file, the log stream and the database. Does nothing when no
 * event was written since the newest checkpoint (unless `force`). Never audited: an event would move the head.
 */
export async function writeCheckpoint(
  ctx: Context,
  options: { force?: boolean } = {},
): Promise<AuditCheckpoint | null> {
  const db = ctx.database.db;
  const head = await auditChainHead(db);
  if (head.seq === 0 || head.keyedFromSeq === null) return null;
  const last = await t(db)
    .selectFrom('audit_checkpoints')
    .select(['seq', 'at'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && Number(last.seq) >= head.seq && !options.force) return null;
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    instance: ctx.config.baseUrl,
    seq: head.seq,
    hash: head.hash,
    keyedFromSeq: head.keyedFromSeq,
    at: ctx.clock.now().toISOString(),
  } as const;
  const { keyId, signature } = await signWithInstanceKey(ctx, (id) => signedBytes({ ...unsigned, keyId: id }));
  const checkpoint: AuditCheckpoint = { ...unsigned, keyId, signature };
  const line = JSON.stringify(checkpoint);
  // The outside copies first: a checkpoint that reached only the database proves nothing.
  if (ctx.config.auditCheckpointFile) appendFileSync(ctx.config.auditCheckpointFile, `${line}\n`, { mode: 0o600 });
  ctx.log.info({ auditCheckpoint: checkpoint }, 'audit checkpoint');
  await t(db)
    .insertInto('audit_checkpoints')
    .values({
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      keyed_from_seq: checkpoint.keyedFromSeq,
      at: checkpoint.at,
      key_id: keyId,
      signature: checkpoint.signature,
      line,
    })
    .onConflict((oc) => oc.column('seq').doNothing())
    .execute();
  return checkpoint;
}

export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';

/** Runs every minute; writes a checkpoint once PULIH_AUDIT_CHECKPOINT_MINUTES have passed since the newest one. */
async function checkpointWhenDue(ctx: Context): Promise<number> {
  const last = await t(ctx.database.db)
    .selectFrom('audit_checkpoints')
    .select('at')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && ctx.clock.now().getTime() - new Date(last.at).getTime() < ctx.config.auditCheckpointMs) return 0;
  return (await writeCheckpoint(ctx)) ? 1 : 0;
}

export const auditJobs: Job[] = [{ name: AUDIT_CHECKPOINT_JOB, intervalMs: 60_000, run: checkpointWhenDue }];

/** On shutdown (`pulih serve` on SIGTERM/SIGINT): the head as the process leaves it. */
export async function checkpointOnShutdown(services: Services): Promise<void> {
  try {
    await writeCheckpoint(jobContext(services, AUDIT_CHECKPOINT_JOB, []));
  } catch (error) {
    services.log.error(
      { err: { message: error instanceof Error ? error.message : String(error) } },
      'audit checkpoint on shutdown failed',
    );
  }
}

export type CheckpointProblem = 'malformed' | 'bad_signature' | 'truncated' | 'rewritten' | 'boundary_moved';

export interface CheckpointVerifyResult {
  ok: boolean;
  /** Checkpoints read and found to agree with the chain. */
  agreed: number;
  problem?: { line: number; seq: number | null; reason: CheckpointProblem };
}

/**
 * Compares signed checkpoint lines with the chain in the database. Run it after verifyAuditChain said the
 * chain is whole: then the stored hash at a checkpoint's seq stands for everything before it.
 */
export async function verifyCheckpoints(db: Executor, lines: AsyncIterable<string>): Promise<CheckpointVerifyResult> {
  const head = await auditChainHead(db);
  // Checkpoints older than the newest truncation point name events retention removed: the one at the cut must
  // carry the point's hash, earlier ones are covered by the point (verifyAuditChain checked its seal).
  const cut = await newestTruncation(db);
  const cutSeq = cut ? Number(cut.through_seq) : 0;
  let agreed = 0;
  let lineNo = 0;
  let batch: { line: number; c: AuditCheckpoint }[] = [];
  const flush = async (): Promise<CheckpointVerifyResult['problem']> => {
    if (batch.length === 0) return undefined;
    const rows = await t(db)
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where(
        'seq',
        'in',
        batch.map((b) => b.c.seq),
      )
      .execute();
    const stored = new Map(rows.map((r) => [Number(r.seq), r.hash]));
    for (const { line, c } of batch) {
      if (cut && c.seq <= cutSeq) {
        if (c.seq === cutSeq && c.hash !== cut.hash) return { line, seq: c.seq, reason: 'rewritten' };
        agreed++;
        continue;
      }
      const hash = stored.get(c.seq);
      if (c.seq > head.seq || hash === undefined) return { line, seq: c.seq, reason: 'truncated' };
      if (hash !== c.hash) return { line, seq: c.seq, reason: 'rewritten' };
      agreed++;
    }
    batch = [];
    return undefined;
  };
  for await (const raw of lines) {
    lineNo++;
    const text = raw.trim();
    if (text === '') continue;
    let parsed: ReturnType<typeof lineSchema.safeParse>;
    try {
      parsed = lineSchema.safeParse(JSON.parse(text));
    } catch {
      return { ok: false, agreed, problem: { line: lineNo, seq: null, reason: 'malformed' } };
    }
    if (!parsed.success) return { ok: false, agreed, problem: { line: lineNo, seq: null, reason: 'malformed' } };
    const c = parsed.data;
    const { signature, ...unsigned } = c;
    if (!(await verifyInstanceSignature(db, c.keyId, signedBytes(unsigned), signature))) {
      return { ok: false, agreed, problem: { line: lineNo, seq: c.seq, reason: 'bad_signature' } };
    }
    if (c.keyedFromSeq !== head.keyedFromSeq) {
      return { ok: false, agreed, problem: { line: lineNo, seq: c.seq, reason: 'boundary_moved' } };
    }
    batch.push({ line: lineNo, c });
    if (batch.length >= 500) {
      const problem = await flush();
      if (problem) return { ok: false, agreed, problem };
    }
  }
  const problem = await flush();
  if (problem) return { ok: false, agreed, problem };
  return { ok: true, agreed };
}

export const checkpointListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const checkpointSchema = z.object({
  seq: z.number(),
  hash: z.string(),
  keyedFromSeq: z.number(),
  at: z.string(),
  keyId: z.string(),
  signature: z.string(),
});

/** The checkpoints this database holds, newest first (the DPO compares them with the outside copy). */
export async function listCheckpoints(ctx: Context, q: z.infer<typeof checkpointListQuery>) {
  await requireAuditVerify(ctx);
  let query = t(ctx.database.db).selectFrom('audit_checkpoints').selectAll();
  const after = decodeCursor(q.cursor, z.tuple([z.number().int()]));
  if (after) query = query.where('seq', '<', after[0]);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r) => ({
    seq: Number(r.seq),
    hash: r.hash,
    keyedFromSeq: Number(r.keyed_from_seq),
    at: r.at,
    keyId: r.key_id,
    signature: r.signature,
  }));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.seq]) : null,
    fileConfigured: ctx.config.auditCheckpointFile !== undefined,
    intervalMinutes: ctx.config.auditCheckpointMs / 60_000,
  };
}
