/** Enumerations of the publication API, shared by the server and the web app. */

/** Dimensions an aggregate release may count by (one to four of them). */
/**
 * citizenship: ISO 3166-1 alpha-2 of the person's citizenship ('unknown' when not recorded); citizenshipGroup:
 * 'national' (Indonesian, ID), 'foreign' or 'unknown' — UNODC GLOTIP reports detected victims as citizens of the
 * reporting country or foreigners, with the foreigners' countries where known.
 */
export const aggregateDimensions = [
  'year',
  'sex',
  'ageGroup',
  'exploitationType',
  'province',
  'citizenship',
  'citizenshipGroup',
] as const;
export type AggregateDimension = (typeof aggregateDimensions)[number];
