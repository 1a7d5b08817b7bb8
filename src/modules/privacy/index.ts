import type { ModuleManifest } from '../../platform/modules.js';
import { setCasesOfPerson } from './access-log.js';
import { breachJobs, setPrivacyOfficers } from './breaches.service.js';
import { personRestriction, privacyEncryptedColumns, registerSubjectDataSource } from './dsr.service.js';
import { type RecordHold, registerRecordHold } from './holds.js';
import { privacyAuditActions } from './privacy.audit.js';
import { privacyRoutes } from './privacy.routes.js';
import { applyRetention, registerRetentionSweep, registerRetentionTarget, retentionJobs } from './retention.service.js';
import { attachmentRetention, closedCaseRetention } from './retention.targets.js';

export {
  applyRetention,
  attachmentRetention,
  closedCaseRetention,
  personRestriction,
  type RecordHold,
  registerRecordHold,
  registerRetentionSweep,
  registerRetentionTarget,
  registerSubjectDataSource,
  setCasesOfPerson,
  setPrivacyOfficers,
};

/** The module as server.ts composes it (platform/modules.ts). */
export const privacyModule: ModuleManifest = {
  name: 'privacy',
  routes: privacyRoutes,
  jobs: [...breachJobs, ...retentionJobs],
  encryptedColumns: privacyEncryptedColumns,
  auditActions: privacyAuditActions,
  provides: {
    // A person's restriction of processing (Law 27/2022 Art. 11) freezes her cases: reads only, mutations answer 423.
    'cases.processingRestriction': personRestriction,
  },
};
