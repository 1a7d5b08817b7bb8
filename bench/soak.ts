import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuMs, machineBusyMs, schedMs, storageIo } from './proc.js';
import { round, summarise } from './stats.js';

/*
 * The mixed-workload soak (issue 8): virtual case workers and supervisors with think time, on one server and
 * the case-core dataset, doing what an office does all day: browse the case list (filters, name and number
 * lookups), open a case file, read its timeline, write notes, take in a new victim (duplicate check, then the
 * intake), look at referrals. Every operation's latency is kept; its p95 under load is compared with the same
 * operation alone: on the same server just before the soak, warmed (a first round not counted), nothing else in
 * flight, the operations taken in turn round after round (so a moment of the machine's own noise falls on all of
 * them, not on one), by the same sessions in the same alternation as the users. The server's event-loop delay
 * and utilisation come from its own /metrics (prom-client's monitorEventLoopDelay histogram, reset at each
 * scrape; pulih_event_loop_utilization): one scrape before, one after. The users run in the bench's process,
 * apart from the server's: its own event-loop delay is reported too, and the CPU the server and the whole machine
 * used during the soak, so a client or a machine that could not keep up shows in the figures.
 *
 * Long work beside them (tenth session; `LongWork`): a few more virtual users, added to the 50 rather than taken
 * from them (the office's load stays what the issue and the earlier soaks measured; these are other people), run
 * with think time what a partner system, the DPO and a task-force analyst really run over HTTP: the HTCDS export of
 * a province and a year (CSV, streamed with the partner's API token, read to the end), the CTDC release (read to
 * the end) and a report generation (POST, then polled until done). User j runs kind j mod 3. Their figures are rows
 * of their own (count, p50/p95, errors), not held to the 2× rule: their time alone is their own, one run of each
 * just before the soak, with the server's event-loop delay while it ran alone (its longest block of the loop).
 * Their errors count in the soak's errors; every other operation must still be within 2× of its alone value.
 *
 * Environment: PULIH_BENCH_SOAK_USERS (50), PULIH_BENCH_SOAK_SECONDS (600), PULIH_BENCH_SOAK_THINK_MS
 * (mean think time between a user's operations, 2000; uniform between half and one and a half times it),
 * PULIH_BENCH_SOAK_LONG_USERS (3: the long-work users beside the others; 0 leaves them out),
 * PULIH_BENCH_SOAK_LONG_THINK_MS (mean think time between a long-work user's runs, 10000).
 */

export interface SoakSession {
  cookie: string;
  csrf: string;
  /** Cases this user may open (from its own list). */
  caseIds: string[];
  /** May write notes and take in cases (a case worker). */
  writes: boolean;
}

export interface SoakOptions {
  users: number;
  seconds: number;
  thinkMs: number;
  /** Long-work users beside the `users` (export, CTDC release, report in turn). */
  longUsers: number;
  longThinkMs: number;
  log: (line: string) => void;
  /** The server's process, for its CPU time during the soak. */
  serverPid?: number;
}

/** Who runs the long work, and on what (cases-bench.ts prepares them). */
export interface LongWork {
  /** A partner system: a service account's API token for exchange.htcds.export, a province and a year. */
  partner: { token: string; regionCode: string; year: number };
  /** The DPO (publication.release): the CTDC release. */
  dpo: SoakSession;
  /** A national task-force analyst (reports.aggregate): the annual report of `reportYear`. */
  analyst: SoakSession;
  reportYear: number;
  /**
   * Whether the indicator facts have a complete generation: a report reads them, and without one the request would
   * wait for the first refresh (tens of minutes at a million cases on the job thread). Until then the analyst waits.
   */
  indicatorsReady: () => Promise<boolean>;
}

/**
 * What the server waited for: its reads that missed the page cache (MB/s from storage; more under load than alone means
 * the working set no longer fits the cache), the share of the time the disk was busy, and the time its own threads (at
 * nice 0: the event loop, the reader threads, V8's and libuv's; not the work and job threads at a lower priority)
 * were ready to run but waited for a core (in cores: 0.3 is three tenths of a core's time spent queued).
 */
export interface Pressure {
  serverReadMBps: number | null;
  diskBusyShare: number | null;
  serverWaitingForCpuCores: number | null;
}

/** Starts a pressure measure; the function it returns gives the rates since then. */
function pressureMeter(pid: number | undefined): () => Pressure {
  const t0 = performance.now();
  const io0 = storageIo(pid);
  const sched0 = pid ? schedMs([pid], 0) : null;
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const io1 = storageIo(pid);
    const sched1 = pid ? schedMs([pid], 0) : null;
    return {
      serverWaitingForCpuCores: sched0 && sched1 ? round((sched1.wait - sched0.wait) / 1000 / seconds, 3) : null,
      serverReadMBps:
        io0.readBytes !== null && io1.readBytes !== null
          ? round((io1.readBytes - io0.readBytes) / 1e6 / seconds, 2)
          : null,
      diskBusyShare:
        io0.diskBusyMs !== null && io1.diskBusyMs !== null
          ? round((io1.diskBusyMs - io0.diskBusyMs) / 1000 / seconds, 3)
          : null,
    };
  };
}

export function soakOptions(log: (line: string) => void): SoakOptions {
  const num = (name: string, fallback: number, min: number) => {
    const raw = process.env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}")`);
    return n;
  };
  return {
    users: Math.round(num('PULIH_BENCH_SOAK_USERS', 50, 1)),
    seconds: num('PULIH_BENCH_SOAK_SECONDS', 600, 5),
    thinkMs: num('PULIH_BENCH_SOAK_THINK_MS', 2000, 0),
    longUsers: Math.round(num('PULIH_BENCH_SOAK_LONG_USERS', 3, 0)),
    longThinkMs: num('PULIH_BENCH_SOAK_LONG_THINK_MS', 10_000, 0),
    log,
  };
}

export interface SoakOpFigures {
  op: string;
  count: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** The same operation alone, sequential, before the soak. */
  unloadedP95Ms: number;
  unloadedP50Ms: number;
  /** p95 under load ÷ unloaded p95 (budget ≤ 2). */
  ratio: number;
  pass: boolean;
}

export interface LongOpFigures {
  op: LongKind;
  /** Runs finished during the soak. */
  count: number;
  errors: number;
  /** Reports not started because the indicator facts had no generation yet. */
  skipped: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Bytes of the last answer read (the CSV, the report's file). */
  bytes: number;
  /** One run alone just before the soak (null when it could not run), and the server's event-loop delay meanwhile. */
  aloneMs: number | null;
  aloneLoopDelayMs: { p99: number | null; max: number | null } | null;
}

export interface SoakResult {
  users: number;
  seconds: number;
  thinkMs: number;
  operations: number;
  errors: number;
  /** Examples of failed operations (status and path; never a body with personal data). */
  errorSamples: string[];
  ops: SoakOpFigures[];
  /** The long-work users (not held to the 2× rule). */
  longWork: { users: number; thinkMs: number; ops: LongOpFigures[] } | null;
  eventLoopDelayMs: { p50: number | null; p99: number | null; max: number | null };
  /** Share of the soak the server's event loop was busy (0–1). */
  eventLoopUtilization: number | null;
  /** Most queries that waited at once for a PostgreSQL connection (or a SQLite reader thread) during the soak. */
  dbWaitingPeak: number | null;
  /**
   * Seconds the server's writes waited in all for another connection's write lock (SQLite) while the office ran
   * alone and during the soak.
   */
  dbLockWaitSeconds: { alone: number | null; load: number | null };
  /** The bench process's own event-loop delay during the soak (the virtual users' client). */
  clientEventLoopDelayMs: { p99: number; max: number };
  /** CPU cores the server used on average during the soak, and the whole machine (of all its cores). */
  serverCpuCores: number | null;
  machineBusyCores: number | null;
  /** What the server waited for while the office ran alone and under load (storage, a core). */
  pressure: { alone: Pressure; load: Pressure };
  pass: boolean;
}

type Op = (s: SoakSession, rnd: () => number) => Promise<void>;

class HttpError extends Error {}

const givenNames = ['Siti', 'Sri', 'Nur', 'Dewi', 'Maria', 'Yuliana', 'Euis', 'Baiq', 'Muhammad', 'Ahmad', 'Agus'];
const familyNames = ['Rahayu', 'Aminah', 'Lestari', 'Bria', 'Seran', 'Hidayat', 'Wahyuni', 'Nurhayati', 'Saputra'];

/** The operations, each one or two requests as the web app makes them. */
function operations(base: string, oneCaseId: string): Record<string, Op> {
  const call = async (s: SoakSession, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie: s.cookie,
        ...(method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': s.csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw new HttpError(`${method} ${path.split('?')[0]} → ${res.status}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const pick = <T>(rnd: () => number, items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const caseOf = (s: SoakSession, rnd: () => number) => (s.caseIds.length ? pick(rnd, s.caseIds) : oneCaseId);
  const filters = [
    '',
    'assignedToMe=true',
    'late=true',
    'stage=protection',
    'child=true',
    'exploitationType=ForcedLabour',
    'regionCode=53',
    'caseNumber=42',
    'open=true&sort=oldest',
  ];
  return {
    browse: async (s, rnd) => {
      // One browse in five is a name search (a POST: names never travel in a URL).
      const page =
        rnd() < 0.2
          ? await call(s, 'POST', '/api/cases/search', { name: pick(rnd, ['Siti', 'Sri Rahayu', 'Maria Bria']) })
          : await call(s, 'GET', `/api/cases?${pick(rnd, filters)}`);
      const items = (page.items as { id: string }[]) ?? [];
      // Remember what the list showed: the next "open" opens one of them.
      for (const c of items.slice(0, 3)) if (s.caseIds.length < 200) s.caseIds.push(c.id);
    },
    open: async (s, rnd) => {
      await call(s, 'GET', `/api/cases/${caseOf(s, rnd)}`);
    },
    timeline: async (s, rnd) => {
      await call(s, 'GET', `/api/cases/${caseOf(s, rnd)}/timeline`);
    },
    note: async (s, rnd) => {
      await call(s, 'POST', `/api/cases/${oneCaseId}/notes`, {
        body: `Soak note ${Math.floor(rnd() * 1e6)}: follow-up call with the family.`,
        sensitivity: 'normal',
      });
    },
    intake: async (s, rnd) => {
      const fullName = `${pick(rnd, givenNames)} ${pick(rnd, familyNames)}`;
      const birthYear = 1980 + Math.floor(rnd() * 28);
      await call(s, 'POST', '/api/persons/duplicates/check', {
        fullName,
        birthYear,
        sex: 'Feminine',
        regionCode: '53.01',
      });
      await call(s, 'POST', '/api/cases', {
        referralSource: 'self',
        person: { sex: 'Feminine', birthYear, regionCode: '53.01', citizenship: 'ID' },
        identity: { fullName },
      });
    },
    referrals: async (s, rnd) => {
      await call(s, 'GET', `/api/cases/${caseOf(s, rnd)}/referrals`);
    },
  };
}

export type LongKind = 'export' | 'ctdc' | 'report';
const longKinds: readonly LongKind[] = ['export', 'ctdc', 'report'];

/** What a long run answers: its bytes, or 'skipped' (a report before the indicator facts exist). */
type LongOp = (rnd: () => number) => Promise<number | 'skipped'>;

/** The long work, as the partner system, the DPO and the analyst run it over HTTP. */
function longOperations(base: string, work: LongWork): Record<LongKind, LongOp> {
  /** Reads an answer to its end (a stream of CSV: the client keeps up, as a partner's would). */
  const readAll = async (res: Response, what: string): Promise<number> => {
    if (res.status !== 200) {
      await res.arrayBuffer().catch(() => undefined);
      throw new HttpError(`${what} → ${res.status}`);
    }
    let bytes = 0;
    if (res.body) for await (const chunk of res.body) bytes += (chunk as Uint8Array).byteLength;
    return bytes;
  };
  const p = work.partner;
  return {
    export: async () =>
      readAll(
        await fetch(
          `${base}/api/exchange/htcds/export?format=csv&regionCode=${p.regionCode}&from=${p.year}-01-01&to=${p.year}-12-31`,
          { headers: { authorization: `Bearer ${p.token}` } },
        ),
        'GET /api/exchange/htcds/export',
      ),
    ctdc: async () =>
      readAll(
        await fetch(`${base}/api/publication/ctdc`, { headers: { cookie: work.dpo.cookie } }),
        'GET /api/publication/ctdc',
      ),
    report: async (rnd) => {
      if (!(await work.indicatorsReady())) return 'skipped';
      const s = work.analyst;
      const res = await fetch(`${base}/api/reports`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'content-type': 'application/json', 'x-csrf-token': s.csrf },
        body: JSON.stringify({ kind: 'annual', format: rnd() < 0.5 ? 'pdf' : 'xlsx', year: work.reportYear }),
      });
      const text = await res.text();
      if (res.status < 200 || res.status >= 300) throw new HttpError(`POST /api/reports → ${res.status}`);
      const { id } = JSON.parse(text) as { id: string };
      // The analyst's screen polls the list for the report's progress (reports.list), twice a second.
      for (;;) {
        const list = await fetch(`${base}/api/reports?limit=20`, { headers: { cookie: s.cookie } });
        if (list.status !== 200) throw new HttpError(`GET /api/reports → ${list.status}`);
        const report = (
          (await list.json()) as { items: { id: string; status: string; bytes: number | null }[] }
        ).items.find((r) => r.id === id);
        if (!report) throw new HttpError('GET /api/reports → the report is not in the list');
        if (report.status === 'failed') throw new HttpError('POST /api/reports → generation failed');
        if (report.status === 'done') return report.bytes ?? 0;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  };
}

const weights: [string, number, boolean][] = [
  // [operation, weight, needs a case worker]
  ['browse', 35, false],
  ['open', 22, false],
  ['timeline', 15, false],
  ['note', 8, true],
  ['intake', 10, true],
  ['referrals', 10, false],
];

async function eventLoop(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string) => {
    const m = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(text);
    return m ? round(Number(m[1]) * 1000, 2) : null;
  };
  const elu = /^pulih_event_loop_utilization ([0-9.eE+-]+)$/m.exec(text);
  const waiting = /^pulih_db_waiting_peak ([0-9.eE+-]+)$/m.exec(text);
  const lockWait = /^pulih_db_lock_wait_seconds ([0-9.eE+-]+)$/m.exec(text);
  return {
    p50: read('nodejs_eventloop_lag_p50_seconds'),
    p99: read('nodejs_eventloop_lag_p99_seconds'),
    max: read('nodejs_eventloop_lag_max_seconds'),
    utilization: elu ? round(Number(elu[1]), 3) : null,
    dbWaitingPeak: waiting ? Number(waiting[1]) : null,
    lockWaitSeconds: lockWait ? round(Number(lockWait[1]), 2) : null,
  };
}

const ALONE_WARMUP_ROUNDS = 3;
/**
 * Enough rounds that the alone p95 is not one sample's luck: with 40, the p95 was the third-slowest of 40 cases read
 * from a million, and the same code's alone timeline read 8.2 ms in one run and 4.7 in the next (twelfth session).
 */
const ALONE_ROUNDS = 200;

/** A small deterministic generator per virtual user (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runSoak(
  base: string,
  sessions: SoakSession[],
  oneCaseId: string,
  opts: SoakOptions,
  longWork?: LongWork,
): Promise<SoakResult> {
  const ops = operations(base, oneCaseId);
  const longUsers = longWork ? opts.longUsers : 0;
  const longOps = longWork && longUsers > 0 ? longOperations(base, longWork) : undefined;
  const writers = sessions.filter((s) => s.writes);
  // Alone: each operation with nothing else in flight, the operations in turn, round after round; the sessions
  // alternate as the users do (user i has session i mod n); the first rounds warm the server and are not counted.
  const alone = new Map<string, number[]>(weights.map(([w]) => [w, []]));
  const r0 = rng(7);
  await eventLoop(base); // resets the server's figures since the previous scrape
  const alonePressure = pressureMeter(opts.serverPid);
  for (let round_ = 0; round_ < ALONE_WARMUP_ROUNDS + ALONE_ROUNDS; round_++) {
    const s = sessions[round_ % sessions.length]!;
    for (const [name, , needsWriter] of weights) {
      const t = performance.now();
      await ops[name]!(needsWriter && !s.writes ? writers[0]! : s, r0);
      if (round_ >= ALONE_WARMUP_ROUNDS) alone.get(name)!.push(performance.now() - t);
    }
  }
  const pressureAlone = alonePressure();
  const aloneLockWait = (await eventLoop(base)).lockWaitSeconds;
  const unloaded = new Map([...alone].map(([k, v]) => [k, summarise(v)]));
  opts.log(
    `    alone p50/p95: ${[...unloaded].map(([k, v]) => `${k} ${round(v.p50, 1)}/${round(v.p95, 1)} ms`).join(', ')}; ` +
      `server storage reads ${pressureAlone.serverReadMBps} MB/s, disk busy ${pressureAlone.diskBusyShare}, ` +
      `the API's threads waiting for a core ${pressureAlone.serverWaitingForCpuCores} cores, ` +
      `writes waited ${aloneLockWait} s in all for another connection's write lock`,
  );
  // Each kind of long work once alone: its own time, and the longest the server's event loop was held meanwhile.
  const longAlone = new Map<LongKind, { ms: number; loop: { p99: number | null; max: number | null } } | null>();
  if (longOps) {
    const kinds = longKinds.slice(0, Math.min(longUsers, longKinds.length));
    for (const kind of kinds) {
      await eventLoop(base);
      const t = performance.now();
      const r = await longOps[kind](r0);
      const ms = performance.now() - t;
      const loop = await eventLoop(base);
      longAlone.set(kind, r === 'skipped' ? null : { ms, loop: { p99: loop.p99, max: loop.max } });
    }
    opts.log(
      `    long work alone: ${[...longAlone]
        .map(([k, v]) =>
          v
            ? `${k} ${round(v.ms / 1000, 2)} s (event-loop delay p99 ${v.loop.p99} ms, max ${v.loop.max} ms)`
            : `${k} not run (no indicator facts yet)`,
        )
        .join('; ')}`,
    );
  }
  opts.log(`    ${opts.users} users${longUsers ? ` and ${longUsers} long-work users` : ''} for ${opts.seconds} s…`);

  await eventLoop(base); // resets the server's histogram
  const client = monitorEventLoopDelay({ resolution: 10 });
  client.enable();
  const cpu0 = opts.serverPid ? cpuMs(opts.serverPid) : null;
  const busy0 = machineBusyMs();
  const loadPressure = pressureMeter(opts.serverPid);
  const wall0 = performance.now();
  const samples = new Map<string, number[]>(weights.map(([w]) => [w, []]));
  const errors = new Map<string, number>();
  const errorSamples: string[] = [];
  const end = performance.now() + opts.seconds * 1000;
  const total = weights.reduce((n, [, w]) => n + w, 0);
  const user = async (i: number) => {
    const rnd = rng(1000 + i);
    const s = sessions[i % sessions.length]!;
    // Users start spread over the first think time.
    await new Promise((r) => setTimeout(r, rnd() * opts.thinkMs));
    while (performance.now() < end) {
      let x = rnd() * total;
      let name = weights[0]![0];
      for (const [w, weight, needsWriter] of weights) {
        x -= weight;
        if (x <= 0) {
          name = needsWriter && !s.writes ? 'browse' : w;
          break;
        }
      }
      const t = performance.now();
      try {
        await ops[name]!(s, rnd);
        samples.get(name)!.push(performance.now() - t);
      } catch (error) {
        errors.set(name, (errors.get(name) ?? 0) + 1);
        if (errorSamples.length < 10) errorSamples.push(error instanceof Error ? error.message : String(error));
      }
      await new Promise((r) => setTimeout(r, opts.thinkMs * (0.5 + rnd())));
    }
  };
  const longSamples = new Map<LongKind, number[]>(longKinds.map((k) => [k, []]));
  const longErrors = new Map<LongKind, number>();
  const longSkipped = new Map<LongKind, number>();
  const longBytes = new Map<LongKind, number>();
  const longUser = async (j: number) => {
    if (!longOps) return;
    const rnd = rng(5000 + j);
    const kind = longKinds[j % longKinds.length]!;
    await new Promise((r) => setTimeout(r, rnd() * opts.longThinkMs));
    while (performance.now() < end) {
      const t = performance.now();
      try {
        const r = await longOps[kind](rnd);
        if (r === 'skipped') longSkipped.set(kind, (longSkipped.get(kind) ?? 0) + 1);
        else {
          longSamples.get(kind)!.push(performance.now() - t);
          longBytes.set(kind, r);
        }
      } catch (error) {
        longErrors.set(kind, (longErrors.get(kind) ?? 0) + 1);
        if (errorSamples.length < 10) errorSamples.push(error instanceof Error ? error.message : String(error));
      }
      await new Promise((r) => setTimeout(r, opts.longThinkMs * (0.5 + rnd())));
    }
  };
  await Promise.all([
    ...Array.from({ length: opts.users }, (_, i) => user(i)),
    ...Array.from({ length: longUsers }, (_, j) => longUser(j)),
  ]);
  const wallMs = performance.now() - wall0;
  const cpu1 = opts.serverPid ? cpuMs(opts.serverPid) : null;
  const busy1 = machineBusyMs();
  const pressureLoad = loadPressure();
  client.disable();
  const loop = await eventLoop(base);
  const serverCpuCores = cpu0 !== null && cpu1 !== null ? round((cpu1 - cpu0) / wallMs, 2) : null;
  const machineBusyCores = busy0 !== null && busy1 !== null ? round((busy1 - busy0) / wallMs, 2) : null;
  const clientLoop = { p99: round(client.percentile(99) / 1e6, 1), max: round(client.max / 1e6, 1) };

  const figures: SoakOpFigures[] = weights.map(([name]) => {
    const times = samples.get(name)!;
    const s = times.length ? summarise(times) : { p50: 0, p95: 0, p99: 0 };
    const base95 = round(unloaded.get(name)?.p95 ?? 0, 2);
    const ratio = base95 > 0 ? round(s.p95 / base95, 2) : 0;
    const errs = errors.get(name) ?? 0;
    return {
      op: name,
      count: times.length,
      errors: errs,
      p50Ms: round(s.p50, 2),
      p95Ms: round(s.p95, 2),
      p99Ms: round(s.p99, 2),
      unloadedP95Ms: base95,
      unloadedP50Ms: round(unloaded.get(name)?.p50 ?? 0, 2),
      ratio,
      pass: errs === 0 && times.length > 0 && ratio <= 2,
    };
  });
  const longFigures: LongOpFigures[] = longOps
    ? longKinds.slice(0, Math.min(longUsers, longKinds.length)).map((kind) => {
        const times = longSamples.get(kind)!;
        const s = times.length ? summarise(times) : { p50: 0, p95: 0 };
        const alone = longAlone.get(kind);
        return {
          op: kind,
          count: times.length,
          errors: longErrors.get(kind) ?? 0,
          skipped: longSkipped.get(kind) ?? 0,
          p50Ms: round(s.p50, 1),
          p95Ms: round(s.p95, 1),
          maxMs: round(times.length ? Math.max(...times) : 0, 1),
          bytes: longBytes.get(kind) ?? 0,
          aloneMs: alone ? round(alone.ms, 1) : null,
          aloneLoopDelayMs: alone ? alone.loop : null,
        };
      })
    : [];
  const errorCount =
    [...errors.values()].reduce((a, b) => a + b, 0) + [...longErrors.values()].reduce((a, b) => a + b, 0);
  for (const f of figures)
    opts.log(
      `    ${f.pass ? 'PASS' : 'MISS'} ${f.op}: ${f.count} ops, p95 ${f.p95Ms} ms (alone ${f.unloadedP95Ms} ms, ×${f.ratio}), errors ${f.errors}`,
    );
  for (const f of longFigures)
    opts.log(
      `    long ${f.op}: ${f.count} runs, p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms, max ${f.maxMs} ms (alone ${f.aloneMs ?? '—'} ms), ` +
        `errors ${f.errors}${f.skipped ? `, ${f.skipped} not started (no indicator facts yet)` : ''}; last answer ${f.bytes} bytes`,
    );
  opts.log(
    `    server event-loop delay p99 ${loop.p99} ms, max ${loop.max} ms, utilisation ${loop.utilization}; ` +
      `queries waiting at once (connection or reader) at most ${loop.dbWaitingPeak}; ` +
      `writes waited ${loop.lockWaitSeconds} s in all for another connection's write lock; ` +
      `server CPU ${serverCpuCores} cores, machine ${machineBusyCores} cores busy; ` +
      `server storage reads ${pressureLoad.serverReadMBps} MB/s, disk busy ${pressureLoad.diskBusyShare}, ` +
      `the API's threads waiting for a core ${pressureLoad.serverWaitingForCpuCores} cores; ` +
      `client event-loop delay p99 ${clientLoop.p99} ms, max ${clientLoop.max} ms; errors ${errorCount}`,
  );
  return {
    users: opts.users,
    seconds: opts.seconds,
    thinkMs: opts.thinkMs,
    operations: figures.reduce((n, f) => n + f.count, 0),
    errors: errorCount,
    errorSamples,
    ops: figures,
    longWork: longOps ? { users: longUsers, thinkMs: opts.longThinkMs, ops: longFigures } : null,
    eventLoopDelayMs: { p50: loop.p50, p99: loop.p99, max: loop.max },
    eventLoopUtilization: loop.utilization,
    dbWaitingPeak: loop.dbWaitingPeak,
    dbLockWaitSeconds: { alone: aloneLockWait, load: loop.lockWaitSeconds },
    clientEventLoopDelayMs: clientLoop,
    serverCpuCores,
    machineBusyCores,
    pressure: { alone: pressureAlone, load: pressureLoad },
    pass: errorCount === 0 && figures.every((f) => f.pass),
  };
}
