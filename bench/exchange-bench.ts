import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { htcdsFactGroups } from '../src/modules/exchange/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { operatorContext, type Services } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { ensureCaseDataset } from './dataset.js';
import { childResult, SERVE_NODE_FLAGS, startNode } from './proc.js';
import { round } from './stats.js';

/*
 * Issue 14's HTCDS figures (DESIGN §6: export ≥ 20,000 records/s, memory flat, < 300 MB RSS): on the shared
 * synthetic national dataset (bench/dataset.ts: `pulih demo`'s generator, PULIH_BENCH_EXCHANGE_CASES cases,
 * default 100,000), to which the extension `exchange-statistics-consents-v1` gives every case an active
 * `statistics` consent covering the fact groups, once per dataset (so every case leaves: the worst case),
 *   - the CSV export: consent filter, case facts, events and profiles page by page → HTCDS records → CSV lines
 *     (a string per page, htcdsCsvChunks, as the route sends it) → a null sink;
 *   - the same as JSON (one record a line inside an array, htcdsJsonChunks).
 * Each export runs in a fresh child process of its own (bench/exchange-export.ts), started with the Node flags of
 * `pulih serve` (SERVE_NODE_FLAGS) and opening the database as the server does (its SQLite reader threads), as the
 * operator; the route adds only the HTTP write. This process makes the dataset and its consents, so nothing it read
 * or allocated is in the figures (up to the ninth session the export ran here, after the consents' million inserts,
 * and its RSS fell quarter by quarter as those leftovers were collected). Per export: wall time, records/s, records
 * per CPU-second (robust to a shared machine), the child's RSS before the export, at each quarter of the records
 * and its peak (VmHWM, reset just before the export, as bench/audit-verify.ts does). Budgets: records/s (CSV) and
 * the peak RSS of either export's process.
 */

export const EXPORT_BUDGET_RECORDS_PER_SEC = 20_000;
/** DESIGN §6: "memory flat (< 300 MB RSS)". */
export const EXPORT_BUDGET_PEAK_RSS_MB = 300;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ExchangeBenchResult {
  cases: number;
  generateSeconds: number;
  consentSeconds: number;
  csvSeconds: number;
  csvRecordsPerSec: number;
  /** Records per second of the export process's CPU time (user + system): robust to a machine shared with other load. */
  csvRecordsPerCpuSec: number;
  csvRecords: number;
  csvMB: number;
  jsonSeconds: number;
  jsonRecordsPerSec: number;
  jsonRecordsPerCpuSec: number;
  jsonMB: number;
  /** The CSV export's process: RSS (MB) once the database is open, before the export. */
  rssBeforeMB: number | null;
  /** The CSV export's process: RSS (MB) when a quarter, half, three quarters and all of the records had been produced. */
  rssByQuarterMB: number[];
  /** The CSV export's process: peak RSS (MB) during the export. */
  csvPeakRssMB: number;
  jsonRssBeforeMB: number | null;
  jsonRssByQuarterMB: number[];
  jsonPeakRssMB: number;
  /** The higher of the two exports' peaks (the budget's figure). */
  peakRssMB: number;
  /** VmHWM (the kernel's peak, reset before the export) or sampled (where the kernel does not allow the reset). */
  peakRssMethod: 'VmHWM' | 'sampled';
  /** V8 heap in use (MB) at each quarter, for telling the heap from the rest of the RSS. */
  heapUsedByQuarterMB: { csv: number[]; json: number[] };
  /** The export processes' Node flags (those of `pulih serve`). */
  nodeFlags: string[];
}

/** Rows of cases per INSERT … SELECT when the consents are added (one statement, one transaction each). */
const CONSENT_CHUNK = 20_000;

/**
 * Gives every case of the shared dataset an active `statistics` consent covering the fact groups, set-wise: one
 * INSERT … SELECT over a keyset range of case ids per chunk. The consent's id is its case's id (a UUIDv7 too,
 * unique here since each case gets one): SQLite has no UUID function and the rows need no other identity. Cases
 * that already hold an active statistics consent are skipped, so a run cut short simply runs again.
 */
export async function addStatisticsConsents(services: Services): Promise<number> {
  const a = services.database.adapter;
  const dbx = services.database.db;
  const ctx = operatorContext(services, 'bench', allPermissions());
  const now = new Date().toISOString();
  const ts = sql.raw(a.timestampType);
  const json = sql.raw(a.jsonType);
  let after = '';
  let added = 0;
  for (;;) {
    const upTo = (
      await sql<{
        id: string | null;
      }>`select max(id) as id from (select id from cases where id > ${after} order by id limit ${CONSENT_CHUNK}) as page`.execute(
        dbx,
      )
    ).rows[0]?.id;
    if (!upTo) break;
    const r = await sql`
      insert into consents (id, case_id, purpose, recipient_agency_id, recipient_name, service_types, field_groups,
        given_by, guardian_relationship, given_at, wording_version, wording_locale, evidence_attachment_id, status,
        withdrawn_at, withdrawn_by, withdrawal_reason_enc, recorded_by, created_at, updated_at)
      select c.id, c.id, 'statistics', null, null, cast(${a.toJson([])} as ${json}),
        cast(${a.toJson(htcdsFactGroups)} as ${json}), 'victim', null, cast(${now} as ${ts}), 'v1', 'id', null, 'active',
        null, null, null, ${ctx.actor!.userId}, cast(${now} as ${ts}), cast(${now} as ${ts})
      from cases c
      where c.id > ${after} and c.id <= ${upTo}
        and not exists (select 1 from consents k where k.case_id = c.id and k.purpose = 'statistics' and k.status = 'active')`.execute(
      dbx,
    );
    added += Number(r.numAffectedRows ?? 0);
    after = upTo;
  }
  // Planner statistics after the bulk load, as autovacuum (PostgreSQL) or a maintenance run (SQLite) would have them:
  // without them PostgreSQL plans the per-page IN lists as sequential scans.
  await sql`analyze`.execute(dbx);
  return added;
}

/**
 * Bump when addStatisticsConsents writes different rows. (The groups now come from the mapping, htcdsFactGroups: the
 * same eight groups in another order, so the consents mean the same and datasets made before need nothing.)
 */
export const CONSENTS_EXTENSION = 'exchange-statistics-consents-v1';

/** What bench/exchange-export.ts prints: one export, in a process of its own. */
interface ExportChildResult {
  format: 'csv' | 'json';
  candidates: number;
  records: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
  rssBeforeMB: number | null;
  rssByQuarterMB: number[];
  heapUsedByQuarterMB: number[];
  peakRssMB: number;
  peakRssMethod: 'VmHWM' | 'sampled';
  nodeFlags: string[];
}

/** One export (CSV or JSON) in a fresh child process started as `pulih serve` is (SERVE_NODE_FLAGS). */
async function exportInChild(format: 'csv' | 'json', env: Record<string, string>): Promise<ExportChildResult> {
  const child = startNode(
    'bench/exchange-export.ts',
    { ...env, PULIH_LOG_LEVEL: 'silent' },
    ROOT,
    [format],
    SERVE_NODE_FLAGS,
  );
  return childResult<ExportChildResult>(child, `${format} export`);
}

export async function benchExchange(
  dialect: DialectName,
  cases: number,
  log: (line: string) => void,
): Promise<ExchangeBenchResult> {
  // The shared dataset (bench/dataset.ts): generated once, reused; the consents added once per dataset.
  const data = await ensureCaseDataset(dialect, cases, { log });
  const generateSeconds = data.reused ? 0 : data.generator.wallSeconds;
  const started = performance.now();
  const consentsAdded = await data.extend(CONSENTS_EXTENSION, async (s) => {
    const n = await addStatisticsConsents(s);
    log(`    ${n} statistics consents added`);
  });
  const consentSeconds = consentsAdded ? (performance.now() - started) / 1000 : 0;
  // Each export in a process of its own (this one holds the dataset's generation and consents, and its heap).
  const csv = await exportInChild('csv', data.env);
  const json = await exportInChild('json', data.env);
  return {
    cases,
    generateSeconds: round(generateSeconds, 1),
    consentSeconds: round(consentSeconds, 1),
    csvSeconds: round(csv.seconds, 2),
    csvRecordsPerSec: Math.round(csv.records / csv.seconds),
    csvRecordsPerCpuSec: Math.round(csv.records / csv.cpuSeconds),
    csvRecords: csv.records,
    csvMB: round(csv.bytes / 1_048_576, 1),
    jsonSeconds: round(json.seconds, 2),
    jsonRecordsPerSec: Math.round(json.records / json.seconds),
    jsonRecordsPerCpuSec: Math.round(json.records / json.cpuSeconds),
    jsonMB: round(json.bytes / 1_048_576, 1),
    rssBeforeMB: csv.rssBeforeMB,
    rssByQuarterMB: csv.rssByQuarterMB,
    csvPeakRssMB: csv.peakRssMB,
    jsonRssBeforeMB: json.rssBeforeMB,
    jsonRssByQuarterMB: json.rssByQuarterMB,
    jsonPeakRssMB: json.peakRssMB,
    peakRssMB: Math.max(csv.peakRssMB, json.peakRssMB),
    peakRssMethod: csv.peakRssMethod === 'VmHWM' && json.peakRssMethod === 'VmHWM' ? 'VmHWM' : 'sampled',
    heapUsedByQuarterMB: { csv: csv.heapUsedByQuarterMB, json: json.heapUsedByQuarterMB },
    nodeFlags: csv.nodeFlags,
  };
}

export function exchangeBudgets(dialect: DialectName, r: ExchangeBenchResult | undefined) {
  const rate = r ? r.csvRecordsPerSec : null;
  const peak = r ? r.peakRssMB : null;
  const cases = r?.cases.toLocaleString('en') ?? '?';
  return [
    {
      name: `HTCDS export, records/s (CSV, ${cases} cases)`,
      dialect,
      value: rate,
      op: '>=' as const,
      budget: EXPORT_BUDGET_RECORDS_PER_SEC,
      unit: 'records/s',
      pass: rate !== null && rate >= EXPORT_BUDGET_RECORDS_PER_SEC,
    },
    {
      name: `HTCDS export, peak RSS (export's own process, CSV and JSON, ${cases} cases)`,
      dialect,
      value: peak,
      op: '<=' as const,
      budget: EXPORT_BUDGET_PEAK_RSS_MB,
      unit: 'MB',
      pass: peak !== null && peak <= EXPORT_BUDGET_PEAK_RSS_MB,
    },
  ];
}
