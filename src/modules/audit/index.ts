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
export { listAuditEvents, verifyAudit, verifyWithTruncations } from './audit.service.js';
export {
  auditEventsDue,
  TRUNCATION_FORMAT,
  truncateAuditBefore,
  verifyTruncationSignatures,
} from './audit.truncation.js';
