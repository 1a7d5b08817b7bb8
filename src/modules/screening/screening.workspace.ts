import { type Expression, type SqlBool, sql } from 'kysely';
import { type Bounded, type Executor, selectBounded, tables } from '../../platform/db/index.js';
import type { ScreeningsAwaitingCaseIds } from '../cases/index.js';
import type { ScreeningRow } from './screening.store.js';

/** Screening decisions waiting for a supervisor's approval (four eyes), for the approvals queue. */
const t = (db: Executor) => tables<{ screenings: ScreeningRow }>(db);

export interface ScreeningAwaiting {
  screeningId: string;
  caseId: string;
  decisionStatus: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

/**
 * Found from the pending screenings in decision order (a partial index, migration 0120), each checked against the caller's scope (`inScope`,
 * cases' openCaseInScope); the count is bounded at `cap` (at least the page asked for).
 */
export async function screeningsAwaitingApproval(
  db: Executor,
  inScope: (caseIdColumn: string) => Expression<SqlBool>,
  limit: number,
  cap = 100,
): Promise<Bounded & { items: ScreeningAwaiting[] }> {
  const query = t(db)
    .selectFrom('screenings')
    .select(['id', 'case_id', 'decision_status', 'decided_by', 'decided_at'])
    // Literal, so SQLite can prove the partial index in decision order (migration 0120) applies.
    .where(sql<SqlBool>`approval_status = 'pending' and decided_at is not null`)
    .where(inScope('screenings.case_id'))
    .orderBy('decided_at');
  return selectBounded(query, Math.max(limit, cap), limit, (r) => ({
    screeningId: r.id,
    caseId: r.case_id,
    decisionStatus: r.decision_status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }));
}

/**
 * The cases of the screenings waiting for approval, as a subquery for the case list's "awaiting approval" filter
 * (cases' `cases.screeningsAwaiting` hook): found through the partial index of the pending ones (migration 0120).
 */
export const screeningsAwaitingCaseIds: ScreeningsAwaitingCaseIds = (db) =>
  t(db)
    .selectFrom('screenings as sa')
    .select('sa.case_id as id')
    .where(sql<SqlBool>`sa.approval_status = 'pending' and sa.decided_at is not null`);
