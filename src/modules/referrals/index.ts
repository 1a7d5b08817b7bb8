export { referralsAudit } from './referrals.audit.js';
export { type ReferralFact, streamReferralFacts } from './referrals.evaluation.js';
export { referralRoutes } from './referrals.routes.js';
export { ageBands, referralStatuses, type TReferral, urgencies } from './referrals.schema.js';
export {
  checkOverdueReferrals,
  getReferral,
  outgoingReferrals,
  REFERRAL_OVERDUE_JOB,
  referralEncryptedColumns,
  referralHoldersOfPerson,
  referralJobs,
  stopSharingOnConsentWithdrawal,
} from './referrals.service.js';
export { type ReferralDue, referralsToAnswer, referralsWaitingOnOthers } from './referrals.workspace.js';
export { addWorkingDays, responseDueAt, utcOffsetHoursForRegion } from './working-days.js';
