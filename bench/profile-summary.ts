import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Summarises the CPU profiles written by `PULIH_BENCH_PROFILE_DIR=dir npm run bench`:
 *   node --import tsx bench/profile-summary.ts dir [top]
 * For each load window in dir/windows.json, cuts that child's profile to the window and prints where the time
 * went: by package, by function (self time) and the inclusive time of Pulih's own functions.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Window {
  pid: number;
  label: string;
  fromUs: number;
  toUs: number;
}

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts <profile dir> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const windows = JSON.parse(readFileSync(join(dir, 'windows.json'), 'utf8')) as Window[];
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));

const shortUrl = (url: string) =>
  url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*?\/(src|bench)\//, '$1/')
    .replace(/\?.*$/, '');
const packageOf = (f: CallFrame) => {
  const { url } = f;
  if (url.includes('node_modules/')) return url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1');
  if (/\/src\//.test(url)) return `pulih ${url.replace(/^.*\/src\/((modules\/)?[^/]+).*$/, '$1')}`;
  if (url.startsWith('node:')) return 'node core';
  return f.functionName ? `(${f.functionName.replace(/^\(|\)$/g, '')})` : '(native)';
};
const nameOf = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
const pct = (t: number, total: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;

function summarise(profile: Profile, w: Window): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < w.fromUs || t > w.toUs) continue;
    const id = profile.samples[i]!;
    // Weight each sample by the interval to the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  let total = 0;
  for (const v of self.values()) total += v;
  if (total === 0) return `${w.label}: no samples in the window\n`;
  const bySelf = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idle = 0;
  for (const [id, time] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') idle += time;
    bySelf.set(nameOf(frame), (bySelf.get(nameOf(frame)) ?? 0) + time);
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + time);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/\/src\//.test(f.url)) continue;
      const key = nameOf(f);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + time);
    }
  }
  const busy = total - idle;
  const lines = [
    `== ${w.label} (pid ${w.pid}): ${(total / 1000).toFixed(0)} ms sampled, ${pct(busy, total).trim()} busy; shares below are of busy time`,
  ];
  const list = (title: string, m: Map<string, number>) => {
    lines.push(`-- ${title}`);
    for (const [k, v] of [...m]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)) {
      lines.push(`${pct(v, busy)}  ${k}`);
    }
  };
  list('self time by package', byPackage);
  list('self time by function', bySelf);
  list("inclusive time of Pulih's functions", inclusive);
  return `${lines.join('\n')}\n`;
}

for (const w of windows) {
  const file = files.find((f) => f.split('.').includes(String(w.pid)));
  if (!file) {
    process.stdout.write(`${w.label}: no profile for pid ${w.pid} (did the process exit cleanly?)\n`);
    continue;
  }
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  process.stdout.write(`${summarise(profile, w)}\n`);
}
