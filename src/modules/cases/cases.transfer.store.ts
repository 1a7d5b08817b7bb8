import type { Executor } from '../../platform/db/index.js';
import { type CaseLeadTransferRow, t } from './cases.store.js';

export async function insertLeadTransfer(db: Executor, row: CaseLeadTransferRow) {
  await t(db).insertInto('case_lead_transfers').values(row).execute();
}

export async function selectLeadTransfer(db: Executor, id: string) {
  return t(db).selectFrom('case_lead_transfers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectPendingTransferOfCase(db: Executor, caseId: string) {
  return t(db)
    .selectFrom('case_lead_transfers')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', 'in', ['pending', 'awaiting_approval'])
    .executeTakeFirst();
}

export async function selectIncomingTransfers(db: Executor, agencyId: string, limit: number) {
  return t(db)
    .selectFrom('case_lead_transfers')
    .selectAll()
    .where('to_agency_id', '=', agencyId)
    .where('status', '=', 'pending')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function updateLeadTransfer(db: Executor, id: string, patch: Partial<CaseLeadTransferRow>) {
  await t(db).updateTable('case_lead_transfers').set(patch).where('id', '=', id).execute();
}

/** Answers a transfer only if it is still pending (of two answers at once, one wins). */
export async function decideLeadTransferIfPending(
  db: Executor,
  id: string,
  patch: Partial<CaseLeadTransferRow>,
): Promise<boolean> {
  const r = await t(db)
    .updateTable('case_lead_transfers')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Moves a transfer awaiting the sending supervisor's approval on to the receiving agency (conditional). */
export async function approveLeadTransferIfAwaiting(
  db: Executor,
  id: string,
  by: string,
  at: string,
): Promise<boolean> {
  const r = await t(db)
    .updateTable('case_lead_transfers')
    .set({ status: 'pending', approved_by: by, approved_at: at })
    .where('id', '=', id)
    .where('status', '=', 'awaiting_approval')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteAllMembers(db: Executor, caseId: string) {
  await t(db).deleteFrom('case_members').where('case_id', '=', caseId).execute();
}
