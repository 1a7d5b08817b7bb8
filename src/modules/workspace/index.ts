export { canAnswerReferrals, canApprove, canReviewPrivacy, canWorkCases } from './workspace.policy.js';
export { workspaceRoutes } from './workspace.routes.js';
export type { TTodayItem, TTodaySection } from './workspace.schema.js';
export { registerTodaySection, type TodaySectionProvider } from './workspace.service.js';
