import { z } from 'zod';
import {
  consentGivers,
  consentPurposes,
  consentStatuses,
  fieldGroups,
  guardianRelationships,
  wordingLocales,
} from '../../contract/consent.js';
import { serviceTypes } from '../services/index.js';

export {
  type ConsentPurpose,
  type ConsentStatus,
  consentGivers,
  consentPurposes,
  consentStatuses,
  type FieldGroup,
  fieldGroups,
  guardianRelationships,
  identityFieldGroups,
  wordingLocales,
} from '../../contract/consent.js';

const instant = z.iso.datetime({ offset: true });

export const consentCreateSchema = z.strictObject({
  purpose: z.enum(consentPurposes),
  /** The named agency (referral: required; international sharing and cross-border: this or recipientName). */
  recipientAgencyId: z.uuid({ message: 'uuid' }).optional(),
  /** A counterpart that is not an agency of this instance (a foreign body or another Pulih instance). */
  recipientName: z.string().trim().min(2).max(200).optional(),
  /** Referral only: the services the victim agrees to be referred for. */
  serviceTypes: z.array(z.enum(serviceTypes)).min(1).max(serviceTypes.length).optional(),
  fieldGroups: z.array(z.enum(fieldGroups)).min(1).max(fieldGroups.length),
  givenBy: z.enum(consentGivers),
  guardianRelationship: z.enum(guardianRelationships).optional(),
  /**
   * The relative (GET /api/cases/{id}/relatives) who consents for the child; required unless a state guardian
   * consents. One recorded as a suspect or as related to the trafficker cannot consent.
   */
  guardianPersonId: z.uuid({ message: 'uuid' }).optional(),
  /** When the consent was given (defaults to now). */
  givenAt: instant.optional(),
  /** The version and language of the wording shown to (or read to) the person (GET /api/consents/wording). */
  wordingVersion: z.string().trim().min(1).max(20),
  wordingLocale: z.enum(wordingLocales),
  /** The signed or recorded consent (Law 27/2022 Art. 22(1), 24): an attachment of kind consent_evidence. */
  evidenceAttachmentId: z.uuid({ message: 'uuid' }).optional(),
});
export type TConsentCreate = z.infer<typeof consentCreateSchema>;

export const consentWithdrawSchema = z.strictObject({
  /** Why and how the person withdrew (encrypted: it may quote them). */
  reason: z.string().trim().min(3).max(1000),
});

export const consentListQuery = z.strictObject({
  purpose: z.enum(consentPurposes).optional(),
  status: z.enum(consentStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TConsentListQuery = z.infer<typeof consentListQuery>;

export const consentSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  purpose: z.enum(consentPurposes),
  recipientAgency: z.object({ id: z.string(), name: z.string() }).nullable(),
  recipientName: z.string().nullable(),
  serviceTypes: z.array(z.enum(serviceTypes)),
  fieldGroups: z.array(z.enum(fieldGroups)),
  givenBy: z.enum(consentGivers),
  guardianRelationship: z.enum(guardianRelationships).nullable(),
  guardianPersonId: z.string().nullable(),
  givenAt: z.string(),
  wordingVersion: z.string(),
  wordingLocale: z.enum(wordingLocales),
  evidenceAttachmentId: z.string().nullable(),
  status: z.enum(consentStatuses),
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
  recordedBy: z.string(),
  /** The recorder's display name (null when the account no longer exists). */
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type TConsent = z.infer<typeof consentSchema>;

export const wordingQuery = z.strictObject({
  purpose: z.enum(consentPurposes),
  /** Defaults to the current version. */
  version: z.string().trim().min(1).max(20).optional(),
});

const text = z.object({ id: z.string(), en: z.string() });
export const wordingSchema = z.object({
  version: z.string(),
  current: z.boolean(),
  effectiveFrom: z.string(),
  purpose: z.enum(consentPurposes),
  title: text,
  /** Paragraphs in the order they are read; {agency}, {recipient}, {services} and {fields} are filled in when shown. */
  paragraphs: z.object({ id: z.array(z.string()), en: z.array(z.string()) }),
  fieldGroups: z.array(z.object({ key: z.enum(fieldGroups), label: text })),
  placeholders: z.array(z.string()),
});
export type TWording = z.infer<typeof wordingSchema>;
