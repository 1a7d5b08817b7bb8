import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { type Permission, requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Actor, type Context, type Services, type Tx, transact } from '../../platform/context.js';
import type { EncryptedColumnSet } from '../../platform/crypto.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { agencyFacts, agencyIdsInRegion, findActiveAgency } from '../agencies/index.js';
import { raiseAlerts } from '../alerts/index.js';
import { permissionsOf, roleDefinitions, roleRequiresTotp } from './auth.roles.js';
import { checkPasswordPolicy, generateTemporaryPassword, hashPassword } from './passwords.js';
import {
  requireManageUser,
  requireManageUsers,
  requireReadRoles,
  requireReadUser,
  userListScope,
} from './users.policy.js';
import type { TUser, TUserCreate, TUserListQuery, TUserUpdate } from './users.schema.js';
import {
  endUserSessions,
  insertUser,
  replaceRoles,
  selectAgencyUsersWithRoles,
  selectRoleKeys,
  selectRoleKeysFor,
  selectUser,
  selectUserByUsername,
  selectUserIdsWithAnyRole,
  selectUserIdsWithRole,
  selectUserIdsWithRoleAnywhere,
  selectUsers,
  selectUsersByIds,
  type UserRow,
  updateUserRow,
} from './users.store.js';

const toUser = (r: UserRow, roles: string[], agencyName: string | null): TUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  agencyId: r.agency_id,
  agencyName,
  roles,
  locale: r.locale,
  timeZone: r.time_zone,
  status: r.status,
  totpEnabled: r.totp_enabled === 1,
  mustChangePassword: r.must_change_password === 1,
  lockedUntil: r.locked_until,
  lastLoginAt: r.last_login_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function checkRoles(services: Services, roles: string[]): void {
  const defs = roleDefinitions(services);
  const unknown = roles.findIndex((r) => !defs.has(r));
  if (unknown >= 0)
    throw new AppError('validation', 'role_unknown', {}, [{ field: `roles.${unknown}`, code: 'invalid' }]);
}

async function requireAgency(ctx: Context, agencyId: string) {
  const agency = await findActiveAgency(ctx, agencyId);
  if (!agency) throw new AppError('validation', 'agency_not_found', {}, [{ field: 'agencyId', code: 'invalid' }]);
  return agency;
}

/** Writes a user row and roles; shared by the admin API, the CLI and the demo seed. */
export async function insertUserWithRoles(
  tx: Tx,
  ctx: Context,
  input: Omit<TUserCreate, 'temporaryPassword'> & { passwordHash: string; mustChangePassword: boolean },
): Promise<UserRow> {
  const now = ctx.clock.now().toISOString();
  const row: UserRow = {
    id: uuidv7(),
    username: input.username,
    display_name: input.displayName,
    agency_id: input.agencyId,
    locale: input.locale,
    time_zone: input.timeZone,
    password_hash: input.passwordHash,
    must_change_password: input.mustChangePassword ? 1 : 0,
    totp_secret_enc: null,
    totp_enabled: 0,
    totp_last_step: null,
    status: 'active',
    failed_logins: 0,
    locked_until: null,
    last_login_at: null,
    password_changed_at: now,
    created_at: now,
    updated_at: now,
  };
  await insertUser(tx, row);
  await replaceRoles(tx, row.id, input.roles);
  await appendAudit(tx, ctx, {
    action: 'users.create',
    entityType: 'user',
    entityId: row.id,
    details: { agencyId: row.agency_id, roles: input.roles },
  });
  return row;
}

/** Creates an account with a temporary password that must be changed at first login. */
export async function createUser(
  ctx: Context,
  input: TUserCreate,
): Promise<{ user: TUser; temporaryPassword: string }> {
  await requireManageUsers(ctx);
  checkRoles(ctx, input.roles);
  const agency = await requireAgency(ctx, input.agencyId);
  const temporaryPassword = input.temporaryPassword ?? generateTemporaryPassword();
  if (input.temporaryPassword) {
    const issue = await checkPasswordPolicy('temporaryPassword', temporaryPassword, [input.username]);
    if (issue) throw new AppError('validation', 'validation', {}, [issue]);
  }
  const passwordHash = await hashPassword(temporaryPassword);
  return transact(ctx, async (tx) => {
    if (await selectUserByUsername(tx, input.username)) {
      throw new AppError('conflict', 'username_taken', {}, [{ field: 'username', code: 'invalid' }]);
    }
    const row = await insertUserWithRoles(tx, ctx, { ...input, passwordHash, mustChangePassword: true });
    return { user: toUser(row, [...input.roles].sort(), agency.name), temporaryPassword };
  });
}

/** Loads a user the caller may read (`read`) or administer (`manage`); out of scope answers like missing (404). */
async function loadInScope(ctx: Context, ability: 'read' | 'manage', id: string): Promise<UserRow> {
  const row = await selectUser(ctx.database.db, id);
  if (!row) throw notFound();
  const facts = { id: row.id, agencyId: row.agency_id };
  await (ability === 'read' ? requireReadUser(ctx, facts) : requireManageUser(ctx, facts));
  return row;
}

export async function getUser(ctx: Context, id: string): Promise<TUser> {
  const row = await loadInScope(ctx, 'read', id);
  const agency = await findActiveAgency(ctx, row.agency_id);
  return toUser(row, await selectRoleKeys(ctx.database.db, id), agency?.name ?? null);
}

/** Edits an account; a change of roles or agency ends the user's sessions so new rights apply at once. */
export async function updateUser(ctx: Context, id: string, input: TUserUpdate): Promise<TUser> {
  const current = await loadInScope(ctx, 'manage', id);
  if (input.roles) checkRoles(ctx, input.roles);
  await refuseSelfGrant(ctx, id, input.roles);
  if (input.agencyId) await requireAgency(ctx, input.agencyId);
  const now = ctx.clock.now().toISOString();
  const patch: Partial<UserRow> = {
    ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    ...(input.agencyId !== undefined ? { agency_id: input.agencyId } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
    ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
    updated_at: now,
  };
  await transact(ctx, async (tx) => {
    await updateUserRow(tx, id, patch);
    const oldRoles = await selectRoleKeys(tx, id);
    const rolesChanged = input.roles !== undefined && [...input.roles].sort().join() !== oldRoles.join();
    if (rolesChanged && input.roles) await replaceRoles(tx, id, input.roles);
    const agencyChanged = input.agencyId !== undefined && input.agencyId !== current.agency_id;
    if (rolesChanged || agencyChanged) await endUserSessions(tx, id, now);
    await appendAudit(tx, ctx, {
      action: 'users.update',
      entityType: 'user',
      entityId: id,
      details: { changed: Object.keys(input), ...(rolesChanged ? { roles: input.roles } : {}) },
    });
  });
  return getUser(ctx, id);
}

/** Disables (and logs out) or re-enables an account. */
export async function setUserStatus(ctx: Context, id: string, status: 'active' | 'disabled'): Promise<TUser> {
  const actor = requireActor(ctx);
  await loadInScope(ctx, 'manage', id);
  if (status === 'disabled' && id === actor.userId) throw new AppError('conflict', 'cannot_disable_self');
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    await updateUserRow(tx, id, {
      status,
      updated_at: now,
      ...(status === 'active' ? { failed_logins: 0, locked_until: null } : {}),
    });
    if (status === 'disabled') await endUserSessions(tx, id, now);
    await appendAudit(tx, ctx, {
      action: status === 'active' ? 'users.enable' : 'users.disable',
      entityType: 'user',
      entityId: id,
    });
  });
  return getUser(ctx, id);
}

/** Administrator-issued password reset (no mail server assumed): a temporary password, forced change, lock cleared. */
export async function resetPassword(ctx: Context, id: string): Promise<{ temporaryPassword: string }> {
  await loadInScope(ctx, 'manage', id);
  const temporaryPassword = generateTemporaryPassword();
  const hash = await hashPassword(temporaryPassword);
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    await updateUserRow(tx, id, {
      password_hash: hash,
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      password_changed_at: now,
      updated_at: now,
    });
    await endUserSessions(tx, id, now);
    await appendAudit(tx, ctx, { action: 'users.resetPassword', entityType: 'user', entityId: id });
  });
  return { temporaryPassword };
}

/** Clears a lost authenticator; the user enrols again at next login if the role requires it. */
export async function resetTotp(ctx: Context, id: string): Promise<TUser> {
  await loadInScope(ctx, 'manage', id);
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    await updateUserRow(tx, id, { totp_secret_enc: null, totp_enabled: 0, totp_last_step: null, updated_at: now });
    await endUserSessions(tx, id, now);
    await appendAudit(tx, ctx, { action: 'users.resetTotp', entityType: 'user', entityId: id });
  });
  return getUser(ctx, id);
}

const userCursor = z.tuple([z.string(), z.string()]);

export async function listUsers(
  ctx: Context,
  q: TUserListQuery,
): Promise<{ items: TUser[]; nextCursor: string | null }> {
  const scope = await userListScope(ctx);
  const rows = await selectUsers(ctx.database.db, {
    scope,
    agencyIdsInJurisdiction:
      scope.kind === 'jurisdiction' ? await agencyIdsInRegion(ctx.database.db, scope.regionCode) : undefined,
    q: q.q,
    agencyId: q.agencyId,
    status: q.status,
    role: q.role,
    after: decodeCursor(q.cursor, userCursor),
    limit: q.limit + 1,
  });
  const pageRows = rows.slice(0, q.limit);
  const roles = await selectRoleKeysFor(
    ctx.database.db,
    pageRows.map((r) => r.id),
  );
  const names = new Map<string, string | null>();
  for (const agencyId of new Set(pageRows.map((r) => r.agency_id)))
    names.set(agencyId, (await agencyFacts(ctx.database.db, agencyId))?.name ?? null);
  const items = pageRows.map((r) => toUser(r, roles.get(r.id) ?? [], names.get(r.agency_id) ?? null));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.username, last.id]) : null };
}

/** The roles table as the access engine sees it. */
export async function listRoles(ctx: Context) {
  await requireReadRoles(ctx);
  return [...roleDefinitions(ctx).entries()].map(([key, def]) => ({
    key,
    scope: def.scope,
    permissions: [...def.permissions],
    requiresTotp: roleRequiresTotp(ctx, key, def),
    aggregateOnly: def.aggregateOnly === true,
  }));
}

/** Active data protection officers of the instance (alerts: break-the-glass, duplicate-check volumes, self-grants). */
export function dpoUserIds(db: Executor): Promise<string[]> {
  return selectUserIdsWithRoleAnywhere(db, 'dpo');
}

/**
 * Who answers for an agency's records when something happens to them (break-the-glass, a duplicate-check
 * match): its supervisors; when it has none, its administrators; failing those, the instance's.
 */
export async function agencyResponsibleIds(db: Executor, agencyId: string): Promise<string[]> {
  const supervisors = await selectUserIdsWithRole(db, agencyId, 'supervisor');
  if (supervisors.length > 0) return supervisors;
  const admins = await selectUserIdsWithRole(db, agencyId, 'sysadmin');
  return admins.length > 0 ? admins : administratorIds(db);
}

/** The same for many agencies (agency id → user ids) in at most two queries whatever their number. */
export async function agencyResponsibleIdsMany(
  db: Executor,
  agencyIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await selectAgencyUsersWithRoles(db, agencyIds, ['supervisor', 'sysadmin']);
  const of = (agencyId: string, role: string) =>
    rows.filter((r) => r.agency_id === agencyId && r.role_key === role).map((r) => r.id);
  const out = new Map<string, string[]>();
  let instanceAdmins: string[] | undefined;
  for (const agencyId of new Set(agencyIds)) {
    const supervisors = of(agencyId, 'supervisor');
    const admins = supervisors.length > 0 ? supervisors : of(agencyId, 'sysadmin');
    if (admins.length === 0) instanceAdmins ??= await administratorIds(db);
    out.set(agencyId, admins.length > 0 ? admins : instanceAdmins!);
  }
  return out;
}

/** Active administrators of the instance. */
export function administratorIds(db: Executor): Promise<string[]> {
  return selectUserIdsWithRoleAnywhere(db, 'sysadmin');
}

/** Permissions that reach persons' records (a role holding one is "person-level"). */
const personLevel = /^(persons|cases|referrals|services|screenings|consents|legal|dsr)\.|^access\.breakGlass$/;
const isPersonLevelRole = (services: Services, role: string) =>
  (roleDefinitions(services).get(role)?.permissions ?? []).some((p) => personLevel.test(p));

/**
 * No administrator grants themself a role that reaches persons' records: four eyes — another administrator
 * makes the change (the DPO and the other administrators are alerted to the attempt).
 */
async function refuseSelfGrant(ctx: Context, id: string, roles: readonly string[] | undefined): Promise<void> {
  const actor = requireActor(ctx);
  if (id !== actor.userId || !roles) return;
  const added = roles.filter((r) => !actor.roles.includes(r) && isPersonLevelRole(ctx, r));
  if (added.length === 0) return;
  await transact(ctx, async (tx) => {
    await appendAudit(tx, ctx, {
      action: 'users.update',
      outcome: 'denied',
      entityType: 'user',
      entityId: id,
      details: { reason: 'self_grant', roles: added },
    });
    const recipients = [...(await dpoUserIds(tx)), ...(await administratorIds(tx))].filter((u) => u !== actor.userId);
    await raiseAlerts(tx, ctx, recipients, {
      kind: 'self_grant_attempt',
      entityType: 'user',
      entityId: id,
      params: { byUsername: actor.username, roles: added.join(', ') },
    });
  });
  throw new AppError('forbidden', 'self_grant_forbidden');
}

/** Active supervisors of an agency (for alerts such as break-the-glass). */
export function supervisorsOf(db: Executor, agencyId: string): Promise<string[]> {
  return selectUserIdsWithRole(db, agencyId, 'supervisor');
}

/** Active users of an agency whose roles grant any of these permissions (e.g. alert recipients). */
export function agencyUserIdsWithPermission(
  services: Services,
  agencyId: string,
  permissions: readonly Permission[],
): Promise<string[]> {
  const wanted = new Set<string>(permissions);
  const roles = [...roleDefinitions(services)]
    .filter(([, def]) => def.permissions.some((p) => wanted.has(p)))
    .map(([key]) => key);
  return selectUserIdsWithAnyRole(services.database.db, agencyId, roles);
}

/**
 * What the access engine needs to decide for other users than the caller (e.g. whether an alert's recipient
 * may open its target): each active user's agency, its jurisdiction and the user's permissions. Disabled
 * users are left out.
 */
export async function accessActorsOf(services: Services, db: Executor, userIds: string[]): Promise<Actor[]> {
  if (userIds.length === 0) return [];
  const users = (await selectUsersByIds(db, userIds)).filter((u) => u.status === 'active');
  const roleKeys = await selectRoleKeysFor(
    db,
    users.map((u) => u.id),
  );
  const out: Actor[] = [];
  for (const u of users) {
    const agency = await agencyFacts(db, u.agency_id);
    if (agency?.status !== 'active') continue;
    const roles = roleKeys.get(u.id) ?? [];
    const { permissions, aggregateOnly } = permissionsOf(services, roles);
    out.push({
      userId: u.id,
      username: u.username,
      agencyId: u.agency_id,
      agencyRegionCode: agency.regionCode,
      agencyNational: agency.national,
      roles,
      permissions,
      aggregateOnly,
      sessionIdHash: null,
    });
  }
  return out;
}

/** The users table's encrypted column (TOTP secrets), for key rotation. */
export const userEncryptedColumns: EncryptedColumnSet = {
  table: 'users',
  idColumn: 'id',
  columns: ['totp_secret_enc'],
};

/** For other modules (e.g. case teams): who a user is, without an access check. */
export async function userSummary(db: Executor, id: string) {
  const row = await selectUser(db, id);
  return row
    ? { id: row.id, username: row.username, displayName: row.display_name, agencyId: row.agency_id, status: row.status }
    : undefined;
}

/** Display facts of many users in one query (case teams). */
export async function userSummaries(db: Executor, ids: string[]) {
  const rows = await selectUsersByIds(db, [...new Set(ids)]);
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, username: r.username, displayName: r.display_name, agencyId: r.agency_id, status: r.status },
    ]),
  );
}
