import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { dueList, listProceedings } from '../src/modules/legal/index.js';
import { allPermissions, roleDefinitions } from '../src/modules/users/index.js';
import { type Actor, type Context, operatorContext, type Scope } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { ensureCaseDataset } from './dataset.js';
import { skeletonCases } from './skeleton-cases.js';
import { percentile, round } from './stats.js';

/*
 * Issue 13's figures: the restitution due list and a case's proceedings at 1,000,000 cases / 100,000
 * proceedings, p95 ≤ 50 ms (PULIH_BENCH_LEGAL_CASES, default 100,000 cases; proceedings are a tenth of the
 * cases). Cases come from `pulih demo`'s generator; proceedings, their parties and victims, restitution
 * claims with their pending chain steps (due times spread over a year) and protection measures are bulk
 * inserted (the services' own path is measured by the tests). Measured in-process through the services, as:
 *   - the prosecutor of NTT, party to a third of the proceedings: the due list (first page, 50);
 *   - the supervisor of a victim's lead agency: the due list (each row checked against her case access);
 *   - the LPSK officer, provider of a quarter of the measures: the due list;
 *   - that supervisor: one case's proceedings (legal.proceedings.list with caseId).
 */

export const LEGAL_P95_BUDGET_MS = 50;
/**
 * Above this many cases the legal part runs on skeleton cases (bench/skeleton-cases.ts): for a quick look at a
 * size whose full dataset nobody has made yet (a full 1,000,000-case dataset takes about 35 minutes of one core).
 */
export const LEGAL_FULL_SHAPE_MAX = Number(process.env.PULIH_BENCH_LEGAL_FULL_SHAPE_MAX ?? 1_000_000);

export interface LegalBenchResult {
  cases: number;
  /** Whether the cases were skeleton rows (above LEGAL_FULL_SHAPE_MAX). */
  skeleton: boolean;
  proceedings: number;
  pendingSteps: number;
  openMeasures: number;
  generateSeconds: number;
  insertSeconds: number;
  prosecutorDueP95Ms: number;
  supervisorDueP95Ms: number;
  lpskDueP95Ms: number;
  /** CPU ms per call (prosecutor, supervisor, LPSK due lists; a case's proceedings): the work without the queueing. */
  cpuMsPerCall: number[];
  caseProceedingsP95Ms: number;
}

function contextAs(
  base: Context,
  user: { id: string; username: string; agency_id: string; role: string },
  region: string | null,
): Context {
  const defs = roleDefinitions(base);
  const def = defs.get(user.role);
  const permissions = new Map<string, Scope>((def?.permissions ?? []).map((p) => [p, def!.scope]));
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    agencyId: user.agency_id,
    agencyRegionCode: region,
    roles: [user.role],
    permissions,
    aggregateOnly: false,
    sessionIdHash: null,
  };
  return { ...base, actor, locale: 'id', ip: null, requestId: 'bench' };
}

/** CPU time of this process per call, in ms, over the last p95() run: robust to other load on the machine. */
const cpuPerCall: number[] = [];

async function p95(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await fn(i);
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  cpuPerCall.push(round((used.user + used.system) / 1000 / n, 2));
  return round(percentile(samples, 95), 2);
}

export async function benchLegal(
  dialect: DialectName,
  cases: number,
  log: (line: string) => void,
): Promise<LegalBenchResult> {
  // Up to LEGAL_FULL_SHAPE_MAX cases: the shared full-shape dataset (bench/dataset.ts), proceedings added once.
  // Above it: skeleton cases (bench/skeleton-cases.ts) in a fresh database — the legal queries reach a case only
  // by its id, so a skeleton is enough for a first look at a size nobody has generated in full.
  const skeleton = cases > LEGAL_FULL_SHAPE_MAX ? await skeletonCases(dialect, cases, log) : undefined;
  const data = skeleton
    ? {
        reused: skeleton.reused,
        open: async () => skeleton.services,
        extend: skeleton.extend,
      }
    : await ensureCaseDataset(dialect, cases, { log });
  const services = await data.open();
  try {
    const ctx = operatorContext(services, 'bench', allPermissions());
    let started = performance.now();
    const generateSeconds = skeleton
      ? skeleton.seconds
      : data.reused
        ? 0
        : (data as { generator: { wallSeconds: number } }).generator.wallSeconds;
    const k = services.database.db;
    const agencies = new Map(
      (
        await sql<{
          id: string;
          type: string;
          region_code: string;
        }>`select id, type, region_code from agencies`.execute(k)
      ).rows.map((a) => [a.id, a]),
    );
    const police = [...agencies.values()].filter((a) => a.type === 'police_ppa').map((a) => a.id);
    const prosecutor = [...agencies.values()].find((a) => a.type === 'prosecutor')!.id;
    const lpsk = [...agencies.values()].find((a) => a.type === 'lpsk')!.id;

    started = performance.now();
    const proceedings = Math.max(1, Math.floor(cases / 10));
    const now = Date.now();
    let pendingSteps = 0;
    let openMeasures = 0;
    let after = '';
    let made = 0;
    await data.extend('legal-proceedings-v2', async () => {
      // A run cut short left some: start again from none (only this bench writes these rows here).
      for (const table of [
        'protection_measures',
        'restitution_steps',
        'restitution_claims',
        'legal_victims',
        'legal_parties',
        'legal_proceedings',
      ])
        await sql.raw(`delete from ${table}`).execute(k);
      // Keyset over the cases: every tenth case is a victim in a proceeding.
      while (made < proceedings) {
        const batch = (
          await sql<{
            id: string;
            lead_agency_id: string;
          }>`select id, lead_agency_id from cases where id > ${after} order by id limit 5000`.execute(k)
        ).rows;
        if (batch.length === 0) break;
        after = batch.at(-1)!.id;
        const victims = batch.filter((_, i) => i % 10 === 0).slice(0, proceedings - made);
        await k.transaction().execute(async (tx) => {
          const ts = new Date(now).toISOString();
          const rows = victims.map((v, i) => {
            const n = made + i;
            const id = uuidv7();
            const reported = new Date(now - (400 - (n % 365)) * 86_400_000).toISOString().slice(0, 10);
            return { id, v, n, reported };
          });
          const chunks = <T>(xs: T[], size = 500) =>
            Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
          for (const part of chunks(rows)) {
            await tx
              .insertInto('legal_proceedings' as never)
              .values(
                part.map((r) => ({
                  id: r.id,
                  report_number: `LP/B/${r.n}/2026`,
                  police_unit: 'Unit PPA',
                  reported_on: r.reported,
                  law: 'ptppo',
                  exploitation_type: 'ForcedLabour',
                  stage: r.n % 3 === 0 ? 'final' : 'investigation',
                  stage_on: r.reported,
                  stopped_reason: null,
                  stopped_note_enc: null,
                  court_name: null,
                  open: r.n % 3 === 0 ? 0 : 1,
                  version: 1,
                  created_by: 'bench',
                  created_at: ts,
                  updated_at: ts,
                })) as never,
              )
              .execute();
            const parties = part.flatMap((r) => {
              const p = [
                { proceeding_id: r.id, agency_id: police[r.n % police.length]!, role: 'police' },
                { proceeding_id: r.id, agency_id: r.v.lead_agency_id, role: 'victim_service' },
              ];
              if (r.n % 3 === 0) p.push({ proceeding_id: r.id, agency_id: prosecutor, role: 'prosecutor' });
              if (r.n % 3 === 0 && r.n % 2 === 0) p.push({ proceeding_id: r.id, agency_id: lpsk, role: 'lpsk' });
              return [...new Map(p.map((x) => [x.agency_id, x])).values()];
            });
            await tx
              .insertInto('legal_parties' as never)
              .values(parties as never)
              .execute();
            await tx
              .insertInto('legal_victims' as never)
              .values(
                part.map((r) => ({
                  id: uuidv7(),
                  proceeding_id: r.id,
                  case_id: r.v.id,
                  role: 'reporter_witness',
                  accompanied_by_enc: null,
                  open: r.n % 3 === 0 ? 0 : 1,
                  last_informed_at: ts,
                  uninformed_alerted_at: null,
                  linked_at: ts,
                })) as never,
              )
              .execute();
            // Final proceedings: an ordered claim whose chain waits on a step due some time within a year.
            const finals = part.filter((r) => r.n % 3 === 0);
            if (finals.length === 0) continue;
            const claims = finals.map((r) => ({ r, id: uuidv7() }));
            await tx
              .insertInto('restitution_claims' as never)
              .values(
                claims.map(({ r, id }) => ({
                  id,
                  proceeding_id: r.id,
                  case_id: r.v.id,
                  defendant_id: null,
                  chain: 'ptppo',
                  filed_on: r.reported,
                  components: services.database.adapter.toJson([{ kind: 'suffering', amount: 10_000_000 }]),
                  claimed_amount: 10_000_000,
                  lpsk_assessed_amount: null,
                  lpsk_assessed_on: null,
                  ordered_amount: 9_000_000,
                  paid_amount: 0,
                  status: 'ordered',
                  version: 1,
                  created_by: 'bench',
                  created_at: ts,
                  updated_at: ts,
                })) as never,
              )
              .execute();
            await tx
              .insertInto('restitution_steps' as never)
              .values(
                claims.map(({ r, id }) => ({
                  id: uuidv7(),
                  claim_id: id,
                  proceeding_id: r.id,
                  case_id: r.v.id,
                  step: 'payment_due',
                  seq: 1,
                  status: 'pending',
                  due_at: new Date(now + ((r.n * 7919) % 365) * 86_400_000 - 30 * 86_400_000).toISOString(),
                  occurred_on: null,
                  note_enc: null,
                  recorded_by: null,
                  recorded_at: null,
                  alerted_at: null,
                  created_at: ts,
                })) as never,
              )
              .execute();
            pendingSteps += claims.length;
          }
          // Every second proceeding: a protection measure — LPSK protection granted under review, or police
          // protection requested and waiting for its answer — due some time within a year.
          const protectedOnes = rows.filter((r) => r.n % 2 === 0);
          for (const part of chunks(protectedOnes)) {
            await tx
              .insertInto('protection_measures' as never)
              .values(
                part.map((r) => {
                  const granted = r.n % 4 === 0;
                  const due = new Date(now + ((r.n * 104_729) % 365) * 86_400_000 - 30 * 86_400_000).toISOString();
                  return {
                    id: uuidv7(),
                    case_id: r.v.id,
                    proceeding_id: r.id,
                    type: granted ? 'lpsk_physical' : 'police_protection',
                    agency_id: granted ? lpsk : police[r.n % police.length]!,
                    status: granted ? 'granted' : 'requested',
                    requested_at: ts,
                    respond_by: granted ? null : due,
                    granted_on: granted ? r.reported : null,
                    ended_on: null,
                    end_reason: null,
                    threat_level: 'medium',
                    threat_assessment_enc: null,
                    review_on: granted ? due.slice(0, 10) : null,
                    due_at: due,
                    alerted_at: null,
                    child_checklist: null,
                    version: 1,
                    created_by: 'bench',
                    created_at: ts,
                    updated_at: ts,
                  };
                }) as never,
              )
              .execute();
            openMeasures += part.length;
          }
        });
        made += victims.length;
      }
      // As autovacuum would after a load: statistics, and the visibility map (index-only scans skip the heap).
      if (dialect === 'postgres')
        await sql`vacuum analyze legal_parties, legal_victims, legal_proceedings, restitution_claims, restitution_steps, protection_measures`.execute(
          k,
        );
    });
    const insertSeconds = (performance.now() - started) / 1000;
    const countOf = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(k)).rows[0]?.n ?? 0);
    made = await countOf(sql`select count(*) as n from legal_proceedings`);
    pendingSteps = await countOf(sql`select count(*) as n from restitution_steps where status = 'pending'`);
    openMeasures = await countOf(sql`select count(*) as n from protection_measures where ended_on is null`);
    log(
      `    ${made} proceedings, ${pendingSteps} pending restitution steps, ${openMeasures} open protection measures inserted in ${round(insertSeconds, 1)} s`,
    );

    const user = async (username: string) =>
      (
        await sql<{ id: string; username: string; agency_id: string; role: string }>`
          select u.id, u.username, u.agency_id, r.role_key as role from users u join user_roles r on r.user_id = u.id
          where u.username = ${username}`.execute(k)
      ).rows[0]!;
    const prosecutorUser = await user('prosecutor.ntt');
    const supervisorUser = await user('supervisor.ntt');
    const lpskUser = await user('lpsk.officer');
    const asProsecutor = contextAs(ctx, prosecutorUser, agencies.get(prosecutorUser.agency_id)?.region_code ?? null);
    const asSupervisor = contextAs(ctx, supervisorUser, agencies.get(supervisorUser.agency_id)?.region_code ?? null);
    const supervisorCases = (
      await sql<{ case_id: string }>`
        select v.case_id from legal_victims v join cases c on c.id = v.case_id
        where c.lead_agency_id = ${supervisorUser.agency_id} limit 200`.execute(k)
    ).rows.map((r) => r.case_id);

    const prosecutorDueP95Ms = await p95(200, () => dueList(asProsecutor, { limit: 50 }));
    const supervisorDueP95Ms = await p95(100, () => dueList(asSupervisor, { limit: 50 }));
    const asLpsk = contextAs(ctx, lpskUser, agencies.get(lpskUser.agency_id)?.region_code ?? null);
    const lpskDueP95Ms = await p95(200, () => dueList(asLpsk, { limit: 50 }));
    const caseProceedingsP95Ms =
      supervisorCases.length === 0
        ? Number.NaN
        : await p95(200, (i) =>
            listProceedings(asSupervisor, { limit: 20, caseId: supervisorCases[i % supervisorCases.length] }),
          );
    return {
      cases,
      skeleton: skeleton !== undefined,
      proceedings: made,
      pendingSteps,
      openMeasures,
      generateSeconds: round(generateSeconds, 1),
      insertSeconds: round(insertSeconds, 1),
      prosecutorDueP95Ms,
      supervisorDueP95Ms,
      lpskDueP95Ms,
      caseProceedingsP95Ms,
      cpuMsPerCall: cpuPerCall.splice(0),
    };
  } finally {
    if (skeleton) await skeleton.drop();
    else await services.database.close();
  }
}

export function legalBudgets(dialect: DialectName, r: LegalBenchResult | undefined) {
  const scale = r
    ? ` (${r.cases.toLocaleString('en')}${r.skeleton ? ' skeleton' : ''} cases / ${r.proceedings.toLocaleString('en')} proceedings)`
    : '';
  const item = (name: string, value: number | null) => ({
    name: `${name}${scale}, p95`,
    dialect,
    value,
    op: '<=' as const,
    budget: LEGAL_P95_BUDGET_MS,
    unit: 'ms',
    pass: value !== null && Number.isFinite(value) && value <= LEGAL_P95_BUDGET_MS,
  });
  return [
    item('restitution due list, prosecutor', r ? r.prosecutorDueP95Ms : null),
    item('restitution due list, supervisor of the victims', r ? r.supervisorDueP95Ms : null),
    item('protection due list, LPSK officer', r ? r.lpskDueP95Ms : null),
    item("a case's proceedings", r ? r.caseProceedingsP95Ms : null),
  ];
}
