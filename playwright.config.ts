import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end journeys in real Chromium against the real server, once per database.
 * Each project gets its own server on a fresh database: test/e2e/start-server.ts wipes
 * the SQLite file (or drops and recreates the PostgreSQL database) and then becomes the server.
 * The web app must have been built first: `npm run build:web` into dist/web, or `npm run test:e2e`,
 * which builds into a private directory (PULIH_E2E_WEB_DIR) so that another build of dist/web
 * during the run cannot pull the files from under the servers.
 */
const root = join(tmpdir(), 'pulih-e2e');
/** Two runs on one machine need their own ports (and their own TMPDIR and PostgreSQL database). */
const portBase = Number(process.env.PULIH_E2E_PORT_BASE ?? 3101);

const databases = {
  sqlite: { port: portBase, url: `sqlite:${join(root, 'sqlite', 'e2e.db')}` },
  postgres: {
    port: portBase + 1,
    url: process.env.PULIH_E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/pulih_e2e',
  },
} as const;

const only = process.env.PULIH_E2E_DATABASES?.split(',').map((s) => s.trim());
const selected = (Object.keys(databases) as (keyof typeof databases)[]).filter((name) => !only || only.includes(name));

export default defineConfig({
  testDir: 'test/e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 480_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    viewport: { width: 1280, height: 800 },
    // No transitions: axe must see dialogs and menus as they end up, not half faded in.
    reducedMotion: 'reduce',
    // An element that never becomes clickable fails its step instead of the whole journey's time budget.
    actionTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.PULIH_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: selected.map((name) => ({
    name,
    use: { baseURL: `http://127.0.0.1:${databases[name].port}` },
  })),
  webServer: selected.map((name) => ({
    command: `node --import tsx test/e2e/start-server.ts ${name}`,
    url: `http://127.0.0.1:${databases[name].port}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    env: {
      PULIH_PORT: String(databases[name].port),
      PULIH_HOST: '127.0.0.1',
      PULIH_DATABASE_URL: databases[name].url,
      PULIH_MASTER_KEY_FILE: join(root, name, 'master.key'),
      PULIH_LOG_LEVEL: 'warn',
      // The journeys log the demo case worker in without an authenticator (production requires one).
      PULIH_TOTP_REQUIRED_ROLES: 'sysadmin,dpo,supervisor',
      PULIH_WEB_DIR: process.env.PULIH_E2E_WEB_DIR ?? 'dist/web',
      PULIH_E2E_STATE_DIR: join(root, name),
      // Journeys that wait out statutory deadlines move the server's clock (POST /api/test/clock).
      PULIH_TEST_CLOCK: 'true',
    },
  })),
});
