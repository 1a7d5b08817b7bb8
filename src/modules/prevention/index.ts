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
