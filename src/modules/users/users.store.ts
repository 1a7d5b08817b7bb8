import { type CompiledQuery, sql } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
import { invalidateSessions } from './session-cache.js';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  agency_id: string;
  locale: 'id' | 'en';
  time_zone: string;
  password_hash: string;
  must_change_password: number;
  totp_secret_enc: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  status: 'active' | 'disabled';
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}
export interface UserRoleRow {
  user_id: string;
  role_key: string;
}
export interface RoleRow {
  key: string;
  scope: string;
  permissions: unknown;
  requires_totp: number;
  aggregate_only: number;
  builtin: number;
  updated_at: string;
}
export interface SessionRow {
  id_hash: string;
  user_id: string;
  stage: 'active' | 'totp' | 'totp_enroll' | 'password_change';
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
  ip: string | null;
}
export interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: string;
}
type UserTables = {
  auth_throttle: ThrottleRow;
  users: UserRow;
  user_roles: UserRoleRow;
  roles: RoleRow;
  sessions: SessionRow;
};
const t = (db: Executor) => tables<UserTables>(db);

export async function selectUser(db: Executor, id: string) {
  return t(db).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function selectUsersByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return t(db).selectFrom('users').selectAll().where('id', 'in', ids).execute();
}
export async function selectUserByUsername(db: Executor, username: string) {
  return t(db).selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
}
export async function insertUser(db: Executor, row: UserRow) {
  await t(db).insertInto('users').values(row).execute();
}
export async function updateUserRow(db: Executor, id: string, patch: Partial<UserRow>) {
  invalidateSessions(db, { userId: id });
  await t(db).updateTable('users').set(patch).where('id', '=', id).execute();
}
export async function selectRoleKeys(db: Executor, userId: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('user_roles')
    .select('role_key')
    .where('user_id', '=', userId)
    .orderBy('role_key')
    .execute();
  return rows.map((r) => r.role_key);
}
export async function replaceRoles(db: Executor, userId: string, roles: string[]) {
  invalidateSessions(db, { userId });
  await t(db).deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0) {
    await t(db)
      .insertInto('user_roles')
      .values(roles.map((role_key) => ({ user_id: userId, role_key })))
      .execute();
  }
}
export async function selectRoles(db: Executor) {
  return t(db).selectFrom('roles').selectAll().orderBy('key').execute();
}
export async function upsertRole(db: Executor, row: RoleRow) {
  invalidateSessions(db, 'all');
  await t(db)
    .insertInto('roles')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        scope: row.scope,
        permissions: row.permissions,
        requires_totp: row.requires_totp,
        aggregate_only: row.aggregate_only,
        builtin: row.builtin,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

const sessionWithUserQuery = (db: Executor) =>
  t(db)
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash',
      's.user_id',
      's.stage',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      's.ended_at',
      'u.username',
      'u.display_name',
      'u.agency_id',
      'u.locale',
      'u.time_zone',
      'u.status',
      'u.totp_enabled',
    ])
    .where('s.id_hash', '=', '');

// Built and compiled once; only the parameter changes (the query runs on every session-cache miss).
type SessionWithUserRow = NonNullable<Awaited<ReturnType<ReturnType<typeof sessionWithUserQuery>['executeTakeFirst']>>>;
const compiledSessionWithUser = new WeakMap<Executor, CompiledQuery<SessionWithUserRow>>();

/** Session and user in one query (a session-cache miss: see session-cache.ts). */
export async function selectSessionWithUser(db: Executor, idHash: string) {
  let compiled = compiledSessionWithUser.get(db);
  if (!compiled) {
    compiled = sessionWithUserQuery(db).compile();
    compiledSessionWithUser.set(db, compiled);
  }
  const result = await db.executeQuery<SessionWithUserRow>({ ...compiled, parameters: [idHash] });
  return result.rows[0];
}
export async function insertSession(db: Executor, row: SessionRow) {
  await t(db).insertInto('sessions').values(row).execute();
}
export async function updateSession(db: Executor, idHash: string, patch: Partial<SessionRow>) {
  invalidateSessions(db, { idHash });
  await t(db).updateTable('sessions').set(patch).where('id_hash', '=', idHash).execute();
}
/**
 * Records activity for the idle timeout. The one session write that does not invalidate the session cache:
 * the caller updates the cached instant itself, and nothing else about the session changes.
 */
export async function touchSession(db: Executor, idHash: string, at: string) {
  await t(db).updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}
/** Ends every open session of a user (log out everywhere, disable, password reset). */
export async function endUserSessions(db: Executor, userId: string, at: string, exceptIdHash?: string) {
  invalidateSessions(db, { userId });
  let q = t(db)
    .updateTable('sessions')
    .set({ ended_at: at })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface UserListFilter {
  scope: ScopeFilter;
  /** For jurisdiction scope: the agencies inside the caller's region (asked of the agencies module). */
  agencyIdsInJurisdiction?: string[];
  q?: string;
  agencyId?: string;
  status?: string;
  role?: string;
  after?: [string, string];
  limit: number;
}

/** One page of users in the caller's scope, ordered by username (keyset). */
export async function selectUsers(db: Executor, f: UserListFilter) {
  let q = t(db).selectFrom('users as u').selectAll('u');
  switch (f.scope.kind) {
    case 'agency':
      q = q.where('u.agency_id', '=', f.scope.agencyId);
      break;
    case 'jurisdiction':
      q = q.where('u.agency_id', 'in', [...(f.agencyIdsInJurisdiction ?? []), f.scope.agencyId]);
      break;
    case 'own':
      q = q.where('u.id', '=', f.scope.userId);
      break;
    case 'all':
      break;
  }
  if (f.q) {
    const pattern = `%${f.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
    q = q.where((eb) =>
      eb.or([eb('u.username', 'like', pattern), eb(eb.fn('lower', ['u.display_name']), 'like', pattern)]),
    );
  }
  if (f.agencyId) q = q.where('u.agency_id', '=', f.agencyId);
  if (f.status) q = q.where('u.status', '=', f.status as UserRow['status']);
  if (f.role) {
    const role = f.role;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles as r')
          .select('r.user_id')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role_key', '=', role),
      ),
    );
  }
  if (f.after) {
    const [username, id] = f.after;
    q = q.where((eb) =>
      eb.or([eb('u.username', '>', username), eb.and([eb('u.username', '=', username), eb('u.id', '>', id)])]),
    );
  }
  return q.orderBy('u.username').orderBy('u.id').limit(f.limit).execute();
}

/** Role keys for many users at once (one query per page, not per row). */
export async function selectRoleKeysFor(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (userIds.length === 0) return map;
  const rows = await t(db)
    .selectFrom('user_roles')
    .selectAll()
    .where('user_id', 'in', userIds)
    .orderBy('role_key')
    .execute();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.role_key]);
  return map;
}

/** Active users of an agency holding a role (e.g. the supervisors to alert). */
/** Active users of an agency holding any of these roles. */
export async function selectUserIdsWithAnyRole(db: Executor, agencyId: string, roles: string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await t(db)
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .distinct()
    .where('u.agency_id', '=', agencyId)
    .where('u.status', '=', 'active')
    .where('r.role_key', 'in', roles)
    .execute();
  return rows.map((r) => r.id);
}

export async function selectUserIdsWithRole(db: Executor, agencyId: string, role: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('u.agency_id', '=', agencyId)
    .where('u.status', '=', 'active')
    .where('r.role_key', '=', role)
    .execute();
  return rows.map((r) => r.id);
}

/** Active users of some agencies holding one of some roles: (agency, user, role) in one query. */
export async function selectAgencyUsersWithRoles(db: Executor, agencyIds: readonly string[], roles: readonly string[]) {
  if (agencyIds.length === 0 || roles.length === 0) return [];
  return t(db)
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.agency_id', 'u.id', 'r.role_key'])
    .where('u.agency_id', 'in', [...new Set(agencyIds)])
    .where('u.status', '=', 'active')
    .where('r.role_key', 'in', [...roles])
    .execute();
}

/** Active users holding a role, in any agency (the DPO, administrators), at most 100. */
export async function selectUserIdsWithRoleAnywhere(db: Executor, role: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('u.status', '=', 'active')
    .where('r.role_key', '=', role)
    .orderBy('u.id')
    .limit(100)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Counts one failure under a throttle key in one atomic statement (parallel attempts all count); a window
 * older than `cutoff` starts again at 1. Returns the failures in the current window.
 */
export async function bumpThrottle(db: Executor, key: string, now: string, cutoff: string): Promise<number> {
  const stale = sql<boolean>`auth_throttle.window_started_at <= ${cutoff}`;
  const row = await t(db)
    .insertInto('auth_throttle')
    .values({ key, failures: 1, window_started_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when ${stale} then 1 else auth_throttle.failures + 1 end`,
        window_started_at: sql<string>`case when ${stale} then ${now} else auth_throttle.window_started_at end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Failures per key within the current window (keys without a live window are absent). */
export async function throttleCounts(db: Executor, keys: string[], cutoff: string): Promise<Map<string, number>> {
  const rows = await t(db)
    .selectFrom('auth_throttle')
    .select(['key', 'failures'])
    .where('key', 'in', keys)
    .where('window_started_at', '>', cutoff)
    .execute();
  return new Map(rows.map((r) => [r.key, Number(r.failures)]));
}

export async function clearThrottle(db: Executor, keys: string[]): Promise<void> {
  await t(db).deleteFrom('auth_throttle').where('key', 'in', keys).execute();
}

/**
 * Counts one TOTP failure on the user atomically; at `max` the user's TOTP is locked until `lockUntil` and
 * the counter starts again. Returns the failures counted and whether this one locked.
 */
export async function bumpTotpFailures(
  db: Executor,
  id: string,
  max: number,
  lockUntil: string,
): Promise<{ failures: number; locked: boolean }> {
  invalidateSessions(db, { userId: id });
  const row = await t(db)
    .updateTable('users')
    .set({ failed_logins: sql<number>`failed_logins + 1` })
    .where('id', '=', id)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  const failures = Number(row.failed_logins);
  if (failures < max) return { failures, locked: false };
  // Only the statement that reached the limit locks (a conditional update: the counter is still >= max).
  const locked = await t(db)
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: lockUntil })
    .where('id', '=', id)
    .where('failed_logins', '>=', max)
    .executeTakeFirst();
  return { failures, locked: Number(locked.numUpdatedRows) > 0 };
}

/** Records a used TOTP step only if no other request recorded one since it was read (no replay, no race). */
export async function claimTotpStep(db: Executor, id: string, previous: number | null, step: number): Promise<boolean> {
  invalidateSessions(db, { userId: id });
  const r = await t(db)
    .updateTable('users')
    .set({ totp_last_step: step, failed_logins: 0 })
    .where('id', '=', id)
    .where((eb) => (previous === null ? eb('totp_last_step', 'is', null) : eb('totp_last_step', '=', previous)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
