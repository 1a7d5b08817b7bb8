import { sql } from 'kysely';
import {
  appendAudit,
  auditChainHead,
  canonicalJson,
  newestTruncation,
  sealTruncation,
  type TruncationPoint,
  type TruncationRow,
  truncationPointOf,
} from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { signWithInstanceKey, verifyInstanceSignature } from '../exchange/index.js';

/**
 * Audit retention (issue 10 item 9; Law 27/2022 Art. 43–44: kept no longer than needed) that keeps the proof of
 * item 5. Events older than the schedule go only behind a *truncation point*: the hash of the last removed event,
 * signed with the instance's Ed25519 key (an outside party holding the published key checks the line in the log
 * stream) and sealed with the audit key (only a holder of the master key writes a point that `pulih audit
 * verify` accepts; a row someone adds with database rights alone reads as tampering). The point, the removal and
 * an `audit.truncate` event are one transaction; verification starts from the newest point.
 */

export const TRUNCATION_FORMAT = 'pulih.audit-truncation/1';

type Tables = {
  audit_truncations: TruncationRow;
  audit_events: { seq: number; at: string; hash: string };
};
const t = (db: Executor) => tables<Tables>(db);

/** How many events lie before the cut-off and after the newest truncation point (the retention preview). */
export async function auditEventsDue(db: Executor, cutBefore: string): Promise<number> {
  const cut = await newestTruncation(db);
  const r = await t(db)
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '<', cutBefore)
    .where('seq', '>', cut ? Number(cut.through_seq) : 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Removes the events written before `cutBefore` behind a signed, sealed truncation point. Returns the point, or
 * null when nothing is due (or another run cut first). The `audit.truncate` event then follows the point, so the
 * chain always has at least that event after the cut.
 */
export async function truncateAuditBefore(ctx: Context, cutBefore: Date): Promise<TruncationPoint | null> {
  const db = ctx.database.db;
  const cutIso = cutBefore.toISOString();
  const previous = await newestTruncation(db);
  const from = previous ? Number(previous.through_seq) : 0;
  const last = await t(db)
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('at', '<', cutIso)
    .where('seq', '>', from)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return null;
  const head = await auditChainHead(db);
  const throughSeq = Number(last.seq);
  // Events before the cut never change (append-only), so the point can be signed before the transaction; the
  // transaction then checks that no other run cut meanwhile (the loser changes nothing).
  const unsigned = {
    format: TRUNCATION_FORMAT,
    instance: ctx.config.baseUrl,
    throughSeq,
    hash: last.hash,
    keyedFromSeq: head.keyedFromSeq ?? throughSeq + 1,
    cutBefore: cutIso,
    removed: throughSeq - from,
    at: ctx.clock.now().toISOString(),
  } as const;
  const { keyId, signature } = await signWithInstanceKey(ctx, (id) =>
    Buffer.from(canonicalJson({ ...unsigned, keyId: id }), 'utf8'),
  );
  const point: TruncationPoint = { ...unsigned, keyId };
  const seal = sealTruncation(ctx.keyring.auditKey, point);
  const line = JSON.stringify({ ...point, signature });
  const done = await transact(ctx, async (tx) => {
    // The chain head's row lock serialises truncations with each other and with appends.
    await sql`select seq from audit_chain_head where id = 1${ctx.database.adapter.forUpdate}`.execute(tx);
    const now = await newestTruncation(tx);
    if ((now ? Number(now.through_seq) : 0) !== from) return false;
    await t(tx)
      .insertInto('audit_truncations')
      .values({
        through_seq: throughSeq,
        hash: last.hash,
        keyed_from_seq: point.keyedFromSeq,
        cut_before: cutIso,
        removed: point.removed,
        at: point.at,
        key_id: keyId,
        signature,
        seal,
        line,
      })
      .execute();
    // PostgreSQL: the server role may lack DELETE on audit_events; the owner's function removes only what the
    // newest recorded point covers. SQLite: the trigger lets a delete through only at or below that point.
    if (ctx.database.adapter.name === 'postgres') await sql`select audit_prune(${throughSeq})`.execute(tx);
    else await t(tx).deleteFrom('audit_events').where('seq', '<=', throughSeq).execute();
    await appendAudit(tx, ctx, {
      action: 'audit.truncate',
      entityType: 'audit_truncation',
      entityId: String(throughSeq),
      details: { throughSeq, removed: point.removed, cutBefore: cutIso, keyId },
    });
    return true;
  });
  if (!done) return null;
  // The outside copy: the log stream (an operator ships it off the host), like the checkpoints.
  ctx.log.info({ auditTruncation: { ...point, signature } }, 'audit truncation');
  return point;
}

/**
 * Whether every stored truncation point carries this instance's signature (verifyAuditChain checks the newest
 * one's seal; this adds the signature an outside party can check too). Returns the first bad point's seq.
 */
export async function verifyTruncationSignatures(db: Executor): Promise<{ ok: boolean; badSeq?: number }> {
  if (!(await newestTruncation(db))) return { ok: true };
  const rows = await t(db).selectFrom('audit_truncations').selectAll().orderBy('through_seq').execute();
  for (const row of rows) {
    let point: TruncationPoint;
    let signature: unknown;
    try {
      point = truncationPointOf(row);
      signature = (JSON.parse(row.line) as { signature?: unknown }).signature;
    } catch {
      return { ok: false, badSeq: Number(row.through_seq) };
    }
    const ok =
      typeof signature === 'string' &&
      signature === row.signature &&
      (await verifyInstanceSignature(db, row.key_id, Buffer.from(canonicalJson(point), 'utf8'), signature));
    if (!ok) return { ok: false, badSeq: Number(row.through_seq) };
  }
  return { ok: true };
}
