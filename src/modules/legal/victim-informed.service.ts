import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, transact } from '../../platform/context.js';
import { type FieldIssue, forbidden } from '../../platform/errors.js';
import { resolveAlerts } from '../alerts/index.js';
import { recordTimeline } from '../cases/index.js';
import { userSummaries } from '../users/index.js';
import { audit } from './legal.audit.js';
import { canInformVictim } from './legal.policy.js';
import type { informedRecordSchema } from './legal.schema.js';
import { fail, legalActionKey } from './legal.shared.js';
import { t } from './legal.store.js';
import { agencyNames, loadProceeding, seesAllVictims } from './legal.view.js';
import { selectInformed } from './victim-informed.store.js';

/* ---------- the victim's right to know (Art. 36) ---------- */

export async function recordVictimInformed(ctx: Context, id: string, input: z.infer<typeof informedRecordSchema>) {
  const actor = requireActor(ctx);
  const p = await loadProceeding(ctx, id);
  const link = p.victims.find((v) => v.case_id === input.caseId);
  if (!link || !p.access.visibleCases.has(input.caseId)) fail([{ field: 'caseId', code: 'not_a_victim' }]);
  if (!canInformVictim(ctx, p.access, input.caseId)) throw forbidden();
  const informedAt = new Date(input.informedAt).toISOString();
  const issues: FieldIssue[] = [];
  if (informedAt > ctx.clock.now().toISOString()) issues.push({ field: 'informedAt', code: 'in_future' });
  if (informedAt.slice(0, 10) < p.row.reported_on) issues.push({ field: 'informedAt', code: 'before_report' });
  fail(issues);
  const rid = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('legal_victim_informed')
      .values({
        id: rid,
        proceeding_id: id,
        case_id: input.caseId,
        informed_at: informedAt,
        channel: input.channel,
        topics: ctx.database.adapter.toJson(input.topics),
        summary_enc: ctx.keyring.encrypt('legal_victim_informed', 'summary_enc', rid, input.summary),
        informed_by: actor.userId,
        informed_by_agency_id: actor.agencyId,
        created_at: now,
      })
      .execute();
    await t(tx)
      .updateTable('legal_victims')
      .set({ last_informed_at: informedAt })
      .where('proceeding_id', '=', id)
      .where('case_id', '=', input.caseId)
      .where('last_informed_at', '<', informedAt)
      .execute();
    await resolveAlerts(tx, ctx, legalActionKey.informed(id, input.caseId));
    await audit(tx, ctx, 'victimInformed', id, {
      recordId: rid,
      caseId: input.caseId,
      channel: input.channel,
      topics: input.topics,
    });
    await recordTimeline(tx, ctx, input.caseId, 'legal.victim_informed', {
      proceedingId: id,
      channel: input.channel,
      topics: input.topics,
    });
  });
  return listVictimInformed(ctx, id);
}

/** The information log of the victims the caller sees, newest first. */
export async function listVictimInformed(ctx: Context, id: string) {
  const p = await loadProceeding(ctx, id);
  const all = seesAllVictims(p.access);
  const rows = (await selectInformed(ctx.database.db, id)).filter((r) => all || p.access.visibleCases.has(r.case_id));
  const names = await agencyNames(
    ctx,
    rows.map((r) => r.informed_by_agency_id),
  );
  const users = await userNames(
    ctx,
    rows.map((r) => r.informed_by),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      proceedingId: r.proceeding_id,
      caseId: r.case_id,
      informedAt: r.informed_at,
      channel: r.channel as 'in_person',
      topics: ctx.database.adapter.fromJson<string[]>(r.topics) as 'stage'[],
      summary: ctx.keyring.decrypt('legal_victim_informed', 'summary_enc', r.id, r.summary_enc),
      informedBy: users.get(r.informed_by) ?? '',
      informedByAgency: { id: r.informed_by_agency_id, name: names.get(r.informed_by_agency_id) ?? '' },
    })),
  };
}

async function userNames(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  const users = await userSummaries(ctx.database.db, ids);
  return new Map([...users].map(([id, u]) => [id, u.displayName]));
}
