import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import type { Context } from '../platform/context.js';
import {
  fromThreadError,
  type OffloadCaller,
  type OffloadResult,
  type OffloadTask,
  type ThreadError,
  toThreadError,
  type WorkThread,
} from '../platform/offload.js';
import { flushReads } from '../platform/read-log.js';
import { restAfterWork, restIfDue } from '../platform/slices.js';
import { BACKGROUND_NICE, lowerThisThreadsPriority, startTsWorker } from './worker-boot.js';

/*
 * The work thread: long work a request asks for (platform/offload.ts: a national CTDC release, a bulk HTCDS export)
 * runs here, on a worker thread beside the API with its own database connection, instead of on the API's event
 * loop (issue 8 item 2). Unlike the job thread (cli/job-thread.ts: scheduled batch jobs, one at a time), calls
 * interleave: two exports run side by side, each a turn of the thread's loop at a time.
 *
 * Its CPU priority is lowered (nice 10 and the SCHED_IDLE policy, Linux: worker-boot.ts): the office's requests on
 * the API thread and the SQLite reader threads come first, and the long work takes the CPU they leave. It only reads, and appends audit events in short
 * transactions, so it never holds the SQLite writer lock while it waits for the CPU for long.
 *
 * Body bytes cross in chunks of 64 KiB, transferred (not copied), at most WINDOW chunks ahead of the response: a
 * slow client holds the work back, and neither thread buffers more than a few chunks. A client that goes away
 * cancels the work (the task's body is returned, as in process).
 */

type ToWorker =
  | { type: 'start'; id: number; task: string; args: unknown; caller: OffloadCaller }
  | { type: 'more'; id: number }
  | { type: 'cancel'; id: number }
  | { type: 'stop' };
type FromWorker =
  | { type: 'head'; id: number; head: unknown }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; error: ThreadError };

const MARK = 'pulihWorkThread';
/** Room for a national release's coded table (a few tens of MB) with margin; bounded apart from the API's heap. */
const WORK_THREAD_HEAP_MB = 1024;
/**
 * And it rests as long as it worked (platform/slices.ts): at most half a core, so that on a small machine a core is
 * often idle when a request wakes (at 1,000,000 cases on 2 cores the priority alone left the office at 2.8× its
 * unloaded p95, the machine 1.93 cores busy).
 */
const WORK_THREAD_REST = 1;
const CHUNK_BYTES = 64 * 1024;
/** Chunks a call may have sent that the response has not taken yet. */
const WINDOW = 4;

export interface RunningWorkThread extends WorkThread {
  /** Ends the thread: calls in progress fail (their responses end early), like a process that stops. */
  stop(waitMs?: number): Promise<void>;
}

/** One call as the API side sees it: the head's promise, then the body's chunks as they arrive. */
class Inbound implements AsyncIterableIterator<Uint8Array> {
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #head: { resolve: (r: OffloadResult<unknown>) => void; reject: (e: Error) => void } | undefined;

  constructor(
    readonly id: number,
    readonly post: (m: ToWorker) => void,
    readonly forget: () => void,
    head: { resolve: (r: OffloadResult<unknown>) => void; reject: (e: Error) => void },
  ) {
    this.#head = head;
  }

  receive(m: FromWorker): void {
    if (m.type === 'head') {
      this.#head?.resolve({ head: m.head, body: this });
      this.#head = undefined;
      return;
    }
    if (m.type === 'chunk') this.#chunks.push(m.bytes);
    else if (m.type === 'end') this.#ended = true;
    else this.fail(fromThreadError(m.error));
    this.#wake?.();
  }

  fail(error: Error): void {
    if (this.#head) {
      this.#head.reject(error);
      this.#head = undefined;
      this.forget();
      return;
    }
    this.#error ??= error;
    this.#wake?.();
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) {
        this.post({ type: 'more', id: this.id });
        return { value: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), done: false };
      }
      if (this.#error) {
        this.forget();
        throw this.#error;
      }
      if (this.#ended) {
        this.forget();
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }

  /** The response stopped reading (a client gone, an error before the first byte): the work stops. */
  async return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.#ended && !this.#error) this.post({ type: 'cancel', id: this.id });
    this.#ended = true;
    this.#chunks.length = 0;
    this.forget();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Starts the work thread on first use; the API's routes reach it through `offload()` (ctx.workThread). */
export function startWorkThread(config: Config, log: Logger): RunningWorkThread {
  const calls = new Map<number, Inbound>();
  let nextId = 1;
  let worker: Worker | undefined;
  const spawn = () => {
    const w = startTsWorker(import.meta.url, { [MARK]: true, config }, WORK_THREAD_HEAP_MB);
    w.on('message', (m: FromWorker) => calls.get(m.id)?.receive(m));
    w.on('error', (error) => log.error({ err: { message: error.message } }, 'work thread failed'));
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      // What it had not finished fails; the next call starts a new thread.
      for (const call of [...calls.values()]) call.fail(new Error('the work thread ended'));
      calls.clear();
    });
    return w;
  };
  return {
    run(task, args, caller) {
      worker ??= spawn();
      const w = worker;
      const id = nextId++;
      return new Promise<OffloadResult<unknown>>((resolve, reject) => {
        const call = new Inbound(
          id,
          (m) => w.postMessage(m),
          () => calls.delete(id),
          { resolve, reject },
        );
        calls.set(id, call);
        w.postMessage({ type: 'start', id, task, args, caller } satisfies ToWorker);
      });
    },
    async stop(waitMs = 10_000) {
      const w = worker;
      if (!w) return;
      worker = undefined;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage({ type: 'stop' } satisfies ToWorker);
      const timer = setTimeout(() => void w.terminate(), waitMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Inside the worker: one call's outflow, at most WINDOW chunks ahead of what the API side has taken. */
class Outbound {
  #inFlight = 0;
  #wake: (() => void) | undefined;
  cancelled = false;

  constructor(
    readonly id: number,
    readonly post: (m: FromWorker, transfer?: ArrayBuffer[]) => void,
  ) {}

  /** Sends one chunk once the window allows; false when the call was cancelled meanwhile. */
  async send(parts: Uint8Array[], size: number): Promise<boolean> {
    while (this.#inFlight >= WINDOW && !this.cancelled) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    if (this.cancelled) return false;
    // A buffer of its own, so that its memory can be handed over rather than copied.
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.byteLength;
    }
    this.#inFlight++;
    this.post({ type: 'chunk', id: this.id, bytes }, [bytes.buffer]);
    return true;
  }

  taken(): void {
    this.#inFlight--;
    this.#wake?.();
    this.#wake = undefined;
  }

  cancel(): void {
    this.cancelled = true;
    this.#wake?.();
    this.#wake = undefined;
  }
}

async function serveWork(config: Config): Promise<void> {
  const port = parentPort!;
  lowerThisThreadsPriority(BACKGROUND_NICE);
  restAfterWork(WORK_THREAD_REST);
  const { createServices, offloadTasks } = await import('../server.js');
  const services = await createServices(config, { migrate: false });
  const tasks = new Map<string, OffloadTask<unknown, unknown>>(offloadTasks.map((t) => [t.name, t]));
  const calls = new Map<number, Outbound>();
  const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

  async function run(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    const out = new Outbound(m.id, post);
    calls.set(m.id, out);
    try {
      const task = tasks.get(m.task);
      if (!task) throw new Error(`no offload task named ${m.task}`);
      const ctx: Context = { ...services, ...m.caller };
      const result = await task.run(ctx, m.args);
      post({ type: 'head', id: m.id, head: result.head });
      const body = result.body[Symbol.asyncIterator]();
      let parts: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        if (out.cancelled) {
          await body.return?.();
          return;
        }
        const next = await body.next();
        if (next.done) break;
        const part = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        parts.push(part);
        size += part.byteLength;
        if (size >= CHUNK_BYTES) {
          if (!(await out.send(parts, size))) continue;
          parts = [];
          size = 0;
          await restIfDue();
        }
      }
      if (size > 0 && !(await out.send(parts, size))) return;
      post({ type: 'end', id: m.id });
    } catch (error) {
      if (!out.cancelled) post({ type: 'error', id: m.id, error: toThreadError(error) });
    } finally {
      calls.delete(m.id);
    }
  }

  port.on('message', (m: ToWorker) => {
    if (m.type === 'start') void run(m);
    else if (m.type === 'more') calls.get(m.id)?.taken();
    else if (m.type === 'cancel') calls.get(m.id)?.cancel();
    else {
      for (const call of calls.values()) call.cancel();
      // Reads the tasks noted (platform/read-log.ts) are written before the connection goes, as `serve` does.
      void flushReads(services.database.db)
        .then(() => services.database.close())
        .finally(() => port.close());
    }
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[MARK]) {
  await serveWork((workerData as { config: Config }).config);
}
