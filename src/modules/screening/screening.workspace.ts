import type { Expression } from 'kysely';
import { type Executor, tables } from '../../platform/db/index.js';
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

export async function screeningsAwaitingApproval(
  db: Executor,
  cases: Expression<string>,
  limit: number,
): Promise<{ count: number; items: ScreeningAwaiting[] }> {
  const base = () =>
    t(db)
      .selectFrom('screenings')
      .where('approval_status', '=', 'pending')
      .where('decided_at', 'is not', null)
      .where('case_id', 'in', cases);
  const [count, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
    base()
      .select(['id', 'case_id', 'decision_status', 'decided_by', 'decided_at'])
      .orderBy('decided_at')
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      screeningId: r.id,
      caseId: r.case_id,
      decisionStatus: r.decision_status,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    })),
  };
}
