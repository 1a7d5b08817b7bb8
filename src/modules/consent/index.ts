import type { ModuleManifest } from '../../platform/modules.js';
import { consentAudit } from './consent.audit.js';
import { consentRoutes } from './consent.routes.js';
import { consentEncryptedColumns, consentForSharing } from './consent.service.js';

export { consentAudit } from './consent.audit.js';
export { consentRoutes } from './consent.routes.js';
export {
  type ConsentPurpose,
  consentCreateSchema,
  consentPurposes,
  consentWithdrawSchema,
  type FieldGroup,
  fieldGroups,
  identityFieldGroups,
  type TConsent,
} from './consent.schema.js';
export {
  activeConsentGroupsOfCases,
  activeConsentsOfCase,
  type ConsentWithdrawalHook,
  casesSharedWithAgency,
  consentCellReader,
  consentEncryptedColumns,
  consentedGroupsFor,
  consentForSharing,
  createConsent,
  type EvidenceLookup,
  findCoveringReferralConsent,
  listConsents,
  lockConsentForSharing,
  type ReferralCoverage,
  type SharingConsent,
  type WithdrawnConsent,
  withdrawConsent,
} from './consent.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const consentModule: ModuleManifest = {
  name: 'consent',
  routes: consentRoutes,
  encryptedColumns: consentEncryptedColumns,
  auditActions: consentAudit,
  provides: { 'cases.transferConsent': (ctx, id) => consentForSharing(ctx, id) },
  needs: ['consent.evidence'],
  // A withdrawal must end sharing in the same transaction (Law 27/2022 Art. 9, 40): never skipped for want of a
  // listener.
  needsOneOrMore: ['consent.withdrawal'],
};
