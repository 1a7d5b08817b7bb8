import { z } from 'zod';
import {
  ageBands,
  type ReferralStatus,
  referralReasons,
  referralStatuses,
  urgencies,
} from '../../contract/referrals.js';
import { fieldGroups } from '../consent/index.js';
import { htcdsValues } from '../reference/index.js';
import { serviceTypes } from '../services/index.js';

export {
  ageBands,
  type ReferralStatus,
  referralReasons,
  referralStatuses,
  type Urgency,
  urgencies,
} from '../../contract/referrals.js';

export type ReferralAction = 'accept' | 'decline' | 'servicesDelivered' | 'complete' | 'revoke';
/** Which status each action starts from, and where it leads. */
export const referralTransitions: Record<ReferralAction, { from: readonly ReferralStatus[]; to: ReferralStatus }> = {
  accept: { from: ['sent'], to: 'accepted' },
  decline: { from: ['sent'], to: 'declined' },
  servicesDelivered: { from: ['accepted', 'in_progress'], to: 'in_progress' },
  complete: { from: ['accepted', 'in_progress'], to: 'completed' },
  revoke: { from: ['sent', 'accepted', 'in_progress'], to: 'revoked' },
};
/** Statuses in which the recipient still sees the shared view (not after declining or a revocation). */
export const sharingStatuses: ReadonlySet<ReferralStatus> = new Set(['sent', 'accepted', 'in_progress', 'completed']);
/** Statuses that hold a service request: it cannot be referred again meanwhile. */
export const activeStatuses = ['sent', 'accepted', 'in_progress'] as const satisfies readonly ReferralStatus[];

const instant = z.iso.datetime({ offset: true });
const reasonText = z.string().trim().min(3).max(1000);

export const referralCreateSchema = z.strictObject({
  recipientAgencyId: z.uuid({ message: 'uuid' }),
  /** Service requests of the case (services module) the recipient is asked to provide. */
  serviceRequestIds: z
    .array(z.uuid({ message: 'uuid' }))
    .min(1)
    .max(20),
  urgency: z.enum(urgencies),
  reason: z.enum(referralReasons),
  /** For the recipient (encrypted): arrangements, logistics (HTCDS cas_OutgoingReferralDetails). */
  note: z.string().trim().min(1).max(2000).optional(),
  /** The consent to share under; by default the newest active one that covers every service. */
  consentId: z.uuid({ message: 'uuid' }).optional(),
});
export type TReferralCreate = z.infer<typeof referralCreateSchema>;

export const referralReasonSchema = z.strictObject({ reason: reasonText });

export const servicesDeliveredSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        serviceRequestId: z.uuid({ message: 'uuid' }),
        deliveredAt: instant,
        /** What was given (encrypted; kept with the referral). */
        note: z.string().trim().min(1).max(2000).optional(),
      }),
    )
    .min(1)
    .max(20),
});
export type TServicesDelivered = z.infer<typeof servicesDeliveredSchema>;

export const inboxQuery = z.strictObject({
  status: z.enum(referralStatuses).optional(),
  urgency: z.enum(urgencies).optional(),
  /** true: unanswered past the response due time; false: the others. */
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TInboxQuery = z.infer<typeof inboxQuery>;

export const outgoingQuery = z.strictObject({
  status: z.enum(referralStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TOutgoingQuery = z.infer<typeof outgoingQuery>;

/** Only the field groups the consent covers are present; identity only when consented for this recipient. */
export const sharedViewSchema = z.object({
  fieldGroups: z.array(z.enum(fieldGroups)),
  ageBand: z.enum(ageBands).nullable().optional(),
  sex: z.string().nullable().optional(),
  languages: z.array(z.string()).optional(),
  nationality: z.string().nullable().optional(),
  originRegion: z.object({ code: z.string(), name: z.string() }).nullable().optional(),
  needs: z.array(z.enum(serviceTypes)).optional(),
  riskLevel: z.string().nullable().optional(),
  exploitationTypes: z.array(z.string()).optional(),
  caseSummary: z.string().nullable().optional(),
  /** Present only on referrals.get (an audited reveal), never in the inbox. */
  identity: z
    .object({
      fullName: z.string().optional(),
      aliases: z.array(z.string()).optional(),
      phones: z.array(z.string()).optional(),
      address: z.string().optional(),
    })
    .optional(),
});
export type TSharedView = z.infer<typeof sharedViewSchema>;

export const referralSchema = z.object({
  id: z.string(),
  /** Who is looking: the sending case team or the receiving agency. */
  viewer: z.enum(['sender', 'recipient']),
  /** The case and the consent: for the sender only (the recipient never sees the case). */
  caseId: z.string().nullable(),
  consent: z.object({ id: z.string(), active: z.boolean() }).nullable(),
  senderAgency: z.object({ id: z.string(), name: z.string() }),
  recipientAgency: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(referralStatuses),
  urgency: z.enum(urgencies),
  reason: z.enum(referralReasons),
  note: z.string().nullable(),
  services: z.array(
    z.object({
      serviceRequestId: z.string(),
      type: z.enum(serviceTypes),
      deliveredAt: z.string().nullable(),
      deliveryNote: z.string().nullable(),
    }),
  ),
  sentAt: z.string(),
  dueAt: z.string(),
  /** Unanswered past the response due time. */
  overdue: z.boolean(),
  respondedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  sharedView: sharedViewSchema.nullable(),
  allowedActions: z.array(z.enum(['accept', 'decline', 'servicesDelivered', 'complete', 'revoke'])),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TReferral = z.infer<typeof referralSchema>;
