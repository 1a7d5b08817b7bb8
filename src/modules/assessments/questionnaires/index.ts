import { needsCommunityV1, needsHouseholdV1, needsIndividualV1 } from './needs.js';
import { reintegrationSustainabilityV1 } from './reintegration-sustainability.js';
import { riskCommunityV1, riskHouseholdV1, riskIndividualV1 } from './risk.js';
import type { QuestionnaireDefinition } from './types.js';

export * from './types.js';

/** Key of IOM's Reintegration Sustainability Survey, the questionnaire the trend follows. */
export const REINTEGRATION_QUESTIONNAIRE = 'reintegration_sustainability';

/**
 * Every questionnaire version the code knows. Stored versions are never changed: to revise a questionnaire,
 * add a new object with the next version number here (old assessments keep their own version).
 */
export const questionnaireDefinitions: readonly QuestionnaireDefinition[] = [
  needsIndividualV1,
  needsHouseholdV1,
  needsCommunityV1,
  riskIndividualV1,
  riskHouseholdV1,
  riskCommunityV1,
  reintegrationSustainabilityV1,
];
