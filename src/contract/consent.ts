/** Enumerations of the consent API, shared by the server and the web app. */

/** What a consent is for (Law 27/2022 Art. 20(2)(a), 22: explicit consent per purpose, distinguishable from others). */
export const consentPurposes = [
  'case_management',
  'referral',
  'international_sharing',
  'statistics',
  'cross_border_transfer',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/**
 * Groups of facts a consent may cover. Identity (name; address and phones) is a group of its own: it is
 * never shared unless the victim says so for that recipient (Law 21/2007 Art. 44).
 */
export const fieldGroups = [
  'age_band',
  'sex',
  'languages',
  'nationality',
  'origin_region',
  'needs',
  'risk_notes',
  'exploitation_types',
  'case_summary',
  // The case's legal data (proceedings, hearings, verdicts, restitution, protection): the legal module shows it to
  // a recipient agency only while a consent for that agency covers this group.
  'legal',
  'identity_name',
  'identity_contact',
] as const;
export type FieldGroup = (typeof fieldGroups)[number];
export const identityFieldGroups: ReadonlySet<FieldGroup> = new Set(['identity_name', 'identity_contact']);

export const consentGivers = ['victim', 'guardian'] as const;
/** Who may consent for a child (Law 27/2022 Art. 25(2): the child's parent and/or guardian). */
export const guardianRelationships = [
  'parent',
  'legal_guardian',
  'grandparent',
  'adult_sibling',
  'other_relative',
  'state_guardian',
] as const;
export const consentStatuses = ['active', 'withdrawn'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];
export const wordingLocales = ['id', 'en'] as const;
