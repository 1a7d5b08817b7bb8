import type { ModuleManifest } from '../../platform/modules.js';
import { auditAudit } from './audit.audit.js';
import { auditJobs } from './audit.checkpoints.js';
import { auditRoutes } from './audit.routes.js';
import { auditEventsDue, truncateAuditBefore } from './audit.truncation.js';

export {
  AUDIT_CHECKPOINT_JOB,
  auditJobs,
  CHECKPOINT_FORMAT,
  type CheckpointVerifyResult,
  checkpointOnShutdown,
  verifyCheckpoints,
  writeCheckpoint,
} from './audit.checkpoints.js';
export { auditRoutes } from './audit.routes.js';
export {
  auditActionKey,
  listAuditActions,
  listAuditEvents,
  verifyAudit,
  verifyWithTruncations,
} from './audit.service.js';
export {
  auditEventsDue,
  TRUNCATION_FORMAT,
  truncateAuditBefore,
  verifyTruncationSignatures,
} from './audit.truncation.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const auditModule: ModuleManifest = {
  name: 'audit',
  routes: auditRoutes,
  jobs: auditJobs,
  auditActions: auditAudit,
  provides: {
    // The trail past its schedule goes behind a signed truncation point that `pulih audit verify` starts from.
    'privacy.retentionSweep': {
      recordType: 'audit',
      sweep: {
        due: auditEventsDue,
        apply: async (ctx, cutoff) => (await truncateAuditBefore(ctx, cutoff))?.removed ?? 0,
      },
    },
  },
};
