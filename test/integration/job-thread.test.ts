import { sql } from 'kysely';
import { pino } from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { startJobThread } from '../../src/cli/job-thread.js';
import { generateSynthetic } from '../../src/cli/synthetic.js';
import { BACKGROUND_NICE } from '../../src/cli/worker-boot.js';
import { type Job, startScheduler } from '../../src/platform/jobs.js';
import { jobs } from '../../src/server.js';
import { describeEachDatabase } from '../support/harness.js';
import { SCHED_IDLE, threadNiceValues, threadPolicies } from '../support/threads.js';

describeEachDatabase('the job thread (long batch jobs off the API event loop)', (h) => {
  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 200, seed: 8 });
  });

  it('runs an off-thread job on its own connection; its rows are there for the API', async () => {
    const refresh = jobs.find((j) => j.name === 'indicator-facts-refresh');
    expect(refresh?.offThread).toBe(true);
    const db = h().services.database.db;
    const before = await sql<{ n: number }>`select count(*) as n from indicator_refreshes`.execute(db);
    const thread = startJobThread(h().config, pino({ level: 'silent' }));
    try {
      const handled = await thread.run(refresh!);
      // The demo's cases became facts, written by the thread and read here through the API's connection.
      expect(handled).toBeGreaterThan(0);
      const runs = await sql<{ status: string; n: number }>`
        select status, count(*) as n from indicator_refreshes group by status`.execute(db);
      expect(runs.rows.reduce((s, r) => s + Number(r.n), 0)).toBe(Number(before.rows[0]!.n) + 1);
      expect(runs.rows.find((r) => r.status === 'running')).toBeUndefined();
      const facts = await sql<{ n: number }>`select count(*) as n from indicator_facts`.execute(db);
      expect(Number(facts.rows[0]!.n)).toBeGreaterThanOrEqual(handled);
    } finally {
      await thread.stop();
    }
  });

  it('runs at a lower CPU priority than the API', async () => {
    if (threadNiceValues().length === 0) return; // not Linux: nothing to look at
    const background = () => threadNiceValues().filter((n) => n === BACKGROUND_NICE).length;
    const idle = () => threadPolicies().filter((p) => p === SCHED_IDLE).length;
    const before = background();
    const idleBefore = idle();
    const thread = startJobThread(h().config, pino({ level: 'silent' }));
    try {
      await thread.run({ name: 'no-such-job', intervalMs: 1000, run: async () => 1 });
      expect(background()).toBeGreaterThan(before);
      expect(idle()).toBeGreaterThan(idleBefore);
      expect(threadNiceValues()).toContain(0);
    } finally {
      await thread.stop();
    }
  });

  it('answers 0 for a job the thread does not know, and keeps serving after it', async () => {
    const thread = startJobThread(h().config, pino({ level: 'silent' }));
    try {
      expect(await thread.run({ name: 'no-such-job', intervalMs: 1000, run: async () => 1 })).toBe(0);
      const refresh = jobs.find((j) => j.name === 'indicator-facts-refresh')!;
      expect(await thread.run(refresh)).toBeGreaterThan(0);
    } finally {
      await thread.stop();
    }
  });
});

it('the scheduler sends offThread jobs to the thread and runs the others in-process', async () => {
  const ranHere: string[] = [];
  const sent: string[] = [];
  const job = (name: string, offThread: boolean): Job => ({
    name,
    intervalMs: 60_000,
    offThread,
    run: async () => {
      ranHere.push(name);
      return 1;
    },
  });
  const log = pino({ level: 'silent' });
  const services = { log } as unknown as Parameters<typeof startScheduler>[0];
  const scheduler = startScheduler(services, [job('quick', false), job('long', true)], {
    run: async (j) => {
      sent.push(j.name);
      return 1;
    },
  });
  // The catch-up run fires every job a second after start.
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  await scheduler.stop();
  expect(sent).toEqual(['long']);
  expect(ranHere).toEqual(['quick']);
});
