import { loadavg } from 'node:os';
import { verifyAuditChain } from '../src/platform/audit-verify.js';
import { defaultVerifyThreads } from '../src/platform/audit-verify-threads.js';
import { loadConfig } from '../src/platform/config.js';
import { KeyRing, loadMasterKey } from '../src/platform/crypto.js';
import { openDatabase } from '../src/platform/db/index.js';
import { resetPeakRss, rssMB } from './proc.js';

/* Child process of the audit bench: opens the (already loaded and migrated) database, walks the chain with
 * verifyAuditChain and prints one JSON line. A process of its own so its memory figures are the verify's alone. */

const config = loadConfig();
// PULIH_BENCH_AUDIT_THREADS=0 walks on one thread, as verify did before it had threads (for before/after figures).
const threadsEnv = process.env.PULIH_BENCH_AUDIT_THREADS;
const threads = threadsEnv === undefined || threadsEnv === '' ? undefined : Number(threadsEnv);
const database = openDatabase(config.database);
try {
  // The chain is keyed: the verifier needs the audit key, unwrapped by the master key as the server does.
  const auditKey = (await KeyRing.open(database.db, loadMasterKey(config), new Date())).auditKey;
  const rssBeforeMB = rssMB('self');
  const hwmReset = resetPeakRss();
  let sampled = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 20);
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let result: Awaited<ReturnType<typeof verifyAuditChain>>;
  try {
    result = await verifyAuditChain(database.db, database.adapter, undefined, 5_000, auditKey, { threads });
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const hwm = hwmReset ? rssMB('self', 'VmHWM') : null;
  process.stdout.write(
    `${JSON.stringify({
      ok: result.ok,
      checked: result.checked,
      brokenAt: result.brokenAt ?? null,
      seconds,
      // process.cpuUsage is the whole process's: the main thread and the verifying threads together.
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      threads: threads ?? defaultVerifyThreads(),
      loadAverage: loadavg()[0],
      rssBeforeMB,
      peakRssMB: hwm ?? Math.round((sampled / 1024 / 1024) * 10) / 10,
      peakRssMethod: hwm !== null ? 'VmHWM' : 'sampled',
      window: { fromUs, toUs },
    })}\n`,
  );
} finally {
  await database.close();
}
