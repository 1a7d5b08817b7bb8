import type { ModuleManifest } from '../../platform/modules.js';
import { workspaceRoutes } from './workspace.routes.js';

export { canAnswerReferrals, canApprove, canReviewPrivacy, canWorkCases } from './workspace.policy.js';
export { workspaceRoutes } from './workspace.routes.js';
export type { TTodayItem, TTodaySection } from './workspace.schema.js';
export type { TodaySectionProvider } from './workspace.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const workspaceModule: ModuleManifest = {
  name: 'workspace',
  routes: workspaceRoutes,
};
