import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The full suite's verdict must not be fooled: scripts/test-report.mjs turns a report into "passed failed" for
 * scripts/test.sh, and scripts/test.sh refuses a run narrowed to one database by an inherited variable.
 */
const floors = JSON.parse(readFileSync('scripts/test-floor.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'pulih-report-'));
let n = 0;

function verdict(kind: 'vitest' | 'playwright', content: string | null) {
  const file = join(dir, `report-${n++}.json`);
  if (content !== null) writeFileSync(file, content);
  const run = spawnSync('node', ['scripts/test-report.mjs', kind, file], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  const [passed, failed] = run.stdout.trim().split(' ').map(Number);
  return { passed: passed!, failed: failed!, stderr: run.stderr };
}

type Status = 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
/** A Vitest JSON report with `perDialect` tests on each database plus `plain` tests without one. */
function vitestReport(perDialect: number, plain: number, override: (i: number) => Status = () => 'passed') {
  let i = 0;
  const result = (name: string) => ({ fullName: name, title: name, status: override(i++) });
  const assertionResults = [
    ...Array.from({ length: perDialect }, (_, k) => result(`suite [sqlite] test ${k}`)),
    ...Array.from({ length: perDialect }, (_, k) => result(`suite [postgres] test ${k}`)),
    ...Array.from({ length: plain }, (_, k) => result(`unit test ${k}`)),
  ];
  return JSON.stringify({
    numTotalTests: assertionResults.length,
    testResults: [{ name: 'a.test.ts', status: 'passed', assertionResults }],
  });
}
const healthyVitest = () => vitestReport(floors.vitest.perDialect, floors.vitest.total);

function playwrightReport(perDatabase: number, status: (i: number) => string = () => 'expected') {
  let i = 0;
  const specs = Array.from({ length: perDatabase }, (_, k) => ({
    title: `journey ${k}`,
    tests: ['sqlite', 'postgres'].map((projectName) => ({ projectName, status: status(i++) })),
  }));
  return JSON.stringify({ stats: { expected: specs.length * 2 }, suites: [{ title: 'x.spec.ts', specs }], errors: [] });
}
const healthyPlaywright = () => playwrightReport(Math.max(floors.playwright.perDatabase, floors.playwright.total / 2));

describe('scripts/test-report.mjs: only a trustworthy report can pass', () => {
  it('counts a healthy Vitest report as all passed', () => {
    const v = verdict('vitest', healthyVitest());
    expect(v).toMatchObject({ passed: 2 * floors.vitest.perDialect + floors.vitest.total, failed: 0 });
  });

  it('fails a missing, empty or invalid Vitest report', () => {
    for (const content of [null, '', '   \n', '{"numTotalTests":', '{}', '{"numTotalTests":0,"testResults":[]}']) {
      const v = verdict('vitest', content);
      expect(v.failed, String(content)).toBeGreaterThan(0);
      expect(v.stderr).toContain('FAILED');
    }
  });

  it('fails skipped, pending and todo tests', () => {
    for (const status of ['skipped', 'pending', 'todo'] as const) {
      const v = verdict(
        'vitest',
        vitestReport(floors.vitest.perDialect, floors.vitest.total, (i) => (i === 3 ? status : 'passed')),
      );
      expect(v.failed, status).toBe(1);
      expect(v.stderr).toContain('skipped, pending or todo');
    }
  });

  it('counts failed tests and test files that could not load', () => {
    expect(
      verdict(
        'vitest',
        vitestReport(floors.vitest.perDialect, floors.vitest.total, (i) => (i < 2 ? 'failed' : 'passed')),
      ).failed,
    ).toBe(2);
    const broken = JSON.parse(healthyVitest());
    broken.testResults.push({ name: 'broken.test.ts', status: 'failed', message: 'SyntaxError', assertionResults: [] });
    expect(verdict('vitest', JSON.stringify(broken)).failed).toBe(1);
  });

  it('fails a count below the committed floor', () => {
    const v = verdict('vitest', vitestReport(floors.vitest.perDialect, 0));
    expect(v.failed).toBeGreaterThan(0);
    expect(v.stderr).toContain('fewer than the committed floor');
  });

  it('fails when a database ran no tests (a dialect switched off)', () => {
    const report = JSON.parse(healthyVitest());
    report.testResults[0].assertionResults = report.testResults[0].assertionResults.filter(
      (t: { fullName: string }) => !t.fullName.includes('[postgres]'),
    );
    report.testResults[0].assertionResults.push(
      ...Array.from({ length: floors.vitest.total }, (_, k) => ({ fullName: `more ${k}`, status: 'passed' })),
    );
    const v = verdict('vitest', JSON.stringify(report));
    expect(v.failed).toBeGreaterThan(0);
    expect(v.stderr).toContain('no database test ran on postgres');
  });

  it('applies the same rules to Playwright: healthy, empty, skipped, below the floor, one database off', () => {
    expect(verdict('playwright', healthyPlaywright())).toMatchObject({ failed: 0 });
    expect(verdict('playwright', '').failed).toBeGreaterThan(0);
    expect(verdict('playwright', '{"stats":{},"suites":[]}').failed).toBeGreaterThan(0);
    const perDb = Math.max(floors.playwright.perDatabase, floors.playwright.total / 2);
    expect(
      verdict(
        'playwright',
        playwrightReport(perDb, (i) => (i === 1 ? 'skipped' : 'expected')),
      ).failed,
    ).toBe(1);
    expect(
      verdict(
        'playwright',
        playwrightReport(perDb, (i) => (i === 1 ? 'unexpected' : 'expected')),
      ).failed,
    ).toBe(1);
    expect(verdict('playwright', playwrightReport(2)).stderr).toContain('fewer than the committed floor');
    const oneDb = JSON.parse(healthyPlaywright());
    for (const spec of oneDb.suites[0].specs)
      spec.tests = spec.tests.filter((t: { projectName: string }) => t.projectName === 'sqlite');
    expect(verdict('playwright', JSON.stringify(oneDb)).stderr).toContain('no journey ran on postgres');
  });
});

describe('scripts/test.sh refuses a run narrowed to one database', () => {
  it.each([
    ['PULIH_TEST_DIALECTS', 'sqlite'],
    ['PULIH_TEST_DIALECTS', 'postgres'],
    ['PULIH_E2E_DATABASES', 'sqlite'],
    ['PULIH_E2E_DATABASES', 'postgres'],
    ['PULIH_TEST_DIALECTS', ''],
  ])('%s=%s fails at once and never prints "0 failed"', (name, value) => {
    const env = { ...process.env };
    delete env.PULIH_TEST_DIALECTS;
    delete env.PULIH_E2E_DATABASES;
    // Stand-ins for the heavy tools: if the guard ever goes, the script fails fast instead of running the suite.
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    for (const tool of ['npx', 'npm']) writeFileSync(join(bin, tool), '#!/bin/sh\nexit 97\n', { mode: 0o755 });
    writeFileSync(join(bin, 'pg_isready'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const run = spawnSync('bash', ['scripts/test.sh'], {
      encoding: 'utf8',
      env: { ...env, PATH: `${bin}:${env.PATH}`, [name]: value },
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('0 passed, 1 failed');
    expect(run.stdout).not.toMatch(/\b0 failed/);
    expect(run.stderr).toContain(name);
  });
});
