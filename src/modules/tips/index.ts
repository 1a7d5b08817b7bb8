import type { ModuleManifest } from '../../platform/modules.js';
import { tipAudit } from './tips.audit.js';
import { tipRoutes } from './tips.routes.js';
import { tipEncryptedColumns, tipJobs } from './tips.service.js';

export { formatCode, issueChallenge, replyToTip, solveChallenge, submitTip, tipStatus } from './portal.service.js';
export { tipAudit } from './tips.audit.js';
export { tipPermissions } from './tips.policy.js';
export { tipRoutes } from './tips.routes.js';
export type { TTipDetail, TTipSubmit, TTipSummary } from './tips.schema.js';
export {
  askReporter,
  checkOverdueTips,
  closeTip,
  convertTipToCase,
  getTip,
  listTips,
  referTip,
  TIP_OVERDUE_JOB,
  tipEncryptedColumns,
  tipJobs,
  triageTip,
} from './tips.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const tipsModule: ModuleManifest = {
  name: 'tips',
  routes: tipRoutes,
  jobs: tipJobs,
  encryptedColumns: tipEncryptedColumns,
  auditActions: tipAudit,
};
