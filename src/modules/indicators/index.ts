import type { ModuleManifest } from '../../platform/modules.js';
import { indicatorsAudit } from './indicators.audit.js';
import { indicatorJobs } from './indicators.jobs.js';
import { indicatorRoutes } from './indicators.routes.js';

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
export { currentGeneration } from './indicators.store.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const indicatorsModule: ModuleManifest = {
  name: 'indicators',
  routes: indicatorRoutes,
  jobs: indicatorJobs,
  auditActions: indicatorsAudit,
};
