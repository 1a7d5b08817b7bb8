export { accessAudit } from './access.audit.js';
export { accessRoutes } from './access.routes.js';
export { breakGlass, listMyGrants } from './access.service.js';
export { type GrantForReview, grantsSince } from './access.workspace.js';
