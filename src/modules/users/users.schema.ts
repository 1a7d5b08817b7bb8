import { z } from 'zod';

import { timeZones } from '../../contract/time.js';
import { allPermissions, roleSettingPermissions } from './users.roles.js';

export { timeZones };

const roleKey = z.string().regex(/^[a-z_]{2,40}$/, 'role_unknown');

export const userCreateSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'invalid'),
  displayName: z.string().trim().min(2).max(120),
  agencyId: z.uuid({ message: 'uuid' }),
  roles: z.array(roleKey).min(1).max(10),
  locale: z.enum(['id', 'en']).default('id'),
  timeZone: z.enum(timeZones).default('Asia/Jakarta'),
  temporaryPassword: z.string().min(12).max(256).optional(),
});
export type TUserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z.strictObject({
  displayName: z.string().trim().min(2).max(120).optional(),
  agencyId: z.uuid({ message: 'uuid' }).optional(),
  roles: z.array(roleKey).min(1).max(10).optional(),
  locale: z.enum(['id', 'en']).optional(),
  timeZone: z.enum(timeZones).optional(),
});
export type TUserUpdate = z.infer<typeof userUpdateSchema>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.string(),
  agencyName: z.string().nullable(),
  roles: z.array(z.string()),
  locale: z.enum(['id', 'en']),
  timeZone: z.string(),
  status: z.enum(['active', 'disabled']),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUser = z.infer<typeof userSchema>;

export const userListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  agencyId: z.uuid({ message: 'uuid' }).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  role: roleKey.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TUserListQuery = z.infer<typeof userListQuery>;

export const roleSchema = z.object({
  key: z.string(),
  scope: z.enum(['own', 'agency', 'jurisdiction', 'all']),
  permissions: z.array(z.string()),
  requiresTotp: z.boolean(),
  aggregateOnly: z.boolean(),
});

export const stageSchema = z.enum(['active', 'totp', 'totp_enroll', 'password_change']);
export type TStage = z.infer<typeof stageSchema>;

/**
 * The permissions that exist (every one a built-in role grants, and the role settings an operator may add): an
 * enum in the OpenAPI document, so the web's `can('…')` takes only these and a misspelt one fails its type check.
 */
export const permissionSchema = z.enum([...allPermissions(), ...roleSettingPermissions]);
export type TPermission = z.infer<typeof permissionSchema>;
const knownPermissions: ReadonlySet<string> = new Set(permissionSchema.options);
/** True for a permission the server knows (a role row edited by hand may hold others, which no rule checks). */
export const isKnownPermission = (p: string): p is TPermission => knownPermissions.has(p);

export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  agency: z.object({ id: z.string(), name: z.string(), type: z.string() }),
  roles: z.array(z.string()),
  permissions: z.array(permissionSchema),
  locale: z.enum(['id', 'en']),
  timeZone: z.enum(timeZones),
  totpEnabled: z.boolean(),
  stage: stageSchema,
  sessionExpiresAt: z.string(),
  idleTimeoutSeconds: z.number(),
});
export type TMe = z.infer<typeof meSchema>;

export const loginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export const totpVerifySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'code_format'),
});
export const preferencesSchema = z.strictObject({
  locale: z.enum(['id', 'en']).optional(),
  timeZone: z.enum(timeZones).optional(),
});
export const loginResultSchema = z.object({ stage: stageSchema, me: meSchema });
