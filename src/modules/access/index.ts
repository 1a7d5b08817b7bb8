import type { ModuleManifest } from '../../platform/modules.js';
import { accessAudit } from './access.audit.js';
import { accessRoutes } from './access.routes.js';

export { accessAudit } from './access.audit.js';
export { accessRoutes } from './access.routes.js';
export { breakGlass, listMyGrants } from './access.service.js';
export { type GrantForReview, grantsSince } from './access.workspace.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const accessModule: ModuleManifest = {
  name: 'access',
  routes: accessRoutes,
  auditActions: accessAudit,
  // Break-the-glass opens nothing without the record types that may be opened.
  needsOneOrMore: ['access.resource'],
};
