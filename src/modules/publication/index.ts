export { ctdcAgeBands, ctdcHierarchies } from './ctdc.js';
export { publicationAudit } from './publication.audit.js';
export { publicationPermissions } from './publication.policy.js';
export { publicationRoutes } from './publication.routes.js';
export { previewCtdcRelease, releaseAggregates, releaseCtdc } from './publication.service.js';
