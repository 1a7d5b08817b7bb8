import { v7 as uuidv7 } from 'uuid';
import { type Context, transact } from '../../platform/context.js';
import { type Job, jobContext } from '../../platform/jobs.js';
import { raiseAlerts } from '../alerts/index.js';
import { caseFacts, caseTeamIds, recordTimeline } from '../cases/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import { audit } from './legal.audit.js';
import { LEGAL_PARTY_STAFF_PERMISSIONS, legalJobPermissions } from './legal.policy.js';
import { legalActionKey } from './legal.shared.js';
import { type StepRow, selectParties, t } from './legal.store.js';
import { PROTECTION_PERMISSIONS } from './protection.service.js';
import { claimMeasureAlert, selectDueMeasures } from './protection.store.js';
import { chainOf } from './restitution.chain.js';
import { bumpClaim, claimStepAlert, selectClaim, selectDueSteps, settleStep } from './restitution.store.js';
import { claimUninformed, selectUninformed } from './victim-informed.store.js';

export const LEGAL_DUE_JOB = 'legal-due';
const BATCH = 100;
const DAY_MS = 86_400_000;

/** Whom a restitution step concerns: the victim's case team and the prosecutors and police party to it. */
async function chainRecipients(job: Context, proceedingId: string, caseId: string): Promise<string[]> {
  const out = new Set(await caseTeamIds(job.database.db, caseId));
  for (const p of await selectParties(job.database.db, proceedingId))
    if (p.role === 'prosecutor' || p.role === 'police')
      for (const u of await agencyUserIdsWithPermission(job, p.agency_id, LEGAL_PARTY_STAFF_PERMISSIONS)) out.add(u);
  return [...out];
}

/**
 * A deadline that passed unpaid is missed: the claim is in default and the next step (the victim's notice to the
 * court, or the auction under TPKS) is offered, due at once; one alert says both. An action step past its due time
 * is alerted once. Each step is claimed with a conditional update, so concurrent runs never alert twice.
 */
async function handleStep(job: Context, s: StepRow, now: string): Promise<boolean> {
  const claim = await selectClaim(job.database.db, s.claim_id);
  if (!claim) return false;
  const chain = chainOf(claim.chain);
  const def = chain[s.seq];
  const facts = await caseFacts(job.database.db, s.case_id);
  const recipients = await chainRecipients(job, s.proceeding_id, s.case_id);
  return transact(job, async (tx) => {
    if (def?.kind === 'deadline') {
      if (!(await settleStep(tx, s.id, { status: 'missed', alerted_at: now }))) return false;
      const nextDef = chain[s.seq + 1];
      if (nextDef)
        await t(tx)
          .insertInto('restitution_steps')
          .values({
            id: uuidv7(),
            claim_id: claim.id,
            proceeding_id: claim.proceeding_id,
            case_id: claim.case_id,
            step: nextDef.key,
            seq: s.seq + 1,
            status: 'pending',
            // Due from the missed deadline (offset 0: at once); already covered by this alert.
            due_at:
              nextDef.offsetDays === null
                ? null
                : new Date(Date.parse(s.due_at!) + nextDef.offsetDays * DAY_MS).toISOString(),
            occurred_on: null,
            note_enc: null,
            recorded_by: null,
            recorded_at: null,
            alerted_at: now,
            created_at: now,
          })
          .execute();
      const fresh = await selectClaim(tx, claim.id);
      if (fresh && fresh.status === 'ordered')
        await bumpClaim(tx, claim.id, fresh.version, { status: 'defaulted', updated_at: now });
      await raiseAlerts(tx, job, recipients, {
        kind: 'restitution_unpaid',
        actionKey: legalActionKey.restitution(claim.id),
        entityType: 'legal_proceeding',
        entityId: claim.proceeding_id,
        params: { caseNumber: facts?.caseNumber ?? '', claimId: claim.id, step: s.step, next: nextDef?.key ?? null },
      });
      await audit(tx, job, 'stepDue', claim.id, { step: s.step, missed: true, next: nextDef?.key ?? null });
      await recordTimeline(tx, job, claim.case_id, 'legal.restitution_unpaid', {
        proceedingId: claim.proceeding_id,
        claimId: claim.id,
        step: s.step,
        next: nextDef?.key ?? null,
      });
      return true;
    }
    if (!(await claimStepAlert(tx, s.id, now))) return false;
    await raiseAlerts(tx, job, recipients, {
      kind: 'restitution_step_due',
      actionKey: legalActionKey.restitution(claim.id),
      entityType: 'legal_proceeding',
      entityId: claim.proceeding_id,
      params: { caseNumber: facts?.caseNumber ?? '', claimId: claim.id, step: s.step },
    });
    await audit(tx, job, 'stepDue', claim.id, { step: s.step, missed: false });
    return true;
  });
}

export async function checkLegalDue(ctx: Context): Promise<number> {
  const job = jobContext(ctx, LEGAL_DUE_JOB, legalJobPermissions);
  const now = job.clock.now().toISOString();
  let handled = 0;
  const fails = (error: unknown) =>
    job.log.error(
      { job: LEGAL_DUE_JOB, err: { message: error instanceof Error ? error.message : String(error) } },
      'legal due alert failed for one record; retried next run',
    );

  // Restitution steps.
  let after: { dueAt: string; id: string } | undefined;
  for (;;) {
    const batch = await selectDueSteps(job.database.db, now, after, BATCH);
    for (const s of batch) {
      try {
        if (await handleStep(job, s, now)) handled += 1;
      } catch (error) {
        fails(error);
      }
    }
    if (batch.length < BATCH) break;
    const last = batch.at(-1)!;
    after = { dueAt: last.due_at!, id: last.id };
  }

  // Protection: an unanswered TPKS request past 1×24 h, a review date passed.
  for (const m of await selectDueMeasures(job.database.db, now, 500)) {
    try {
      const facts = await caseFacts(job.database.db, m.case_id);
      const recipients = [
        ...(await agencyUserIdsWithPermission(job, m.agency_id, PROTECTION_PERMISSIONS)),
        ...(await caseTeamIds(job.database.db, m.case_id)),
      ];
      await transact(job, async (tx) => {
        if (!(await claimMeasureAlert(tx, m.id, m.due_at!, now))) return;
        handled += 1;
        await raiseAlerts(tx, job, recipients, {
          kind: m.status === 'requested' ? 'protection_response_overdue' : 'protection_review_due',
          actionKey: legalActionKey.protection(m.id),
          entityType: 'protection_measure',
          entityId: m.id,
          params: { caseNumber: facts?.caseNumber ?? '', type: m.type },
        });
        await audit(tx, job, 'measureDue', m.id, { status: m.status, dueAt: m.due_at });
      });
    } catch (error) {
      fails(error);
    }
  }

  // Art. 36: nothing told to the victim for the configured number of days while her proceeding is open.
  const cutoff = new Date(job.clock.now().getTime() - job.config.victimInformedDays * DAY_MS).toISOString();
  for (const v of await selectUninformed(job.database.db, cutoff, 500)) {
    try {
      const facts = await caseFacts(job.database.db, v.case_id);
      const team = await caseTeamIds(job.database.db, v.case_id);
      await transact(job, async (tx) => {
        if (!(await claimUninformed(tx, v, now))) return;
        handled += 1;
        await raiseAlerts(tx, job, team, {
          kind: 'victim_not_informed',
          actionKey: legalActionKey.informed(v.proceeding_id, v.case_id),
          entityType: 'legal_proceeding',
          entityId: v.proceeding_id,
          params: {
            caseNumber: facts?.caseNumber ?? '',
            days: job.config.victimInformedDays,
            since: v.last_informed_at,
          },
        });
        await audit(tx, job, 'victimUninformed', v.proceeding_id, { caseId: v.case_id, since: v.last_informed_at });
      });
    } catch (error) {
      fails(error);
    }
  }
  return handled;
}

export const legalJobs: Job[] = [{ name: LEGAL_DUE_JOB, intervalMs: 5 * 60_000, run: (ctx) => checkLegalDue(ctx) }];
