import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

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
 * Runs the real CLI (`node --import tsx src/cli/main.ts ...`) as its own process, with none of the test
 * process's PULIH_* variables (only those given), and collects its exit code and output. The log level is
 * `warn` unless the caller sets PULIH_LOG_LEVEL.
 */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 150_000): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PULIH_')));
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...base, PULIH_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
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
