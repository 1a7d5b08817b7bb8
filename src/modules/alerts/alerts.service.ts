import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';

/** Per-user alerts: break-the-glass on my records now; referrals, overdue services and approvals as they land. */

interface AlertRow {
  id: string;
  user_id: string;
  kind: string;
  entity_type: string | null;
  entity_id: string | null;
  params: unknown;
  created_at: string;
  read_at: string | null;
}
type AlertTables = { alerts: AlertRow };
const t = (db: Executor) => tables<AlertTables>(db);

export interface TAlert {
  id: string;
  kind: string;
  entityType: string | null;
  entityId: string | null;
  params: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** Raises one alert per recipient inside the caller's transaction. Params must hold no identity data. */
export async function raiseAlerts(
  tx: Tx,
  ctx: Context,
  recipients: string[],
  alert: { kind: string; entityType?: string; entityId?: string; params?: Record<string, unknown> },
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const unique = [...new Set(recipients)];
  if (unique.length === 0) return;
  await t(tx)
    .insertInto('alerts')
    .values(
      unique.map((userId) => ({
        id: uuidv7(),
        user_id: userId,
        kind: alert.kind,
        entity_type: alert.entityType ?? null,
        entity_id: alert.entityId ?? null,
        params: ctx.database.adapter.toJson(alert.params ?? {}),
        created_at: now,
        read_at: null,
      })),
    )
    .execute();
}

const cursor = z.tuple([z.string()]);

export async function listAlerts(ctx: Context, q: { unread?: boolean; limit: number; cursor?: string }) {
  const actor = requireActor(ctx);
  let query = t(ctx.database.db).selectFrom('alerts').selectAll().where('user_id', '=', actor.userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  const after = decodeCursor(q.cursor, cursor);
  if (after) query = query.where('id', '<', after[0]);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items: TAlert[] = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    entityType: r.entity_type,
    entityId: r.entity_id,
    params: ctx.database.adapter.fromJson<Record<string, unknown>>(r.params ?? '{}') ?? {},
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

export async function unreadCount(ctx: Context): Promise<number> {
  const actor = requireActor(ctx);
  const row = await t(ctx.database.db)
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one of the caller's alerts read; someone else's alert is a 404. */
export async function markAlertRead(ctx: Context, id: string): Promise<void> {
  const actor = requireActor(ctx);
  await transact(ctx, async (tx) => {
    const row = await t(tx)
      .selectFrom('alerts')
      .select(['id', 'read_at'])
      .where('id', '=', id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (!row.read_at)
      await t(tx).updateTable('alerts').set({ read_at: ctx.clock.now().toISOString() }).where('id', '=', id).execute();
  });
}
