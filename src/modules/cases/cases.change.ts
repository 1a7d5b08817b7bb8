/** How a case changes: the lifecycle's stage rules and the conditional update every change goes through. */
import type { Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { CaseStage } from './cases.schema.js';
import { type CaseExpectation, type CaseRow, selectCase, updateCaseIf } from './cases.store.js';

const transitions: Record<CaseStage, CaseStage[]> = {
  intake: ['screening'],
  screening: ['identified', 'not_victim'],
  identified: ['protection'],
  not_victim: ['screening'],
  protection: ['repatriation', 'reintegration'],
  repatriation: ['reintegration', 'protection'],
  reintegration: ['follow_up', 'protection'],
  follow_up: ['reintegration', 'protection'],
  closed: [],
};

/** Stages the case may move to now: identification needs an approved screening decision. */
export function allowedTransitions(row: CaseRow): CaseStage[] {
  if (row.closure_requested_at) return [];
  return transitions[row.stage].filter((to) => {
    if (to === 'identified')
      return (
        row.trafficking_status === 'ActualVictimOfTrafficking' ||
        row.trafficking_status === 'PossibleVictimOfTrafficking'
      );
    if (to === 'not_victim') return row.trafficking_status === 'NotAVictimOfTrafficking';
    return true;
  });
}

export function assertOpen(row: CaseRow): void {
  if (row.stage === 'closed') throw new AppError('conflict', 'case_closed');
}

/**
 * The 409 for a change that lost a race: the case is no longer as the caller read it. Says what the other
 * change did where that is clear (closed, closure requested), else that the case changed meanwhile.
 */
async function changedMeanwhile(tx: Tx, id: string): Promise<AppError> {
  const now = await selectCase(tx, id);
  if (now?.stage === 'closed') return new AppError('conflict', 'case_closed');
  if (now?.closure_requested_at) return new AppError('conflict', 'closure_pending');
  return new AppError('conflict', 'case_changed');
}

/**
 * Writes a lifecycle change inside the caller's transaction only if the case is still as expected (the
 * precondition checked in the same statement); otherwise throws the loser's 409, so the transaction rolls
 * back and no audit event is written.
 */
export async function changeCase(
  tx: Tx,
  id: string,
  expect: CaseExpectation,
  patch: Partial<CaseRow>,
  lost: (tx: Tx, id: string) => Promise<AppError> = changedMeanwhile,
): Promise<void> {
  if (!(await updateCaseIf(tx, id, expect, patch))) throw await lost(tx, id);
}
