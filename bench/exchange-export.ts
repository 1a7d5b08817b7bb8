import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pino } from 'pino';
import { exportHtcds, htcdsCsvChunks, htcdsJsonChunks } from '../src/modules/exchange/index.js';
import { allPermissions } from '../src/modules/users/index.js';
import { loadConfig } from '../src/platform/config.js';
import { operatorContext } from '../src/platform/context.js';
import { createServices } from '../src/server.js';
import { resetPeakRss, rssMB } from './proc.js';

/*
 * Child process of the exchange bench (bench/exchange-bench.ts): `node <SERVE_NODE_FLAGS> --import tsx
 * bench/exchange-export.ts csv|json` on a dataset (PULIH_DATABASE_URL, PULIH_MASTER_KEY_FILE). Opens the database
 * as `pulih serve` does (its SQLite reader threads), runs one HTCDS export as the operator into a null sink the way
 * the route sends it (Readable.from of the page strings) and prints one JSON line. A process of its own, so its
 * memory figures are the export's alone, on top of what a freshly started server holds: nothing an earlier phase of
 * the bench read or allocated is in them.
 */

const format = process.argv[2];
if (format !== 'csv' && format !== 'json') {
  process.stderr.write('usage: node --import tsx bench/exchange-export.ts csv|json\n');
  process.exit(2);
}

const config = loadConfig();
const services = await createServices(config, {
  log: pino({ level: 'silent' }),
  sqliteReaders: config.sqliteReaders,
});
try {
  const ctx = operatorContext(services, 'bench', allPermissions());
  const rssBeforeMB = rssMB('self');
  const hwmReset = resetPeakRss();
  let sampled = process.memoryUsage.rss();
  // On SQLite the export never yields to a timer (its driver is synchronous): sampled once a page as well.
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 50);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  let records = 0;
  let candidates = 0;
  const rssByQuarter: number[] = [];
  const heapByQuarter: number[] = [];
  try {
    const exp = await exportHtcds(ctx, { format, includeIdentity: 'false' });
    candidates = exp.candidates;
    const quarters = [0.25, 0.5, 0.75, 1].map((q) => Math.ceil(q * exp.candidates));
    const chunks = format === 'csv' ? htcdsCsvChunks(exp) : htcdsJsonChunks(exp);
    await pipeline(
      Readable.from(
        (async function* () {
          for await (const chunk of chunks) {
            const n = exp.produced();
            const rss = process.memoryUsage.rss();
            sampled = Math.max(sampled, rss);
            while (rssByQuarter.length < quarters.length && n >= quarters[rssByQuarter.length]!) {
              rssByQuarter.push(rss);
              heapByQuarter.push(process.memoryUsage().heapUsed);
            }
            yield chunk;
          }
        })(),
      ),
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          bytes += chunk.length;
          done();
        },
      }),
    );
    records = exp.produced();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const hwm = hwmReset ? rssMB('self', 'VmHWM') : null;
  const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({
      format,
      candidates,
      records,
      bytes,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rssBeforeMB,
      rssByQuarterMB: rssByQuarter.map(mb),
      heapUsedByQuarterMB: heapByQuarter.map(mb),
      peakRssMB: hwm ?? mb(sampled),
      peakRssMethod: hwm !== null ? 'VmHWM' : 'sampled',
      nodeFlags: process.execArgv.filter((f) => f.startsWith('--') && f !== '--import'),
    })}\n`,
  );
} finally {
  await services.database.close();
}
