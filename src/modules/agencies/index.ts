export { agenciesAudit } from './agencies.audit.js';
export { agencyPermissions } from './agencies.policy.js';
export { agencyRoutes } from './agencies.routes.js';
export type { TAgency, TAgencyCreate } from './agencies.schema.js';
export {
  agencyFacts,
  agencyIdsInRegion,
  cachedAgencyFacts,
  createAgency,
  findActiveAgency,
  findAgencyRow,
  getAgency,
  listAgencies,
} from './agencies.service.js';
