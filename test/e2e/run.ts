/**
 * `npm run test:e2e`: builds the web app into a private directory, then runs the Playwright
 * journeys against SQLite and PostgreSQL (each on a fresh database), serving that build.
 * Extra arguments go to Playwright, e.g. `npm run test:e2e -- --project sqlite`.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const webDir = process.env.PULIH_E2E_WEB_DIR ?? join(tmpdir(), 'pulih-e2e', 'web');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', webDir, '--emptyOutDir']);
run('npx', ['playwright', 'test', ...process.argv.slice(2)], { ...process.env, PULIH_E2E_WEB_DIR: webDir });
