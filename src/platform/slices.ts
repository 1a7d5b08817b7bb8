import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

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
  #rests = 0;

  constructor(readonly sliceMs = 5) {}

  /** True when the current slice has run its time (then `await yield()`). */
  due(): boolean {
    return performance.now() - this.#since >= this.sliceMs;
  }

  /** Gives the loop a turn (setImmediate: after the pending I/O callbacks), or rests, and starts a new slice. */
  async yield(): Promise<void> {
    if (await restIfDue()) this.#rests++;
    else await nextTurn();
    this.#yields++;
    this.#since = performance.now();
  }

  /** How many times the work gave the loop a turn (tests, figures). */
  get yields(): number {
    return this.#yields;
  }

  /** How many of those turns were rests (a resting thread's pauses, see restAfterWork). */
  get rests(): number {
    return this.#rests;
  }
}

/*
 * A thread whose work may wait can leave CPU to others by resting: the work thread (cli/work-thread.ts) runs long
 * work a request asked for, and on a machine whose cores are all busy a lower priority (nice) still lets it fill
 * every moment the API's threads are not running, so they wake to a busy core. Resting after each stretch of work
 * for as long as the stretch took, times the share, caps the thread at 1 / (1 + share) of a core and leaves the
 * rest idle for the office's requests. The pauses come where long work already gives way: a slice's end, between
 * two pages of a long read (the dialect's betweenPages) and between the chunks of a response body.
 */
let restShare = 0;
let workingSince = performance.now();
/** Shorter stretches are not worth a timer; one pause never exceeds MAX_REST_MS. */
const MIN_WORK_MS = 5;
const MAX_REST_MS = 50;

/** This thread rests `share` ms for each ms of work from now on (0: never, the default). */
export function restAfterWork(share: number): void {
  restShare = Math.max(0, share);
  workingSince = performance.now();
}

/** On a resting thread, after a stretch of work: a pause in proportion, and true. Elsewhere false, at once. */
export async function restIfDue(): Promise<boolean> {
  if (restShare === 0) return false;
  const worked = performance.now() - workingSince;
  if (worked < MIN_WORK_MS) return false;
  await sleep(Math.min(MAX_REST_MS, worked * restShare));
  workingSince = performance.now();
  return true;
}
