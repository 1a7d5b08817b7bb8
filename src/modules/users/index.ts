import type { ModuleManifest } from '../../platform/modules.js';
import { authRoutes } from './auth.routes.js';
import { usersAudit } from './users.audit.js';
import { userRoutes } from './users.routes.js';
import { dpoUserIds, userEncryptedColumns } from './users.service.js';

export { login, verifyStepUp } from './auth.authentication.js';
export { installAuthentication } from './auth.hook.js';
export { roleDefinitions, syncBuiltinRoles } from './auth.roles.js';
export { authRoutes } from './auth.routes.js';
export { resolveSession } from './auth.sessions.js';
export { generateTemporaryPassword, hashPassword, verifyPassword } from './passwords.js';
export { usersAudit } from './users.audit.js';
export { allPermissions, builtinRoleKeys, builtinRoles } from './users.roles.js';
export { userRoutes } from './users.routes.js';
export type { TUser, TUserCreate } from './users.schema.js';
export {
  accessActorsOf,
  administratorIds,
  agencyResponsibleIds,
  agencyResponsibleIdsMany,
  agencyUserIdsWithPermission,
  createUser,
  dpoUserIds,
  insertUserWithRoles,
  listUsers,
  resetPassword,
  resetTotp,
  setUserStatus,
  supervisorsOf,
  userEncryptedColumns,
  userSummaries,
  userSummary,
} from './users.service.js';
export { selectUserByUsername as findUserByUsername } from './users.store.js';

/** The module as server.ts composes it (platform/modules.ts): authentication's routes, then the accounts'. */
export const usersModule: ModuleManifest = {
  name: 'users',
  routes: async (app, services) => {
    await authRoutes(app, services);
    await userRoutes(app);
  },
  encryptedColumns: [userEncryptedColumns],
  auditActions: usersAudit,
  // The instance's DPOs are alerted when a breach notice clock runs low.
  provides: { 'privacy.officers': dpoUserIds },
};
