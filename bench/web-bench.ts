import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/cli/demo-seed.js';
import type { DialectName } from '../src/platform/db/index.js';
import { freshDatabase, pulihEnv } from './db.js';
import { freePort, killNow, SERVE_NODE_FLAGS, startNode, waitForOk } from './proc.js';
import { round } from './stats.js';

/*
 * Issue 12's slow-link bench: the case list's time to rows for a district office on 1.6 Mbit/s with 150 ms
 * latency (Chromium's network emulation over CDP), on a cold cache, logged in as a case worker:
 *   - "before": the same build and server, the browser asking for uncompressed files (Accept-Encoding: identity)
 *     as every browser got them before assets were precompressed;
 *   - "after": brotli from the build (the browser's own Accept-Encoding);
 *   - "after, warm": the next visit, hashed assets from the browser's cache (immutable, a year).
 * Goal: ≤ 3 s cold. Reports the time to the first case row and the bytes received.
 */
export const WEB_GOAL_MS = 3000;
const THROTTLE = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (0.75e6 / 8) | 0 };

export interface WebBenchResult {
  beforeMs: number;
  beforeKB: number;
  afterMs: number;
  afterKB: number;
  warmMs: number;
  warmKB: number;
}

export async function benchWeb(dialect: DialectName, root: string, log: (l: string) => void): Promise<WebBenchResult> {
  const webDir = join(tmpdir(), 'pulih-bench-web');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', webDir, '--emptyOutDir'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('web build failed');
  const db = await freshDatabase(dialect, 'web');
  const port = await freePort();
  const server = startNode(
    resolve(root, 'src/cli/main.ts'),
    pulihEnv(db, { PULIH_PORT: String(port), PULIH_HOST: '127.0.0.1', PULIH_WEB_DIR: webDir }),
    root,
    ['serve', '--demo', '--demo-cases', '40'],
    SERVE_NODE_FLAGS,
  );
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env.PULIH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'],
  });
  try {
    await waitForOk(`${base}/readyz`, server, 600_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const login = await context.request.post(`${base}/api/auth/login`, {
      data: { username: 'caseworker.ntt', password: DEMO_PASSWORD },
    });
    if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
    const visit = async (mode: 'before' | 'after' | 'warm') => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...THROTTLE });
      if (mode !== 'warm') await cdp.send('Network.clearBrowserCache');
      if (mode === 'before')
        await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
      let bytes = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
        bytes += e.encodedDataLength;
      });
      const t0 = performance.now();
      await page.goto(`${base}/cases`);
      await page.getByTestId('case-row').first().waitFor({ timeout: 120_000 });
      const ms = performance.now() - t0;
      await page.close();
      return { ms: round(ms, 0), kb: round(bytes / 1024, 0) };
    };
    const before = await visit('before');
    const after = await visit('after');
    const warm = await visit('warm');
    log(
      `    case list rows at 1.6 Mbit/s, 150 ms: before ${before.ms} ms (${before.kb} KB), after ${after.ms} ms (${after.kb} KB), warm ${warm.ms} ms (${warm.kb} KB)`,
    );
    return {
      beforeMs: before.ms,
      beforeKB: before.kb,
      afterMs: after.ms,
      afterKB: after.kb,
      warmMs: warm.ms,
      warmKB: warm.kb,
    };
  } finally {
    await browser.close();
    killNow(server);
    await db.drop();
  }
}

export function webBudgets(dialect: DialectName, r: WebBenchResult | undefined) {
  return [
    {
      name: 'case list rows, cold, 1.6 Mbit/s + 150 ms (after compression)',
      dialect,
      value: r?.afterMs ?? null,
      op: '<=' as const,
      budget: WEB_GOAL_MS,
      unit: 'ms',
      pass: (r?.afterMs ?? Number.POSITIVE_INFINITY) <= WEB_GOAL_MS,
    },
  ];
}
