export { assessmentsAudit } from './assessments.audit.js';
export { type ReintegrationSurveyFact, streamReintegrationFacts } from './assessments.evaluation.js';
export { assessmentRoutes } from './assessments.routes.js';
export {
  REINTEGRATION_FOLLOW_UP_MONTHS,
  SUSTAINABLE_REINTEGRATION_THRESHOLD,
  scoreAssessment,
} from './assessments.scoring.js';
export { assessmentEncryptedColumns, latestSurveySaysReintegrated, syncQuestionnaires } from './assessments.service.js';
export {
  type QuestionnaireDefinition,
  questionnaireDefinitions,
  REINTEGRATION_QUESTIONNAIRE,
} from './questionnaires/index.js';
