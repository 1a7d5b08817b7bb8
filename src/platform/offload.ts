import type { Actor, Context } from './context.js';
import { AppError, type ErrorKind, type FieldIssue } from './errors.js';
import type { Locale } from './i18n/index.js';

/*
 * Long work a request asks for, off the API's event loop (issue 8 item 2: "no request stalls the others").
 *
 * A national CTDC release (Datafly over a million rows) or a bulk HTCDS export (a million records mapped and
 * serialised) is seconds to a minute of CPU. Sliced on the API's loop (platform/slices.ts) it no longer blocked the
 * loop for long, but it still took the loop's time away from every other request: at 1,000,000 cases the office's
 * operations waited 9–29× their unloaded time beside it. An `OffloadTask` runs instead on the work thread
 * (cli/work-thread.ts: a worker with its own database connection, at a lower CPU priority than the API), as the
 * caller: the caller's actor, locale and request id travel with the call, so the task's own access checks, consent
 * decisions and audit events are those it would make in process. What comes back is a small head (what the
 * response's headers need) and the body's bytes, streamed with back-pressure; no record crosses the threads.
 *
 * Without a work thread (the CLI, tests, the end-to-end server's moved clock, an in-memory database) a task runs in
 * process, the same code on the same context: `offload()` is the one way a route starts such work.
 */

/** What a task answers: a head for the response's headers (plain data), then the body as it is produced. */
export interface OffloadResult<H> {
  head: H;
  body: AsyncIterable<string | Uint8Array>;
}

/** Long work a module declares (its manifest's `offloadTasks`), known to the work thread by its name. */
export interface OffloadTask<A, H> {
  /** `<module>.<what>`: unique across modules. */
  name: string;
  /** Runs on the work thread (or in process) with the caller's context; args and head must be plain data. */
  run(ctx: Context, args: A): Promise<OffloadResult<H>>;
}

/** The caller as it travels to the work thread. */
export interface OffloadCaller {
  actor: Actor | null;
  locale: Locale;
  ip: string | null;
  requestId: string;
}

/** The API's handle on the work thread (cli/work-thread.ts). */
export interface WorkThread {
  run(task: string, args: unknown, caller: OffloadCaller): Promise<OffloadResult<unknown>>;
}

/** Runs a task on the work thread when the process has one, in process otherwise. */
export function offload<A, H>(ctx: Context, task: OffloadTask<A, H>, args: A): Promise<OffloadResult<H>> {
  if (!ctx.workThread) return task.run(ctx, args);
  const caller: OffloadCaller = { actor: ctx.actor, locale: ctx.locale, ip: ctx.ip, requestId: ctx.requestId };
  return ctx.workThread.run(task.name, args, caller) as Promise<OffloadResult<H>>;
}

/** Ends a result whose body will not be read (a preview, an error before the response): its work stops. */
export async function discard(result: OffloadResult<unknown>): Promise<void> {
  await result.body[Symbol.asyncIterator]().return?.();
}

/** An error as it crosses the threads: an AppError keeps its kind, code and fields; anything else is internal. */
export type ThreadError =
  | { app: true; kind: ErrorKind; code: string; params: Record<string, unknown>; fields: FieldIssue[] }
  | { app: false; message: string };

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof AppError)
    return { app: true, kind: error.kind, code: error.code, params: error.params, fields: error.fields };
  return { app: false, message: error instanceof Error ? error.message : String(error) };
}

export function fromThreadError(error: ThreadError): Error {
  return error.app ? new AppError(error.kind, error.code, error.params, error.fields) : new Error(error.message);
}
