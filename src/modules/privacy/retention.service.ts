import { z } from 'zod';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import type { Job } from '../../platform/jobs.js';
import { holdsOnPerson, holdTables } from './holds.js';
import { audit } from './privacy.audit.js';
import { requireRetention } from './privacy.policy.js';

/**
 * Retention schedules as data (Law 27/2022 Art. 43–44: data kept no longer than needed, then destroyed or
 * anonymised): one row per record type with how long it is kept after its end and whether the schedule is
 * enforced. The DPO previews a run first (what would be anonymised, what a hold keeps); the scheduler job
 * applies enabled schedules. Record types are supplied by the modules that own them (hooks `privacy.retentionTarget`
 * and `privacy.retentionSweep`).
 */

interface PolicyRow {
  record_type: string;
  keep_days: number;
  enabled: number;
  updated_by: string | null;
  updated_at: string | null;
}
const t = (db: Executor) => tables<{ retention_policies: PolicyRow }>(db);

/** What a record type's owner does for retention: the persons whose records are past the cut-off, and anonymising one. */
export interface RetentionTarget {
  /** Candidates (persons) past the cut-off, at most `limit`. */
  due(db: Executor, cutoff: string, limit: number): Promise<{ personId: string; recordIds: string[] }[]>;
  /** Anonymises one person's records of this type (those `due` named) inside the transaction. */
  anonymise(ctx: Context, tx: Tx, personId: string, recordIds: string[]): Promise<void>;
}
/** A record type and the module that enforces its schedule person by person. */
export interface RetentionTargetOf {
  recordType: string;
  target: RetentionTarget;
}
const targetOf = (ctx: Context, recordType: string) =>
  ctx.hooks.all('privacy.retentionTarget').find((t) => t.recordType === recordType)?.target;

/**
 * A record type kept as one ordered log, not per person (the audit trail): what lies before the cut-off goes as a
 * whole, by its owner (the audit module cuts behind a signed truncation point and audits the cut itself).
 */
export interface RetentionSweep {
  /** How many records lie before the cut-off. */
  due(db: Executor, cutoff: string): Promise<number>;
  /** Removes them; returns how many went. */
  apply(ctx: Context, cutoff: Date): Promise<number>;
}
/** A record type kept as one log, and the module that cuts it. */
export interface RetentionSweepOf {
  recordType: string;
  sweep: RetentionSweep;
}
const sweepOf = (ctx: Context, recordType: string) =>
  ctx.hooks.all('privacy.retentionSweep').find((s) => s.recordType === recordType)?.sweep;

/**
 * The DPO's standing legal holds. A log is cut as a whole, so any of them keeps all of it: the trail of who
 * opened a held record is evidence too (Law 27/2022 Art. 16(2)). Open proceedings hold persons, not the log.
 */
async function standingLegalHolds(db: Executor): Promise<number> {
  const r = await holdTables(db)
    .selectFrom('legal_holds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('released_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const policySchema = z.object({
  recordType: z.string(),
  keepDays: z.number(),
  enabled: z.boolean(),
  /** False for types nobody enforces yet (tips: later). */
  enforceable: z.boolean(),
  updatedAt: z.string().nullable(),
});
export const policyUpdateBody = z.strictObject({
  keepDays: z.number().int().min(30).max(36_500),
  enabled: z.boolean(),
});
export const previewQuery = z.strictObject({ recordType: z.string().trim().max(60).optional() });
export const previewSchema = z.object({
  asOf: z.string(),
  items: z.array(
    z.object({
      recordType: z.string(),
      enabled: z.boolean(),
      cutoff: z.string(),
      due: z.number(),
      held: z.number(),
      /** The cap of one preview; more may be due. */
      capped: z.boolean(),
      samplePersonIds: z.array(z.string()),
    }),
  ),
});

const presentPolicy = (ctx: Context, r: PolicyRow) => ({
  recordType: r.record_type,
  keepDays: Number(r.keep_days),
  enabled: Number(r.enabled) === 1,
  enforceable: !!targetOf(ctx, r.record_type) || !!sweepOf(ctx, r.record_type),
  updatedAt: r.updated_at,
});

export async function listPolicies(ctx: Context) {
  await requireRetention(ctx);
  const rows = await t(ctx.database.db).selectFrom('retention_policies').selectAll().orderBy('record_type').execute();
  return rows.map((r) => presentPolicy(ctx, r));
}

export async function updatePolicy(ctx: Context, recordType: string, input: z.infer<typeof policyUpdateBody>) {
  await requireRetention(ctx);
  return transact(ctx, async (tx) => {
    const r = await t(tx)
      .updateTable('retention_policies')
      .set({
        keep_days: input.keepDays,
        enabled: input.enabled ? 1 : 0,
        updated_by: ctx.actor!.userId,
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('record_type', '=', recordType)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound();
    await audit(tx, ctx, 'retentionUpdate', recordType, { keepDays: input.keepDays, enabled: input.enabled });
    const row = await t(tx)
      .selectFrom('retention_policies')
      .selectAll()
      .where('record_type', '=', recordType)
      .executeTakeFirstOrThrow();
    return presentPolicy(ctx, row);
  });
}

const PREVIEW_CAP = 1000;

/** The dry run: per schedule, how many persons' records are past their time and how many a hold keeps. */
export async function previewRetention(ctx: Context, q: z.infer<typeof previewQuery>) {
  await requireRetention(ctx);
  const now = ctx.clock.now();
  const rows = await t(ctx.database.db).selectFrom('retention_policies').selectAll().orderBy('record_type').execute();
  const items = [];
  for (const r of rows) {
    if (q.recordType && r.record_type !== q.recordType) continue;
    const cutoff = new Date(now.getTime() - Number(r.keep_days) * 86_400_000).toISOString();
    const sweep = sweepOf(ctx, r.record_type);
    if (sweep) {
      const held = await standingLegalHolds(ctx.database.db);
      const due = await sweep.due(ctx.database.db, cutoff);
      items.push({
        recordType: r.record_type,
        enabled: Number(r.enabled) === 1,
        cutoff,
        due: held > 0 ? 0 : due,
        held: held > 0 ? due : 0,
        capped: false,
        samplePersonIds: [],
      });
      continue;
    }
    const target = targetOf(ctx, r.record_type);
    if (!target) continue;
    const due = await target.due(ctx.database.db, cutoff, PREVIEW_CAP);
    let held = 0;
    const free: string[] = [];
    for (const d of due) {
      if ((await holdsOnPerson(ctx, d.personId)).length > 0) held++;
      else free.push(d.personId);
    }
    items.push({
      recordType: r.record_type,
      enabled: Number(r.enabled) === 1,
      cutoff,
      due: free.length,
      held,
      capped: due.length === PREVIEW_CAP,
      samplePersonIds: free.slice(0, 20),
    });
  }
  return { asOf: now.toISOString(), items };
}

export const RETENTION_JOB = 'retention';

/** Applies enabled schedules, 200 persons per record type per run; a hold skips the person. */
export async function applyRetention(ctx: Context): Promise<number> {
  const rows = await t(ctx.database.db).selectFrom('retention_policies').selectAll().where('enabled', '=', 1).execute();
  let handled = 0;
  for (const r of rows) {
    const sweep = sweepOf(ctx, r.record_type);
    if (sweep) {
      if ((await standingLegalHolds(ctx.database.db)) > 0) continue;
      handled += await sweep.apply(ctx, new Date(ctx.clock.now().getTime() - Number(r.keep_days) * 86_400_000));
      continue;
    }
    const target = targetOf(ctx, r.record_type);
    if (!target) continue;
    const cutoff = new Date(ctx.clock.now().getTime() - Number(r.keep_days) * 86_400_000).toISOString();
    for (const d of await target.due(ctx.database.db, cutoff, 200)) {
      if ((await holdsOnPerson(ctx, d.personId)).length > 0) continue;
      await transact(ctx, async (tx) => {
        await target.anonymise(ctx, tx, d.personId, d.recordIds);
        await audit(tx, ctx, 'retentionApply', r.record_type, { personId: d.personId, records: d.recordIds.length });
      });
      handled++;
    }
  }
  return handled;
}

export const retentionJobs: Job[] = [{ name: RETENTION_JOB, intervalMs: 60 * 60_000, run: applyRetention }];
