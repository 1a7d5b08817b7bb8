import type { Logger } from 'pino';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Services, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { type Job, jobContext } from '../../platform/jobs.js';
import type { TAlert } from './alerts.service.js';

/**
 * The e-mail digest hook: alerts a user has not read in the app within the digest interval are handed, in
 * batches, to a sender (e-mail, or anything else). No mail server is part of Pulih; a deployment plugs in a
 * sender, tests use an in-memory one. The sender looks up the user's address itself and skips disabled accounts.
 */
export interface AlertDigestSender {
  send(userId: string, alerts: TAlert[]): Promise<void>;
}

/** The default sender: logs that a digest would go out (counts and kinds only, never parameters or ids). */
export function loggingDigestSender(log: Logger): AlertDigestSender {
  const out = log.child({ component: 'alert-digest' });
  return {
    async send(_userId, alerts) {
      out.info({ count: alerts.length, kinds: [...new Set(alerts.map((a) => a.kind))] }, 'alert digest (no sender)');
    },
  };
}

/**
 * Configures the digest sender of one service set (hook `alerts.digestSender`: a deployment's module provides it,
 * a test adds its own to its services); the last one provided sends.
 */
export function setAlertDigestSender(services: Services, sender: AlertDigestSender): void {
  services.hooks.provide('alerts.digestSender', sender);
}

function senderFor(services: Services): AlertDigestSender {
  return services.hooks.all('alerts.digestSender').at(-1) ?? loggingDigestSender(services.log);
}

interface DigestRow {
  id: string;
  user_id: string;
  kind: string;
  entity_type: string | null;
  entity_id: string | null;
  params: unknown;
  created_at: string;
  read_at: string | null;
  digested_at: string | null;
}
const t = (db: Executor) => tables<{ alerts: DigestRow }>(db);

export const ALERT_DIGEST_JOB = 'alert-digest';
/** Alerts per send (a long backlog goes out as several digests). */
export const DIGEST_BATCH = 100;
const USER_PAGE = 100;

/** Users with an unread, undigested alert created at or before the cutoff, after a user id (keyset). */
async function dueUsers(db: Executor, cutoff: string, after: string | undefined): Promise<string[]> {
  let q = t(db)
    .selectFrom('alerts')
    .select('user_id')
    .distinct()
    .where('digested_at', 'is', null)
    .where('read_at', 'is', null)
    .where('created_at', '<=', cutoff);
  if (after) q = q.where('user_id', '>', after);
  const rows = await q.orderBy('user_id').limit(USER_PAGE).execute();
  return rows.map((r) => r.user_id);
}

/**
 * One pass of the digest: a user is due when their oldest unread, undigested alert is at least the digest
 * interval old (PULIH_ALERT_DIGEST_MINUTES), so each user gets at most about one digest per interval and
 * alerts read in the app meanwhile never go out. Each batch is claimed (digested_at set by a conditional
 * update, audited) before it is sent; a failed send releases its claim for the next run. Returns how many
 * alerts were handed to the sender.
 */
export async function sendAlertDigests(
  ctx: Context,
  options: { sender?: AlertDigestSender; batchSize?: number } = {},
): Promise<number> {
  const job = jobContext(ctx, ALERT_DIGEST_JOB, []);
  const sender = options.sender ?? senderFor(ctx);
  const batchSize = options.batchSize ?? DIGEST_BATCH;
  const nowMs = job.clock.now().getTime();
  const now = new Date(nowMs).toISOString();
  const cutoff = new Date(nowMs - job.config.alertDigestMs).toISOString();
  const db = job.database.db;
  let sent = 0;
  let after: string | undefined;
  for (;;) {
    const users = await dueUsers(db, cutoff, after);
    for (const userId of users) {
      for (;;) {
        const batch = await claimBatch(job, userId, now, batchSize);
        if (batch.length === 0) break;
        try {
          await sender.send(userId, batch);
          sent += batch.length;
        } catch (error) {
          await releaseBatch(job, batch, now);
          job.log.error(
            { job: ALERT_DIGEST_JOB, err: { message: error instanceof Error ? error.message : String(error) } },
            'alert digest send failed; retried next run',
          );
          break;
        }
        if (batch.length < batchSize) break;
        // A turn of the event loop between batches: on SQLite a run of tens of thousands of alerts (3.9 s
        // for 54,517 after a soak at 1,000,000 cases) would otherwise hold every request until it ends.
        await job.database.adapter.betweenPages();
      }
      await job.database.adapter.betweenPages();
    }
    if (users.length < USER_PAGE) break;
    after = users.at(-1);
  }
  return sent;
}

/** Claims up to `limit` of a user's pending alerts (oldest first) in one audited transaction. */
async function claimBatch(job: Context, userId: string, now: string, limit: number): Promise<TAlert[]> {
  return transact(job, async (tx) => {
    const candidates = await t(tx)
      .selectFrom('alerts')
      .selectAll()
      .where('user_id', '=', userId)
      .where('digested_at', 'is', null)
      .where('read_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    const claimed: DigestRow[] = [];
    for (const row of candidates) {
      const r = await t(tx)
        .updateTable('alerts')
        .set({ digested_at: now })
        .where('id', '=', row.id)
        .where('digested_at', 'is', null)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) claimed.push(row);
    }
    if (claimed.length > 0)
      await appendAudit(tx, job, {
        action: 'alerts.digest',
        entityType: 'user',
        entityId: userId,
        details: { count: claimed.length, kinds: [...new Set(claimed.map((a) => a.kind))] },
      });
    return claimed.map((r) => ({
      id: r.id,
      kind: r.kind,
      entityType: r.entity_type,
      entityId: r.entity_id,
      params: job.database.adapter.fromJson<Record<string, unknown>>(r.params ?? '{}') ?? {},
      createdAt: r.created_at,
      readAt: r.read_at,
    }));
  });
}

/** Gives a batch back to the next run after its send failed. */
async function releaseBatch(job: Context, batch: TAlert[], claimedAt: string): Promise<void> {
  await t(job.database.db)
    .updateTable('alerts')
    .set({ digested_at: null })
    .where(
      'id',
      'in',
      batch.map((a) => a.id),
    )
    .where('digested_at', '=', claimedAt)
    .execute();
}

/** Jobs of this module: the digest checks every minute who is due (the interval itself is a setting). */
export const alertJobs: Job[] = [{ name: ALERT_DIGEST_JOB, intervalMs: 60_000, run: (ctx) => sendAlertDigests(ctx) }];
