import { readdirSync, readFileSync } from 'node:fs';

/** The fields of each of this process's threads' /proc stat after the command (Linux; empty elsewhere). */
function threadStats(): string[][] {
  try {
    return readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    });
  } catch {
    return [];
  }
}

/** The nice value of each of this process's threads (field 19 of the whole line). */
export const threadNiceValues = (): number[] => threadStats().map((f) => Number(f[16]));

/** The scheduling policy of each of this process's threads (field 41: 0 normal, 5 SCHED_IDLE). */
export const threadPolicies = (): number[] => threadStats().map((f) => Number(f[38]));

export const SCHED_IDLE = 5;
