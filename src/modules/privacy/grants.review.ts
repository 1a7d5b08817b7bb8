import { z } from 'zod';
import { grantById, grantReason, grantsPage, revokeGrantRow } from '../../platform/access.js';
import { type Context, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { audit } from './privacy.audit.js';
import { requireGrantReview } from './privacy.policy.js';

/**
 * The DPO's review queue of break-the-glass grants (issue 10 item 2): each grant is marked justified or not,
 * with a note, and a grant still running can be revoked at once. An unjustified verdict revokes it too.
 */

interface GrantReviewRow {
  grant_id: string;
  verdict: 'justified' | 'unjustified';
  note_enc: string | null;
  reviewed_by: string;
  reviewed_at: string;
}
const t = (db: Executor) => tables<{ grant_reviews: GrantReviewRow }>(db);

export const grantQueueQuery = z.strictObject({
  status: z.enum(['pending', 'reviewed', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export const grantReviewBody = z.strictObject({
  verdict: z.enum(['justified', 'unjustified']),
  note: z.string().trim().max(2000).optional(),
});

export const reviewedGrantSchema = z.object({
  id: z.string(),
  userId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
  review: z
    .object({
      verdict: z.enum(['justified', 'unjustified']),
      note: z.string().nullable(),
      reviewedBy: z.string(),
      reviewedAt: z.string(),
    })
    .nullable(),
});

type GrantRow = NonNullable<Awaited<ReturnType<typeof grantById>>>;

function present(ctx: Context, g: GrantRow, r: GrantReviewRow | undefined) {
  const now = ctx.clock.now().toISOString();
  return {
    id: g.id,
    userId: g.user_id,
    entityType: g.entity_type,
    entityId: g.entity_id,
    reason: grantReason(ctx.keyring, g),
    grantedAt: g.granted_at,
    expiresAt: g.expires_at,
    revokedAt: g.revoked_at,
    active: g.revoked_at === null && g.expires_at > now,
    review: r
      ? {
          verdict: r.verdict,
          note: ctx.keyring.decryptNullable('grant_reviews', 'note_enc', r.grant_id, r.note_enc),
          reviewedBy: r.reviewed_by,
          reviewedAt: r.reviewed_at,
        }
      : null,
  };
}

/** The queue: grants newest first, by default only those nobody has reviewed yet. */
export async function listGrantQueue(ctx: Context, q: z.infer<typeof grantQueueQuery>) {
  await requireGrantReview(ctx);
  const db = ctx.database.db;
  const items: ReturnType<typeof present>[] = [];
  let before = decodeCursor(q.cursor, z.tuple([z.string()]))?.[0];
  let last: string | undefined;
  // Pages of grants filtered by review state; bounded so a long reviewed history never loads whole.
  for (let round = 0; round < 20 && items.length < q.limit; round++) {
    const grants = await grantsPage(db, { ...(before ? { before } : {}), limit: 200 });
    if (grants.length === 0) {
      last = undefined;
      break;
    }
    const reviews = await t(db)
      .selectFrom('grant_reviews')
      .selectAll()
      .where(
        'grant_id',
        'in',
        grants.map((g) => g.id),
      )
      .execute();
    const byId = new Map(reviews.map((r) => [r.grant_id, r]));
    for (const g of grants) {
      last = g.id;
      const r = byId.get(g.id);
      if (q.status === 'pending' && r) continue;
      if (q.status === 'reviewed' && !r) continue;
      items.push(present(ctx, g, r));
      if (items.length === q.limit) break;
    }
    before = last;
    if (grants.length < 200 && items.length < q.limit) {
      last = undefined;
      break;
    }
  }
  return { items, nextCursor: items.length === q.limit && last ? encodeCursor([last]) : null };
}

/** Marks one grant justified or not (once); an unjustified grant still running is revoked in the same step. */
export async function reviewGrant(ctx: Context, id: string, input: z.infer<typeof grantReviewBody>) {
  const actor = (await requireGrantReview(ctx), ctx.actor!);
  return transact(ctx, async (tx) => {
    const grant = await grantById(tx, id);
    if (!grant) throw notFound();
    const now = ctx.clock.now();
    const inserted = await t(tx)
      .insertInto('grant_reviews')
      .values({
        grant_id: id,
        verdict: input.verdict,
        note_enc: ctx.keyring.encryptNullable('grant_reviews', 'note_enc', id, input.note),
        reviewed_by: actor.userId,
        reviewed_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('grant_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AppError('conflict', 'grant_already_reviewed');
    const revoked = input.verdict === 'unjustified' ? await revokeGrantRow(tx, id, now) : false;
    await audit(tx, ctx, 'grantReview', id, { verdict: input.verdict, revoked, grantUserId: grant.user_id });
    if (revoked) await audit(tx, ctx, 'grantRevoke', id, { grantUserId: grant.user_id, byReview: true });
    const after = (await grantById(tx, id))!;
    const review = await t(tx).selectFrom('grant_reviews').selectAll().where('grant_id', '=', id).executeTakeFirst();
    return present(ctx, after, review);
  });
}

/** Ends a running grant now; a grant already ended (expired or revoked) answers 409. */
export async function revokeGrant(ctx: Context, id: string) {
  await requireGrantReview(ctx);
  return transact(ctx, async (tx) => {
    const grant = await grantById(tx, id);
    if (!grant) throw notFound();
    if (!(await revokeGrantRow(tx, id, ctx.clock.now()))) throw new AppError('conflict', 'grant_not_active');
    await audit(tx, ctx, 'grantRevoke', id, { grantUserId: grant.user_id });
    const review = await t(tx).selectFrom('grant_reviews').selectAll().where('grant_id', '=', id).executeTakeFirst();
    return present(ctx, (await grantById(tx, id))!, review);
  });
}
