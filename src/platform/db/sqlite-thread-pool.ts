import { Worker } from 'node:worker_threads';

/*
 * The reader and checkpoint threads of the threaded SQLite driver (sqlite-threads.ts): their code, the pool that
 * hands them one statement at a time, and what comes back from them.
 */

/* The threads' own code: plain CommonJS, so a thread starts in milliseconds without the TypeScript loader. */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driverPath);
function connect(cacheKiB) {
  const db = new Sqlite(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -' + cacheKiB);
  if (workerData.role === 'reader') db.pragma('query_only = 1');
  return { db, statements: new Map() };
}
const main = connect(workerData.cacheKiB);
// A reader's second connection, for bulk reads (readArrays), opened on the first: BULK_CACHE_KIB, sqlite-threads.ts.
let bulk = null;
function prepare(c, source) {
  let stmt = c.statements.get(source);
  if (!stmt) {
    stmt = c.db.prepare(source);
    if (c.statements.size >= 500) c.statements.delete(c.statements.keys().next().value);
    c.statements.set(source, stmt);
  }
  return stmt;
}
parentPort.on('message', (m) => {
  if (m === 'close') {
    main.db.close();
    if (bulk) bulk.db.close();
    parentPort.close();
    return;
  }
  try {
    if (m.checkpoint) {
      parentPort.postMessage({ id: m.id, rows: main.db.pragma('wal_checkpoint(PASSIVE)') });
      return;
    }
    let c = main;
    if (m.bulk && workerData.bulkCacheKiB) {
      if (!bulk) bulk = connect(workerData.bulkCacheKiB);
      c = bulk;
    }
    const stmt = prepare(c, m.sql);
    if (!stmt.reader || !stmt.readonly) {
      parentPort.postMessage({ id: m.id, notRead: true });
      return;
    }
    const started = performance.now();
    // Rows as arrays for a caller that asks (selectRows: no object per row); the statement's text is its own.
    stmt.raw(m.raw === true);
    const rows = stmt.all(m.params);
    parentPort.postMessage({ id: m.id, rows, ms: performance.now() - started });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: String(e && e.message), code: e && e.code } });
  }
});
`;

export type Reply = {
  id: number;
  rows?: unknown[];
  /** How long the statement ran on its thread. */
  ms?: number;
  notRead?: true;
  error?: { message: string; code?: string };
};

/** An error from another thread, with SQLite's code as better-sqlite3 gives it. */
export class ThreadSqliteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

/** Blobs cross threads as Uint8Array; the rest of Pulih reads them as Buffer, as better-sqlite3 gives them. */
export function withBuffers(rows: unknown[]): unknown[] {
  for (const row of rows as Record<string, unknown>[])
    for (const key in row) {
      const v = row[key];
      if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  return rows;
}

export interface Job {
  message: { sql?: string; params?: readonly unknown[]; checkpoint?: true; raw?: true; bulk?: true };
  /** A statement that has proved long: it may not take the last idle thread. */
  long: boolean;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker | null;
  job: (Job & { id: number }) | null;
}

/**
 * A few threads, each one statement at a time; a statement waits for the first idle thread (FIFO), except that
 * long statements hold at most all threads but one (with one thread, that one).
 */
export class ThreadPool {
  readonly #slots: Slot[];
  readonly #longLanes: number;
  readonly #queue: Job[] = [];
  readonly #data: Record<string, unknown>;
  #nextId = 1;
  #closed = false;

  constructor(size: number, data: Record<string, unknown>) {
    this.#data = data;
    this.#slots = Array.from({ length: size }, () => ({ worker: null, job: null }));
    this.#longLanes = Math.max(1, size - 1);
    for (const slot of this.#slots) slot.worker = this.#spawn(slot);
  }

  /** The most statements that waited for a thread at once since the last call. */
  #peak = 0;
  waitingPeak(): number {
    const peak = this.#peak;
    this.#peak = this.#queue.length;
    return peak;
  }

  run(message: Job['message'], long = false): Promise<Reply> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    return new Promise<Reply>((resolve, reject) => {
      this.#queue.push({ message, long, resolve, reject });
      this.#next();
      this.#peak = Math.max(this.#peak, this.#queue.length);
    });
  }

  #spawn(slot: Slot): Worker {
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: this.#data });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      worker.unref();
      job.resolve(reply);
      this.#next();
    });
    const gone = (error: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      const job = slot.job;
      slot.job = null;
      job?.reject(error);
      this.#next();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`a SQLite thread ended (exit ${code})`)));
    return worker;
  }

  #next(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const slot = this.#slots.find((s) => s.job === null);
      if (!slot) return;
      const longRunning = this.#slots.filter((s) => s.job?.long).length;
      const next = this.#queue.findIndex((job) => !job.long || longRunning < this.#longLanes);
      if (next < 0) return;
      const job = this.#queue.splice(next, 1)[0]!;
      slot.worker ??= this.#spawn(slot);
      const id = this.#nextId++;
      slot.job = { ...job, id };
      slot.worker.ref();
      slot.worker.postMessage({ ...job.message, id });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new Error('the database is closed'));
    await Promise.all(
      this.#slots.map(async (slot) => {
        const worker = slot.worker;
        slot.worker = null;
        if (!worker) return;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage('close');
        const timer = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
