import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long CPU work on the API's event loop, cut into slices (issue 8: "no request stalls the others"). A loop over a
 * million rows asks `due()` every few thousand rows (a clock read: cheap) and, once the slice has run its time,
 * `await yield()`s: the event loop then serves the requests that arrived meanwhile (their I/O callbacks, the reader
 * threads' answers) before the next slice. The slice is time-based, not a row count, so it holds on a slower or a
 * busier machine. 5 ms: a request makes several trips through the loop (session, queries, audit), and each trip may
 * wait for one slice.
 *
 *   const slices = new Slices();
 *   for (let row = 0; row < n; row++) {
 *     if ((row & 1023) === 1023 && slices.due()) await slices.yield();
 *     …
 *   }
 */
export class Slices {
  #since = performance.now();
  #yields = 0;

  constructor(readonly sliceMs = 5) {}

  /** True when the current slice has run its time (then `await yield()`). */
  due(): boolean {
    return performance.now() - this.#since >= this.sliceMs;
  }

  /** Gives the loop a turn (setImmediate: after the pending I/O callbacks) and starts a new slice. */
  async yield(): Promise<void> {
    await nextTurn();
    this.#yields++;
    this.#since = performance.now();
  }

  /** How many times the work gave the loop a turn (tests, figures). */
  get yields(): number {
    return this.#yields;
  }
}
