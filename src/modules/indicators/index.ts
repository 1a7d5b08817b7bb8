export { type DashboardKey, dashboardKeys, type IndicatorDimension } from '../../contract/indicators.js';
export { indicatorsAudit } from './indicators.audit.js';
export { medianOf } from './indicators.compute.js';
export { getDashboard } from './indicators.dashboards.js';
export {
  dashboardIndicatorKeys,
  type IndicatorDefinition,
  indicatorByKey,
  indicatorDefinitions,
} from './indicators.definitions.js';
export { ageBandOf, type RefreshResult, refreshIndicatorFacts } from './indicators.facts.js';
export { INDICATOR_REFRESH_JOB, indicatorJobs } from './indicators.jobs.js';
export { indicatorRoutes } from './indicators.routes.js';
export type { TComputeResult, TFigure } from './indicators.schema.js';
export { computeIndicators, drilldown, ensureFacts, listIndicators, periodOf } from './indicators.service.js';
