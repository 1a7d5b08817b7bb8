export { type CaseFact, type CaseFactFilter, streamCaseFacts } from './cases.facts.js';
export { caseRoutes } from './cases.routes.js';
export {
  type CaseStage,
  caseCreateSchema,
  caseStages,
  type TCaseCreate,
  type TCaseDetail,
} from './cases.schema.js';
export {
  type CaseFacts,
  canAccessCase,
  caseEncryptedColumns,
  caseFacts,
  caseHoldersOfPerson,
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
export { setTransferConsentLookup, type TransferConsent } from './cases.transfer.js';
export {
  caseIdsInScope,
  caseloadsOf,
  caseNumbersOf,
  closuresAwaiting,
  lateServiceCount,
  leadTransfersAwaiting,
  tasksDue,
} from './cases.workspace.js';
