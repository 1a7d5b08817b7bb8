/** Enumerations of the indicators, dashboards and reports API, shared by the server and the web app. */

/** Dimensions a figure can be broken down and filtered by. */
export const indicatorDimensions = [
  'sex',
  'ageBand',
  'child',
  'province',
  'regency',
  'exploitationType',
  'agency',
  'agencyType',
  'year',
  'month',
  'status',
  'citizenship',
] as const;
export type IndicatorDimension = (typeof indicatorDimensions)[number];

/** Dashboards by audience: national and provincial task forces, a supervisor's agency, programme officers. */
export const dashboardKeys = ['overview', 'agency', 'programme'] as const;
export type DashboardKey = (typeof dashboardKeys)[number];

/** Which part of a figure a drill-down lists. */
export const drillParts = ['numerator', 'denominator'] as const;

/** Reports of the task force (Perpres 69/2008: annual; five-year review). */
export const reportKinds = ['annual', 'five_year'] as const;
export type ReportKind = (typeof reportKinds)[number];
export const reportFormats = ['pdf', 'xlsx'] as const;
export type ReportFormat = (typeof reportFormats)[number];
export const reportStatuses = ['queued', 'running', 'done', 'failed'] as const;
