import type { ModuleManifest } from '../../platform/modules.js';
import { preventionAudit } from './prevention.audit.js';
import { preventionRoutes } from './prevention.routes.js';

export { budgetSummary, createAllocation, createExpenditure } from './budgets.service.js';
export { preventionAudit } from './prevention.audit.js';
export { preventionPermissions } from './prevention.policy.js';
export { preventionRoutes } from './prevention.routes.js';
export { programmeTypes, type TBudgetSummary, type TProgramme, type TSession } from './prevention.schema.js';
export {
  compareAwareness,
  createProgramme,
  createResponse,
  createSession,
  getProgramme,
  surveyResults,
} from './prevention.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const preventionModule: ModuleManifest = {
  name: 'prevention',
  routes: preventionRoutes,
  auditActions: preventionAudit,
};
