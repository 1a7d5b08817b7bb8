/** Enumerations of the service directory API, shared by the server and the web app. */

export const proximities = ['regency', 'province', 'other'] as const;
export type Proximity = (typeof proximities)[number];
