import { sql } from 'kysely';
import type { Tx } from '../../platform/context.js';
import { type Executor, selectRows, tables } from '../../platform/db/index.js';
import type { ConsentPurpose, ConsentStatus } from './consent.schema.js';

export interface ConsentRow {
  id: string;
  case_id: string;
  purpose: ConsentPurpose;
  recipient_agency_id: string | null;
  recipient_name: string | null;
  service_types: unknown;
  field_groups: unknown;
  given_by: string;
  guardian_relationship: string | null;
  /** The relative who consented for a child (migration 0020); null for the victim or a state guardian. */
  guardian_person_id?: string | null;
  given_at: string;
  wording_version: string;
  wording_locale: string;
  evidence_attachment_id: string | null;
  status: ConsentStatus;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_reason_enc: string | null;
  recorded_by: string;
  created_at: string;
  updated_at: string;
}
type ConsentTables = { consents: ConsentRow };
const t = (db: Executor) => tables<ConsentTables>(db);

export async function insertConsent(db: Executor, row: ConsentRow) {
  await t(db).insertInto('consents').values(row).execute();
}

export async function selectConsent(db: Executor, id: string) {
  return t(db).selectFrom('consents').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Reads a consent and, on PostgreSQL, locks its row until the transaction ends, so that a withdrawal and a
 * referral made under the consent serialise (SQLite write transactions are exclusive already).
 */
export async function selectConsentLocked(tx: Tx, id: string, rowLocks: boolean) {
  const q = t(tx).selectFrom('consents').selectAll().where('id', '=', id);
  return (rowLocks ? q.forUpdate() : q).executeTakeFirst();
}

/** Withdraws an active consent; false when it was not active any more (a concurrent withdrawal wins once). */
export async function withdrawIfActive(
  db: Executor,
  id: string,
  patch: Pick<ConsentRow, 'withdrawn_at' | 'withdrawn_by' | 'withdrawal_reason_enc' | 'updated_at'>,
): Promise<boolean> {
  const r = await t(db)
    .updateTable('consents')
    .set({ ...patch, status: 'withdrawn' })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ConsentListFilter {
  caseId: string;
  purpose?: ConsentPurpose;
  status?: ConsentStatus;
  after?: string;
  limit: number;
}

/** One page of a case's consents, newest first (keyset on the UUIDv7 id). */
export async function selectConsents(db: Executor, f: ConsentListFilter) {
  let q = t(db).selectFrom('consents').selectAll().where('case_id', '=', f.caseId);
  if (f.purpose) q = q.where('purpose', '=', f.purpose);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.after) q = q.where('id', '<', f.after);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Active referral consents of a case for one recipient agency, newest first. */
export async function selectActiveReferralConsents(db: Executor, caseId: string, agencyId: string) {
  return t(db)
    .selectFrom('consents')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('recipient_agency_id', '=', agencyId)
    .where('status', '=', 'active')
    .where('purpose', '=', 'referral')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

/** Active referral consents naming this agency, newest first (the agency's view of what victims shared with it). */
export async function selectActiveConsentsToAgency(db: Executor, agencyId: string, limit: number) {
  return t(db)
    .selectFrom('consents')
    .select(['case_id', 'field_groups'])
    .where('recipient_agency_id', '=', agencyId)
    .where('status', '=', 'active')
    .where('purpose', '=', 'referral')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Active consents of these purposes on these cases (the consents_case_idx index serves the case lookup). */
/** Active consents of the cases as arrays: case id, purpose and the field groups as JSON text (one per list). */
export async function selectActiveConsentsOfCases(
  db: Executor,
  caseIds: readonly string[],
  purposes: readonly ConsentPurpose[],
) {
  return selectRows<[caseId: string, purpose: ConsentPurpose, fieldGroups: string]>(
    db,
    t(db)
      .selectFrom('consents')
      .select(['case_id', 'purpose', sql<string>`cast(field_groups as text)`.as('field_groups')])
      .where('case_id', 'in', [...caseIds])
      .where('purpose', 'in', [...purposes])
      .where('status', '=', 'active'),
  );
}
