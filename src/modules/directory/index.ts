export { directoryAudit } from './directory.audit.js';
export { directoryPermissions } from './directory.policy.js';
export { directoryRoutes } from './directory.routes.js';
export type { TDirectoryService } from './directory.schema.js';
export {
  listAgencyDirectoryServices,
  searchDirectory,
  upsertDirectoryService,
} from './directory.service.js';
