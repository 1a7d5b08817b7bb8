import type { ModuleManifest } from '../../platform/modules.js';
import { referralsAudit } from './referrals.audit.js';
import { stopSharingOnConsentWithdrawal } from './referrals.commands.js';
import { referralJobs } from './referrals.jobs.js';
import { referralEncryptedColumns } from './referrals.lookups.js';
import { referralRoutes } from './referrals.routes.js';
import { utcOffsetHoursForRegion } from './working-days.js';

export { referralsAudit } from './referrals.audit.js';
export {
  acceptReferral,
  completeReferral,
  createReferral,
  declineReferral,
  recordServicesDelivered,
  revokeReferral,
} from './referrals.commands.js';
export { type ReferralFact, streamReferralFacts } from './referrals.evaluation.js';
export { checkOverdueReferrals, REFERRAL_OVERDUE_JOB, referralJobs } from './referrals.jobs.js';
export { referralEncryptedColumns, referralHoldersOfPerson } from './referrals.lookups.js';
export { getReferral, outgoingReferrals } from './referrals.presentation.js';
export { referralRoutes } from './referrals.routes.js';
export {
  ageBands,
  referralCreateSchema,
  referralReasonSchema,
  referralStatuses,
  servicesDeliveredSchema,
  type TReferral,
  urgencies,
} from './referrals.schema.js';
export { type ReferralDue, referralsToAnswer, referralsWaitingOnOthers } from './referrals.workspace.js';
export { addWorkingDays, responseDueAt, utcOffsetHoursForRegion } from './working-days.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const referralsModule: ModuleManifest = {
  name: 'referrals',
  routes: referralRoutes,
  jobs: referralJobs,
  encryptedColumns: referralEncryptedColumns,
  auditActions: referralsAudit,
  // Withdrawing a consent ends every referral shared under it, in the same transaction (Law 27/2022 Art. 9, 40).
  provides: {
    'consent.withdrawal': stopSharingOnConsentWithdrawal,
    // The case summary's dates in the lead agency's zone (WIB/WITA/WIT).
    'cases.summaryZone': utcOffsetHoursForRegion,
  },
};
