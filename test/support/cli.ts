import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root: where `src/cli/main.ts` runs from. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** A Node stack trace in CLI output (a user should never see one). */
export const STACK_TRACE = /^\s+at .+[:(]\d+/m;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the real CLI (`node --import tsx src/cli/main.ts ...`) as its own process, with none of the test
 * process's PULIH_* variables (only those given: a test's database or log level never leaks in from the shell
 * that runs the suite). The log level is `warn` unless the caller sets PULIH_LOG_LEVEL. The one place the tests
 * spawn `pulih`.
 */
export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PULIH_')));
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...base, PULIH_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The variables that point a CLI process at a test harness's database and master key. */
export function cliEnv(h: { dbUrl: string; dir: string }): Record<string, string> {
  return { PULIH_DATABASE_URL: h.dbUrl, PULIH_MASTER_KEY_FILE: join(h.dir, 'master.key') };
}

/** Runs a CLI command to its end (see startCli) and collects its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 150_000): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = startCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pulih ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Runs jobs two at a time (each CLI start is CPU-bound; the machines running the suite are small). */
export async function inPairs<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += 2)
    results.push(...(await Promise.all(jobs.slice(i, i + 2).map((job) => job()))));
  return results;
}
