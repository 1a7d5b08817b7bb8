import type { ModuleManifest } from '../../platform/modules.js';
import { publicationAudit } from './publication.audit.js';
import { publicationRoutes } from './publication.routes.js';
import { ctdcReleaseTask } from './publication.service.js';

export { ctdcAgeBands, ctdcHierarchies } from './ctdc.js';
export { publicationAudit } from './publication.audit.js';
export { publicationPermissions } from './publication.policy.js';
export { publicationRoutes } from './publication.routes.js';
export { previewCtdcRelease, releaseAggregates, releaseCtdc } from './publication.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const publicationModule: ModuleManifest = {
  name: 'publication',
  routes: publicationRoutes,
  auditActions: publicationAudit,
  offloadTasks: [ctdcReleaseTask],
};
