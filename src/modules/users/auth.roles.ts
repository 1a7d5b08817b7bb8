/** Roles as data: the built-in roles synced into the table, cached per database, and the permissions they grant. */

import { widerScope } from '../../platform/access.js';
import type { Scope, Services } from '../../platform/context.js';
import type { Database } from '../../platform/db/index.js';
import { aggregatePermissions, builtinRoles, type RoleDef } from './users.roles.js';
import { selectRoles, upsertRole } from './users.store.js';

const roleCache = new WeakMap<Database, Map<string, RoleDef>>();

/** Writes the built-in roles into the roles table and loads the table into this process's cache. */
export async function syncBuiltinRoles(services: Services): Promise<void> {
  const db = services.database.db;
  const now = services.clock.now().toISOString();
  for (const [key, def] of Object.entries(builtinRoles) as [string, RoleDef][]) {
    if (def.aggregateOnly && def.permissions.some((p) => !aggregatePermissions.has(p))) {
      throw new Error(`Role ${key} is aggregate-only but holds a person-level permission`);
    }
    await upsertRole(db, {
      key,
      scope: def.scope,
      permissions: services.database.adapter.toJson(def.permissions),
      requires_totp: roleRequiresTotp(services, key, def) ? 1 : 0,
      aggregate_only: def.aggregateOnly ? 1 : 0,
      builtin: 1,
      updated_at: now,
    });
  }
  const map = new Map<string, RoleDef>();
  for (const row of await selectRoles(db)) {
    map.set(row.key, {
      scope: row.scope as Scope,
      permissions: services.database.adapter.fromJson<string[]>(row.permissions),
      aggregateOnly: row.aggregate_only === 1,
    });
  }
  roleCache.set(services.database, map);
}

export function roleDefinitions(services: Services): Map<string, RoleDef> {
  const map = roleCache.get(services.database);
  if (!map) throw new Error('Roles not loaded: call syncBuiltinRoles at start-up');
  return map;
}

// Many users share a set of roles: their permission maps are computed once per set (read-only, shared).
const permissionsByRoles = new WeakMap<Map<string, RoleDef>, Map<string, ReturnType<typeof computePermissions>>>();

export function permissionsOf(services: Services, roleKeys: readonly string[]) {
  const defs = roleDefinitions(services);
  let byRoles = permissionsByRoles.get(defs);
  if (!byRoles) {
    byRoles = new Map();
    permissionsByRoles.set(defs, byRoles);
  }
  const key = roleKeys.join('\n');
  let result = byRoles.get(key);
  if (!result) {
    result = computePermissions(defs, roleKeys);
    byRoles.set(key, result);
  }
  return result;
}

function computePermissions(defs: Map<string, RoleDef>, roleKeys: readonly string[]) {
  const permissions = new Map<string, Scope>();
  let aggregateOnly = roleKeys.length > 0;
  for (const key of roleKeys) {
    const def = defs.get(key);
    if (!def) continue;
    if (!def.aggregateOnly) aggregateOnly = false;
    for (const p of def.permissions) permissions.set(p, widerScope(permissions.get(p), def.scope));
  }
  return { permissions, aggregateOnly };
}

/**
 * Whether a role needs an authenticator: named in PULIH_TOTP_REQUIRED_ROLES, or — with the keyword
 * `identity` there (the default) — able to reveal a victim's identity.
 */
export function roleRequiresTotp(services: Services, key: string, def: RoleDef | undefined): boolean {
  const required = services.config.totpRequiredRoles;
  if (required.includes(key)) return true;
  return required.includes('identity') && (def?.permissions.includes('persons.identity.reveal') ?? false);
}

export const requiresTotp = (services: Services, roles: readonly string[]) =>
  roles.some((r) => roleRequiresTotp(services, r, roleDefinitions(services).get(r)));
