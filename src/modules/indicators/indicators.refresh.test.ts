import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { generateSynthetic } from '../../cli/synthetic.js';
import { refreshIndicatorFacts } from './indicators.facts.js';
import { type RefreshProgressEvent, STALE_HEARTBEAT_MS } from './indicators.progress.js';

/*
 * The refresh's progress and staleness (indicators.progress.ts): a heartbeat at every step of every phase (the
 * linkage and the rollup hold one connection: their heartbeats must go through it, or SQLite waits forever), and a
 * running refresh is taken as dead by its heartbeat's age, not by how long it has run.
 */
describeEachDatabase('indicators: the refresh reports progress and is stale only without a heartbeat', (h) => {
  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 60, seed: 1407 });
  }, 300_000);
  const db = () => h().services.database.db;

  it('beats at every step of the linkage, the facts and the rollup, and completes', async () => {
    const events: RefreshProgressEvent[] = [];
    const r = await refreshIndicatorFacts(h().operator(), { onProgress: (e) => events.push(e), heartbeatEveryMs: 0 });
    expect(r.skipped).toBe(false);
    for (const phase of ['linkage', 'facts', 'rollup'])
      expect(events.filter((e) => e.phase === phase).length, phase).toBeGreaterThan(1);
    expect(events.find((e) => e.phase === 'facts' && e.step === 'cases')?.done).toBeGreaterThan(0);
    const row = (
      await sql<{ status: string; phase: string; heartbeat_at: string | null }>`
        select status, phase, heartbeat_at from indicator_refreshes where generation = ${r.generation}`.execute(db())
    ).rows[0];
    expect(row?.status).toBe('complete');
    expect(row?.phase).toBe('rollup');
    expect(row?.heartbeat_at).not.toBeNull();
  }, 300_000);

  it('skips while a running refresh beats, however long it has run, and replaces one whose heartbeat is old', async () => {
    const now = h().clock.now().getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    await sql`insert into indicator_refreshes (generation, status, started_at, facts, victim_records, victims_linked,
      rolled_up, heartbeat_at, progress) values (1000, 'running', ${iso(now - 3 * 3_600_000)}, 0, 0, 0, 0,
      ${iso(now - 60_000)}, 0)`.execute(db());
    expect((await refreshIndicatorFacts(h().operator())).skipped).toBe(true);
    await sql`update indicator_refreshes set heartbeat_at = ${iso(now - STALE_HEARTBEAT_MS - 60_000)}
      where generation = 1000`.execute(db());
    const r = await refreshIndicatorFacts(h().operator());
    expect(r.skipped).toBe(false);
    expect(r.generation).toBe(1001);
  }, 300_000);
});
