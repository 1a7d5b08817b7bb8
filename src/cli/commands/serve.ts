import type { Command } from 'commander';
import { sql } from 'kysely';
import { checkpointOnShutdown } from '../../modules/audit/index.js';
import { allPermissions, findUserByUsername } from '../../modules/users/index.js';
import { ShiftedClock } from '../../platform/clock.js';
import { loadConfig, masterKeyBesideDatabase } from '../../platform/config.js';
import { operatorContext } from '../../platform/context.js';
import { startScheduler } from '../../platform/jobs.js';
import { flushReads } from '../../platform/read-log.js';
import { buildServer, createServices, jobs } from '../../server.js';
import { demoCaseUsers } from '../demo-cases.js';
import { DEMO_PASSWORD, demoUsers, seedDemo } from '../demo-seed.js';
import { startJobThread } from '../job-thread.js';
import { DEMO_CASES, demoCasesArg, out, positiveInt, warnMasterKeyBesideDatabase } from '../support.js';
import { startWorkThread } from '../work-thread.js';

/** `pulih serve`: the API, the web app and the scheduler. */
export function addServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the API, the web app and the scheduler')
    .option('--demo', 'seed demo agencies, one user per role and demo cases in every stage into an empty database')
    .option(
      '--demo-cases <n>',
      `demo cases to seed with --demo (default ${DEMO_CASES}; none on the end-to-end tests' server, PULIH_TEST_CLOCK)`,
      demoCasesArg,
    )
    .option('-p, --port <port>', 'port to listen on (default PULIH_PORT or 3000)', positiveInt)
    .action(async (opts: { demo?: boolean; demoCases?: number; port?: number }) => {
      const config = loadConfig();
      if (opts.port !== undefined) config.port = opts.port;
      if (!opts.demo && masterKeyBesideDatabase(config)) warnMasterKeyBesideDatabase(config);
      // PULIH_TEST_CLOCK=true (end-to-end tests only): a movable clock behind POST /api/test/clock.
      const services = await createServices(config, {
        ...(config.testClock ? { clock: new ShiftedClock() } : {}),
        sqliteReaders: config.sqliteReaders,
      });
      // Long batch jobs and long work a request asks for run on their own threads, except on the test clock (the
      // e2e server moves time in-process and runs everything there) or an in-memory database (a second connection
      // would not see it).
      const inMemory = config.database.kind === 'sqlite' && config.database.file === ':memory:';
      const ownThreads = !config.testClock && !inMemory;
      const workThread = ownThreads ? startWorkThread(config, services.log) : undefined;
      if (workThread) services.workThread = workThread;
      const app = await buildServer(services);
      let seeded = false;
      if (opts.demo) {
        const users = await sql<{ n: number }>`select count(*) as n from users`.execute(services.database.db);
        if (Number(users.rows[0]?.n ?? 0) === 0) {
          const cases = opts.demoCases ?? (config.testClock ? 0 : DEMO_CASES);
          if (cases > 0) out(`Seeding the demo with ${cases} cases...`);
          await seedDemo(operatorContext(services, 'demo', allPermissions()), { cases });
          seeded = true;
        }
      }
      const thread = ownThreads ? startJobThread(config, services.log) : undefined;
      const scheduler = startScheduler(services, jobs, thread);
      const close = async () => {
        await scheduler.stop();
        await thread?.stop();
        await workThread?.stop();
        // The head as this process leaves it, signed, to the checkpoint file and the log (issue 10 item 5).
        await checkpointOnShutdown(services);
        await flushReads(services.database.db);
        await app.close();
        await services.database.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: config.port, host: config.host });
      const url = config.baseUrl.replace(/:\d+$/, `:${(app.server.address() as { port: number }).port}`);
      out(`Pulih is running on ${services.database.adapter.name} at ${url}`);
      if (opts.demo) {
        out(
          seeded
            ? 'Demo data seeded. Demo logins (password for all):'
            : 'Demo logins (seeded earlier; password for all):',
        );
        out(`  password: ${DEMO_PASSWORD}`);
        for (const u of demoUsers) out(`  ${u.username.padEnd(18)} ${u.roles.join(', ')}`);
        for (const u of demoCaseUsers) {
          if (await findUserByUsername(services.database.db, u.username))
            out(`  ${u.username.padEnd(18)} ${u.roles.join(', ')}`);
        }
        out(
          'Roles that can open identity, the administrator and the DPO enrol an authenticator app (TOTP) at first login.',
        );
      }
    });
}
