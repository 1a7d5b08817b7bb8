import type { ModuleManifest } from '../../platform/modules.js';
import { directoryAudit } from './directory.audit.js';
import { directoryRoutes } from './directory.routes.js';

export { directoryAudit } from './directory.audit.js';
export { directoryPermissions } from './directory.policy.js';
export { directoryRoutes } from './directory.routes.js';
export { directoryServiceUpsertSchema, type TDirectoryService } from './directory.schema.js';
export {
  listAgencyDirectoryServices,
  searchDirectory,
  upsertDirectoryService,
} from './directory.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const directoryModule: ModuleManifest = {
  name: 'directory',
  routes: directoryRoutes,
  auditActions: directoryAudit,
};
