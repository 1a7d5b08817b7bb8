import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { exportHtcds, htcdsCsvChunks, htcdsFactGroups, htcdsJsonChunks } from '../src/modules/exchange/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { operatorContext, type Services } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { ensureCaseDataset } from './dataset.js';
import { round } from './stats.js';

/*
 * Issue 14's HTCDS figures (budget: export ≥ 20,000 records/s at flat memory, peak RSS reported): on the shared
 * synthetic national dataset (bench/dataset.ts: `pulih demo`'s generator, PULIH_BENCH_EXCHANGE_CASES cases,
 * default 100,000), to which the extension `exchange-statistics-consents-v1` gives every case an active
 * `statistics` consent covering the fact groups, once per dataset (so every case leaves: the worst case),
 *   - the CSV export: consent filter, case facts, events and profiles page by page → HTCDS records → CSV lines
 *     (a string per page, htcdsCsvChunks, as the route sends it) → a null sink; wall time, records/s, the process's peak RSS and the RSS at each quarter
 *     (flat memory: the last quarter is no higher than the first by more than a page's worth);
 *   - the same as JSON (one record a line inside an array, htcdsJsonChunks).
 * In-process as the operator; the route adds only the HTTP write.
 */

export const EXPORT_BUDGET_RECORDS_PER_SEC = 20_000;

export interface ExchangeBenchResult {
  cases: number;
  generateSeconds: number;
  consentSeconds: number;
  csvSeconds: number;
  csvRecordsPerSec: number;
  /** Records per second of this process's CPU time (user + system): robust to a machine shared with other load. */
  csvRecordsPerCpuSec: number;
  csvRecords: number;
  csvMB: number;
  jsonSeconds: number;
  jsonRecordsPerSec: number;
  /** RSS (MB) when a quarter, half, three quarters and all of the CSV export had been produced. */
  rssByQuarterMB: number[];
  peakRssMB: number;
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

export async function benchExchange(
  dialect: DialectName,
  cases: number,
  log: (line: string) => void,
): Promise<ExchangeBenchResult> {
  // The shared dataset (bench/dataset.ts): generated once, reused; the consents added once per dataset.
  const data = await ensureCaseDataset(dialect, cases, { log });
  const generateSeconds = data.reused ? 0 : data.generator.wallSeconds;
  let started = performance.now();
  const consentsAdded = await data.extend(CONSENTS_EXTENSION, async (s) => {
    const n = await addStatisticsConsents(s);
    log(`    ${n} statistics consents added`);
  });
  const consentSeconds = consentsAdded ? (performance.now() - started) / 1000 : 0;
  const services = await data.open();
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    const ctx = operatorContext(services, 'bench', allPermissions());

    peak = 0;
    started = performance.now();
    const cpuStart = process.cpuUsage();
    const csvExport = await exportHtcds(ctx, { format: 'csv', includeIdentity: 'false' });
    const quarters = [0.25, 0.5, 0.75, 1].map((q) => Math.ceil(q * csvExport.candidates));
    const rssByQuarter: number[] = [];
    let bytes = 0;
    await pipeline(
      Readable.from(
        (async function* () {
          for await (const chunk of htcdsCsvChunks(csvExport)) {
            const n = csvExport.produced();
            // Sampled in the loop too: on SQLite the export never yields to the timer that samples RSS. `rss()` alone
            // (`memoryUsage()` also reads the heap's statistics), once a page: 2,000 pages at a million cases.
            peak = Math.max(peak, process.memoryUsage.rss());
            while (rssByQuarter.length < quarters.length && n >= quarters[rssByQuarter.length]!)
              rssByQuarter.push(process.memoryUsage.rss());
            yield chunk;
          }
        })(),
      ),
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          bytes += chunk.length;
          done();
        },
      }),
    );
    const csvSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const csvCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const csvRecords = csvExport.produced();
    const csvPeak = peak;

    started = performance.now();
    const jsonExport = await exportHtcds(ctx, { format: 'json', includeIdentity: 'false' });
    await pipeline(
      Readable.from(
        (async function* () {
          for await (const chunk of htcdsJsonChunks(jsonExport)) {
            peak = Math.max(peak, process.memoryUsage.rss());
            yield chunk;
          }
        })(),
      ),
      new Writable({ write: (_chunk, _encoding, done) => done() }),
    );
    const jsonSeconds = (performance.now() - started) / 1000;

    return {
      cases,
      generateSeconds: round(generateSeconds, 1),
      consentSeconds: round(consentSeconds, 1),
      csvSeconds: round(csvSeconds, 2),
      csvRecordsPerSec: Math.round(csvRecords / csvSeconds),
      csvRecordsPerCpuSec: Math.round(csvRecords / csvCpuSeconds),
      csvRecords,
      csvMB: round(bytes / 1_048_576, 1),
      jsonSeconds: round(jsonSeconds, 2),
      jsonRecordsPerSec: Math.round(jsonExport.produced() / jsonSeconds),
      rssByQuarterMB: rssByQuarter.map((r) => round(r / 1_048_576, 1)),
      peakRssMB: round(Math.max(csvPeak, peak) / 1_048_576, 1),
    };
  } finally {
    clearInterval(sampler);
    await services.database.close();
  }
}

export function exchangeBudgets(dialect: DialectName, r: ExchangeBenchResult | undefined) {
  const value = r ? r.csvRecordsPerSec : null;
  return [
    {
      name: `HTCDS export, records/s (${r?.cases ?? '?'} cases; peak RSS ${r?.peakRssMB ?? '?'} MB)`,
      dialect,
      value,
      op: '>=' as const,
      budget: EXPORT_BUDGET_RECORDS_PER_SEC,
      unit: 'records/s',
      pass: value !== null && value >= EXPORT_BUDGET_RECORDS_PER_SEC,
    },
  ];
}
