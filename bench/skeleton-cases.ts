import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { seedDemo } from '../src/cli/demo-seed.js';
import { allPermissions } from '../src/modules/users/index.js';
import { loadConfig } from '../src/platform/config.js';
import { operatorContext, type Services } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { createServices } from '../src/server.js';
import { DATA_DIR } from './dataset.js';
import { type FreshDb, freshDatabase, PG_ADMIN_URL } from './db.js';
import { round } from './stats.js';

/*
 * Case rows at national scale for benches whose queries reach a case only by its id (the legal due list, a
 * case's proceedings, their access checks): the demo agencies and users, then N persons and N cases with
 * the columns those queries and the constraints need — lead agency (as many at the busiest UPTD PPA as the
 * generator gives it), region, stage, child flag, case number. No vault, screenings, services or timelines:
 * those make a case cost ~2 ms of CPU and ~30 KB to generate (issue 8's full-shape dataset, bench/dataset.ts),
 * which put 1,000,000 cases out of reach on a shared 2-core machine. What is measured on a skeleton is named
 * so in the bench's output and in docs/operations.md.
 *
 * PULIH_BENCH_KEEP_SKELETON=1 keeps the skeleton after the run (for EXPLAIN work on it) in
 * $PULIH_BENCH_DATA_DIR/skeleton-<dialect>-<cases>/ (skeleton.json, master.key; SQLite's file) and, on
 * PostgreSQL, the database pulih_bench_skeleton_<cases>; the next run with the switch reuses it, rows a bench
 * adds with extend() included. Without the switch (the default) the skeleton is made fresh and dropped.
 */

export interface SkeletonDataset {
  services: Services;
  cases: number;
  seconds: number;
  /** False when this call generated it (a kept skeleton found again). */
  reused: boolean;
  /** Runs add once for this skeleton (recorded when kept; always when it is dropped after the run). */
  extend(key: string, add: () => Promise<void>): Promise<void>;
  /** Drops the skeleton, or only closes it when it is kept. */
  drop(): Promise<void>;
}

interface KeptManifest {
  dialect: DialectName;
  cases: number;
  url: string;
  complete: boolean;
  seconds: number;
  extensions: string[];
}

/** The kept skeleton's place: a fixed database name and directory, so the next run finds it. */
async function keptDatabase(dialect: DialectName, cases: number): Promise<{ db: FreshDb; manifest?: KeptManifest }> {
  const dir = join(DATA_DIR, `skeleton-${dialect}-${cases}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'skeleton.json');
  const name = `pulih_bench_skeleton_${cases}`;
  const url = dialect === 'sqlite' ? `sqlite:${join(dir, 'pulih.db')}` : PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  const exists =
    dialect === 'sqlite'
      ? existsSync(join(dir, 'pulih.db'))
      : ((await admin(`select 1 from pg_database where datname = '${name}'`)).rowCount ?? 0) > 0;
  let manifest: KeptManifest | undefined;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as KeptManifest;
  } catch {
    manifest = undefined;
  }
  if (!manifest?.complete || !exists || manifest.url !== url) {
    // Half made or gone: start again.
    manifest = undefined;
    if (dialect === 'sqlite')
      for (const f of ['pulih.db', 'pulih.db-wal', 'pulih.db-shm']) rmSync(join(dir, f), { force: true });
    else {
      await admin(`drop database if exists ${name} with (force)`);
      await admin(`create database ${name}`);
    }
  }
  const drop = async () => {
    if (dialect === 'postgres') await admin(`drop database if exists ${name} with (force)`);
  };
  return { db: { dialect, url, dir, drop }, manifest };
}

const BATCH = 1_000;

export async function skeletonCases(
  dialect: DialectName,
  cases: number,
  log: (line: string) => void,
): Promise<SkeletonDataset> {
  const keep = process.env.PULIH_BENCH_KEEP_SKELETON === '1';
  const kept = keep ? await keptDatabase(dialect, cases) : undefined;
  const db = kept ? kept.db : await freshDatabase(dialect, 'skeleton');
  const manifestFile = join(db.dir, 'skeleton.json');
  const manifest: KeptManifest = kept?.manifest ?? {
    dialect,
    cases,
    url: db.url,
    complete: false,
    seconds: 0,
    extensions: [],
  };
  const save = () => {
    if (keep) writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  };
  const handle = (services: Services, seconds: number, reused: boolean): SkeletonDataset => ({
    services,
    cases,
    seconds,
    reused,
    extend: async (key, add) => {
      if (keep && manifest.extensions.includes(key)) return;
      await add();
      if (keep) {
        manifest.extensions.push(key);
        save();
      }
    },
    drop: async () => {
      await services.database.close();
      if (keep) log(`    skeleton kept: ${db.url} (PULIH_BENCH_KEEP_SKELETON=1)`);
      else await db.drop();
    },
  });
  const config = loadConfig({
    PULIH_DATABASE_URL: db.url,
    PULIH_MASTER_KEY_FILE: join(db.dir, 'master.key'),
    PULIH_LOG_LEVEL: 'silent',
    PULIH_WEB_DIR: join(db.dir, 'no-web'),
  });
  const services = await createServices(config, { log: pino({ level: 'silent' }) });
  if (kept?.manifest) {
    log(`    reusing the kept skeleton ${db.url}`);
    return handle(services, 0, true);
  }
  const started = performance.now();
  try {
    await seedDemo(operatorContext(services, 'bench', allPermissions()));
    const k = services.database.db;
    const leads = (
      await sql<{ id: string; name: string; region_code: string | null; user_id: string }>`
        select a.id, a.name, a.region_code, min(u.id) as user_id from agencies a join users u on u.agency_id = a.id
        where a.type in ('uptd_ppa', 'p2tp2a', 'ppt', 'dinas_sosial', 'ngo') group by a.id, a.name, a.region_code
        order by a.name`.execute(k)
    ).rows;
    const busiest = leads.find((a) => a.name.includes('Nusa Tenggara Timur') && a.name.startsWith('UPTD')) ?? leads[0]!;
    const stages = ['screening', 'identified', 'protection', 'reintegration', 'follow_up', 'closed'] as const;
    const created = new Date().toISOString();
    let lastLog = performance.now();
    for (let from = 0; from < cases; from += BATCH) {
      const n = Math.min(BATCH, cases - from);
      const rows = Array.from({ length: n }, (_, j) => {
        const i = from + j;
        // About 43 % at the busiest agency, as the generator's NTT weighting gives it.
        const lead = i % 7 < 3 ? busiest : leads[i % leads.length]!;
        return { i, lead, personId: uuidv7(), caseId: uuidv7() };
      });
      await k.transaction().execute(async (tx) => {
        await tx
          .insertInto('persons' as never)
          .values(
            rows.map((r) => ({
              id: r.personId,
              pseudonym: `SK-${r.i.toString(36).toUpperCase()}`,
              owner_agency_id: r.lead.id,
              region_code: r.lead.region_code,
              sex: r.i % 3 === 0 ? 'Masculine' : 'Feminine',
              birth_year: 1970 + (r.i % 45),
              initials: 'S K',
              age_estimated: null,
              citizenship: 'ID',
              languages: services.database.adapter.toJson(['ind']),
              disability: null,
              education: null,
              marital_status: null,
              children_count: null,
              created_by: r.lead.user_id,
              created_at: created,
              updated_at: created,
            })) as never,
          )
          .execute();
        await tx
          .insertInto('cases' as never)
          .values(
            rows.map((r) => ({
              id: r.caseId,
              case_number: `SKEL/2026/${String(r.i + 1).padStart(7, '0')}`,
              case_seq: r.i + 1,
              lead_agency_id: r.lead.id,
              person_id: r.personId,
              region_code: r.lead.region_code,
              stage: stages[r.i % stages.length],
              stage_changed_at: created,
              is_child: r.i % 4 === 0 ? 1 : 0,
              referral_source: 'police',
              intake_at: created,
              identified_at: null,
              closed_at: r.i % stages.length === 5 ? created : null,
              trafficking_status: null,
              status_decided_by_org: null,
              status_decided_at: null,
              risk_level: 'medium',
              relationship_to_trafficker: null,
              forced_labour_industry: null,
              exploitation_country: 'MY',
              age_when_trafficked: null,
              late_services: 0,
              summary_enc: null,
              closure_reason: null,
              closure_note_enc: null,
              closure_requested_by: null,
              closure_requested_at: null,
              closure_from_stage: null,
              reopened_count: 0,
              created_by: r.lead.user_id,
              created_at: created,
              updated_at: created,
            })) as never,
          )
          .execute();
      });
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`    skeleton cases ${from + n}/${cases}…`);
      }
    }
    if (dialect === 'postgres') await sql`analyze`.execute(k);
    const seconds = round((performance.now() - started) / 1000, 1);
    log(`    ${cases} skeleton cases in ${seconds} s`);
    manifest.complete = true;
    manifest.seconds = seconds;
    save();
    return handle(services, seconds, false);
  } catch (error) {
    await services.database.close();
    await db.drop();
    throw error;
  }
}
