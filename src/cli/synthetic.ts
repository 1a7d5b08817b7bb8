import { type Kysely, sql } from 'kysely';
import {
  REINTEGRATION_FOLLOW_UP_MONTHS,
  REINTEGRATION_QUESTIONNAIRE,
  syncQuestionnaires,
} from '../modules/assessments/index.js';
import { type CaseStage, caseStages } from '../modules/cases/index.js';
import { syncScreeningTools } from '../modules/screening/index.js';
import { appendAudit, appendAudits } from '../platform/audit.js';
import { type Context, transact } from '../platform/context.js';
import { translate } from '../platform/i18n/index.js';
import { yearInWib } from '../platform/time.js';
import { DAY, drawVictim, loadGeo, planHistory, questionnaire, Rng } from './demo-cases.js';
import { withBulkLoad } from './synthetic-bulk.js';

export { NoAgenciesError } from './synthetic-agencies.js';

import { Directory } from './synthetic-agencies.js';
import { writeCase } from './synthetic-case.js';
import { Batch, Inserter, keepMemoryFlat, TABLES } from './synthetic-insert.js';
import { nationalName } from './synthetic-names.js';
import {
  IntakeTimes,
  isoDay,
  NameHasher,
  pseudonymFor,
  screeningTemplates,
  surveyTemplates,
  targetStage,
} from './synthetic-plan.js';

/*
 * `pulih demo --cases N`: a deterministic synthetic national dataset for benchmarks (up to a million
 * cases). Rows go in with multi-row inserts, batch by batch, in the shapes the modules write them: persons
 * with their identity vault (name and phone really encrypted, blind indexes and name tokens computed as the
 * persons module does), cases with attributes, team, HTCDS events and timeline, screenings, service
 * requests, reintegration surveys and their follow-up tasks, and one audit event per case in the batch's
 * transaction (the hash chain stays whole). Nothing is loaded into memory beyond one batch.
 */

export const MAX_SYNTHETIC_CASES = 1_000_000;
export const DEFAULT_SEED = 20070419; // Law 21/2007 was enacted on 19 April 2007.

export interface SyntheticOptions {
  cases: number;
  seed?: number;
  /** The dataset's present: intake dates run from 2019 to here (default: start of today, UTC). */
  asOf?: Date;
  /** Cases per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told when the deferred secondary indexes are being built again (minutes at a million cases). */
  onRebuild?: (indexes: number) => void;
}

export interface SyntheticResult {
  cases: number;
  stages: Record<CaseStage, number>;
  firstCaseNumber: string | null;
  lastCaseNumber: string | null;
  seconds: number;
}

/* ---------- the generator ---------- */

export async function generateSynthetic(ctx: Context, options: SyntheticOptions): Promise<SyntheticResult> {
  const total = options.cases;
  if (!Number.isInteger(total) || total < 1 || total > MAX_SYNTHETIC_CASES) {
    throw new RangeError(`cases must be a whole number from 1 to ${MAX_SYNTHETIC_CASES.toLocaleString('en')}`);
  }
  const started = performance.now();
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const asOf = (options.asOf ?? new Date(Math.floor(ctx.clock.now().getTime() / DAY) * DAY)).getTime();
  const batchSize = options.batchSize ?? 500;
  const directory = await Directory.load(ctx);
  // The questionnaire and screening-tool versions the rows refer to are stored (as the modules do on first use).
  await syncQuestionnaires(ctx);
  await syncScreeningTools(ctx);
  const geo = await loadGeo();
  const db = ctx.database.db;
  const inserter = await Inserter.open(ctx);
  const operator = { id: ctx.actor?.userId ?? 'system', username: ctx.actor?.username ?? 'system' };

  // Case numbers continue each agency's yearly sequence; pseudonyms continue after the persons on record.
  const counters = new Map<string, number>();
  for (const r of (
    await sql<{ agency_id: string; year: number; last_seq: number }>`
    select agency_id, year, last_seq from case_counters`.execute(db)
  ).rows) {
    counters.set(`${r.agency_id}|${Number(r.year)}`, Number(r.last_seq));
  }
  const personsBefore = Number(
    (await sql<{ n: number | string }>`select count(*) as n from persons`.execute(db)).rows[0]?.n ?? 0,
  );

  const screenings = screeningTemplates(ctx, seed);
  const surveys = surveyTemplates(ctx, seed);
  const reintegration = questionnaire(REINTEGRATION_QUESTIONNAIRE);
  const names = new NameHasher(ctx);
  const taskTitles = new Map(
    REINTEGRATION_FOLLOW_UP_MONTHS.map((m) => [m, translate('id', 'task.reintegration_follow_up', { months: m })]),
  );
  const rng = new Rng(seed);
  const nameRng = new Rng(seed ^ 0x4e414d45);
  const times = new IntakeTimes(total, asOf, new Rng(seed ^ 0x7107e));
  const stages = Object.fromEntries(caseStages.map((s) => [s, 0])) as Record<CaseStage, number>;
  let firstCaseNumber: string | null = null;
  let lastCaseNumber: string | null = null;

  // A load that at least doubles the case tables builds their secondary indexes once, at the end.
  const casesBefore = Number(
    (await sql<{ n: number | string }>`select count(*) as n from cases`.execute(db)).rows[0]?.n ?? 0,
  );
  let done = 0;
  const bulk = { tables: TABLES, deferIndexes: total >= 10_000 && total >= casesBefore, onRebuild: options.onRebuild };
  await withBulkLoad(ctx, bulk, async (load) => {
    while (done < total && !load.stopping) {
      const size = Math.min(batchSize, total - done);
      const batch = new Batch();
      const touched = new Set<string>();
      for (let k = 0; k < size; k++) {
        const index = done + k;
        const intakeAt = times.next();
        const victim = drawVictim(rng, geo, intakeAt);
        // National name frequencies (a stream of its own, so the rest of the dataset stays as before).
        victim.fullName = nationalName(nameRng, victim.provinceCode, victim.female);
        const lead = directory.leadFor(rng, victim);
        const year = yearInWib(intakeAt);
        const counterKey = `${lead.agency.id}|${year}`;
        const seq = (counters.get(counterKey) ?? 0) + 1;
        counters.set(counterKey, seq);
        touched.add(counterKey);
        const caseNumber = `${lead.code}/${year}/${String(seq).padStart(5, '0')}`;
        firstCaseNumber ??= caseNumber;
        lastCaseNumber = caseNumber;
        const target = targetStage(rng, (asOf - intakeAt) / DAY);
        const h = planHistory(rng, intakeAt, target, asOf, {
          abroad: victim.abroad,
          closeAsNotVictim: target === 'closed' && rng.chance(0.08),
        });
        stages[h.stage]++;
        writeCase(batch, {
          ctx,
          rng,
          victim,
          lead,
          history: h,
          caseNumber,
          pseudonym: pseudonymFor(personsBefore + index, seed),
          operator,
          names,
          screenings,
          surveys,
          reintegration,
          taskTitles,
          directory,
          asOf,
        });
      }
      await transact(ctx, async (tx) => {
        for (const table of TABLES) await inserter.insert(tx, table, batch.rows.get(table)!);
        await appendAudits(
          tx,
          ctx,
          batch.audits.map((a) => ({
            action: 'cases.create',
            entityType: 'case',
            entityId: a.caseId,
            purpose: `synthetic dataset (pulih demo --seed ${seed})`,
            details: { caseNumber: a.caseNumber, isChild: a.isChild, personLinked: false, synthetic: true },
          })),
        );
        const rows = [...touched].map((key) => {
          const [agency_id, year] = key.split('|');
          return { agency_id: agency_id!, year: Number(year), last_seq: counters.get(key)! };
        });
        await (tx as unknown as Kysely<{ case_counters: { agency_id: string; year: number; last_seq: number } }>)
          .insertInto('case_counters')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['agency_id', 'year']).doUpdateSet((eb) => ({ last_seq: eb.ref('excluded.last_seq') })),
          )
          .execute();
      });
      done += size;
      keepMemoryFlat();
      options.onProgress?.(done, total);
    }
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, {
        action: 'demo.synthetic',
        details: { cases: done, seed, asOf: isoDay(asOf), stages },
      }),
    );
  });
  return { cases: done, stages, firstCaseNumber, lastCaseNumber, seconds: (performance.now() - started) / 1000 };
}
