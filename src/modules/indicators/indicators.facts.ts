/**
 * Builds the engine's fact store from what the modules publish through their index.ts (cases, services,
 * referrals, assessments) and the persons module's record linkage — never a name, an identity column or a
 * decrypted value. A refresh writes a new generation page by page and makes it current only when complete,
 * so a dashboard never reads half a refresh; the generation before stays for queries already running.
 * Figures are as of the refresh: "late" and "pending" are judged at its instant.
 */
import { sql } from 'kysely';
import { ageBands } from '../../contract/referrals.js';
import type { Context } from '../../platform/context.js';
import { DAY_MS as DAY, HOUR_MS as HOUR, reportingDate } from '../../platform/time.js';
import { agencyFacts } from '../agencies/index.js';
import { streamReintegrationFacts } from '../assessments/index.js';
import { type CaseEvaluationFact, streamCaseEvaluationFacts } from '../cases/index.js';
import { type LinkageResult, linkedGroupsOf, linkPersonRecords } from '../persons/index.js';
import { streamReferralFacts } from '../referrals/index.js';
import { streamShelterStayFacts, streamStatutoryServiceFacts } from '../services/index.js';
import { type FactKind, UNDETERMINED } from './indicators.definitions.js';
import { RefreshProgress, type RefreshProgressEvent, refreshAlive } from './indicators.progress.js';
import { buildRollup } from './indicators.rollup-build.js';
import {
  type CaseDims,
  completeGeneration,
  countVictims,
  dropGenerationsBefore,
  type FactRow,
  failGeneration,
  latestRefresh,
  startGeneration,
} from './indicators.store.js';
import { insertCaseLinkedFacts, insertExploitation, insertFacts, type OwnFact } from './indicators.write.js';

/** CTDC age band of an age (the bands of the publication module and the referral form). */
export function ageBandOf(age: number | null): string | null {
  if (age === null || age < 0) return null;
  const bounds = [8, 17, 20, 23, 26, 29, 38, 47];
  const i = bounds.findIndex((b) => age <= b);
  return ageBands[i === -1 ? ageBands.length - 1 : i] ?? null;
}

/** The day a fact counts on: its instant's date in the reporting zone (platform/time.ts). */
const dateOf = (iso: string) => reportingDate(iso);

export interface RefreshResult {
  generation: number | null;
  facts: number;
  victimRecords: number;
  victimsLinked: number;
  skipped: boolean;
  /** Where the refresh's time went, in seconds (the bench prints it), and what the record linkage did. */
  seconds?: { linkage: number; facts: number; rollup: number };
  /**
   * The same parts in CPU seconds of this process (all its threads: on SQLite the database's work too; on
   * PostgreSQL the server's work is not in it). On a busy machine the wall times mostly measure the queue.
   */
  cpuSeconds?: { linkage: number; facts: number; rollup: number };
  linkage?: LinkageResult;
}

/**
 * Rebuilds the fact store. Skips (returns skipped) when another refresh is running and alive: its heartbeat
 * (indicators.progress.ts) is recent. `onProgress` sees each heartbeat (the bench prints them).
 */
export async function refreshIndicatorFacts(
  ctx: Context,
  options: { onProgress?: (e: RefreshProgressEvent) => void; heartbeatEveryMs?: number } = {},
): Promise<RefreshResult> {
  const db = ctx.database.db;
  const pg = ctx.database.adapter.name === 'postgres';
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const running = await latestRefresh(db, 'running');
  if (running && refreshAlive(running, now)) {
    return { generation: null, facts: 0, victimRecords: 0, victimsLinked: 0, skipped: true };
  }
  const generation = await startGeneration(db, nowIso);
  if (generation === null) return { generation: null, facts: 0, victimRecords: 0, victimsLinked: 0, skipped: true };
  const progress = new RefreshProgress(ctx, generation, options.onProgress, options.heartbeatEveryMs);
  try {
    // The groups stay in the persons module's table: each page of cases reads its victims' keys back.
    let started = performance.now();
    let cpu = process.cpuUsage();
    const cpuSince = () => {
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      return (used.user + used.system) / 1e6;
    };
    await progress.start('linkage');
    const linkage = await linkPersonRecords(ctx, {
      onProgress: (done, step, held) => progress.advance(done, step, held),
    });
    const linkageSeconds = (performance.now() - started) / 1000;
    const linkageCpu = cpuSince();
    started = performance.now();
    await progress.start('facts');
    const agencyType = new Map<string, string>();
    const typeOf = async (id: string) => {
      let type = agencyType.get(id);
      if (type === undefined) {
        type = (await agencyFacts(db, id))?.type ?? 'unknown';
        agencyType.set(id, type);
      }
      return type;
    };
    let facts = 0;
    let victimRecords = 0;
    const own = (kind: FactKind, id: string, caseId: string, onDate: string) => ({
      kind,
      id,
      case_id: caseId,
      on_date: onDate,
      status: null as string | null,
      flag: null as number | null,
      pending: 0,
      amount: null as number | null,
    });
    const base = (kind: FactKind, id: string, caseId: string, onDate: string) => ({
      generation,
      ...own(kind, id, caseId, onDate),
    });
    for await (const page of streamCaseEvaluationFacts(ctx)) {
      const rows: FactRow[] = [];
      const exploitation: { generation: number; case_id: string; type: string }[] = [];
      const groupOf = await linkedGroupsOf(
        db,
        page.map((c) => c.personId),
      );
      for (const c of page) {
        const dims = dimsOf(c, groupOf.get(c.personId) ?? c.personId, await typeOf(c.leadAgencyId));
        rows.push({
          ...base('case', c.caseId, c.caseId, dateOf(c.intakeAt)),
          status: c.traffickingStatus ?? UNDETERMINED,
          ...dims,
        });
        if (c.closedAt) {
          rows.push({
            ...base('case.closed', c.caseId, c.caseId, dateOf(c.closedAt)),
            status: c.closureReason,
            ...dims,
          });
        }
        for (const type of c.exploitationTypes) exploitation.push({ generation, case_id: c.caseId, type });
        if (c.traffickingStatus !== 'NotAVictimOfTrafficking') victimRecords++;
      }
      await insertFacts(db, pg, rows);
      await insertExploitation(db, pg, exploitation);
      facts += rows.length;
      await progress.advance(rows.length, 'cases');
    }
    // The other kinds' facts take their case's dimensions from its case fact, in the database.
    const linked = async (rows: OwnFact[], step: string) => {
      const n = await insertCaseLinkedFacts(db, pg, generation, rows);
      facts += n;
      await progress.advance(n, step);
    };
    for await (const page of streamStatutoryServiceFacts(db)) {
      const rows: OwnFact[] = [];
      for (const s of page) {
        const open = s.deliveredAt === null && s.closedAt === null;
        // Law 21/2007 Art. 52(1), 53: late when not delivered by the due time (7 days after the application).
        const late = s.deliveredAt !== null ? s.deliveredAt > s.dueAt : open && nowIso > s.dueAt;
        rows.push({
          ...own('service', s.id, s.caseId, dateOf(s.appliedAt)),
          status: s.status,
          flag: late ? 1 : 0,
          pending: open && !late ? 1 : 0,
          amount: s.deliveredAt ? Math.round((Date.parse(s.deliveredAt) - Date.parse(s.appliedAt)) / DAY) : null,
        });
      }
      await linked(rows, 'services');
    }
    for await (const page of streamReferralFacts(db)) {
      const rows: OwnFact[] = [];
      for (const r of page) {
        const answered = r.respondedAt !== null;
        const withdrawn = !answered && r.status === 'revoked';
        rows.push({
          ...own('referral', r.id, r.caseId, dateOf(r.sentAt)),
          status: r.status,
          flag: answered && r.respondedAt! <= r.dueAt ? 1 : 0,
          // Unanswered and not yet due, or revoked by the sender before any answer: no verdict on timeliness.
          pending: (!answered && nowIso <= r.dueAt) || withdrawn ? 1 : 0,
          amount: answered ? Math.round((Date.parse(r.respondedAt!) - Date.parse(r.sentAt)) / HOUR) : null,
        });
      }
      await linked(rows, 'referrals');
    }
    for await (const page of streamShelterStayFacts(db)) {
      const rows: OwnFact[] = [];
      for (const s of page) {
        const end = s.exitAt ?? nowIso;
        rows.push({
          ...own('shelter', s.id, s.caseId, dateOf(s.admittedAt)),
          status: s.exitAt ? 'exited' : 'staying',
          flag: end > s.plannedExitAt ? 1 : 0,
          amount: Math.round((Date.parse(end) - Date.parse(s.admittedAt)) / DAY),
        });
      }
      await linked(rows, 'shelter stays');
    }
    for await (const page of streamReintegrationFacts(db)) {
      const rows: OwnFact[] = [];
      for (const s of page) {
        // Follow-ups only: the baseline is the starting point, not an outcome.
        if (s.kind !== 'follow_up' || s.compositeScore === null) continue;
        rows.push({
          ...own('reintegration', s.id, s.caseId, dateOf(s.takenAt)),
          status: s.followUpMonth === null ? 'follow_up' : `month_${s.followUpMonth}`,
          flag: s.sustainable ? 1 : 0,
          amount: Math.round(s.compositeScore * 1000) / 1000,
        });
      }
      await linked(rows, 'follow-ups');
    }
    // Distinct victims counted in SQL over the generation's case facts (a set of every key would grow with the data).
    // The planner's statistics of what was just written (PostgreSQL), before the rollup and the dashboards read it.
    await analyze(ctx, ['indicator_facts', 'indicator_exploitation']);
    const victimsLinked = await countVictims(db, generation, 'NotAVictimOfTrafficking');
    const factsSeconds = (performance.now() - started) / 1000;
    const factsCpu = cpuSince();
    started = performance.now();
    await progress.start('rollup');
    await buildRollup(db, generation, (step, held) => progress.advance(1, step, held));
    await analyze(ctx, ['indicator_rollup', 'indicator_victim_rollup']);
    const seconds = { linkage: linkageSeconds, facts: factsSeconds, rollup: (performance.now() - started) / 1000 };
    const cpuSeconds = { linkage: linkageCpu, facts: factsCpu, rollup: cpuSince() };
    await completeGeneration(db, generation, {
      finishedAt: ctx.clock.now().toISOString(),
      facts,
      victimRecords,
      victimsLinked,
      rolledUp: true,
    });
    await dropGenerationsBefore(db, generation - 1);
    return { generation, facts, victimRecords, victimsLinked, skipped: false, seconds, cpuSeconds, linkage };
  } catch (error) {
    await failGeneration(db, generation, ctx.clock.now().toISOString());
    throw error;
  }
}

/** Refreshes the planner's statistics of tables the refresh rewrote (the dialect adapter says how, if at all). */
async function analyze(ctx: Context, rewritten: string[]): Promise<void> {
  for (const statement of ctx.database.adapter.analyzeSql(rewritten)) await sql.raw(statement).execute(ctx.database.db);
}

function dimsOf(c: CaseEvaluationFact, victimKey: string, agencyType: string): CaseDims {
  const region = c.regionCode;
  return {
    victim_key: victimKey,
    lead_agency_id: c.leadAgencyId,
    agency_type: agencyType,
    province: region ? region.slice(0, 2) : null,
    regency: region && region.length >= 5 ? region.slice(0, 5) : null,
    region_code: region,
    sex: c.sex,
    age_band: ageBandOf(c.age),
    child: c.isChild ? 1 : 0,
    citizenship: c.citizenship,
  };
}
