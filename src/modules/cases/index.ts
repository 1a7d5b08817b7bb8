import type { ModuleManifest } from '../../platform/modules.js';
import { casesAudit } from './cases.audit.js';
import { caseAlertAudience, caseEncryptedColumns, caseHoldersOfPerson, caseHoldersOfPersons } from './cases.lookups.js';
import { caseJobs } from './cases.response.js';
import { caseRoutes } from './cases.routes.js';
import { personNameTokensChanged } from './cases.store.js';
import { recomputeChildStatus } from './cases.victim-age.js';

export { casesAudit } from './cases.audit.js';
export { type CaseEvaluationFact, streamCaseEvaluationFacts } from './cases.evaluation.js';
export {
  countExchangeCases,
  type ExchangeCase,
  type ExchangeCaseEvent,
  type ExchangeCaseFilter,
  exchangeCaseOf,
  streamExchangeCases,
} from './cases.exchange.js';
export { type CaseFact, type CaseFactFilter, streamCaseFacts } from './cases.facts.js';
export type {
  CaseCloseGuard,
  ClosureReasonGuard,
  NextDeadlineLookup,
  ScreeningsAwaitingCaseIds,
  TransferConsentLookup,
} from './cases.hooks.js';
export { createCase } from './cases.intake.js';
export {
  approveClosure,
  closeCase,
  markScreeningStarted,
  recordTraffickingDecision,
  setLateServices,
  setNextDeadline,
  transitionCase,
} from './cases.lifecycle.js';
export {
  type CaseFacts,
  canAccessCase,
  caseEncryptedColumns,
  caseFacts,
  caseFactsMany,
  caseHoldersOfPerson,
  resolveCaseResource,
} from './cases.lookups.js';
export { completeDueTasks, completeTask, listTasks } from './cases.notes.js';
export type { SummaryFormat, SummarySectionProvider, SummaryZoneResolver } from './cases.pdf.js';
export {
  approvesOwnTransfer,
  canReadNote,
  casePermissions,
  requireCreateCase,
  requireSupervision,
} from './cases.policy.js';
export { getCase, listCases } from './cases.read.js';
export {
  accessibleCaseIds,
  caseResource,
  caseSupervisorIds,
  caseTeamIds,
  loadCase,
  type RestrictionLookup,
  recordTimeline,
  scheduleTask,
} from './cases.record.js';
export { addRelative, guardianCandidate, listRelatives } from './cases.relatives.js';
export {
  alertCaseTeamOverdue,
  caseJobs,
  checkOverdueResponses,
  RESPONSE_OVERDUE_JOB,
  RISK_RESPONSE_TASK,
  responseTargetMs,
} from './cases.response.js';
export { personsOfCasesClosedBefore } from './cases.retention.js';
export { caseRoutes } from './cases.routes.js';
export {
  approveClosureSchema,
  type CaseStage,
  caseCreateSchema,
  caseStages,
  closeSchema,
  relativeCreateSchema,
  type TCaseCreate,
  type TCaseDetail,
} from './cases.schema.js';
export type { TransferConsent } from './cases.transfer.js';
export { recomputeChildStatus, victimMinorAt } from './cases.victim-age.js';
export {
  type Bounded,
  type CaseCondition,
  COUNT_CAP,
  caseIdsInScope,
  caseloadsOf,
  caseNumbersOf,
  closuresAwaiting,
  lateCases,
  leadTransfersAwaiting,
  openCaseInScope,
  tasksDue,
} from './cases.workspace.js';
export { type AgeBasis, type AgeFacts, type ChildBasis, childStatusAt, minorAt } from './child-status.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const casesModule: ModuleManifest = {
  name: 'cases',
  routes: caseRoutes,
  jobs: caseJobs,
  encryptedColumns: caseEncryptedColumns,
  auditActions: casesAudit,
  // A corrected date of birth, birth year or age estimate recomputes her cases' child flag (Law 35/2014).
  provides: {
    'persons.ageChanged': recomputeChildStatus,
    // Her name tokens changed (intake, a name correction, erasure): her cases' name postings follow (issue 8).
    'persons.nameTokensChanged': personNameTokensChanged,
    // Who holds many persons through their cases at once (the duplicate check's matches).
    'persons.caseHolders': caseHoldersOfPersons,
    // Her cases, for the DPO's read access log of her file.
    'privacy.casesOfPerson': async (db, personId) => (await caseHoldersOfPerson(db, personId)).map((h) => h.via.id),
    // An alert about a case reaches only users who may open it (cases.policy.ts `mayOpenCase`).
    'alerts.audience': { entityType: 'case', audience: caseAlertAudience },
  },
  // Without them the case list has no deadlines nor "awaiting approval" filter, a transfer could carry identity
  // without a consent, a restricted person's cases could be changed (Law 27/2022 Art. 11), and the summary would
  // not know the agency's zone.
  needs: [
    'cases.nextDeadlines',
    'cases.screeningsAwaiting',
    'cases.transferConsent',
    'cases.processingRestriction',
    'cases.summaryZone',
  ],
  // Closure must not pass open services or a "reintegrated" reason without its follow-up scores.
  needsOneOrMore: ['cases.closeGuard', 'cases.closureReasonGuard'],
};
