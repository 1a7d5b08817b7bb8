import { hash as digest, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import {
  type AuditTables,
  newestTruncation,
  registeredAuditKey,
  type TruncationPoint,
  truncationPointOf,
} from './audit.js';
import { AUDIT_EVENT_COLUMNS, type AuditKey, auditKeyOf, canonicalJson, HEAD_COLUMNS } from './audit-hash.js';
import {
  defaultVerifyThreads,
  type SliceResult,
  VerifyThreads,
  type VerifyThreadsConfig,
} from './audit-verify-threads.js';
import type { DialectAdapter } from './db/index.js';
import { type Executor, rawDriverOf, tables } from './db/index.js';
import { Slices } from './slices.js';

/*
 * Verification of the audit chain (DESIGN §4, docs/operations.md "A trail that proves itself"): the walk from the
 * newest signed truncation point, or the first event, up to the head read at the start; on worker threads
 * (audit-verify-threads.ts) or on the calling thread.
 */

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: {
    seq: number;
    id: string | null;
    /** boundary_mismatch: the keyed boundary is missing, moved or unsealed; key_missing: verified without the key. */
    reason:
      | 'hash_mismatch'
      | 'chain_break'
      | 'sequence_gap'
      | 'head_mismatch'
      | 'boundary_mismatch'
      | 'key_missing'
      /** The newest truncation point is not sealed with the audit key (forged or edited). */
      | 'truncation_mismatch';
  };
  /** The signed truncation point the walk started from, when old events were removed by retention. */
  truncatedThrough?: number;
}

type BrokenAt = NonNullable<VerifyResult['brokenAt']>;

/** Canonical JSON of a stored details text; texts repeat a lot (the same few shapes), so they are memoised. */
class DetailsCanonicaliser {
  #memo = new Map<string, string>();
  ofText(text: string | null | undefined): string {
    if (text === null || text === undefined) return 'null';
    let canonical = this.#memo.get(text);
    if (canonical === undefined) {
      canonical = canonicalJson(JSON.parse(text));
      if (this.#memo.size >= 4096) this.#memo.clear();
      this.#memo.set(text, canonical);
    }
    return canonical;
  }
}

/** The chain walk itself: sequence, link to the previous event and the event's own hash, one event at a time. */
class ChainWalk {
  prevHash = '0'.repeat(64);
  expectedSeq = 1;
  checked = 0;
  constructor(
    private readonly keyedFrom: number,
    private readonly key: AuditKey | undefined,
    start?: { seq: number; hash: string },
  ) {
    if (start) {
      this.prevHash = start.hash;
      this.expectedSeq = start.seq + 1;
    }
  }

  /**
   * Checks one event. materialHead is the hash material up to and including purpose and its comma
   * ("[seq,id,…,purpose,"); the walk appends details and prev_hash.
   */
  check(
    seqValue: unknown,
    id: string,
    materialHead: string,
    canonicalDetails: string,
    prevHash: unknown,
    hash: unknown,
  ): BrokenAt | undefined {
    const seq = Number(seqValue);
    if (seq !== this.expectedSeq) return { seq: this.expectedSeq, id: null, reason: 'sequence_gap' };
    if (prevHash !== this.prevHash) return { seq, id, reason: 'chain_break' };
    // prev_hash equals a hash this walk computed (hex), so quoting it needs no escaping.
    const material = `${materialHead}${canonicalDetails},"${this.prevHash}"]`;
    let computed: string;
    if (seq < this.keyedFrom) computed = digest('sha256', material, 'hex');
    else if (this.key) computed = this.key.mac(material);
    else return { seq, id, reason: 'key_missing' };
    if (computed !== hash) return { seq, id, reason: 'hash_mismatch' };
    this.prevHash = computed;
    this.expectedSeq = seq + 1;
    this.checked++;
    return undefined;
  }
}

const VERIFY_COLUMNS = AUDIT_EVENT_COLUMNS;

/*
 * On the raw paths the database writes the head of the hash material itself, one text per row instead of
 * eleven values: SQLite's json_quote() and PostgreSQL's JSON output (array_to_json) escape strings exactly as
 * JSON.stringify does (", \, \b \f \n \r \t, other control characters as lowercase \u00xx, everything else
 * as is), and render SQL NULL as null. A test compares both with the JavaScript material on awkward strings.
 */
const SQLITE_HEAD = `'[' || seq || ',' || ${HEAD_COLUMNS.map((c) => `json_quote(${c})`).join(" || ',' || ")} || ','`;
// PostgreSQL: `at` in exactly the form toISOString() gives, which is what was hashed.
const PG_AT = `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
// One array_to_json call per row (cheaper for the server than one to_json per column): ["id","at",…,"purpose"].
const PG_HEAD_ARRAY = `array_to_json(array[${HEAD_COLUMNS.map((c) => (c === 'at' ? PG_AT : c)).join(', ')}])::text`;
const asText = { getTypeParser: () => (value: string) => value };

/** The material head from row values (the Kysely path): canonicalJson of each, as the array would hold them. */
function materialHead(seq: number, row: Record<string, unknown>): string {
  let head = `[${canonicalJson(seq)},`;
  for (const c of HEAD_COLUMNS) head += `${canonicalJson(row[c])},`;
  return head;
}

/** Whether migration 0030 (the keyed boundary) is recorded: a dropped boundary column is then tampering. */
async function keyedMigrationRan(db: Executor): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from schema_migrations where name = '0030-audit-keyed'`
    .execute(db)
    .catch(() => ({ rows: [{ n: 0 }] }));
  return Number(r.rows[0]?.n ?? 0) > 0;
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Walks the whole chain in keyset pages; names the first event that was edited, removed or reordered.
 * On a database opened by openDatabase it reads pages of rows as arrays straight from the driver
 * (PostgreSQL: the next page is already on its way while this one is hashed); otherwise through Kysely.
 */
export async function verifyAuditChain(
  db: Executor,
  adapter: DialectAdapter,
  onProgress?: (checked: number) => void,
  batchSize = 5_000,
  key?: Buffer,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const auditKey = key ? auditKeyOf(key) : registeredAuditKey(db);
  // The head, read once: the walk verifies the chain up to it and no further. A head and its events commit in one
  // transaction, so every event up to it is there to read; events appended while the walk runs lie beyond it and
  // are left for the next verification (re-reading the head at the end, or looking past it, would report them as a
  // gap or a moved head on a database in use).
  const boundary = await tables<AuditTables>(db)
    .selectFrom('audit_chain_head')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirst();
  const head = boundary ? { seq: Number(boundary.seq), hash: boundary.hash } : undefined;
  const end = head?.seq ?? 0;
  let keyedFrom: number;
  if (boundary && !('keyed_from_seq' in boundary) && !(await keyedMigrationRan(db))) {
    // A database (a restored backup) from before migration 0030: every event is plain SHA-256.
    keyedFrom = Number.POSITIVE_INFINITY;
  } else {
    if (boundary?.keyed_from_seq == null || !boundary.keyed_seal) {
      const seq = Number(boundary?.keyed_from_seq ?? 0);
      return { ok: false, checked: 0, brokenAt: { seq, id: null, reason: 'boundary_mismatch' } };
    }
    keyedFrom = Number(boundary.keyed_from_seq);
    if (!auditKey) return { ok: false, checked: 0, brokenAt: { seq: keyedFrom, id: null, reason: 'key_missing' } };
    if (!sameText(auditKey.seal(keyedFrom), boundary.keyed_seal)) {
      return { ok: false, checked: 0, brokenAt: { seq: keyedFrom, id: null, reason: 'boundary_mismatch' } };
    }
  }
  // Retention removed the oldest events (migration 0110): the walk starts from the newest truncation point, which
  // only a holder of the audit key could have sealed. Without a sealed point, removed events are a gap at seq 1.
  const cut = await newestTruncation(db);
  let start: { seq: number; hash: string } | undefined;
  if (cut) {
    if (!auditKey) return { ok: false, checked: 0, brokenAt: { seq: 1, id: null, reason: 'key_missing' } };
    let point: TruncationPoint | undefined;
    try {
      point = truncationPointOf(cut);
    } catch {
      point = undefined;
    }
    const seq = Number(cut.through_seq);
    if (
      !point ||
      !/^[0-9a-f]{64}$/.test(cut.hash) ||
      !sameText(auditKey.mac(`pulih.audit-truncation:${canonicalJson(point)}`), cut.seal)
    ) {
      return { ok: false, checked: 0, brokenAt: { seq, id: null, reason: 'truncation_mismatch' } };
    }
    start = { seq, hash: cut.hash };
  }
  const walk = new ChainWalk(keyedFrom, auditKey, start);
  const details = new DetailsCanonicaliser();
  const done = (r: VerifyResult): VerifyResult => (start ? { ...r, truncatedThrough: start.seq } : r);
  /** The walk ended before expectedSeq: the head read at the start must name the last event it verified. */
  const headCheck = (checked: number, expectedSeq: number, prevHash: string): VerifyResult =>
    done(
      head && head.seq === expectedSeq - 1 && head.hash === prevHash
        ? { ok: true, checked }
        : { ok: false, checked, brokenAt: { seq: expectedSeq, id: null, reason: 'head_mismatch' } },
    );
  const driver = rawDriverOf(db);
  const threads = options.threads ?? defaultVerifyThreads();
  if (threads > 0 && driver && !(driver.kind === 'sqlite' && driver.sqlite.memory)) {
    const target = driver.kind === 'sqlite' ? driver.sqlite.name : driver.pool.options.connectionString;
    if (target) {
      const config = {
        kind: driver.kind,
        target,
        statement:
          driver.kind === 'sqlite'
            ? `select /* audit verify */ seq, id, ${SQLITE_HEAD}, details, prev_hash, hash from audit_events where seq > ? and seq <= ? order by seq`
            : `select seq, id, ${PG_HEAD_ARRAY}, details::text, prev_hash, hash from audit_events where seq > $1 and seq <= $2 order by seq`,
        keyedFrom,
        pads: auditKey?.pads() ?? null,
      } satisfies VerifyThreadsConfig;
      let pool: VerifyThreads | undefined;
      let walked: { broken?: BrokenAt; checked: number; last: number; lastHash: string };
      try {
        pool = new VerifyThreads(config, threads);
        walked = await walkSlices(pool, start, end, batchSize, onProgress);
      } finally {
        await pool?.close();
      }
      if (walked.broken) return done({ ok: false, checked: walked.checked, brokenAt: walked.broken });
      // A slice shorter than asked for ended the walk before the head: an event after it up to the head stands
      // after a gap (the single walk's sequence_gap); none means the newest events are gone (head_mismatch).
      const after = await sql<{
        seq: number;
      }>`select seq from audit_events where seq > ${walked.last} and seq <= ${end} order by seq limit 1`
        .execute(db)
        .then((r) => r.rows[0]);
      if (after) {
        return done({
          ok: false,
          checked: walked.checked,
          brokenAt: { seq: walked.last + 1, id: null, reason: 'sequence_gap' },
        });
      }
      return headCheck(walked.checked, walked.last + 1, walked.lastHash);
    }
  }
  let broken: BrokenAt | undefined;
  if (driver?.kind === 'sqlite') {
    // A statement of its own (the text is unique to this reader), returning rows as arrays.
    const text = `select /* audit verify */ seq, id, ${SQLITE_HEAD}, details, prev_hash, hash from audit_events where seq > ? and seq <= ? order by seq limit ?`;
    type Row = [number, string, string, string | null, string, string];
    // On the API server a page is read on a reader thread, and the hashing gives the event loop a turn every 5 ms
    // (issue 8: a verification of millions of events beside everyone's requests); elsewhere (the CLI) on the one
    // connection, as before.
    const readArrays = driver.readArrays;
    const stmt = readArrays ? undefined : driver.sqlite.prepare(text).raw(true);
    const slices = readArrays ? new Slices() : undefined;
    let after = start?.seq ?? 0;
    for (;;) {
      const rows = (
        readArrays ? await readArrays(text, [after, end, batchSize]) : stmt!.all(after, end, batchSize)
      ) as Row[];
      if (rows.length === 0) break;
      for (let i = 0; i < rows.length; i++) {
        if (slices && (i & 255) === 255 && slices.due()) await slices.yield();
        const r = rows[i]!;
        broken = walk.check(r[0], r[1], r[2], details.ofText(r[3]), r[4], r[5]);
        if (broken) return done({ ok: false, checked: walk.checked, brokenAt: broken });
      }
      after = Number(rows[rows.length - 1]![0]);
      onProgress?.(walk.checked);
      // Let requests in between pages: better-sqlite3 reads synchronously.
      await nextTurn();
    }
  } else if (driver?.kind === 'postgres') {
    const client = await driver.pool.connect();
    const pgSlices = new Slices();
    const page = (after: number) =>
      client.query<[string, string, string, string | null, string, string]>({
        text: `select seq, id, ${PG_HEAD_ARRAY}, details::text, prev_hash, hash from audit_events where seq > $1 and seq <= $2 order by seq limit $3`,
        values: [after, end, batchSize],
        rowMode: 'array',
        types: asText,
      });
    let pending: ReturnType<typeof page> | undefined = page(start?.seq ?? 0);
    try {
      while (pending) {
        const rows = (await pending).rows;
        pending = undefined;
        if (rows.length === 0) break;
        // The next page is on its way while this one is hashed.
        pending = page(Number(rows[rows.length - 1]![0]));
        for (let i = 0; i < rows.length; i++) {
          // The hashing is the JavaScript side's work: the event loop gets a turn every 5 ms (issue 8).
          if ((i & 255) === 255 && pgSlices.due()) await pgSlices.yield();
          const r = rows[i]!;
          // "[seq," + the array's members + ","
          const head = `[${r[0]},${r[2].slice(1, -1)},`;
          broken = walk.check(r[0], r[1], head, details.ofText(r[3]), r[4], r[5]);
          if (broken) break;
        }
        if (broken) break;
        onProgress?.(walk.checked);
      }
    } finally {
      // The prefetched page must finish before the connection goes back to the pool.
      await pending?.catch(() => undefined);
      client.release();
    }
    if (broken) return done({ ok: false, checked: walk.checked, brokenAt: broken });
  } else {
    const k = tables<AuditTables>(db);
    for (;;) {
      const rows = await k
        .selectFrom('audit_events')
        .select([...VERIFY_COLUMNS])
        .where('seq', '>=', walk.expectedSeq)
        .where('seq', '<=', end)
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = Number(row.seq);
        const parsed = row.details == null ? null : adapter.fromJson(row.details);
        broken = walk.check(seq, row.id, materialHead(seq, row), canonicalJson(parsed), row.prev_hash, row.hash);
        if (broken) return done({ ok: false, checked: walk.checked, brokenAt: broken });
      }
      onProgress?.(walk.checked);
    }
  }
  // The head read at the start must name the last event verified (removing the newest events shows here).
  return headCheck(walk.checked, walk.expectedSeq, walk.prevHash);
}

export interface VerifyOptions {
  /**
   * Worker threads that read and hash slices of the chain (audit-verify-threads.ts); 0 walks on the calling
   * thread alone. Default: one per core, up to 8 (none on one core). An in-memory SQLite database is always
   * walked on the calling thread (other connections cannot see it).
   */
  threads?: number;
}

/**
 * Asks the threads for slices of batchSize events in order up to `end` (the head read at the start), at most two
 * per thread at once, and links them: each slice's first prev_hash must be the hash the slice before it ended with.
 * Stops at the first break, at the first slice shorter than asked for, or at the end.
 */
async function walkSlices(
  pool: VerifyThreads,
  start: { seq: number; hash: string } | undefined,
  end: number,
  batchSize: number,
  onProgress: ((checked: number) => void) | undefined,
): Promise<{ broken?: BrokenAt; checked: number; last: number; lastHash: string }> {
  const first = start?.seq ?? 0;
  let prevHash = start?.hash ?? '0'.repeat(64);
  let last = first;
  const inFlight: { after: number; through: number; result: Promise<SliceResult> }[] = [];
  let nextAfter = first;
  let index = 0;
  const ask = () => {
    const through = Math.min(nextAfter + batchSize, end);
    const result = pool.slice(index++, nextAfter, through);
    // A rejection is handled where the slice is awaited; this keeps the ones never awaited quiet.
    result.catch(() => undefined);
    inFlight.push({ after: nextAfter, through, result });
    nextAfter = through;
  };
  try {
    for (;;) {
      while (inFlight.length < pool.size * 2 && nextAfter < end) ask();
      const slice = inFlight.shift();
      if (!slice) return { checked: last - first, last, lastHash: prevHash };
      const r = await slice.result;
      const checkedBefore = last - first;
      const b = r.broken;
      // The order of the single walk: the seq first, then the link to the event before, then the event's hash.
      if (b?.reason === 'sequence_gap' && b.seq === slice.after + 1)
        return { broken: b, checked: checkedBefore, last, lastHash: prevHash };
      if (r.firstPrevHash !== null && r.firstPrevHash !== prevHash) {
        return {
          broken: { seq: slice.after + 1, id: r.firstId, reason: 'chain_break' },
          checked: checkedBefore,
          last,
          lastHash: prevHash,
        };
      }
      if (b) return { broken: b, checked: b.seq - first - 1, last, lastHash: prevHash };
      if (r.count > 0) {
        last = slice.after + r.count;
        prevHash = r.lastHash!;
        onProgress?.(last - first);
      }
      if (r.count < slice.through - slice.after) return { checked: last - first, last, lastHash: prevHash };
    }
  } finally {
    // Let the slices still running finish before their threads close their connections.
    await Promise.allSettled(inFlight.map((s) => s.result));
  }
}
