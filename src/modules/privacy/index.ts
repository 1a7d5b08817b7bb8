import type { ModuleManifest } from '../../platform/modules.js';
import { breachJobs } from './breaches.service.js';
import { personRestriction, privacyEncryptedColumns } from './dsr.service.js';
import { privacyAuditActions } from './privacy.audit.js';
import { privacyRoutes } from './privacy.routes.js';
import { applyRetention, retentionJobs } from './retention.service.js';
import { attachmentRetention, closedCaseRetention } from './retention.targets.js';

export type { CasesOfPerson } from './access-log.js';
export type { PrivacyOfficers } from './breaches.service.js';
export type { SubjectDataSource } from './dsr.service.js';
export type { RecordHold } from './holds.js';
export type { RetentionSweep, RetentionSweepOf, RetentionTarget, RetentionTargetOf } from './retention.service.js';
export { applyRetention, attachmentRetention, closedCaseRetention, personRestriction };

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
  // Erasure must never run past an open proceeding (Art. 16(2)); a breach clock must reach the DPOs; the access log
  // must cover her cases.
  needs: ['privacy.officers', 'privacy.casesOfPerson'],
  needsOneOrMore: ['privacy.recordHold'],
};
