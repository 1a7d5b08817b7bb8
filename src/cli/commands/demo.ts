import type { Command } from 'commander';
import { count, dateArg, fail, out, progressBar, seedArg, withServices } from '../support.js';
import { DEFAULT_SEED, generateSynthetic, MAX_SYNTHETIC_CASES, NoAgenciesError } from '../synthetic.js';

/** `pulih demo`: a synthetic national dataset. */
export function addDemoCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'generate a deterministic synthetic national dataset for benchmarks (needs agencies: run `serve --demo` first)',
    )
    .requiredOption(
      '--cases <n>',
      `number of cases, 1 to ${MAX_SYNTHETIC_CASES.toLocaleString('en')}`,
      count(MAX_SYNTHETIC_CASES, 'cases'),
    )
    .option(
      '--seed <seed>',
      `pseudo-random seed: the same seed gives the same case numbers and stages`,
      seedArg,
      DEFAULT_SEED,
    )
    .option('--as-of <date>', "the dataset's present, YYYY-MM-DD (default today); intakes run from 2019 to it", dateArg)
    .addHelpText(
      'after',
      `
Writes cases spread over the agencies on record (origin provinces, destinations, exploitation types,
names and stages as in the national data), with persons in the identity vault (names and phones
encrypted), screenings, service requests, reintegration surveys, timelines and one audit event per case,
in batches of 500 per transaction on the database of PULIH_DATABASE_URL. Memory stays flat; a load
that at least doubles the case tables builds their secondary indexes once, at the end.
Check the audit chain afterwards with \`pulih audit verify\`.

Example: pulih demo --cases 100000 --seed 7`,
    )
    .action((opts: { cases: number; seed: number; asOf?: Date }) =>
      withServices(async (s, ctx) => {
        const bar = progressBar('Generating');
        let started = false;
        try {
          const result = await generateSynthetic(ctx, {
            cases: opts.cases,
            seed: opts.seed,
            asOf: opts.asOf,
            onProgress: (done, total) => {
              if (!started) {
                bar.start(total, 0);
                started = true;
              }
              bar.update(done);
            },
            onRebuild: (indexes) => {
              if (started) bar.stop();
              started = false;
              out(`Building ${indexes} secondary indexes again…`);
            },
          });
          if (started) bar.stop();
          const rate = Math.round(result.cases / Math.max(result.seconds, 0.001));
          out(
            `Generated ${result.cases} synthetic cases on ${s.database.adapter.name} in ${result.seconds.toFixed(1)} s (${rate} cases/s), seed ${opts.seed}.`,
          );
          out(`Case numbers ${result.firstCaseNumber} … ${result.lastCaseNumber}`);
          out(
            `Stages: ${Object.entries(result.stages)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
          );
          out(`Peak memory (RSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
          // Stopped by SIGINT or SIGTERM after a whole batch: what was written is consistent, but not what was asked.
          if (result.cases < opts.cases) fail(`stopped after ${result.cases} of ${opts.cases} cases`, 130);
        } catch (error) {
          if (started) bar.stop();
          if (error instanceof NoAgenciesError) fail(error.message, 2);
          throw error;
        }
      }),
    );
}
