import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { AuditKey, auditHash } from '../src/platform/audit.js';
import { AUDIT_EVENT_COLUMNS } from '../src/platform/audit-hash.js';
import { loadConfig } from '../src/platform/config.js';
import type { DialectName } from '../src/platform/db/index.js';
import { createServices } from '../src/server.js';
import { freshDatabase, pulihEnv } from './db.js';
import { childResult, startNode } from './proc.js';
import { round } from './stats.js';

/* Audit chain verify (DESIGN §6: 2,000,000 events ≤ 20 s). Builds a valid chain of N events in memory,
 * exactly as src/platform/audit.ts appendAudit would, bulk-loads it, then times verifyAuditChain. */

/** The audit event's columns, in the hash material's order (one list, audit-hash.ts). */
const COLUMNS = AUDIT_EVENT_COLUMNS;

type Row = {
  seq: number;
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_agency_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  ip: string | null;
  purpose: string | null;
  /** The JSON text stored in the column (null for no details). */
  details: string | null;
  prev_hash: string;
  hash: string;
};

/** The hash appendAudit writes: HMAC-SHA-256 under the audit key (every event of a fresh database is keyed). */
function hashRow(r: Omit<Row, 'hash' | 'details'>, details: unknown, key: AuditKey): string {
  return auditHash({ ...r, details: null }, details, key);
}

const ACTIONS: { action: string; entityType: string | null; details: (i: number) => Record<string, unknown> | null }[] =
  [
    { action: 'auth.login', entityType: 'user', details: () => ({ stage: 'active' }) },
    { action: 'person.view', entityType: 'person', details: () => null },
    {
      action: 'person.update',
      entityType: 'person',
      details: (i) => ({ fields: ['phone', 'address'], version: i % 17 }),
    },
    { action: 'person.identity.reveal', entityType: 'person', details: () => ({ fields: ['nik'] }) },
    { action: 'agency.update', entityType: 'agency', details: () => ({ fields: ['contactPhone'] }) },
    { action: 'auth.logout', entityType: 'user', details: () => null },
    { action: 'access.grant', entityType: 'person', details: (i) => ({ hours: (i % 4) + 1, scope: 'case' }) },
  ];
const OUTCOMES = ['success', 'success', 'success', 'success', 'success', 'success', 'failure', 'denied'] as const;

/** Deterministic chain continuing from (seq, hash); yields rows in order. */
export function* chain(count: number, startSeq: number, startHash: string, key: AuditKey): Generator<Row> {
  const users = Array.from({ length: 200 }, (_, i) => ({
    id: uuidv7(),
    username: `user.${i}`,
    agency: `agency-${i % 40}`,
  }));
  const entities = Array.from({ length: 5000 }, () => uuidv7());
  let prev = startHash;
  let rnd = 0x2f6b9a1d;
  const next = () => {
    // xorshift32: cheap, deterministic, good enough to spread values
    rnd ^= rnd << 13;
    rnd ^= rnd >>> 17;
    rnd ^= rnd << 5;
    return rnd >>> 0;
  };
  const t0 = Date.now() - count * 50;
  for (let i = 0; i < count; i++) {
    const seq = startSeq + i + 1;
    const kind = ACTIONS[next() % ACTIONS.length]!;
    const user = users[next() % users.length]!;
    const detailsObj = kind.details(i);
    const base = {
      seq,
      id: uuidv7(),
      at: new Date(t0 + i * 50).toISOString(),
      actor_user_id: user.id,
      actor_username: user.username,
      actor_agency_id: user.agency,
      action: kind.action,
      entity_type: kind.entityType,
      entity_id: kind.entityType ? entities[next() % entities.length]! : null,
      outcome: OUTCOMES[next() % OUTCOMES.length]!,
      ip: `10.${next() % 256}.${next() % 256}.${next() % 256}`,
      purpose: kind.action === 'person.identity.reveal' ? 'case_management' : null,
      prev_hash: prev,
    };
    const hash = hashRow(base, detailsObj, key);
    prev = hash;
    yield { ...base, details: detailsObj === null ? null : JSON.stringify(detailsObj), hash };
  }
}

const copyEscape = (v: string | number | null) =>
  v === null
    ? '\\N'
    : String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

export async function loadPostgres(url: string, rows: Generator<Row>): Promise<{ seq: number; hash: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let last = { seq: 0, hash: '' };
  try {
    await client.query('begin');
    // Bulk-load practice: drop the secondary indexes (not those behind constraints), load, rebuild them verbatim.
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes i where tablename = 'audit_events'
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    );
    for (const i of indexes.rows) await client.query(`drop index ${i.indexname}`);
    const copy = client.query(copyFrom(`copy audit_events (${COLUMNS.join(', ')}) from stdin`));
    async function* text() {
      let chunk = '';
      let n = 0;
      for (const r of rows) {
        chunk += `${COLUMNS.map((c) => copyEscape(r[c])).join('\t')}\n`;
        last = { seq: r.seq, hash: r.hash };
        if (++n % 2000 === 0) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(text()), copy);
    for (const i of indexes.rows) await client.query(i.indexdef);
    await client.query('update audit_chain_head set seq = $1, hash = $2 where id = 1', [last.seq, last.hash]);
    await client.query('commit');
    await client.query('analyze audit_events');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  return last;
}

export function loadSqlite(file: string, rows: Generator<Row>): { seq: number; hash: string } {
  const db = new Sqlite(file);
  let last = { seq: 0, hash: '' };
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // Bulk-load practice: drop the secondary indexes, load, rebuild them from their own definitions.
    const indexes = db
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and tbl_name = 'audit_events' and sql is not null`,
      )
      .all() as { name: string; sql: string }[];
    for (const i of indexes) db.exec(`drop index ${i.name}`);
    const insert = db.prepare(
      `insert into audit_events (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const batch = db.transaction((items: Row[]) => {
      for (const r of items) insert.run(COLUMNS.map((c) => r[c]));
    });
    let items: Row[] = [];
    for (const r of rows) {
      items.push(r);
      last = { seq: r.seq, hash: r.hash };
      if (items.length === 10_000) {
        batch(items);
        items = [];
      }
    }
    if (items.length) batch(items);
    for (const i of indexes) db.exec(i.sql);
    db.prepare('update audit_chain_head set seq = ?, hash = ? where id = 1').run(last.seq, last.hash);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('analyze');
  } finally {
    db.close();
  }
  return last;
}

export interface AuditBenchResult {
  events: number;
  loadSeconds: number;
  loadEventsPerSec: number;
  verifyOk: boolean;
  verifyChecked: number;
  verifyBrokenAt: { seq: number; id: string | null; reason: string } | null;
  verifySeconds: number;
  verifyEventsPerSec: number;
  /**
   * CPU time of the verifying (Node) process, all its threads together (process.cpuUsage): below verifySeconds
   * when it waits on the database or for a CPU, above it when its threads ran in parallel.
   */
  verifyCpuSeconds: number;
  verifyCpuMicrosPerEvent: number;
  /** Verifying threads (0: the calling thread alone) and the 1-minute load average when the verify ended. */
  verifyThreads: number;
  verifyLoadAverage: number;
  /** Wall time at 2,000,000 events: measured when events ≥ 2M, else a linear extrapolation (slices by seq). */
  extrapolated2MSeconds: number;
  /** Resident memory of the verify process (a child of the bench, nothing else in it) before and at peak. */
  verifyProcessRssBeforeMB: number | null;
  verifyProcessPeakRssMB: number | null;
  peakRssMethod: 'VmHWM' | 'sampled';
  verifyPid: number;
  /** The verify call on the monotonic clock (µs), to cut the child's CPU profile to it. */
  verifyWindow: { fromUs: number; toUs: number };
}

interface VerifyChildResult {
  ok: boolean;
  checked: number;
  brokenAt: AuditBenchResult['verifyBrokenAt'];
  seconds: number;
  cpuSeconds: number;
  threads: number;
  loadAverage: number;
  rssBeforeMB: number | null;
  peakRssMB: number | null;
  peakRssMethod: 'VmHWM' | 'sampled';
  window: { fromUs: number; toUs: number };
}

export async function benchAudit(
  dialect: DialectName,
  events: number,
  root: string,
  log: (line: string) => void,
): Promise<AuditBenchResult> {
  const fresh = await freshDatabase(dialect, 'audit');
  try {
    const config = loadConfig(pulihEnv(fresh, { PULIH_LOG_LEVEL: 'silent' }));
    const services = await createServices(config, { log: pino({ level: 'silent' }) });
    let closed = false;
    try {
      const head = (
        await sql<{ seq: number; hash: string }>`select seq, hash from audit_chain_head where id = 1`.execute(
          services.database.db,
        )
      ).rows[0];
      if (!head) throw new Error('audit chain head missing');
      const startSeq = Number(head.seq);
      log(`  audit: loading ${events.toLocaleString('en')} chained events…`);
      const t0 = performance.now();
      const rows = chain(events, startSeq, head.hash, new AuditKey(services.keyring.auditKey));
      if (dialect === 'sqlite') loadSqlite(fresh.sqliteFile!, rows);
      else await loadPostgres(fresh.url, rows);
      const loadSeconds = (performance.now() - t0) / 1000;

      // Close this process's connection, then verify in a child process of its own (clean memory figures).
      await services.database.close();
      closed = true;
      log('  audit: verifying the chain (child process)…');
      const child = startNode('bench/audit-verify.ts', pulihEnv(fresh, { PULIH_LOG_LEVEL: 'silent' }), root);
      const v = await childResult<VerifyChildResult>(child, 'audit verify');
      const total = startSeq + events;
      return {
        events: total,
        loadSeconds: round(loadSeconds, 2),
        loadEventsPerSec: Math.round(events / loadSeconds),
        verifyOk: v.ok && v.checked === total,
        verifyChecked: v.checked,
        verifyBrokenAt: v.brokenAt,
        verifySeconds: round(v.seconds, 2),
        verifyEventsPerSec: Math.round(v.checked / v.seconds),
        verifyCpuSeconds: round(v.cpuSeconds, 2),
        verifyCpuMicrosPerEvent: round((v.cpuSeconds * 1e6) / Math.max(v.checked, 1), 2),
        verifyThreads: v.threads,
        verifyLoadAverage: v.loadAverage,
        extrapolated2MSeconds: round((2_000_000 / Math.max(v.checked, 1)) * v.seconds, 1),
        verifyProcessRssBeforeMB: v.rssBeforeMB,
        verifyProcessPeakRssMB: v.peakRssMB,
        peakRssMethod: v.peakRssMethod,
        verifyPid: child.pid,
        verifyWindow: v.window,
      };
    } finally {
      if (!closed) await services.database.close();
    }
  } finally {
    await fresh.drop();
  }
}
