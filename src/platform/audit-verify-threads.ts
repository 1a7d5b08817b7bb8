import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { canonicalJson } from './audit-hash.js';

/*
 * Audit chain verification on worker threads (DESIGN §6: 2,000,000 events ≤ 20 s).
 *
 * An event's hash depends only on its own columns and its STORED prev_hash, so slices of the chain verify
 * independently: each thread reads a slice `seq in (after, through]` over a connection of its own, checks that the
 * slice's seqs run without a gap, that each event's prev_hash is the hash computed for the event before it in the
 * slice, and each event's keyed hash, and answers with the slice's first prev_hash and last hash only (no rows
 * cross threads). The calling thread then links the slices in order: a slice's first prev_hash must be the hash
 * the slice before it ended with. So the first break reported, and its reason, are the ones the single walk gives
 * (audit-verify.ts ChainWalk); the threads share reading (the driver's row decoding) and hashing, which were the time.
 * Memory stays bounded: at most two slices per thread are asked for at once, and a slice returns a few strings.
 *
 * The threads' code is plain CommonJS (as sqlite-threads.ts): a thread starts in milliseconds without the
 * TypeScript loader, and works the same under the test runner. canonicalJson (for the details) is the very
 * function audit-hash.ts exports, its source handed to the thread, so the two cannot drift apart.
 */

/** One slice's answer. */
export interface SliceResult {
  /** Events read (and, if nothing broke, verified) in the slice. */
  count: number;
  /** The first event's id and stored prev_hash, when the first event had the slice's first seq. */
  firstId: string | null;
  firstPrevHash: string | null;
  /** The hash computed for the last verified event. */
  lastHash: string | null;
  broken?: { seq: number; id: string | null; reason: 'sequence_gap' | 'chain_break' | 'hash_mismatch' | 'key_missing' };
}

export interface VerifyThreadsConfig {
  kind: 'sqlite' | 'postgres';
  /** SQLite: the database file; PostgreSQL: the connection string. */
  target: string;
  /** The reading statement: parameters (after, through); rows [seq, id, material head, details, prev_hash, hash]. */
  statement: string;
  keyedFrom: number;
  /** The MAC's pads (AuditKey.pads()), or null without the key. */
  pads: { inner: string; outer: Uint8Array } | null;
}

const THREAD_SOURCE = (canonical: string) => `
const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
const canonicalJson = (${canonical});
const { kind, target, statement, keyedFrom, pads, driverPath } = workerData;
const outer = Buffer.alloc(96);
if (pads) Buffer.from(pads.outer).copy(outer, 0);
const mac = pads ? (m) => { hash('sha256', pads.inner + m, 'buffer').copy(outer, 64); return hash('sha256', outer, 'hex'); } : null;
const memo = new Map();
function details(text) {
  if (text === null || text === undefined) return 'null';
  let c = memo.get(text);
  if (c === undefined) {
    c = canonicalJson(JSON.parse(text));
    if (memo.size >= 4096) memo.clear();
    memo.set(text, c);
  }
  return c;
}
let read;
let close = async () => {};
if (kind === 'sqlite') {
  const Sqlite = require(driverPath);
  const db = new Sqlite(target, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('query_only = 1');
  const stmt = db.prepare(statement).raw(true);
  read = async (after, through) => stmt.all(after, through);
  close = async () => db.close();
} else {
  const pg = require(driverPath);
  const client = new pg.Client({ connectionString: target, application_name: 'pulih audit verify' });
  // Without a listener an 'error' (the server ended the connection) would end the thread: report it instead, and
  // let the slices asked for meanwhile fail on the dead connection.
  client.on('error', (error) => parentPort.postMessage({ fatal: String(error && error.message || error) }));
  const connected = client.connect();
  connected.catch(() => {});
  const asText = { getTypeParser: () => (v) => v };
  read = async (after, through) => {
    await connected;
    const rows = (await client.query({ text: statement, values: [after, through], rowMode: 'array', types: asText })).rows;
    // "[seq," + the array's members + ","
    for (const r of rows) r[2] = '[' + r[0] + ',' + r[2].slice(1, -1) + ',';
    return rows;
  };
  close = async () => { await connected.catch(() => {}); await client.end(); };
}
function verify(rows, after) {
  const out = { count: rows.length, firstId: null, firstPrevHash: null, lastHash: null };
  let expected = after + 1;
  let prev = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const seq = Number(r[0]);
    if (seq !== expected) { out.broken = { seq: expected, id: null, reason: 'sequence_gap' }; return out; }
    if (i === 0) { out.firstId = r[1]; out.firstPrevHash = r[4]; }
    else if (r[4] !== prev) { out.broken = { seq, id: r[1], reason: 'chain_break' }; return out; }
    // The first prev_hash is compared with a computed (hex) hash by the caller before this event counts; the others
    // equal the hash computed here: quoting needs no escaping.
    const material = r[2] + details(r[3]) + ',"' + r[4] + '"]';
    let computed;
    if (seq < keyedFrom) computed = hash('sha256', material, 'hex');
    else if (mac) computed = mac(material);
    else { out.broken = { seq, id: r[1], reason: 'key_missing' }; return out; }
    if (computed !== r[5]) { out.broken = { seq, id: r[1], reason: 'hash_mismatch' }; return out; }
    prev = computed;
    out.lastHash = computed;
    expected++;
  }
  return out;
}
parentPort.on('message', async (m) => {
  if (m === 'close') {
    try { await close(); } finally { parentPort.close(); }
    return;
  }
  try {
    parentPort.postMessage({ id: m.id, result: verify(await read(m.after, m.through), m.after) });
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
  }
});
`;

/** Threads for a verification: up to 8, and none (the calling thread walks alone) on a single core. */
export function defaultVerifyThreads(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(8, cores);
}

/** A pool of verifying threads; slices are asked for in order and answered in order. */
export class VerifyThreads {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, { resolve: (r: SliceResult) => void; reject: (e: Error) => void }>();
  /** Threads that have ended (close() must not wait for an 'exit' that already happened). */
  readonly #exited = new Set<Worker>();
  #nextId = 1;
  #failed: Error | undefined;
  #closing = false;

  /** If a thread cannot be started, the ones already started are ended before the error is thrown. */
  constructor(config: VerifyThreadsConfig, threads: number) {
    const require = createRequire(import.meta.url);
    const source = THREAD_SOURCE(canonicalJson.toString());
    const driverPath = require.resolve(config.kind === 'sqlite' ? 'better-sqlite3' : 'pg');
    const fail = (error: Error) => {
      this.#failed ??= error;
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    };
    try {
      for (let i = 0; i < threads; i++) {
        const w = new Worker(source, { eval: true, workerData: { ...config, driverPath } });
        w.on('message', (m: { id: number; result?: SliceResult; error?: string; fatal?: string }) => {
          if (m.fatal !== undefined) {
            fail(new Error(`audit verify thread lost its connection: ${m.fatal}`));
            return;
          }
          const p = this.#pending.get(m.id);
          if (!p) return;
          this.#pending.delete(m.id);
          if (m.error !== undefined) p.reject(new Error(m.error));
          else p.resolve(m.result!);
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          this.#exited.add(w);
          // A thread that ends before it was asked to close fails the verification (its slices never answer).
          if (!this.#closing) fail(new Error(`audit verify thread exited (${code})`));
        });
        this.#workers.push(w);
      }
    } catch (error) {
      for (const w of this.#workers) void w.terminate();
      throw error;
    }
  }

  /** Threads not yet ended. */
  get running(): number {
    return this.#workers.length - this.#exited.size;
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Verifies the slice seq in (after, through] on the next thread in turn. */
  slice(index: number, after: number, through: number): Promise<SliceResult> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    const w = this.#workers[index % this.#workers.length]!;
    return new Promise<SliceResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ id, after, through });
    });
  }

  /** Closes the threads' connections and ends them (slices still running finish first). */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            // A thread that already ended sends no second 'exit'.
            if (this.#exited.has(w)) return resolve();
            // A thread that does not end within 10 s (a connection that hangs) is ended by force.
            const timer = setTimeout(() => void w.terminate().then(done, done), 10_000);
            function done() {
              clearTimeout(timer);
              resolve();
            }
            w.once('exit', done);
            w.postMessage('close');
          }),
      ),
    );
  }
}
