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
export { auditActionKey, listAuditActions, listAuditEvents, verifyAudit } from './audit.service.js';
