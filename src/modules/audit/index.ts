export { auditRoutes } from './audit.routes.js';
export { listAuditEvents, verifyAudit } from './audit.service.js';
