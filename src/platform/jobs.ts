import type { FastifyInstance } from 'fastify';
import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Permission } from './access.js';
import { ShiftedClock } from './clock.js';
import { type Context, type Services, systemActor } from './context.js';
import { typed } from './http.js';

/**
 * The scheduler: periodic jobs (statutory deadline checks now; retention and periodic reports later) run in
 * the same process as the API. Every job is idempotent and safe to run from several processes at once
 * (it claims each item with a conditional update), so many Pulih processes on one PostgreSQL need no leader.
 */
export interface Job {
  /** Stable name, used in logs and as the audit actor `job:<name>`. */
  name: string;
  /** How often the job runs. */
  intervalMs: number;
  /** Does one pass; returns how many items it handled (logged as a count, never the items). */
  run(ctx: Context): Promise<number>;
  /**
   * Long batch work (minutes at national scale: rebuilding indicator facts, scheduled reports). `serve` runs it
   * on the job thread (cli/job-thread.ts), so that it never holds the API's event loop: on SQLite every query
   * is synchronous, and a pass over a million cases would stall every request of the process.
   */
  offThread?: boolean;
}

/** A context for work the scheduler does: audited as `job:<name>`, holding only the given permissions (scope all). */
export function jobContext(services: Services, name: string, permissions: Iterable<Permission>): Context {
  const actor = systemActor(`job:${name}`, permissions);
  const { database, keyring, config, clock, log, auditCatalogue, hooks } = services;
  return {
    database,
    keyring,
    config,
    clock,
    log,
    auditCatalogue,
    hooks,
    actor,
    locale: 'id',
    ip: null,
    requestId: `job:${name}`,
  };
}

/** Where a sweep over due rows stands: the last row's due time and id (a keyset position). */
export interface DueCursor {
  dueAt: string;
  id: string;
}

/**
 * The walk every overdue job makes: rows past their due time nobody was alerted about, in (due time, id) order, a
 * batch at a time, each batch starting after the last row of the one before. `alert` handles one unit (a row, or
 * a case's rows with `groupBy`: one transaction for a case) and returns how many it alerted; it claims each row
 * with a conditional update, so concurrent runs never alert twice. A unit that fails is logged (job name and
 * message, no data) and retried on the next run; the others go on. Returns how many rows were alerted.
 */
export async function sweepOverdue<R extends { id: string }>(
  job: Context,
  sweep: {
    name: string;
    batchSize: number;
    select: (after: DueCursor | undefined, limit: number) => Promise<R[]>;
    dueOf: (row: R) => string;
    groupBy?: (row: R) => string;
    alert: (rows: [R, ...R[]]) => Promise<number>;
  },
): Promise<number> {
  let after: DueCursor | undefined;
  let alerted = 0;
  let failed = 0;
  for (;;) {
    const batch = await sweep.select(after, sweep.batchSize);
    const units = new Map<string, [R, ...R[]]>();
    for (const row of batch) {
      const key = sweep.groupBy ? sweep.groupBy(row) : row.id;
      units.set(key, [...(units.get(key) ?? []), row] as [R, ...R[]]);
    }
    for (const rows of units.values()) {
      try {
        alerted += await sweep.alert(rows);
      } catch (error) {
        failed += 1;
        job.log.error(
          { job: sweep.name, err: { message: error instanceof Error ? error.message : String(error) } },
          'overdue alert failed; retried next run',
        );
      }
    }
    const last = batch.at(-1);
    if (!last || batch.length < sweep.batchSize) break;
    after = { dueAt: sweep.dueOf(last), id: last.id };
  }
  if (failed > 0) job.log.warn({ job: sweep.name, failed }, 'some overdue alerts failed; retried next run');
  return alerted;
}

/** The columns an overdue sweep walks and claims by: the row's due time and when its overdue alert went out. */
export interface OverdueColumns {
  due: string;
  alerted: string;
}

/**
 * The next batch for `sweepOverdue`: of the rows `open` selects (a table's still-open rows), those past their due
 * time at `now` whose alert has not gone out, in (due time, id) order after the keyset position `after`.
 */
export function nextOverdueBatch<O>(
  // biome-ignore lint/suspicious/noExplicitAny: the caller's typed query; only the named columns are added
  open: SelectQueryBuilder<any, any, O>,
  now: string,
  after: DueCursor | undefined,
  limit: number,
  { due, alerted }: OverdueColumns = { due: 'due_at', alerted: 'overdue_alerted_at' },
): Promise<O[]> {
  let q = open.where(alerted, 'is', null).where(due, '<', now);
  if (after) {
    const { dueAt, id } = after;
    q = q.where((eb) => eb.or([eb(due, '>', dueAt), eb.and([eb(due, '=', dueAt), eb('id', '>', id)])]));
  }
  return q.orderBy(due).orderBy('id').limit(limit).execute();
}

/** Runs one job once; failures are logged (name and error message only, no data) and do not throw. */
export async function runJob(services: Services, job: Job): Promise<number> {
  const log = services.log.child({ component: 'jobs', job: job.name });
  const started = Date.now();
  try {
    const handled = await job.run(jobContext(services, job.name, []));
    if (handled > 0) log.info({ handled, ms: Date.now() - started }, 'job finished');
    return handled;
  } catch (error) {
    log.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'job failed');
    return 0;
  }
}

/** Runs every job now, one after the other (start-up catch-up and the test clock). */
export async function runAllJobs(services: Services, jobs: readonly Job[]): Promise<Record<string, number>> {
  const handled: Record<string, number> = {};
  for (const job of jobs) handled[job.name] = await runJob(services, job);
  return handled;
}

export interface Scheduler {
  /** Stops the timers and waits for runs in progress. */
  stop(): Promise<void>;
}

/** Where jobs marked `offThread` run instead of this event loop (a worker thread with its own connection). */
export interface JobThread {
  run(job: Job): Promise<number>;
}

/**
 * Starts a timer per job; a run never overlaps the previous run of the same job. Timers do not keep the process
 * alive. With a job thread, `offThread` jobs run there.
 */
export function startScheduler(services: Services, jobs: readonly Job[], thread?: JobThread): Scheduler {
  const running = new Map<string, Promise<number>>();
  let stopped = false;
  const fire = (job: Job) => {
    if (stopped || running.has(job.name)) return;
    const run = (job.offThread && thread ? thread.run(job) : runJob(services, job)).finally(() =>
      running.delete(job.name),
    );
    running.set(job.name, run);
  };
  const timers = jobs.map((job) => {
    const timer = setInterval(() => fire(job), job.intervalMs);
    timer.unref();
    return timer;
  });
  // Catch up on what fell due while the process was down.
  const initial = setTimeout(() => {
    for (const job of jobs) fire(job);
  }, 1_000);
  initial.unref();
  services.log.child({ component: 'jobs' }).info({ jobs: jobs.map((j) => j.name) }, 'scheduler started');
  return {
    async stop() {
      stopped = true;
      clearTimeout(initial);
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}

/**
 * End-to-end tests only (PULIH_TEST_CLOCK=true): POST /api/test/clock {advanceMs} moves the shifted clock
 * and runs every job at once. The route is registered only with the flag and a ShiftedClock; otherwise it does not exist.
 */
export async function testClockRoutes(app: FastifyInstance, services: Services, jobs: readonly Job[]): Promise<void> {
  const clock = services.clock;
  if (!services.config.testClock || !(clock instanceof ShiftedClock)) return;
  services.log.warn('PULIH_TEST_CLOCK is on: POST /api/test/clock can move time (tests only)');
  typed(app).post('/api/test/clock', {
    config: { auth: 'public', csrf: false },
    schema: {
      hide: true,
      operationId: 'test.clock.advance',
      body: z.strictObject({
        advanceMs: z
          .number()
          .int()
          .min(0)
          .max(366 * 86_400_000),
      }),
      response: { 200: z.object({ now: z.string(), jobs: z.record(z.string(), z.number()) }) },
    },
    handler: async (req) => {
      clock.advance(req.body.advanceMs);
      const handled = await runAllJobs(services, jobs);
      return { now: clock.now().toISOString(), jobs: handled };
    },
  });
}
