import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on one of our TypeScript files, loaded as the process loads it, through tsx's loader (a
 * worker thread does not inherit the process's `--import tsx`). Its own heap limit: a task that outgrows it ends the
 * thread (ERR_WORKER_OUT_OF_MEMORY), not the API.
 */
export function startTsWorker(moduleUrl: string, workerData: Record<string, unknown>, heapMb: number): Worker {
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  const worker = new Worker(boot, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  worker.unref();
  return worker;
}

/**
 * The nice value of the threads that do long work beside the API (the work thread, the job thread): below the API's 0,
 * so that when both want a core the office's requests get it (issue 8: no request stalls the others).
 */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the CPU priority of the calling thread only (Linux: a thread is a task with its own nice value and
 * scheduling policy, named by its id in /proc/thread-self; setting them on it leaves the process's other threads as
 * they are). The nice value, and the SCHED_IDLE policy through util-linux's `chrt`: a nice value only weighs the
 * share, so a request that woke while the long work held both cores of a small machine still queued for one (the
 * thirteenth session's soak at a million cases, docs/operations.md); an idle-policy thread
 * runs when no other thread wants the core and gives it up the moment one does. True when the thread's priority
 * was lowered (either way); on other systems the thread keeps the process's priority.
 */
export function lowerThisThreadsPriority(nice: number): boolean {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return false;
  }
  if (!Number.isInteger(tid) || tid <= 0) return false;
  let lowered = false;
  try {
    setPriority(tid, nice);
    lowered = true;
  } catch {
    // Not allowed here: the policy below may still be.
  }
  const idle = spawnSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5_000 });
  return lowered || idle.status === 0;
}
