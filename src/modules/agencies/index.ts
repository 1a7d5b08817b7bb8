import type { ModuleManifest } from '../../platform/modules.js';
import { agenciesAudit } from './agencies.audit.js';
import { agencyRoutes } from './agencies.routes.js';

export { agenciesAudit } from './agencies.audit.js';
export { agencyPermissions } from './agencies.policy.js';
export { agencyRoutes } from './agencies.routes.js';
export type { TAgency, TAgencyCreate } from './agencies.schema.js';
export {
  agencyFacts,
  agencyIdsInRegion,
  cachedAgencyFacts,
  createAgency,
  findActiveAgencies,
  findActiveAgency,
  findAgencyRow,
  getAgency,
  listAgencies,
} from './agencies.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const agenciesModule: ModuleManifest = {
  name: 'agencies',
  routes: agencyRoutes,
  auditActions: agenciesAudit,
};
