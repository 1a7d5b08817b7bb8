export { caseRoutes } from './cases.routes.js';
export { type CaseStage, caseStages, type TCaseCreate, type TCaseDetail } from './cases.schema.js';
export {
  caseEncryptedColumns,
  caseHoldersOfPerson,
  caseResource,
  caseSupervisorIds,
  caseTeamIds,
  completeDueTasks,
  createCase,
  getCase,
  guardianCandidate,
  listCases,
  loadCase,
  markScreeningStarted,
  recomputeChildStatus,
  recordTimeline,
  recordTraffickingDecision,
  registerCaseCloseGuard,
  registerClosureReasonGuard,
  resolveCaseResource,
  scheduleTask,
  setLateServices,
  transitionCase,
  victimMinorAt,
} from './cases.service.js';
export { type AgeBasis, type AgeFacts, type ChildBasis, childStatusAt, minorAt } from './child-status.js';
