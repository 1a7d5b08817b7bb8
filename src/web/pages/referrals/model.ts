/**
 * Consents and referrals as the API returns them. The picklists are the server's own (src/contract/), each
 * checked against the generated contract (src/web/api/schema.d.ts, from the OpenAPI document); the answers'
 * types are the generated ones. A value renamed on the server fails the web's type check
 * (test/integration/contract.test.ts).
 */
export {
  type ReferralStatus,
  referralReasons,
  referralStatuses,
  urgencies,
} from '../../../contract/referrals.js';

import * as contract from '../../../contract/consent.js';
import type { ReferralStatus } from '../../../contract/referrals.js';
import { type BodyOf, picklist, type ResponseOf, type RowOf } from '../../api/types.js';

export type Consent = RowOf<'consents.list'>;
export type ConsentWording = ResponseOf<'consents.wording'>;
export type ConsentPurpose = Consent['purpose'];
export type FieldGroup = Consent['fieldGroups'][number];

/** Law 27/2022 Art. 20(2)(a), 22: explicit consent per purpose. */
export const consentPurposes = picklist<ConsentPurpose>()(contract.consentPurposes);
/** Groups of facts a consent may cover; the identity groups are never shared unless named (Law 21/2007 Art. 44). */
export const fieldGroups = picklist<FieldGroup>()(contract.fieldGroups);
export const identityFieldGroups: ReadonlySet<string> = contract.identityFieldGroups;
export const consentGivers = picklist<Consent['givenBy']>()(contract.consentGivers);
export const guardianRelationships = picklist<NonNullable<BodyOf<'consents.create'>['guardianRelationship']>>()(
  contract.guardianRelationships,
);

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

/** The referral itself (and its shared view) is typed by the generated contract: see src/web/api/referrals.ts. */

export const statusColour: Record<ReferralStatus, string> = {
  sent: 'yellow',
  accepted: 'blue',
  declined: 'gray',
  in_progress: 'cyan',
  completed: 'teal',
  revoked: 'gray',
};
