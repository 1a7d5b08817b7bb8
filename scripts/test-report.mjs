#!/usr/bin/env node
// Reads a Vitest or Playwright JSON report and prints "<passed> <failed>" for scripts/test.sh. A report that
// cannot be trusted counts as failed, with the reason on stderr: missing, empty or not JSON; no tests; any
// skipped, pending or todo test; fewer tests than the committed floor (scripts/test-floor.json); a database
// with no tests at all (a dialect switched off) or fewer than its floor.
//
//   node scripts/test-report.mjs vitest .test-results/vitest.json
//   node scripts/test-report.mjs playwright .test-results/e2e.json
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [kind, file] = process.argv.slice(2);
const floors = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'test-floor.json'), 'utf8'));
const problems = [];
let passed = 0;
let failed = 0;

function load() {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    problems.push(`${kind} produced no report (${file})`);
    return undefined;
  }
  if (text.trim() === '') {
    problems.push(`${kind} report is empty (${file})`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push(`${kind} report is not valid JSON (${error.message})`);
    return undefined;
  }
}

/** Checks one count against its floor. */
function atLeast(label, count, floor) {
  if (typeof floor !== 'number') problems.push(`no committed floor for ${label} in scripts/test-floor.json`);
  else if (count < floor) problems.push(`${label}: ${count} tests ran, fewer than the committed floor of ${floor}`);
}

const report = load();
if (report && kind === 'vitest') {
  const tests = Array.isArray(report.testResults) ? report.testResults.flatMap((f) => f.assertionResults ?? []) : [];
  if (typeof report.numTotalTests !== 'number' || tests.length === 0) problems.push('vitest report lists no tests');
  const by = (status) => tests.filter((t) => t.status === status).length;
  passed = by('passed');
  failed = by('failed');
  const notRun = tests.length - passed - failed;
  if (notRun > 0) {
    const names = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed').map((t) => t.fullName);
    problems.push(`${notRun} test(s) skipped, pending or todo: ${names.slice(0, 5).join('; ')}`);
  }
  // A suite that fails to load has no assertion results of its own: count it as a failure.
  const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((t) => t.status !== 'failed'));
  for (const f of brokenFiles) problems.push(`test file failed to run: ${f.name} ${String(f.message ?? '').slice(0, 200)}`);
  atLeast('vitest', tests.length, floors.vitest?.total);
  for (const dialect of ['sqlite', 'postgres']) {
    const n = tests.filter((t) => t.fullName?.includes(`[${dialect}]`)).length;
    if (n === 0) problems.push(`no database test ran on ${dialect}: a dialect is switched off`);
    atLeast(`vitest on ${dialect}`, n, floors.vitest?.perDialect);
  }
} else if (report && kind === 'playwright') {
  const results = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) results.push({ title: spec.title, ...t });
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  if (!report.stats || results.length === 0) problems.push('playwright report lists no tests');
  passed = results.filter((t) => t.status === 'expected' || t.status === 'flaky').length;
  failed = results.filter((t) => t.status === 'unexpected').length;
  const skipped = results.filter((t) => t.status === 'skipped');
  if (skipped.length > 0)
    problems.push(`${skipped.length} journey(s) skipped: ${skipped.slice(0, 5).map((t) => `[${t.projectName}] ${t.title}`).join('; ')}`);
  if ((report.errors ?? []).length > 0) problems.push(`playwright reported ${report.errors.length} error(s) outside tests`);
  atLeast('playwright', results.length, floors.playwright?.total);
  for (const project of ['sqlite', 'postgres']) {
    const n = results.filter((t) => t.projectName === project).length;
    if (n === 0) problems.push(`no journey ran on ${project}: a database is switched off`);
    atLeast(`playwright on ${project}`, n, floors.playwright?.perDatabase);
  }
} else if (report) {
  problems.push(`unknown report kind ${kind}`);
}

for (const p of problems) console.error(`FAILED: ${p}`);
// Every problem is a failure of its own, so a bad report can never add up to "0 failed".
console.log(`${passed} ${failed + problems.length}`);
