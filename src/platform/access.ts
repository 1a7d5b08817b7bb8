import { v7 as uuidv7 } from 'uuid';
import type { Actor, Context, Scope, Tx } from './context.js';
import type { KeyRing } from './crypto.js';
import { type Executor, tables } from './db/index.js';
import { forbidden, notFound, unauthenticated } from './errors.js';

/** Deny by default: every service asks requireAccess before it reads or writes. */

/**
 * The permissions that exist. The platform does not know them: the users module's role table fills this
 * registry by declaration merging (users.roles.ts), so `Permission` is exactly the set some built-in role
 * grants and a misspelt permission does not compile, while the platform still imports nothing from modules.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging from the role table
export interface PermissionRegistry {}
export type Permission = keyof PermissionRegistry & string;

/** What the access engine needs to know about a record to decide whether it is in scope. */
export interface ScopedResource {
  type: string;
  id: string;
  /** The agency that owns (leads) the record. */
  agencyId: string;
  /** Kemendagri region code of the record, for jurisdiction scope. */
  regionCode?: string | null;
  /** Users on the record's team, for `own` scope. */
  teamUserIds?: readonly string[];
}

const scopeRank: Record<Scope, number> = { own: 1, agency: 2, jurisdiction: 3, all: 4 };

/** The wider of two scopes (a user with several roles gets the widest grant per permission). */
export function widerScope(a: Scope | undefined, b: Scope): Scope {
  return a && scopeRank[a] >= scopeRank[b] ? a : b;
}

/** True when the region code lies inside (or is) the jurisdiction code: "53.71" is inside "53". */
export function regionWithin(code: string | null | undefined, jurisdiction: string | null | undefined): boolean {
  if (!code || !jurisdiction) return false;
  return code === jurisdiction || code.startsWith(`${jurisdiction}.`);
}

/** Whether a resource lies within a scope for this actor (without break-the-glass grants). */
export function inScope(actor: Actor, scope: Scope, resource: ScopedResource): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'jurisdiction':
      if (actor.agencyNational) return true;
      // Agencies abroad have no Indonesian jurisdiction: their widest reach is their own agency.
      return actor.agencyRegionCode
        ? regionWithin(resource.regionCode, actor.agencyRegionCode) || resource.agencyId === actor.agencyId
        : resource.agencyId === actor.agencyId;
    case 'agency':
      return resource.agencyId === actor.agencyId;
    case 'own':
      return resource.teamUserIds?.includes(actor.userId) ?? false;
  }
}

/** The actor, or 401 when the request is anonymous. */
export function requireActor(ctx: Context): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

export interface GrantRow {
  id: string;
  user_id: string;
  entity_type: string;
  entity_id: string;
  /** Emptied since migration 0070: the reason (it may name the victim) is in reason_enc. */
  reason: string;
  reason_enc?: string | null;
  granted_at: string;
  expires_at: string;
  revoked_at: string | null;
}
type AccessTables = { access_grants: GrantRow };

/** An unexpired, unrevoked break-the-glass grant of this user to this record. */
export async function hasActiveGrant(db: Executor, userId: string, type: string, id: string, now: Date) {
  const row = await tables<AccessTables>(db)
    .selectFrom('access_grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('entity_type', '=', type)
    .where('entity_id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The single access check. Without a resource: may the actor do this at all (403 if not)?
 * With a resource: is it within the actor's scope or an active break-the-glass grant?
 * A record out of reach answers exactly like a missing one (404).
 */
export async function requireAccess(ctx: Context, permission: Permission, resource?: ScopedResource): Promise<Scope> {
  const actor = requireActor(ctx);
  const scope = actor.permissions.get(permission);
  if (!resource) {
    if (!scope) throw forbidden();
    return scope;
  }
  if (scope && inScope(actor, scope, resource)) return scope;
  // Break-the-glass opens one record for reading and working; it never adds a permission the role lacks.
  if (scope && (await hasActiveGrant(ctx.database.db, actor.userId, resource.type, resource.id, ctx.clock.now()))) {
    return scope;
  }
  throw notFound();
}

/** True when the actor holds the permission at any scope. */
export function can(ctx: Context, permission: Permission): boolean {
  return ctx.actor?.permissions.has(permission) ?? false;
}

/** A filter a list query applies so that it returns only rows in the caller's scope. */
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'jurisdiction'; regionCode: string; agencyId: string }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'own'; userId: string };

/** Turns the caller's scope for a permission into a list filter (403 if the permission is absent). */
export async function scopeFilter(ctx: Context, permission: Permission): Promise<ScopeFilter> {
  const actor = requireActor(ctx);
  const scope = await requireAccess(ctx, permission);
  switch (scope) {
    case 'all':
      return { kind: 'all' };
    case 'jurisdiction':
      // A national agency's jurisdiction is the country.
      if (actor.agencyNational) return { kind: 'all' };
      return actor.agencyRegionCode
        ? { kind: 'jurisdiction', regionCode: actor.agencyRegionCode, agencyId: actor.agencyId }
        : { kind: 'agency', agencyId: actor.agencyId };
    case 'agency':
      return { kind: 'agency', agencyId: actor.agencyId };
    case 'own':
      return { kind: 'own', userId: actor.userId };
  }
}

/**
 * A record break-the-glass can open: its scope facts and who supervises it. The owning module provides one per
 * record type (the access module's hook `access.resource`).
 */
export interface BreakGlassResource {
  type: string;
  resolve(ctx: Context, id: string): Promise<(ScopedResource & { supervisorUserIds: string[] }) | undefined>;
}

/** Writes a time-limited grant to one record (the caller audits and alerts in the same transaction). */
export async function insertGrant(
  tx: Tx,
  keyring: KeyRing,
  grant: { userId: string; type: string; id: string; reason: string; now: Date; durationMs: number },
): Promise<GrantRow> {
  const id = uuidv7();
  const row: GrantRow = {
    id,
    user_id: grant.userId,
    entity_type: grant.type,
    entity_id: grant.id,
    // The emergency's reason often names the victim or her situation: encrypted like a note (migration 0070).
    reason: '',
    reason_enc: keyring.encrypt('access_grants', 'reason_enc', id, grant.reason),
    granted_at: grant.now.toISOString(),
    expires_at: new Date(grant.now.getTime() + grant.durationMs).toISOString(),
    revoked_at: null,
  };
  await tables<AccessTables>(tx).insertInto('access_grants').values(row).execute();
  return row;
}

/** A grant's reason: the ciphertext since migration 0070, the old plaintext until the server encrypted it. */
export function grantReason(keyring: KeyRing, row: Pick<GrantRow, 'id' | 'reason' | 'reason_enc'>): string {
  return row.reason_enc ? keyring.decrypt('access_grants', 'reason_enc', row.id, row.reason_enc) : row.reason;
}

/** Break-the-glass grants' encrypted column, for key rotation. */
export const accessEncryptedColumns = [{ table: 'access_grants', idColumn: 'id', columns: ['reason_enc'] }];

/** The user's active grants. */
export async function activeGrants(db: Executor, userId: string, now: Date): Promise<GrantRow[]> {
  return tables<AccessTables>(db)
    .selectFrom('access_grants')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/** Grants for the DPO's review queue, newest first (keyset on id); the privacy module joins its reviews. */
export async function grantsPage(db: Executor, q: { before?: string; limit: number; userId?: string }) {
  let query = tables<AccessTables>(db).selectFrom('access_grants').selectAll();
  if (q.before) query = query.where('id', '<', q.before);
  if (q.userId) query = query.where('user_id', '=', q.userId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

export async function grantById(db: Executor, id: string) {
  return tables<AccessTables>(db).selectFrom('access_grants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a grant now; conditional, so only one of two concurrent revocations succeeds (false for the loser). */
export async function revokeGrantRow(tx: Tx, id: string, now: Date): Promise<boolean> {
  const r = await tables<AccessTables>(tx)
    .updateTable('access_grants')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
