import { type Executor, tables } from '../../platform/db/index.js';

/** Break-the-glass grants for review (the DPO's home page): UUIDv7 ids sort by grant time, so "since" is a key range. */
interface GrantRow {
  id: string;
  user_id: string;
  entity_type: string;
  entity_id: string;
  granted_at: string;
  expires_at: string;
  revoked_at: string | null;
}
const t = (db: Executor) => tables<{ access_grants: GrantRow }>(db);

/** The smallest UUIDv7 minted at or after this instant. */
export function uuidv7Floor(at: Date): string {
  const hex = at.getTime().toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

export interface GrantForReview {
  grantId: string;
  userId: string;
  entityType: string;
  entityId: string;
  grantedAt: string;
  expiresAt: string;
  active: boolean;
}

/** Grants made since an instant, newest first, with their count. */
export async function grantsSince(
  db: Executor,
  since: Date,
  now: Date,
  limit: number,
): Promise<{ count: number; items: GrantForReview[] }> {
  const floor = uuidv7Floor(since);
  const [count, rows] = await Promise.all([
    t(db)
      .selectFrom('access_grants')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', '>=', floor)
      .executeTakeFirst(),
    t(db)
      .selectFrom('access_grants')
      .select(['id', 'user_id', 'entity_type', 'entity_id', 'granted_at', 'expires_at', 'revoked_at'])
      .where('id', '>=', floor)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const nowIso = now.toISOString();
  return {
    count: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      grantId: r.id,
      userId: r.user_id,
      entityType: r.entity_type,
      entityId: r.entity_id,
      grantedAt: r.granted_at,
      expiresAt: r.expires_at,
      active: r.revoked_at === null && r.expires_at > nowIso,
    })),
  };
}
