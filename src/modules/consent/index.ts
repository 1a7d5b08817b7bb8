export { consentAudit } from './consent.audit.js';
export { consentRoutes } from './consent.routes.js';
export {
  type ConsentPurpose,
  consentPurposes,
  type FieldGroup,
  fieldGroups,
  identityFieldGroups,
  type TConsent,
} from './consent.schema.js';
export {
  activeConsentGroupsOfCases,
  type ConsentWithdrawalHook,
  casesSharedWithAgency,
  consentEncryptedColumns,
  consentedGroupsFor,
  consentForSharing,
  createConsent,
  type EvidenceLookup,
  findCoveringReferralConsent,
  listConsents,
  lockConsentForSharing,
  type ReferralCoverage,
  registerConsentWithdrawalHook,
  type SharingConsent,
  setConsentEvidenceLookup,
  type WithdrawnConsent,
  withdrawConsent,
} from './consent.service.js';
