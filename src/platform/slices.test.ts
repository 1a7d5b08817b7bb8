import { afterEach, describe, expect, it } from 'vitest';
import { restAfterWork, restIfDue, Slices } from './slices.js';

/** Keeps the CPU busy for about `ms` (the clock, not a timer: work, as a long release does). */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Eight 6 ms stretches of work, each ending a slice: the wall time it took and the slices' yields. */
async function slicedWork(): Promise<{ ms: number; yields: number }> {
  const slices = new Slices();
  const started = performance.now();
  for (let i = 0; i < 8; i++) {
    work(6);
    if (slices.due()) await slices.yield();
  }
  return { ms: performance.now() - started, yields: slices.yields };
}

describe('slices and rest (long work that leaves CPU to others)', () => {
  afterEach(() => restAfterWork(0));

  it('does not rest by default: a slice ends with a turn of the loop only', async () => {
    work(20);
    expect(await restIfDue()).toBe(false);
    const { ms, yields } = await slicedWork();
    // 48 ms of work and no pause between the slices.
    expect(ms).toBeLessThan(48 + 30);
    expect(yields).toBe(8);
  });

  it('on a resting thread pauses as long as it worked, times the share, so the work takes at most its share of a core', async () => {
    restAfterWork(1);
    // 48 ms of work and about as long resting between the slices.
    expect((await slicedWork()).ms).toBeGreaterThanOrEqual(48 + 40);
    // A stretch too short for a timer is not paused; one pause is bounded.
    expect(await restIfDue()).toBe(false);
    work(200);
    const before = performance.now();
    expect(await restIfDue()).toBe(true);
    expect(performance.now() - before).toBeLessThan(120);
  });
});
