import { readdirSync, readFileSync } from 'node:fs';

/** The nice value of each of this process's threads (Linux /proc; empty elsewhere). */
export function threadNiceValues(): number[] {
  try {
    return readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis; nice is field 19 of the whole line.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });
  } catch {
    return [];
  }
}
