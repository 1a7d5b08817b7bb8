/**
 * A second Pulih instance on its own database, as a partner agency elsewhere would run it (cross-instance
 * referral packages, HTCDS exchange), and a login on it that enrols TOTP when the account asks for it.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { DEMO_PASSWORD, seedDemo } from '../../src/cli/demo-seed.js';
import { allPermissions } from '../../src/modules/users/index.js';
import { ShiftedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { operatorContext, type Services } from '../../src/platform/context.js';
import { buildServer, createServices } from '../../src/server.js';
import { Client, freshDatabase, totpCode } from './harness.js';

export async function secondInstance(dialect: 'sqlite' | 'postgres') {
  const db = await freshDatabase(dialect);
  const clock = new ShiftedClock();
  const services: Services = await createServices(
    loadConfig({
      PULIH_DATABASE_URL: db.url,
      PULIH_MASTER_KEY_FILE: join(db.dir, 'master.key'),
      PULIH_LOG_LEVEL: 'silent',
      PULIH_WEB_DIR: join(db.dir, 'none'),
      PULIH_BASE_URL: 'https://pulih.partner.example',
    }),
    { clock, log: pino({ level: 'silent' }) },
  );
  await seedDemo(operatorContext(services, 'test', allPermissions()));
  const app: FastifyInstance = await buildServer(services);
  await app.ready();
  return { app, services, clock, drop: db.drop };
}

/** Logs a demo user in on an instance; enrols TOTP first when the account has none yet. */
export async function loginOn(app: FastifyInstance, clock: ShiftedClock, username: string) {
  const c = new Client(app);
  const stage = (await c.post('/api/auth/login', { username, password: DEMO_PASSWORD })).json().stage;
  if (stage === 'totp_enroll') {
    const secret = (await c.post('/api/auth/totp/enroll')).json().secret;
    clock.advance(30_000);
    await c.post('/api/auth/totp/verify', { code: await totpCode(secret, clock) });
  }
  return c;
}
