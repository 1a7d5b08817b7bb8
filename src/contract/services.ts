/** Enumerations of the services API (requests, shelter stays), shared by the server and the web app. */

/** Services a victim may apply for (Law 21/2007 Art. 51–54; PP 9/2008 integrated services; Permen PPPA 2/2022). */
export const serviceTypes = [
  'health_rehabilitation',
  'social_rehabilitation',
  'repatriation_domestic',
  'repatriation_from_abroad',
  'social_reintegration',
  'legal_aid',
  'emergency_first_aid',
  'psychosocial_counselling',
  'shelter',
  'education',
  'vocational_training',
  'economic_empowerment',
  'family_tracing',
  'interpretation',
] as const;
export type ServiceType = (typeof serviceTypes)[number];
/** Who applied for the service (Art. 52(1): the victim, the family, a companion, or the police/social worker). */
export const applicants = ['victim', 'family', 'police', 'companion', 'social_worker'] as const;
export const serviceStatuses = ['requested', 'accepted', 'in_progress', 'delivered', 'declined', 'cancelled'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];
export const shelterExitReasons = [
  'planned_exit',
  'reintegrated',
  'repatriated',
  'transferred',
  'left_voluntarily',
  'absconded',
  'other',
] as const;
