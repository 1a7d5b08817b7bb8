/**
 * `npm run test:e2e`: builds the web app, then runs the Playwright journeys against SQLite and
 * PostgreSQL (each on a fresh database). Extra arguments go to Playwright, e.g. `-- --project sqlite`.
 */
import { spawnSync } from 'node:child_process';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
