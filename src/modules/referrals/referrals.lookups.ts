/** What other modules may ask of referrals: encrypted columns for key rotation, agencies holding a person's identity. */
import type { Executor } from '../../platform/db/index.js';
import type { FieldGroup } from '../consent/index.js';
import type { PersonHolder } from '../persons/index.js';
import { INBOX_PERMISSIONS } from './referrals.policy.js';
import type { IdentityField } from './referrals.presentation.js';
import { sharingStatuses } from './referrals.schema.js';
import { selectLiveReferralsOfPerson } from './referrals.store.js';

/** Encrypted columns of the referral tables, for key rotation. */
export const referralEncryptedColumns = [
  {
    table: 'referrals',
    idColumn: 'id',
    columns: ['note_enc', 'shared_enc', 'decline_reason_enc', 'revoke_reason_enc'],
  },
  { table: 'referral_services', idColumn: 'id', columns: ['delivery_note_enc'] },
];

/**
 * Who holds a person through a referral (for the persons vault decision): the recipient agency of each live
 * referral whose consent covers identity, limited to the consented groups (Law 21/2007 Art. 44).
 */
export async function referralHoldersOfPerson(db: Executor, personId: string): Promise<PersonHolder[]> {
  const rows = await selectLiveReferralsOfPerson(db, personId);
  const out: PersonHolder[] = [];
  for (const r of rows) {
    if (!sharingStatuses.has(r.status)) continue;
    const groups = (typeof r.field_groups === 'string' ? JSON.parse(r.field_groups) : r.field_groups) as FieldGroup[];
    const fields: IdentityField[] = [
      ...(groups.includes('identity_name') ? (['fullName', 'aliases'] as const) : []),
      ...(groups.includes('identity_contact') ? (['phones', 'address'] as const) : []),
    ];
    if (fields.length === 0) continue;
    out.push({
      via: { type: 'referral', id: r.id },
      agencyId: r.recipient_agency_id,
      regionCode: null,
      teamUserIds: [],
      fields,
      permissions: INBOX_PERMISSIONS,
    });
  }
  return out;
}
