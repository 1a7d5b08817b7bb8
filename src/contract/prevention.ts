/** Enumerations of the prevention API (programmes, sessions, awareness surveys, budgets), shared by the server and the web app. */

export const programmeTypes = [
  'school_outreach',
  'village_campaign',
  'media_campaign',
  'officer_training',
  'border_monitoring',
  'pre_departure_orientation',
] as const;
export type ProgrammeType = (typeof programmeTypes)[number];
export const targetGroups = [
  'students',
  'teachers',
  'parents',
  'youth',
  'women',
  'village_officials',
  'religious_leaders',
  'prospective_migrant_workers',
  'returned_migrant_workers',
  'police',
  'immigration_officers',
  'labour_officers',
  'health_workers',
  'general_public',
] as const;
/** Age bands of a session's participants (counted by sex and band). */
export const ageBands = ['0_17', '18_24', '25_59', '60_plus'] as const;
export const phases = ['pre', 'post'] as const;
export const fundingSources = ['apbn', 'apbd', 'village_fund', 'donor'] as const;
export const budgetPurposes = ['prevention', 'victim_services'] as const;
