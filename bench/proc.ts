import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/* Child processes for the bench: started as one `node --import tsx` process each, so a kill by pid ends them. */

export interface Child {
  pid: number;
  proc: ChildProcess;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  tail(): string;
  exited(): boolean;
  /** Everything the child wrote to stdout. */
  stdout(): string;
  /** Resolves with the exit code when the child ends by itself. */
  wait(): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * The V8 flags bin/pulih starts `pulih serve` with (keep the two in step): a young generation of 2 × 8 MB
 * instead of V8's 2 × 16 MB holds the server about 20 MB lower; 2 × 4 MB saves 35 MB but costs about 10 % more CPU
 * per request under load (objects of 100 requests in flight get promoted). PULIH_BENCH_SERVE_FLAGS="…" (space-separated,
 * may be empty) replaces them for an experiment.
 */
export const SERVE_NODE_FLAGS =
  process.env.PULIH_BENCH_SERVE_FLAGS !== undefined
    ? process.env.PULIH_BENCH_SERVE_FLAGS.split(' ').filter(Boolean)
    : ['--max-semi-space-size=8'];

const live = new Set<Child>();
/** Children started and not yet ended (for cleanup on Ctrl-C or a crash). */
export const liveChildren = (): Child[] => [...live];

export function startNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  args: string[] = [],
  nodeFlags: string[] = [],
): Child {
  // PULIH_BENCH_PROFILE_DIR: every child writes a V8 CPU profile there when it exits (see bench/profile-summary.ts).
  const profileDir = process.env.PULIH_BENCH_PROFILE_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const proc = spawn(process.execPath, [...profile, ...nodeFlags, '--import', 'tsx', script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = proc.pid;
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  const out: Buffer[] = [];
  proc.stdout?.on('data', (chunk: Buffer) => {
    out.push(chunk);
    keep(chunk);
  });
  proc.stderr?.on('data', keep);
  let done = false;
  // 'close' (not 'exit') so that stdout has been read to the end.
  const exit = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  proc.once('close', () => {
    done = true;
    live.delete(child);
  });
  const child: Child = {
    pid,
    proc,
    tail: () => lines.join('\n'),
    exited: () => done,
    stdout: () => Buffer.concat(out).toString('utf8'),
    wait: () => exit,
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    if (done) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
    if ((await Promise.race([exit, timer])) === 'timeout' && !done) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
      await Promise.race([exit, new Promise((r) => setTimeout(r, 2000).unref())]);
    }
  }
  live.add(child);
  return child;
}

/** Last resort on abrupt exit: synchronous SIGKILL of a child that is still running. */
export function killNow(child: Child): void {
  if (child.exited()) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {}
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls url until it answers 2xx; fails early if the child dies. */
export async function waitForOk(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exited()) throw new Error(`server exited before ${url} answered:\n${child.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.arrayBuffer();
        return;
      }
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last}):\n${child.tail()}`);
}

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS, or VmHWM for the peak). */
export function rssMB(pid: number | 'self', field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** Resets this process's peak-RSS counter (VmHWM); false where the kernel does not allow it. */
export function resetPeakRss(): boolean {
  try {
    // Writing 5 to clear_refs resets the peak resident set size (Linux ≥ 4.0).
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

let clockTicks: number | undefined;
/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; null if unreadable. */
export function cpuMs(pid: number): number | null {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/** Busy CPU time of the whole machine so far (all cores, ms), from /proc/stat; null if unreadable. */
export function machineBusyMs(): number | null {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const n = values.map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait (guest time is inside user).
    const busy = n.slice(0, 8).reduce((a, b) => a + b, 0) - (n[3] ?? 0) - (n[4] ?? 0);
    return (busy * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/**
 * Bytes a process has had fetched from storage so far (all its threads; `read_bytes` of /proc/<pid>/io: reads the
 * page cache could not answer), and the whole machine's disk time (ms any whole disk was busy, /proc/diskstats
 * io_ticks, summed over disks, not partitions). A soak that reads more from storage under load than alone is one
 * whose working set no longer fits the cache (on PostgreSQL the database reads in its own processes: only the disk
 * time shows them). Null parts when unreadable.
 */
export function storageIo(pid?: number): { readBytes: number | null; diskBusyMs: number | null } {
  let readBytes: number | null = null;
  if (pid !== undefined) {
    try {
      const line = readFileSync(`/proc/${pid}/io`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('read_bytes:'));
      readBytes = line ? Number(line.split(':')[1]) : null;
    } catch {
      readBytes = null;
    }
  }
  let diskBusyMs: number | null = null;
  try {
    const wholeDisks = new Set(readdirSync('/sys/block').filter((d) => !/^(loop|ram|zram|dm-|md)/.test(d)));
    diskBusyMs = 0;
    for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      // major minor name reads … io_ticks is the 13th field (index 12).
      if (f.length > 12 && wholeDisks.has(f[2] ?? '')) diskBusyMs += Number(f[12]);
    }
  } catch {
    diskBusyMs = null;
  }
  return { readBytes, diskBusyMs };
}

/**
 * Time on a CPU and time waiting for one (run queue), in ms, summed over the threads of these processes, from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds, unlike the 10 ms ticks of /proc/<pid>/stat): a short
 * operation's CPU next to its wall time tells slow code from a machine whose cores are taken. With `nice`, only the
 * threads at that nice value (0: the API's own threads, not the work and job threads beside them). Null if unreadable.
 */
export function schedMs(pids: readonly (number | 'self')[], nice?: number): { cpu: number; wait: number } | null {
  let cpu = 0;
  let wait = 0;
  for (const pid of pids) {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      return null;
    }
    for (const tid of threads) {
      try {
        if (nice !== undefined) {
          const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          // Fields after the command's closing parenthesis; nice is field 19 of the whole line.
          if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) !== nice) continue;
        }
        const [onCpu, queued] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
        cpu += Number(onCpu) / 1e6;
        wait += Number(queued) / 1e6;
      } catch {
        // The thread ended between the listing and the read: its time is lost, not the measurement.
      }
    }
  }
  return { cpu, wait };
}

/** Waits for a child that prints its result as one JSON line last, and parses that line (`what` names it in errors). */
export async function childResult<T>(child: Child, what: string): Promise<T> {
  let code: number | null;
  try {
    code = await child.wait();
  } finally {
    await child.stop();
  }
  const line = child.stdout().trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`${what} child exited ${code}:\n${child.tail()}`);
  return JSON.parse(line) as T;
}
