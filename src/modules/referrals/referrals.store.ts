import { type Executor, tables, updateIf } from '../../platform/db/index.js';
import { nextOverdueBatch } from '../../platform/jobs.js';
import { activeStatuses, type ReferralStatus, type Urgency } from './referrals.schema.js';

export interface ReferralRow {
  id: string;
  case_id: string;
  person_id: string;
  consent_id: string;
  field_groups: unknown;
  sender_agency_id: string;
  sender_user_id: string;
  recipient_agency_id: string;
  urgency: Urgency;
  reason: string;
  note_enc: string | null;
  shared_enc: string;
  status: ReferralStatus;
  sent_at: string;
  due_at: string;
  responded_at: string | null;
  responded_by: string | null;
  decline_reason_enc: string | null;
  completed_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason_enc: string | null;
  overdue_alerted_at: string | null;
  consent_withdrawn_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface ReferralServiceRow {
  id: string;
  referral_id: string;
  service_request_id: string;
  service_type: string;
  position: number;
  delivered_at: string | null;
  delivered_by: string | null;
  delivery_note_enc: string | null;
}
type ReferralTables = { referrals: ReferralRow; referral_services: ReferralServiceRow };
const t = (db: Executor) => tables<ReferralTables>(db);
const active = [...activeStatuses];

export async function insertReferral(db: Executor, row: ReferralRow, services: ReferralServiceRow[]) {
  await t(db).insertInto('referrals').values(row).execute();
  await t(db).insertInto('referral_services').values(services).execute();
}

export async function selectReferral(db: Executor, id: string) {
  return t(db).selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes a referral only if it is still in one of the statuses the caller read (a concurrent change loses). */
export async function updateReferralIfStatus(
  db: Executor,
  id: string,
  from: readonly ReferralStatus[],
  patch: Partial<ReferralRow>,
): Promise<boolean> {
  const r = await t(db)
    .updateTable('referrals')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .where('consent_withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The services of many referrals, in their order. */
export async function selectReferralServices(db: Executor, referralIds: string[]) {
  if (referralIds.length === 0) return [];
  return t(db)
    .selectFrom('referral_services')
    .selectAll()
    .where('referral_id', 'in', referralIds)
    .orderBy('referral_id')
    .orderBy('position')
    .execute();
}

export async function markServiceDelivered(
  db: Executor,
  id: string,
  patch: Pick<ReferralServiceRow, 'delivered_at' | 'delivered_by' | 'delivery_note_enc'>,
): Promise<boolean> {
  const r = await t(db)
    .updateTable('referral_services')
    .set(patch)
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Of these service requests, those already in a referral that is still running. */
export async function selectActivelyReferred(db: Executor, serviceRequestIds: string[]): Promise<string[]> {
  if (serviceRequestIds.length === 0) return [];
  const rows = await t(db)
    .selectFrom('referral_services as s')
    .innerJoin('referrals as r', 'r.id', 's.referral_id')
    .select('s.service_request_id')
    .where('s.service_request_id', 'in', serviceRequestIds)
    .where('r.status', 'in', active)
    .where('r.consent_withdrawn_at', 'is', null)
    .execute();
  return rows.map((r) => r.service_request_id);
}

export interface InboxFilter {
  agencyId: string;
  now: string;
  status?: ReferralStatus;
  urgency?: Urgency;
  overdue?: boolean;
  after?: string;
  limit: number;
}

/**
 * One page of an agency's incoming referrals, newest first; referrals whose consent was withdrawn are gone.
 * The page's ids come first from the live-inbox indexes alone (every filter is among their columns), then
 * only those rows are read: the planner cannot trade the index for a backward walk of the primary key that
 * passes thousands of another status's rows (migration 0015).
 */
export async function selectInbox(db: Executor, f: InboxFilter) {
  let ids = t(db)
    .selectFrom('referrals')
    .select('id')
    .where('recipient_agency_id', '=', f.agencyId)
    .where('consent_withdrawn_at', 'is', null);
  if (f.status) ids = ids.where('status', '=', f.status);
  if (f.urgency) ids = ids.where('urgency', '=', f.urgency);
  if (f.overdue === true) ids = ids.where('status', '=', 'sent').where('due_at', '<', f.now);
  if (f.overdue === false) ids = ids.where((eb) => eb.or([eb('status', '!=', 'sent'), eb('due_at', '>=', f.now)]));
  if (f.after) ids = ids.where('id', '<', f.after);
  const page = ids.orderBy('id', 'desc').limit(f.limit);
  return t(db).selectFrom('referrals').selectAll().where('id', 'in', page).orderBy('id', 'desc').execute();
}

/** One page of a case's outgoing referrals, newest first. */
export async function selectOutgoing(
  db: Executor,
  f: { caseId: string; status?: ReferralStatus; after?: string; limit: number },
) {
  let q = t(db).selectFrom('referrals').selectAll().where('case_id', '=', f.caseId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.after) q = q.where('id', '<', f.after);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Referrals shared under a consent that still show it. */
export async function selectSharingUnderConsent(db: Executor, consentId: string) {
  return t(db)
    .selectFrom('referrals')
    .select(['id', 'case_id', 'recipient_agency_id', 'status'])
    .where('consent_id', '=', consentId)
    .where('consent_withdrawn_at', 'is', null)
    .execute();
}

/** Marks every referral under a withdrawn consent; the count of those changed. */
export async function markConsentWithdrawn(db: Executor, consentId: string, at: string): Promise<number> {
  const r = await t(db)
    .updateTable('referrals')
    .set({ consent_withdrawn_at: at, updated_at: at })
    .where('consent_id', '=', consentId)
    .where('consent_withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The next batch of unanswered referrals past their due time nobody has been alerted about. */
export async function selectUnalertedOverdue(
  db: Executor,
  now: string,
  after: { dueAt: string; id: string } | undefined,
  limit: number,
) {
  const open = t(db)
    .selectFrom('referrals')
    .select(['id', 'case_id', 'recipient_agency_id', 'sender_user_id', 'urgency', 'due_at'])
    .where('status', '=', 'sent')
    .where('consent_withdrawn_at', 'is', null);
  return nextOverdueBatch(open, now, after, limit);
}

/** Claims an overdue referral for alerting; false when another process (or run) already did. */
export async function claimOverdue(db: Executor, id: string, at: string): Promise<boolean> {
  return updateIf(t(db), 'referrals', { id, overdue_alerted_at: null, status: 'sent' }, { overdue_alerted_at: at });
}

/** Referrals of a person not ended by withdrawal or revocation (the caller filters by status and groups). */
export async function selectLiveReferralsOfPerson(db: Executor, personId: string) {
  return t(db)
    .selectFrom('referrals')
    .select(['id', 'recipient_agency_id', 'field_groups', 'status'])
    .where('person_id', '=', personId)
    .where('consent_withdrawn_at', 'is', null)
    .where('revoked_at', 'is', null)
    .limit(200)
    .execute();
}
