export { caseRoutes } from './cases.routes.js';
export { type CaseStage, caseStages, type TCaseCreate, type TCaseDetail } from './cases.schema.js';
export {
  type CaseFacts,
  canAccessCase,
  caseEncryptedColumns,
  caseFacts,
  caseResource,
  caseSupervisorIds,
  caseTeamIds,
  completeDueTasks,
  createCase,
  getCase,
  listCases,
  loadCase,
  markScreeningStarted,
  recordTimeline,
  recordTraffickingDecision,
  registerCaseCloseGuard,
  registerClosureReasonGuard,
  resolveCaseResource,
  scheduleTask,
  setLateServices,
  transitionCase,
} from './cases.service.js';
export { selectTeamOfPerson as caseTeamOfPerson } from './cases.store.js';
