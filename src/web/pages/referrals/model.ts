/**
 * Consents and referrals as the API returns them. The referral picklists are the server's own (src/contract/);
 * the consent picklists are still copies, guarded against the OpenAPI document by the end-to-end picklist test.
 */
export {
  type ReferralStatus,
  referralReasons,
  referralStatuses,
  urgencies,
} from '../../../contract/referrals.js';

import type { ReferralStatus } from '../../../contract/referrals.js';

/** Law 27/2022 Art. 20(2)(a), 22: explicit consent per purpose. */
export const consentPurposes = [
  'case_management',
  'referral',
  'international_sharing',
  'statistics',
  'cross_border_transfer',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** Groups of facts a consent may cover; the identity groups are never shared unless named (Law 21/2007 Art. 44). */
export const fieldGroups = [
  'age_band',
  'sex',
  'languages',
  'nationality',
  'origin_region',
  'needs',
  'risk_notes',
  'exploitation_types',
  'case_summary',
  'legal',
  'identity_name',
  'identity_contact',
] as const;
export type FieldGroup = (typeof fieldGroups)[number];
export const identityFieldGroups: ReadonlySet<string> = new Set(['identity_name', 'identity_contact']);

export const consentGivers = ['victim', 'guardian'] as const;
export const guardianRelationships = [
  'parent',
  'legal_guardian',
  'grandparent',
  'adult_sibling',
  'other_relative',
  'state_guardian',
] as const;

/** Purposes whose consent names a recipient, and those for which that recipient is an agency of this instance. */
export const purposesWithRecipient: ReadonlySet<ConsentPurpose> = new Set([
  'referral',
  'international_sharing',
  'cross_border_transfer',
]);
export const purposesWithExternalRecipient: ReadonlySet<ConsentPurpose> = new Set([
  'international_sharing',
  'cross_border_transfer',
]);

export interface Consent {
  id: string;
  caseId: string;
  purpose: ConsentPurpose;
  recipientAgency: { id: string; name: string } | null;
  recipientName: string | null;
  serviceTypes: string[];
  fieldGroups: FieldGroup[];
  givenBy: (typeof consentGivers)[number];
  guardianRelationship: string | null;
  givenAt: string;
  wordingVersion: string;
  wordingLocale: 'id' | 'en';
  evidenceAttachmentId: string | null;
  status: 'active' | 'withdrawn';
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  recordedBy: string;
  recordedByName: string | null;
  createdAt: string;
}

interface Bilingual {
  id: string;
  en: string;
}

export interface ConsentWording {
  version: string;
  current: boolean;
  effectiveFrom: string;
  purpose: ConsentPurpose;
  title: Bilingual;
  paragraphs: { id: string[]; en: string[] };
  fieldGroups: { key: FieldGroup; label: Bilingual }[];
  placeholders: string[];
}

/** The referral itself (and its shared view) is typed by the generated contract: see src/web/api/referrals.ts. */

export const statusColour: Record<ReferralStatus, string> = {
  sent: 'yellow',
  accepted: 'blue',
  declined: 'gray',
  in_progress: 'cyan',
  completed: 'teal',
  revoked: 'gray',
};
