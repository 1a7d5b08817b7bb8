import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { seedDemo } from '../src/cli/demo-seed.js';
import { generateSynthetic } from '../src/cli/synthetic.js';
import { csvColumns, exportHtcds, recordToCsvRow } from '../src/modules/exchange/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { loadConfig } from '../src/platform/config.js';
import { operatorContext } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { createServices } from '../src/server.js';
import { freshDatabase } from './db.js';
import { round } from './stats.js';

/*
 * Issue 14's HTCDS figures (budget: export ≥ 20,000 records/s at flat memory, peak RSS reported): on a synthetic
 * national dataset (`pulih demo`'s generator, PULIH_BENCH_EXCHANGE_CASES cases, default 100,000) where every
 * case has an active `statistics` consent covering the fact groups (so every case leaves: the worst case),
 *   - the CSV export: consent filter, case facts, events and profiles page by page → HTCDS records →
 *     csv-stringify → a null sink; wall time, records/s, the process's peak RSS and the RSS at each quarter
 *     (flat memory: the last quarter is no higher than the first by more than a page's worth);
 *   - the same as JSON (one record a line inside an array).
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

const factGroups = [
  'sex',
  'age_band',
  'nationality',
  'languages',
  'origin_region',
  'exploitation_types',
  'case_summary',
  'risk_notes',
];

export async function benchExchange(
  dialect: DialectName,
  cases: number,
  log: (line: string) => void,
): Promise<ExchangeBenchResult> {
  const db = await freshDatabase(dialect, 'exchange');
  const config = loadConfig({
    PULIH_DATABASE_URL: db.url,
    PULIH_MASTER_KEY_FILE: join(db.dir, 'master.key'),
    PULIH_LOG_LEVEL: 'silent',
    PULIH_WEB_DIR: join(db.dir, 'no-web'),
  });
  const services = await createServices(config, { log: pino({ level: 'silent' }) });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const ctx = operatorContext(services, 'bench', allPermissions());
    await seedDemo(ctx);
    let started = performance.now();
    let lastLog = 0;
    await generateSynthetic(ctx, {
      cases,
      onProgress: (done, total) => {
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`    generating ${done}/${total} cases…`);
        }
      },
    });
    const generateSeconds = (performance.now() - started) / 1000;

    // A statistics consent on every case (written directly: the bench measures the export, not the intake).
    started = performance.now();
    const a = services.database.adapter;
    const dbx = services.database.db;
    const now = new Date().toISOString();
    let after = '';
    for (;;) {
      const ids = (
        await sql<{ id: string }>`select id from cases where id > ${after} order by id limit 1000`.execute(dbx)
      ).rows.map((r) => r.id);
      if (ids.length === 0) break;
      await dbx
        .insertInto('consents')
        .values(
          ids.map((caseId) => ({
            id: uuidv7(),
            case_id: caseId,
            purpose: 'statistics',
            recipient_agency_id: null,
            recipient_name: null,
            service_types: a.toJson([]),
            field_groups: a.toJson(factGroups),
            given_by: 'victim',
            guardian_relationship: null,
            given_at: now,
            wording_version: 'v1',
            wording_locale: 'id',
            evidence_attachment_id: null,
            status: 'active',
            withdrawn_at: null,
            withdrawn_by: null,
            withdrawal_reason_enc: null,
            recorded_by: ctx.actor!.userId,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      after = ids.at(-1)!;
    }
    // Planner statistics after the bulk load, as autovacuum (PostgreSQL) or a maintenance run (SQLite) would have them:
    // without them PostgreSQL plans the per-page IN lists as sequential scans.
    await sql`analyze`.execute(dbx);
    const consentSeconds = (performance.now() - started) / 1000;

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
          for await (const record of csvExport.records) {
            const n = csvExport.produced();
            // Sampled in the loop too: on SQLite the export never yields to the timer that samples RSS.
            if (n % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
            if (n === quarters[rssByQuarter.length]) rssByQuarter.push(process.memoryUsage().rss);
            yield recordToCsvRow(record);
          }
        })(),
      ),
      stringify({ header: true, columns: csvColumns }),
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
          for await (const record of jsonExport.records) {
            if (jsonExport.produced() % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
            yield `${JSON.stringify(record)},\n`;
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
    await db.drop();
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
