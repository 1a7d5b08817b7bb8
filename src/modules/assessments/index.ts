import type { ModuleManifest } from '../../platform/modules.js';
import { assessmentsAudit } from './assessments.audit.js';
import { assessmentRoutes } from './assessments.routes.js';
import { assessmentEncryptedColumns, latestSurveySaysReintegrated } from './assessments.service.js';

export { assessmentsAudit } from './assessments.audit.js';
export { type ReintegrationSurveyFact, streamReintegrationFacts } from './assessments.evaluation.js';
export { assessmentRoutes } from './assessments.routes.js';
export { assessmentCreateSchema } from './assessments.schema.js';
export {
  REINTEGRATION_FOLLOW_UP_MONTHS,
  SUSTAINABLE_REINTEGRATION_THRESHOLD,
  scoreAssessment,
} from './assessments.scoring.js';
export {
  assessmentEncryptedColumns,
  createAssessment,
  latestSurveySaysReintegrated,
  syncQuestionnaires,
} from './assessments.service.js';
export {
  type QuestionnaireDefinition,
  questionnaireDefinitions,
  REINTEGRATION_QUESTIONNAIRE,
} from './questionnaires/index.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const assessmentsModule: ModuleManifest = {
  name: 'assessments',
  routes: assessmentRoutes,
  encryptedColumns: assessmentEncryptedColumns,
  auditActions: assessmentsAudit,
  // A case closes as "reintegrated" only when follow-up scores say so (DOMAIN §5).
  provides: { 'cases.closureReasonGuard': { reason: 'reintegrated', holds: latestSurveySaysReintegrated } },
};
