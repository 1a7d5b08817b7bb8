import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { caseFactsMany } from '../cases/index.js';
import { type DueRow, selectDue } from './due.store.js';
import { mayUseLegal } from './legal.policy.js';
import type { dueListQuery } from './legal.schema.js';
import { casesLegalVisible } from './legal.view.js';

/* ---------- the due list ---------- */

const dueCursor = z.tuple([z.string(), z.string()]);

/**
 * Restitution steps and protection deadlines across cases, in due order: of proceedings the caller's agency is
 * party to and measures it provides. A victim's service agency sees only the cases the caller may see.
 */
export async function dueList(ctx: Context, q: z.infer<typeof dueListQuery>) {
  const actor = requireActor(ctx);
  if (!mayUseLegal(ctx)) throw forbidden();
  const db = ctx.database.db;
  const after = decodeCursor(q.cursor, dueCursor);
  const rows = await selectDue(ctx.database, {
    agencyId: actor.agencyId,
    after: after ? { dueAt: after[0], id: after[1] } : undefined,
    before: q.before ? new Date(q.before).toISOString() : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  // Police, prosecutors, courts and LPSK see a step through their part in its proceeding, a provider its measures.
  const seenByParty = (r: DueRow) =>
    r.kind === 'restitution_step'
      ? r.party_role !== null && r.party_role !== 'victim_service'
      : r.provider === actor.agencyId;
  // The rest are seen only through their case (one batched check for the page, not one per row), asked at the
  // same time as the page's case numbers.
  const [facts, visible] = await Promise.all([
    caseFactsMany(
      db,
      page.map((r) => r.case_id),
    ),
    casesLegalVisible(
      ctx,
      page.filter((r) => !seenByParty(r)).map((r) => r.case_id),
    ),
  ]);
  const keep = (r: DueRow) => seenByParty(r) || visible.has(r.case_id);
  const now = ctx.clock.now().toISOString();
  const items = [];
  for (const r of page) {
    if (!keep(r)) continue;
    items.push({
      kind: r.kind,
      id: r.id,
      dueAt: r.due_at,
      overdue: r.due_at < now,
      caseId: r.case_id,
      caseNumber: facts.get(r.case_id)?.caseNumber ?? '',
      proceedingId: r.proceeding_id,
      claimId: r.claim_id,
      step: r.step,
      measureType: r.measure_type as never,
    });
  }
  const last = page.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.due_at, last.id]) : null };
}
