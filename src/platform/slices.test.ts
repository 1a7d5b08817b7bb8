import { afterEach, describe, expect, it } from 'vitest';
import { restAfterWork, restIfDue, Slices } from './slices.js';

/** Keeps the CPU busy for about `ms` (the clock, not a timer: work, as a long release does). */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Eight 6 ms stretches of work, each ending a slice: the wall time it took, the slices' yields and rests. */
async function slicedWork(): Promise<{ ms: number; yields: number; rests: number }> {
  const slices = new Slices();
  const started = performance.now();
  for (let i = 0; i < 8; i++) {
    work(6);
    if (slices.due()) await slices.yield();
  }
  return { ms: performance.now() - started, yields: slices.yields, rests: slices.rests };
}

describe('slices and rest (long work that leaves CPU to others)', () => {
  afterEach(() => restAfterWork(0));

  it('does not rest by default: a slice ends with a turn of the loop only', async () => {
    work(20);
    expect(await restIfDue()).toBe(false);
    // Each slice ends with a turn of the loop, none with a pause (counted, not timed: a busy machine stretches
    // the wall time of the work itself).
    const { yields, rests } = await slicedWork();
    expect(yields).toBe(8);
    expect(rests).toBe(0);
  });

  it('on a resting thread pauses as long as it worked, times the share, so the work takes at most its share of a core', async () => {
    restAfterWork(1);
    // 48 ms of work and about as long resting between the slices (a pause is never shorter than asked).
    const { ms, rests } = await slicedWork();
    expect(rests).toBe(8);
    expect(ms).toBeGreaterThanOrEqual(48 + 40);
    // A stretch too short for a timer is not paused; one pause is bounded (50 ms, not the 20 s that 200 ms of work
    // at a share of 100 would ask).
    restAfterWork(100);
    expect(await restIfDue()).toBe(false);
    work(200);
    const before = performance.now();
    expect(await restIfDue()).toBe(true);
    expect(performance.now() - before).toBeLessThan(5_000);
  });
});
