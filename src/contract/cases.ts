/** Enumerations of the case API, shared by the server (cases.schema.ts) and the web app. */

/** Lifecycle stages (Permen PPPA 8/2021 SOP: identification → health → social → legal → repatriation → reintegration). */
export const caseStages = [
  'intake',
  'screening',
  'identified',
  'not_victim',
  'protection',
  'repatriation',
  'reintegration',
  'follow_up',
  'closed',
] as const;
export type CaseStage = (typeof caseStages)[number];
/** How the person came to us. */
export const referralSources = [
  'self',
  'family',
  'community',
  'hotline',
  'police',
  'mission_abroad',
  'bp2mi',
  'ngo',
  'iom',
  'other',
] as const;
export const riskLevels = ['low', 'medium', 'high'] as const;
export const closureReasons = [
  'reintegrated',
  'not_victim',
  'transferred',
  'moved_away',
  'lost_contact',
  'declined_services',
  'deceased',
  'other',
] as const;
export const noteSensitivities = ['normal', 'sensitive', 'restricted'] as const;
export const memberRoles = ['lead', 'supervisor', 'member'] as const;
