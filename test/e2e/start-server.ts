/**
 * Starts a Pulih server for one e2e project on a fresh database. The server runs as a child
 * with inherited output; stop signals are passed on to it.
 * Usage: node --import tsx test/e2e/start-server.ts <sqlite|postgres>
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import pg from 'pg';

const name = process.argv[2];
const stateDir = process.env.PULIH_E2E_STATE_DIR;
const url = process.env.PULIH_DATABASE_URL;
if (!name || !stateDir || !url) {
  console.error('start-server: needs a project name, PULIH_E2E_STATE_DIR and PULIH_DATABASE_URL');
  process.exit(2);
}

// Fresh state: database file, master key and the tests' shared state (TOTP secrets) all go.
rmSync(stateDir, { recursive: true, force: true });
mkdirSync(stateDir, { recursive: true });

if (url.startsWith('postgres')) {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe e2e database name: ${database}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
}

const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo'], {
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
