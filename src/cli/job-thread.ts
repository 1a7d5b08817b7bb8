import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import { type Job, type JobThread, runJob } from '../platform/jobs.js';
import { BACKGROUND_NICE, lowerThisThreadsPriority, startTsWorker } from './worker-boot.js';

/*
 * The job thread: one worker thread beside the API with its own database connection, running the scheduler's
 * long batch jobs (`offThread`: indicator facts, scheduled reports) one at a time. On SQLite every query runs
 * synchronously on the thread that asks, so a pass over a million cases on the API's thread held every request
 * of the process for minutes (issue 8: "no request stalls the others"). Here the API's event loop keeps
 * answering: the worker's connection reads beside the API's (WAL) and waits its turn for the writer lock like
 * a second process would (busy_timeout). On PostgreSQL it keeps the jobs' own JavaScript work (linkage, fact
 * building) off the API's loop.
 */

interface RunMessage {
  id: number;
  job: string;
}
interface DoneMessage {
  id: number;
  handled: number;
}

const MARK = 'pulihJobThread';
/** The job thread's heap: room for a refresh's working set at national scale, bounded apart from the API's. */
const JOB_THREAD_HEAP_MB = 2048;

export interface RunningJobThread extends JobThread {
  /** Lets the job in progress finish (up to `waitMs`), then ends the thread. */
  stop(waitMs?: number): Promise<void>;
}

/** Starts the job thread; jobs are named to it, and it runs the same `jobs` list the scheduler has (server.ts). */
export function startJobThread(config: Config, log: Logger): RunningJobThread {
  const pending = new Map<number, (handled: number) => void>();
  let nextId = 1;
  let worker: Worker | undefined;
  const spawn = () => {
    const w = startTsWorker(import.meta.url, { [MARK]: true, config }, JOB_THREAD_HEAP_MB);
    w.on('message', (m: DoneMessage) => {
      pending.get(m.id)?.(m.handled);
      pending.delete(m.id);
    });
    w.on('error', (error) => log.error({ err: { message: error.message } }, 'job thread failed'));
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      // Runs it had not answered count as nothing handled; the next run starts a new thread.
      for (const done of pending.values()) done(0);
      pending.clear();
    });
    return w;
  };
  return {
    run(job: Job) {
      worker ??= spawn();
      const id = nextId++;
      const w = worker;
      return new Promise<number>((resolve) => {
        pending.set(id, resolve);
        w.postMessage({ id, job: job.name } satisfies RunMessage);
      });
    },
    async stop(waitMs = 10_000) {
      const w = worker;
      if (!w) return;
      worker = undefined;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage('stop');
      const timer = setTimeout(() => void w.terminate(), waitMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Inside the worker: its own services on the same database (no migrations: the API process ran them). */
async function serveJobs(config: Config): Promise<void> {
  // A refresh at a million cases is a pass of tens of minutes, and the job runs every 10: on a small machine it would
  // take a core from the office's requests for good. At a lower priority it takes what they leave.
  lowerThisThreadsPriority(BACKGROUND_NICE);
  const { createServices, jobs } = await import('../server.js');
  const services = await createServices(config, { migrate: false });
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const port = parentPort!;
  // One job at a time, in the order named: the thread is for long work, not for parallelism.
  let queue = Promise.resolve();
  port.on('message', (m: RunMessage | 'stop') => {
    if (m === 'stop') {
      queue = queue.then(async () => {
        await services.database.close();
        port.close();
      });
      return;
    }
    queue = queue.then(async () => {
      const job = byName.get(m.job);
      // runJob logs a failure and answers 0; an unknown name is a programming error, answered the same way.
      const handled = job ? await runJob(services, job) : 0;
      port.postMessage({ id: m.id, handled } satisfies DoneMessage);
    });
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[MARK]) {
  await serveJobs((workerData as { config: Config }).config);
}
