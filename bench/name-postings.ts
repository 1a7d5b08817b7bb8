import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { pino } from 'pino';
import { seedDemo } from '../src/cli/demo-seed.js';
import { generateSynthetic } from '../src/cli/synthetic.js';
import { type CaseListFilter, casesPage, selectCases } from '../src/modules/cases/cases.list.store.js';
import { personNameFilter } from '../src/modules/persons/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { loadConfig } from '../src/platform/config.js';
import { operatorContext } from '../src/platform/context.js';
import { createServices } from '../src/server.js';
import { PG_ADMIN_URL } from './db.js';
import { round, summarise } from './stats.js';

/*
 * Issue 8: the case list's name search, old path (the persons' postings, then their cases sorted) against new (the
 * cases' own name postings walked in case order, case_name_tokens), alternating in one process, in-process store
 * queries alone (the ceiling of cases.search), and the plans of the new query (EXPLAIN QUERY PLAN / EXPLAIN).
 *   node --import tsx bench/name-postings.ts <dataset dir>            SQLite dataset of bench/make-dataset.ts
 *   node --import tsx bench/name-postings.ts postgres <db> <dir> [n] PostgreSQL database <db> (made with n synthetic
 *                                                                    cases when it does not exist; key file in <dir>)
 * PULIH_BENCH_NAME_ROUNDS (200): searches per name, role and path.
 */
const args = process.argv.slice(2);
const log = (line: string) => process.stdout.write(`${line}\n`);
const postgres = args[0] === 'postgres';
const dir = postgres ? args[2]! : args[0]!;
const url = postgres ? PG_ADMIN_URL.replace(/\/[^/]*$/, `/${args[1]}`) : `sqlite:${join(dir, 'pulih.db')}`;
const rounds = Number(process.env.PULIH_BENCH_NAME_ROUNDS ?? 200);
const env = {
  PULIH_DATABASE_URL: url,
  PULIH_MASTER_KEY_FILE: join(dir, 'master.key'),
  PULIH_LOG_LEVEL: 'silent',
  PULIH_WEB_DIR: join(dir, 'no-web'),
};

if (postgres && args[3]) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [args[1]])).rowCount === 1;
  if (!exists) await admin.query(`create database ${args[1]}`);
  await admin.end();
  if (!exists) {
    const s = await createServices(loadConfig(env), { log: pino({ level: 'silent' }) });
    const op = operatorContext(s, 'bench', allPermissions());
    await seedDemo(op, { cases: 0 });
    await generateSynthetic(op, { cases: Number(args[3]) });
    await sql`vacuum (analyze)`.execute(s.database.db);
    await s.database.close();
  }
}

const s = await createServices(loadConfig(env), { log: pino({ level: 'silent' }) });
const ctx = operatorContext(s, 'bench', allPermissions());
const db = s.database.db;
const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0]!;
const agency = await one(
  sql<{ id: string; n: number }>`select lead_agency_id as id, count(*) as n from cases group by lead_agency_id
    order by count(*) desc limit 1`,
);
const worker = await one(
  sql<{ id: string; n: number }>`select m.user_id as id, count(*) as n from case_members m
    join cases c on c.id = m.case_id where c.lead_agency_id = ${agency.id} and m.role = 'lead'
    group by m.user_id order by count(*) desc limit 1`,
);
const cases = await one(sql<{ n: number }>`select count(*) as n from cases`);
log(
  `${s.database.adapter.name}: ${Number(cases.n).toLocaleString('en')} cases; busiest agency ${agency.n} cases; its busiest worker ${worker.n}`,
);

const roles: [string, Pick<CaseListFilter, 'scope' | 'userId'>][] = [
  ['supervisor', { scope: { kind: 'agency', agencyId: agency.id }, userId: worker.id }],
  ['case worker', { scope: { kind: 'own', userId: worker.id }, userId: worker.id }],
];

for (const name of ['Siti', 'Sri Rahayu', 'Muhammad', 'Nur']) {
  const byName = await personNameFilter(ctx, name);
  for (const [role, who] of roles) {
    const base = { ...who, sort: 'newest' as const, limit: 51 };
    const fresh: CaseListFilter = { ...base, namePostings: byName.postings ?? undefined };
    const old: CaseListFilter = {
      ...base,
      personIds: byName.kind === 'ids' ? byName.ids : undefined,
      personQuery: byName.kind === 'persons' ? byName.persons : undefined,
      inSubqueryDrivesOnKeyOnly: s.database.adapter.inSubqueryDrivesOnKeyOnly,
      personCondition: byName.kind === 'condition' ? byName.condition : undefined,
    };
    const a = await selectCases(db, old);
    const b = await selectCases(db, fresh);
    const same = a.map((r) => r.id).join() === b.map((r) => r.id).join();
    const times: Record<'old' | 'new', number[]> = { old: [], new: [] };
    for (let i = 0; i < rounds; i++)
      for (const [path, f] of (i % 2
        ? [
            ['old', old],
            ['new', fresh],
          ]
        : [
            ['new', fresh],
            ['old', old],
          ]) as ['old' | 'new', CaseListFilter][]) {
        const t0 = performance.now();
        await selectCases(db, f);
        times[path].push(performance.now() - t0);
      }
    const o = summarise(times.old);
    const n = summarise(times.new);
    log(
      `"${name}" ${role} (${byName.kind}${byName.postings?.common ? ', common' : ''}): ${b.length} rows, same page as before: ${same}; ` +
        `old p50 ${round(o.p50, 1)} p95 ${round(o.p95, 1)} ms → new p50 ${round(n.p50, 1)} p95 ${round(n.p95, 1)} ms`,
    );
    const c = casesPage(db, { ...fresh, after: b[25]?.id }).compile();
    const explain = s.database.adapter.name === 'sqlite' ? 'explain query plan ' : 'explain ';
    const plan = await db.executeQuery(CompiledQuery.raw(explain + c.sql, [...c.parameters]));
    for (const r of plan.rows as Record<string, unknown>[]) log(`    ${String(r.detail ?? r['QUERY PLAN'])}`);
  }
}
await s.database.close();
