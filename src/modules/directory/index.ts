export { directoryRoutes } from './directory.routes.js';
export type { TDirectoryService } from './directory.schema.js';
export {
  directoryPermissions,
  listAgencyDirectoryServices,
  searchDirectory,
  upsertDirectoryService,
} from './directory.service.js';
