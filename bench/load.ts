import autocannon, { type Options, type Request } from 'autocannon';
import { cpuMs, machineBusyMs } from './proc.js';
import { round, Samples, summarise } from './stats.js';

/* HTTP load with autocannon: a warm-up run, then the measured run with every response's latency kept,
 * so p95 is exact (autocannon itself reports p97.5/p99 at 1 ms resolution). */

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Rewrites each request (e.g. a different client address per request). */
  setupRequest?: Request['setupRequest'];
  /** The server's pid, to report its CPU time per response (less sensitive to other load than req/s). */
  serverPid?: number;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  responses: number;
  /** All responses per second, whatever the status. */
  reqPerSec: number;
  /** 2xx responses per second. */
  okPerSec: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Latency of every response, ms. */
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** Latency of 2xx responses only, ms. */
  latency2xxMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** autocannon's own histogram percentile, for comparison with other autocannon runs. */
  autocannonP97_5Ms: number;
  /** Server CPU time (user + system) per response during the measured run, ms; null without a pid. */
  serverCpuMsPerResponse: number | null;
  /** Server CPU use during the measured run, in cores (1.0 = one core busy all the time). */
  serverCpuCores: number | null;
  /**
   * CPU used during the measured run by everything except the server and this bench process (cores).
   * Above ~0.2 the machine was shared with other work and the figures are low; compare ratios, not absolutes.
   */
  otherCpuCores: number | null;
  /** Measured run on the monotonic clock (µs, as in V8 CPU profiles), to cut a server profile to this window. */
  window: { fromUs: number; toUs: number };
}

function options(spec: LoadSpec, seconds: number): Options {
  const request: Request = {
    method: spec.method ?? 'GET',
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.setupRequest ? { setupRequest: spec.setupRequest } : {}),
  };
  return { url: spec.url, connections: spec.connections, duration: seconds, timeout: 30, requests: [request] };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await autocannon(options(spec, spec.warmupSeconds));
  const all = new Samples();
  const ok = new Samples();
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const cpu0 = spec.serverPid ? cpuMs(spec.serverPid) : null;
  const machine0 = machineBusyMs();
  const self0 = process.cpuUsage();
  const wall0 = performance.now();
  const instance = autocannon(options(spec, spec.seconds));
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    all.push(responseTime);
    if (statusCode >= 200 && statusCode < 300) ok.push(responseTime);
  });
  const result = await instance;
  const cpu1 = spec.serverPid ? cpuMs(spec.serverPid) : null;
  const machine1 = machineBusyMs();
  const self = process.cpuUsage(self0);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  const wallMs = performance.now() - wall0;
  const serverCpu = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
  const duration = result.duration > 0 ? result.duration : spec.seconds;
  const pick = (s: ReturnType<typeof summarise>) => ({
    mean: round(s.mean, 3),
    p50: round(s.p50, 3),
    p95: round(s.p95, 3),
    p99: round(s.p99, 3),
    max: round(s.max, 3),
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  return {
    connections: spec.connections,
    durationS: duration,
    responses: all.values.length,
    reqPerSec: round(all.values.length / duration, 1),
    okPerSec: round(ok.values.length / duration, 1),
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: pick(summarise(all.values)),
    latency2xxMs: pick(summarise(ok.values)),
    autocannonP97_5Ms: result.latency.p97_5,
    serverCpuMsPerResponse:
      serverCpu !== null && all.values.length > 0 ? round(serverCpu / all.values.length, 4) : null,
    serverCpuCores: serverCpu !== null ? round(serverCpu / wallMs, 2) : null,
    otherCpuCores:
      machine0 !== null && machine1 !== null && serverCpu !== null
        ? round(Math.max(0, machine1 - machine0 - serverCpu - (self.user + self.system) / 1000) / wallMs, 2)
        : null,
    window: { fromUs, toUs },
  };
}
