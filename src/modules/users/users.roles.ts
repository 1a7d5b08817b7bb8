import type { Permission } from '../../platform/access.js';
import type { Scope } from '../../platform/context.js';

/**
 * Roles are data: a set of `module.action` permissions plus one scope. These are the built-in roles
 * (synchronised into the roles table at start); the access engine reads only the table's content.
 */
export interface RoleDef {
  scope: Scope;
  permissions: readonly string[];
  /** Task-force analysts: aggregates only, never a person-level row (DESIGN §4). */
  aggregateOnly?: boolean;
}

/** Permissions that carry no person-level data; the only ones an aggregate-only role may hold. */
export const aggregatePermissions = new Set(['agencies.read', 'reports.aggregate', 'alerts.read']);

const caseWork = [
  'persons.create',
  'persons.read',
  'persons.identity.reveal',
  'persons.identity.update',
  'cases.create',
  'cases.read',
  'cases.update',
  'screenings.manage',
  'services.manage',
  'referrals.manage',
  'consents.manage',
] as const;

export const builtinRoles = {
  sysadmin: {
    scope: 'all',
    permissions: [
      'agencies.read',
      'agencies.manage',
      'users.read',
      'users.manage',
      'roles.read',
      'audit.read',
      'alerts.read',
      'directory.manage',
      'serviceAccounts.manage',
    ],
  },
  dpo: {
    scope: 'all',
    permissions: [
      'agencies.read',
      'users.read',
      'roles.read',
      'audit.read',
      'audit.verify',
      'dsr.manage',
      'access.grants.review',
      'breaches.manage',
      'retention.manage',
      'accessLog.read',
      'publication.release',
      'reports.aggregate',
      'alerts.read',
    ],
  },
  supervisor: {
    scope: 'agency',
    permissions: [
      ...caseWork,
      'agencies.read',
      'users.read',
      'roles.read',
      'cases.approve',
      'legal.read',
      'legal.manage',
      'access.breakGlass',
      'reports.aggregate',
      'alerts.read',
      'directory.manage',
      'tips.read',
      'tips.manage',
      'tips.settings',
      'programmes.read',
      'budgets.read',
      'exchange.export',
      'exchange.import',
      'exchange.review',
    ],
  },
  case_worker: {
    scope: 'own',
    permissions: [...caseWork, 'agencies.read', 'access.breakGlass', 'alerts.read', 'legal.read'],
  },
  intake_officer: {
    scope: 'agency',
    permissions: [
      'agencies.read',
      'persons.create',
      'persons.read',
      'cases.create',
      'cases.read',
      'alerts.read',
      'tips.read',
      'tips.manage',
    ],
  },
  service_provider: {
    scope: 'own',
    permissions: ['agencies.read', 'referrals.receive', 'services.manage', 'alerts.read', 'directory.manage'],
  },
  legal_liaison: {
    scope: 'agency',
    permissions: [
      'agencies.read',
      'persons.read',
      'cases.read',
      'legal.read',
      'legal.manage',
      'alerts.read',
      'tips.read',
    ],
  },
  // Police women-and-children unit (Unit PPA): opens proceedings, records suspects, grants police protection (Art. 47).
  police_investigator: {
    scope: 'agency',
    permissions: [
      'agencies.read',
      'alerts.read',
      'legal.read',
      'legal.manage',
      'protection.manage',
      'persons.create',
      'persons.read',
      'persons.identity.reveal',
    ],
  },
  // Public prosecutor: prosecution, verdicts, the restitution chain after the final verdict (PERMA 1/2022).
  prosecutor: {
    scope: 'agency',
    permissions: [
      'agencies.read',
      'alerts.read',
      'legal.read',
      'legal.manage',
      'persons.read',
      'persons.identity.reveal',
    ],
  },
  // LPSK (Law 31/2014): protection of witnesses and victims, assessment of restitution claims.
  lpsk_officer: {
    scope: 'agency',
    permissions: ['agencies.read', 'alerts.read', 'legal.read', 'protection.manage', 'restitution.assess'],
  },
  programme_officer: {
    scope: 'agency',
    permissions: [
      'agencies.read',
      'programmes.read',
      'programmes.manage',
      'budgets.read',
      'budgets.manage',
      'reports.aggregate',
      'alerts.read',
    ],
  },
  taskforce_analyst: {
    scope: 'jurisdiction',
    permissions: ['agencies.read', 'reports.aggregate', 'alerts.read'],
    aggregateOnly: true,
  },
  intl_partner: { scope: 'own', permissions: ['agencies.read', 'referrals.receive', 'alerts.read'] },
} as const satisfies Record<string, RoleDef>;

export type BuiltinRoleKey = keyof typeof builtinRoles;
export const builtinRoleKeys = Object.keys(builtinRoles) as [BuiltinRoleKey, ...BuiltinRoleKey[]];

/** Every permission any built-in role holds (the operator at the command line holds them all). */
export const allPermissions = (): Permission[] =>
  [...new Set<Permission>(Object.values(builtinRoles).flatMap((r) => [...r.permissions]))].sort();

/**
 * Permissions no built-in role holds, which an operator may add to a role in the roles table: breaking the glass
 * outside one's own jurisdiction (DESIGN §4) is a deliberate setting, never a default.
 */
export const roleSettingPermissions = ['access.breakGlass.anywhere'] as const;

/**
 * A permission some built-in role grants (or a role setting): the only strings `requireAccess`, `can` and
 * `scopeFilter` accept.
 */
export type RolePermission =
  | (typeof builtinRoles)[BuiltinRoleKey]['permissions'][number]
  | (typeof roleSettingPermissions)[number];

declare module '../../platform/access.js' {
  interface PermissionRegistry extends Record<RolePermission, true> {}
}
