import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli, STACK_TRACE } from '../../test/support/cli.js';
import { dialects, freshDatabase } from '../../test/support/harness.js';
import { getCase } from '../modules/cases/index.js';
import {
  findPersonIdsByIdentifier,
  findPersonIdsByName,
  openIdentityField,
  personKeys,
} from '../modules/persons/index.js';
import { allPermissions } from '../modules/users/index.js';
import { verifyAuditChain } from '../platform/audit-verify.js';
import { loadConfig } from '../platform/config.js';
import { operatorContext, type Services } from '../platform/context.js';
import type { DialectName } from '../platform/db/index.js';
import { createServices } from '../server.js';
import { seedDemo } from './demo-seed.js';

const slow = { timeout: 900_000 };

/** Runs the real CLI with only our PULIH_* variables (generation can take minutes). */
const pulih = (args: string[], env: Record<string, string> = {}, timeoutMs = 600_000): Promise<CliRun> =>
  runCli(args, env, timeoutMs);

describe('pulih demo without a database', slow, () => {
  it('documents itself and refuses bad --cases before touching any database (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulih-demo-'));
    const dbFile = join(dir, 'untouched.db');
    const env = { PULIH_DATABASE_URL: `sqlite:${dbFile}`, PULIH_MASTER_KEY_FILE: join(dir, 'master.key') };
    try {
      // Two at a time: each start is a few CPU-seconds.
      const [help, zero] = await Promise.all([pulih(['demo', '--help'], env), pulih(['demo', '--cases', '0'], env)]);
      const [tooMany, notANumber] = await Promise.all([
        pulih(['demo', '--cases', '2000000'], env),
        pulih(['demo', '--cases', 'abc'], env),
      ]);
      const missing = await pulih(['demo'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: pulih demo');
      for (const word of ['--cases', '--seed', '--as-of', '1,000,000', 'serve --demo', 'audit verify'])
        expect(help.stdout).toContain(word);
      for (const run of [zero, tooMany, notANumber, missing]) {
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).not.toMatch(STACK_TRACE);
      }
      expect(tooMany.stderr).toContain('1,000,000');
      expect(notANumber.stderr).toContain('whole number');
      expect(missing.stderr).toContain('--cases');
      expect(existsSync(dbFile)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Outcome {
  caseNumbers: string[];
  stages: Record<string, number>;
}

const outcomes = new Map<string, Outcome>();

/** Case numbers and stage counts of a database (what the same seed must reproduce). */
async function outcomeOf(services: Services): Promise<Outcome> {
  const db = services.database.db;
  const numbers = (await sql<{ case_number: string }>`select case_number from cases order by case_number`.execute(db))
    .rows;
  const stages = (
    await sql<{ stage: string; n: number | string }>`select stage, count(*) as n from cases group by stage`.execute(db)
  ).rows;
  return {
    caseNumbers: numbers.map((r) => r.case_number),
    stages: Object.fromEntries(stages.map((r) => [r.stage, Number(r.n)])),
  };
}

/** A fresh database with the demo agencies and users (no cases), and the CLI environment that reaches it. */
async function demoDatabase(dialect: DialectName) {
  const fresh = await freshDatabase(dialect);
  const env = { PULIH_DATABASE_URL: fresh.url, PULIH_MASTER_KEY_FILE: join(fresh.dir, 'master.key') };
  const config = loadConfig({ ...env, PULIH_LOG_LEVEL: 'silent' });
  const services = await createServices(config, { log: pino({ level: 'silent' }) });
  return { fresh, env, services };
}

for (const dialect of dialects) {
  describe(`pulih demo [${dialect}]`, slow, () => {
    let setup: Awaited<ReturnType<typeof demoDatabase>>;
    beforeAll(async () => {
      setup = await demoDatabase(dialect as DialectName);
    });
    afterAll(async () => {
      await setup?.services.database.close();
      await setup?.fresh.drop();
    });

    it('refuses a database without agencies, telling how to get them (exit 2)', async () => {
      const run = await pulih(['demo', '--cases', '10'], setup.env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no agencies');
      expect(run.stderr).toContain('serve --demo');
      expect(run.stderr).not.toMatch(STACK_TRACE);
    });

    it('generates 2000 cases deterministically, in the modules shapes, with a whole audit chain', async () => {
      const operator = operatorContext(setup.services, 'test', allPermissions());
      await seedDemo(operator);
      const run = await pulih(['demo', '--cases', '2000', '--seed', '7', '--as-of', '2026-11-01'], setup.env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Generated 2000 synthetic cases on \w+ in [\d.]+ s \(\d+ cases\/s\), seed 7\./);
      const rss = Number(/Peak memory \(RSS\): (\d+) MB/.exec(run.stdout)?.[1]);
      expect(rss).toBeGreaterThan(0);
      expect(rss).toBeLessThan(500);

      const db = setup.services.database.db;
      const outcome = await outcomeOf(setup.services);
      expect(outcome.caseNumbers).toHaveLength(2000);
      expect(new Set(outcome.caseNumbers).size).toBe(2000);
      for (const stage of ['intake', 'screening', 'protection', 'reintegration', 'follow_up', 'closed'])
        expect(outcome.stages[stage], stage).toBeGreaterThan(0);
      outcomes.set(dialect, outcome);

      // Spread over the demo agencies and years, stages consistent with dates.
      const agencies = (
        await sql<{ n: number | string }>`select count(distinct lead_agency_id) as n from cases`.execute(db)
      ).rows[0]!;
      expect(Number(agencies.n)).toBeGreaterThanOrEqual(5);
      const years = new Set(outcome.caseNumbers.map((n) => n.split('/')[1]));
      expect([...years].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
      const inconsistent = (
        await sql<{ n: number | string }>`
          select count(*) as n from cases
          where (stage = 'closed' and (closed_at is null or closed_at < intake_at))
             or (stage <> 'closed' and closed_at is not null)
             or (identified_at is not null and identified_at < intake_at)
             or intake_at > ${'2026-11-01T00:00:00.000Z'}`.execute(db)
      ).rows[0]!;
      expect(Number(inconsistent.n)).toBe(0);
      const share = async (where: string) =>
        Number(
          (await sql<{ n: number | string }>`select count(*) as n from cases where ${sql.raw(where)}`.execute(db))
            .rows[0]!.n,
        ) / 2000;
      expect(await share('is_child = 1')).toBeGreaterThan(0.2);
      expect(await share('is_child = 1')).toBeLessThan(0.4);
      expect(await share(`region_code like '53%'`)).toBeGreaterThan(0.12);
      expect(
        await share(`forced_labour_industry in ('J_InformationAndCommunication', 'N_AdministrativeAndSupportServiceActivities')
          and exploitation_country in ('KH', 'MM', 'LA', 'PH')`),
      ).toBeGreaterThan(0.03);

      // The identity vault: names and phones decrypt, and the persons module finds them by name and phone.
      const sample = (
        await sql<{ person_id: string; full_name_enc: string; phones_enc: string | null }>`
          select person_id, full_name_enc, phones_enc from person_identities
          where phones_enc is not null order by person_id limit 3`.execute(db)
      ).rows;
      expect(sample).toHaveLength(3);
      for (const p of sample) {
        const key = (await personKeys(operator, [p.person_id])).get(p.person_id);
        const name = openIdentityField(operator, key, p.person_id, 'full_name_enc', p.full_name_enc)!;
        const phones = JSON.parse(
          openIdentityField(operator, key, p.person_id, 'phones_enc', p.phones_enc)!,
        ) as string[];
        expect(name.length).toBeGreaterThan(2);
        expect(await findPersonIdsByName(operator, name)).toContain(p.person_id);
        expect(await findPersonIdsByIdentifier(operator, 'phone', phones[0]!)).toContain(p.person_id);
      }
      // Related rows in the modules' tables.
      for (const table of ['case_attributes', 'case_events', 'case_timeline', 'screenings'])
        expect(
          Number(
            (await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n,
          ),
          table,
        ).toBeGreaterThan(1000);
      for (const table of [
        'case_members',
        'service_requests',
        'assessments',
        'assessment_scores',
        'case_tasks',
        'person_name_tokens',
      ])
        expect(
          Number(
            (await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n,
          ),
          table,
        ).toBeGreaterThan(100);

      // The cases module reads them back: the case file, its profile and team, JSON columns as JSON.
      const sampleCase = (
        await sql<{ id: string; case_number: string }>`
          select id, case_number from cases where stage = 'follow_up' order by case_number limit 1`.execute(db)
      ).rows[0]!;
      const detail = await getCase(operator, sampleCase.id);
      expect(detail.caseNumber).toBe(sampleCase.case_number);
      expect(detail.profile.exploitationTypes.length).toBeGreaterThan(0);
      expect(detail.events.map((e) => e.type)).toContain('Recruitment');
      expect(detail.person.initials).toMatch(/^([A-Z]\.)+$/);
      const created = (
        await sql<{ params: unknown }>`
          select params from case_timeline where case_id = ${sampleCase.id} and kind = 'case.created'`.execute(db)
      ).rows[0]!;
      const params = setup.services.database.adapter.fromJson<{ caseNumber: string }>(created.params);
      expect(params.caseNumber).toBe(sampleCase.case_number);

      const chain = await verifyAuditChain(db, setup.services.database.adapter);
      expect(chain.ok).toBe(true);
      const audited = (
        await sql<{ n: number | string }>`select count(*) as n from audit_events where action = 'cases.create'`.execute(
          db,
        )
      ).rows[0]!;
      expect(Number(audited.n)).toBe(2000);
      const verify = await pulih(['audit', 'verify'], setup.env);
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toContain('Audit chain is whole');
    });

    it('continues the case numbers when run again, and the same seed on another database repeats itself', async () => {
      const again = await pulih(['demo', '--cases', '50', '--seed', '7', '--as-of', '2026-11-01'], setup.env);
      expect(again.code, again.stderr).toBe(0);
      const after = await outcomeOf(setup.services);
      expect(after.caseNumbers).toHaveLength(2050);
      expect(new Set(after.caseNumbers).size).toBe(2050);
      expect((await verifyAuditChain(setup.services.database.db, setup.services.database.adapter)).ok).toBe(true);

      if (dialect !== dialects[0]) {
        // Same seed, other dialect: the same dataset.
        expect(outcomes.get(dialect)).toEqual(outcomes.get(dialects[0]!));
        return;
      }
      const other = await demoDatabase(dialect as DialectName);
      try {
        await seedDemo(operatorContext(other.services, 'test', allPermissions()));
        const run = await pulih(['demo', '--cases', '2000', '--seed', '7', '--as-of', '2026-11-01'], other.env);
        expect(run.code, run.stderr).toBe(0);
        expect(await outcomeOf(other.services)).toEqual(outcomes.get(dialect));
      } finally {
        await other.services.database.close();
        await other.fresh.drop();
      }
    });
  });
}
