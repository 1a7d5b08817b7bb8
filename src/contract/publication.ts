/** Enumerations of the publication API, shared by the server and the web app. */

/** Dimensions an aggregate release may count by (one to four of them). */
export const aggregateDimensions = ['year', 'sex', 'ageGroup', 'exploitationType', 'province', 'citizenship'] as const;
export type AggregateDimension = (typeof aggregateDimensions)[number];
