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
 * Lowers the CPU priority of the calling thread only (Linux: a thread is a task with its own nice value, named by its
 * id in /proc/thread-self; setpriority on it leaves the process's other threads as they are). True when it did; on
 * other systems the thread keeps the process's priority.
 */
export function lowerThisThreadsPriority(nice: number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
