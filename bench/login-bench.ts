import { pino } from 'pino';
import { DEMO_PASSWORD, seedDemo } from '../src/cli/demo-seed.js';
import { allPermissions, findUserByUsername, login } from '../src/modules/users/index.js';
import { verifyPassword } from '../src/modules/users/passwords.js';
import { loadConfig } from '../src/platform/config.js';
import { type Context, operatorContext, type Services } from '../src/platform/context.js';
import type { DialectName } from '../src/platform/db/index.js';
import { createServices } from '../src/server.js';
import { BENCH_AUTH_ENV, freshDatabase, pulihEnv } from './db.js';
import { round, summarise } from './stats.js';

/* Password login measured in-process, without the HTTP rate limit: the service's login() on a fresh
 * database with the demo seed. Each login verifies argon2id, creates a session and appends an audit event. */

export const BENCH_USER = 'caseworker.ntt';

/** A request context built the way src/modules/users/auth.hook.ts builds request.ctx before a session exists. */
const requestContext = (services: Services, i: number): Context => ({
  ...services,
  actor: null,
  locale: 'id',
  ip: '127.0.0.1',
  requestId: `bench-${i}`,
});

export interface LoginBenchResult {
  user: string;
  sequential: { logins: number; meanMs: number; p50Ms: number; p95Ms: number; maxMs: number; loginsPerSec: number };
  concurrent: { logins: number; concurrency: number; seconds: number; loginsPerSec: number; p95Ms: number };
  /** argon2id verify alone (the deliberate cost), for comparison with a whole login. */
  argon2VerifyMeanMs: number;
}

export async function benchLogin(dialect: DialectName, count: number, concurrency: number): Promise<LoginBenchResult> {
  const fresh = await freshDatabase(dialect, 'login');
  try {
    const config = loadConfig(pulihEnv(fresh, { ...BENCH_AUTH_ENV, PULIH_LOG_LEVEL: 'silent' }));
    const services = await createServices(config, { log: pino({ level: 'silent' }) });
    try {
      await seedDemo(operatorContext(services, 'bench', allPermissions()));
      const user = await findUserByUsername(services.database.db, BENCH_USER);
      if (!user) throw new Error(`demo user ${BENCH_USER} missing`);
      let n = 0;
      const once = async () => {
        const t = performance.now();
        const r = await login(requestContext(services, n++), BENCH_USER, DEMO_PASSWORD);
        if (r.stage !== 'active') throw new Error(`login stopped at stage ${r.stage}`);
        return performance.now() - t;
      };
      for (let i = 0; i < 3; i++) await once(); // warm-up: JIT, statement cache, pool

      const seq: number[] = [];
      const s0 = performance.now();
      for (let i = 0; i < count; i++) seq.push(await once());
      const seqSeconds = (performance.now() - s0) / 1000;
      const s = summarise(seq);

      const conc: number[] = [];
      let left = count;
      const c0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) conc.push(await once());
        }),
      );
      const concSeconds = (performance.now() - c0) / 1000;

      const argon: number[] = [];
      for (let i = 0; i < Math.min(count, 30); i++) {
        const t = performance.now();
        if (!(await verifyPassword(user.password_hash, DEMO_PASSWORD))) throw new Error('argon2 verify failed');
        argon.push(performance.now() - t);
      }
      return {
        user: BENCH_USER,
        sequential: {
          logins: count,
          meanMs: round(s.mean),
          p50Ms: round(s.p50),
          p95Ms: round(s.p95),
          maxMs: round(s.max),
          loginsPerSec: round(count / seqSeconds, 1),
        },
        concurrent: {
          logins: conc.length,
          concurrency,
          seconds: round(concSeconds),
          loginsPerSec: round(conc.length / concSeconds, 1),
          p95Ms: round(summarise(conc).p95),
        },
        argon2VerifyMeanMs: round(summarise(argon).mean),
      };
    } finally {
      await services.database.close();
    }
  } finally {
    await fresh.drop();
  }
}
