import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { requireAlertsRead } from './alerts.policy.js';

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
  action_key: string | null;
  resolved_at: string | null;
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
  /** When the action the alert asked for was done (by anyone allowed); null while it waits or for news. */
  resolvedAt?: string | null;
}

/** What a module raises: a kind, an optional target and parameters (ids, codes, counts — never identity). */
export interface AlertInput {
  kind: string;
  entityType?: string;
  entityId?: string;
  params?: Record<string, unknown>;
  /**
   * The action this alert asks for (see `alertActionKey`); the alert is resolved for every recipient when
   * `resolveAlerts` is called with the same key. Omitted: derived from the kind for the known action kinds.
   */
  actionKey?: string;
}

/** Keys of the actions alerts wait for: one place, so raiser and resolver never spell them differently. */
export const alertActionKey = {
  screeningApproval: (screeningId: string) => `screening:${screeningId}`,
  closureApproval: (caseId: string) => `closure:${caseId}`,
  leadTransfer: (transferId: string) => `lead_transfer:${transferId}`,
  referralAnswer: (referralId: string) => `referral:${referralId}`,
  serviceDelivery: (requestId: string) => `service:${requestId}`,
  actionItem: (actionItemId: string) => `action_item:${actionItemId}`,
} as const;

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The action key of an alert kind that asks for an action (alerts raised before keys existed stay news). */
function derivedActionKey(a: AlertInput): string | undefined {
  const p = a.params ?? {};
  switch (a.kind) {
    case 'screening_approval_needed': {
      const id = str(p.screeningId);
      return id && alertActionKey.screeningApproval(id);
    }
    case 'closure_approval_needed':
      return a.entityId && alertActionKey.closureApproval(a.entityId);
    case 'lead_transfer_requested':
      return a.entityType === 'lead_transfer' && a.entityId ? alertActionKey.leadTransfer(a.entityId) : undefined;
    case 'referral_received':
      return a.entityType === 'referral' && a.entityId ? alertActionKey.referralAnswer(a.entityId) : undefined;
    case 'referral_overdue': {
      const id = str(p.referralId) ?? (a.entityType === 'referral' ? a.entityId : undefined);
      return id && alertActionKey.referralAnswer(id);
    }
    case 'service_overdue': {
      const id = str(p.requestId);
      return id && alertActionKey.serviceDelivery(id);
    }
    case 'action_item_assigned':
    case 'action_item_overdue': {
      const id = str(p.actionItemId);
      return id && alertActionKey.actionItem(id);
    }
    default:
      return undefined;
  }
}

/**
 * Who among some users may open an alert's target. A module whose records alerts point at provides one (hook
 * `alerts.audience`); targets of another type are opened only through views that check their own recipients
 * (e.g. the referral inbox).
 */
export type AlertAudience = (ctx: Context, db: Executor, userIds: string[], entityId: string) => Promise<Set<string>>;
export interface AlertAudienceOf {
  entityType: string;
  audience: AlertAudience;
}

/**
 * Raises one alert per recipient inside the caller's transaction. Params must hold no identity data.
 * A recipient who cannot open the alert's target never receives it (an alert must not point someone at a
 * record they may not see) — unless the raiser names a `fallback` target they may see, e.g. the action item
 * itself, in which case they receive the alert pointing there.
 */
export async function raiseAlerts(
  tx: Tx,
  ctx: Context,
  recipients: string[],
  alert: AlertInput & { fallback?: { entityType: string; entityId: string } },
): Promise<void> {
  await raiseAlertsMany(tx, ctx, [{ recipients, alert }]);
}

/** Several alerts (each to its recipients, as raiseAlerts) written with one insert: one round trip in the transaction. */
export async function raiseAlertsMany(
  tx: Tx,
  ctx: Context,
  list: readonly {
    recipients: string[];
    alert: AlertInput & { fallback?: { entityType: string; entityId: string } };
  }[],
): Promise<void> {
  const rows: AlertRow[] = [];
  for (const { recipients, alert } of list) rows.push(...(await alertRows(tx, ctx, recipients, alert)));
  // 10 columns a row: 500 rows stay far below SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500)
    await t(tx)
      .insertInto('alerts')
      .values(rows.slice(i, i + 500))
      .execute();
}

async function alertRows(
  tx: Tx,
  ctx: Context,
  recipients: string[],
  alert: AlertInput & { fallback?: { entityType: string; entityId: string } },
): Promise<AlertRow[]> {
  const now = ctx.clock.now();
  const unique = [...new Set(recipients)];
  if (unique.length === 0) return [];
  let allowed = unique;
  let outsiders: string[] = [];
  const audience =
    alert.entityType && alert.entityId
      ? ctx.hooks.all('alerts.audience').find((a) => a.entityType === alert.entityType)?.audience
      : undefined;
  if (audience && alert.entityId) {
    const may = await audience(ctx, tx, unique, alert.entityId);
    allowed = unique.filter((u) => may.has(u));
    outsiders = alert.fallback ? unique.filter((u) => !may.has(u)) : [];
  }
  const actionKey = alert.actionKey ?? derivedActionKey(alert) ?? null;
  const params = ctx.database.adapter.toJson(alert.params ?? {});
  const at = now.toISOString();
  const row = (userId: string, entityType: string | null, entityId: string | null): AlertRow => ({
    id: uuidv7(),
    user_id: userId,
    kind: alert.kind,
    entity_type: entityType,
    entity_id: entityId,
    params,
    created_at: at,
    read_at: null,
    action_key: actionKey,
    resolved_at: null,
  });
  return [
    ...allowed.map((u) => row(u, alert.entityType ?? null, alert.entityId ?? null)),
    ...outsiders.map((u) => row(u, alert.fallback!.entityType, alert.fallback!.entityId)),
  ];
}

/**
 * The action an alert asked for is done: every recipient's alert with this key is resolved (and counts as
 * read), in the caller's transaction — whoever did it, so a supervisor's approval clears every supervisor's alert.
 */
export async function resolveAlerts(tx: Tx, ctx: Context, actionKey: string): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const r = await t(tx)
    .updateTable('alerts')
    .set((eb) => ({ resolved_at: now, read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('action_key', '=', actionKey)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const cursor = z.tuple([z.string()]);

const present = (ctx: Context, r: AlertRow): TAlert => ({
  id: r.id,
  kind: r.kind,
  entityType: r.entity_type,
  entityId: r.entity_id,
  params: ctx.database.adapter.fromJson<Record<string, unknown>>(r.params ?? '{}') ?? {},
  createdAt: r.created_at,
  readAt: r.read_at,
  resolvedAt: r.resolved_at,
});

export async function listAlerts(
  ctx: Context,
  q: { unread?: boolean; kind?: string; entityId?: string; limit: number; cursor?: string },
) {
  const actor = requireActor(ctx);
  await requireAlertsRead(ctx);
  let query = t(ctx.database.db).selectFrom('alerts').selectAll().where('user_id', '=', actor.userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  const after = decodeCursor(q.cursor, cursor);
  if (after) query = query.where('id', '<', after[0]);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r) => present(ctx, r));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

export async function unreadCount(ctx: Context): Promise<number> {
  const actor = requireActor(ctx);
  await requireAlertsRead(ctx);
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
  await requireAlertsRead(ctx);
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

/**
 * Marks the caller's unread alerts read — all of them, or one group (a kind, and/or one target). Only the
 * caller's own alerts change; returns how many.
 */
export async function markAllAlertsRead(ctx: Context, f: { kind?: string; entityId?: string }): Promise<number> {
  const actor = requireActor(ctx);
  await requireAlertsRead(ctx);
  return transact(ctx, async (tx) => {
    let q = t(tx)
      .updateTable('alerts')
      .set({ read_at: ctx.clock.now().toISOString() })
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}
