import type { DialectName } from '../src/platform/db/index.js';
import { ensureCaseDataset } from './dataset.js';

/*
 * Makes (or checks) a shared bench dataset ahead of a bench run, so that a long generation can run on its own:
 *   node --import tsx bench/make-dataset.ts sqlite 1000000
 * Same directory and rules as the benches (bench/dataset.ts, PULIH_BENCH_DATA_DIR).
 */
const [dialect, raw] = process.argv.slice(2);
const cases = Number(raw);
if ((dialect !== 'sqlite' && dialect !== 'postgres') || !Number.isInteger(cases) || cases < 1) {
  process.stderr.write('usage: bench/make-dataset.ts sqlite|postgres <cases>\n');
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const data = await ensureCaseDataset(dialect as DialectName, cases, { log });
log(`${data.reused ? 'reused' : 'made'} ${data.dir}: ${JSON.stringify(data.generator)}`);
