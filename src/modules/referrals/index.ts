export { stopSharingOnConsentWithdrawal } from './referrals.commands.js';
export { type ReferralFact, streamReferralFacts } from './referrals.evaluation.js';
export { checkOverdueReferrals, REFERRAL_OVERDUE_JOB, referralJobs } from './referrals.jobs.js';
export { referralEncryptedColumns, referralHoldersOfPerson } from './referrals.lookups.js';
export { getReferral, outgoingReferrals } from './referrals.presentation.js';
export { referralRoutes } from './referrals.routes.js';
export { ageBands, referralStatuses, type TReferral, urgencies } from './referrals.schema.js';
export { type ReferralDue, referralsToAnswer, referralsWaitingOnOthers } from './referrals.workspace.js';
export { addWorkingDays, responseDueAt, utcOffsetHoursForRegion } from './working-days.js';
