/** Enumerations of the referrals API, shared by the server and the web app. */
import { htcdsValues } from './htcds.js';

/** HTCDS cas_ReasonForOutgoingReferral. */
export const referralReasons = htcdsValues('cas_ReasonForOutgoingReferral');

export const urgencies = ['urgent', 'normal'] as const;
export type Urgency = (typeof urgencies)[number];
/** sent → accepted | declined; accepted → in_progress (first service delivered) → completed; the sender may revoke. */
export const referralStatuses = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'revoked'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
/** CTDC age bands (ageBroad). */
export const ageBands = ['0--8', '9--17', '18--20', '21--23', '24--26', '27--29', '30--38', '39--47', '48+'] as const;
