import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/cli/demo-seed.js';
import { allPermissions } from '../../src/modules/users/index.js';
import { ShiftedClock } from '../../src/platform/clock.js';
import { type Config, loadConfig } from '../../src/platform/config.js';
import { type Context, operatorContext, type Services } from '../../src/platform/context.js';
import type { DialectName } from '../../src/platform/db/index.js';
import { buildServer, createServices } from '../../src/server.js';

/** Where tests find PostgreSQL (trust auth on these machines and in CI). */
export const PG_ADMIN_URL = process.env.PULIH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const dialects: DialectName[] = (process.env.PULIH_TEST_DIALECTS ?? 'sqlite,postgres').split(
  ',',
) as DialectName[];

/** A fresh, empty database of the given dialect; drop() removes it. */
export async function freshDatabase(
  dialect: DialectName,
): Promise<{ url: string; dir: string; drop(): Promise<void>; pgName?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pulih-test-'));
  if (dialect === 'sqlite') {
    return {
      url: `sqlite:${join(dir, 'pulih.db')}`,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `pulih_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    dir,
    pgName: name,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Harness {
  dialect: DialectName;
  config: Config;
  services: Services;
  app: FastifyInstance;
  clock: ShiftedClock;
  dbUrl: string;
  dir: string;
  pgName?: string;
  /** Operator context (all permissions) for arranging data. */
  operator(): Context;
  /** Logs a demo (or any) user in, completing TOTP and password steps when asked to. */
  login(username: string, password?: string, remoteAddress?: string): Promise<Client>;
  /**
   * Has the administrator create a user in the agency whose name contains `agencyName`, then completes
   * that user's first login (new password, TOTP enrolment when the role needs it). Returns the client.
   */
  provision(username: string, agencyName: string, roles: string[], remoteAddress?: string): Promise<Client>;
}

/** A logged-in API client over Fastify's inject (cookies and CSRF header handled). */
export class Client {
  cookies: Record<string, string> = {};
  locale = 'id';
  totpSecret?: string;
  /** The client's address (login rate limits and throttles count per address); default Fastify's 127.0.0.1. */
  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress?: string,
  ) {}

  get csrf(): string | undefined {
    return this.cookies.pulih_csrf;
  }

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      ...(this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}),
      headers: {
        'accept-language': this.locale,
        cookie: Object.entries(this.cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    return res;
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body);
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body);
}

/** TOTP code for a secret at the harness clock's time, stepping past codes already used. */
export async function totpCode(secret: string, clock: ShiftedClock, stepOffset = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + stepOffset * 30 });
}

/**
 * Runs a suite once per database (SQLite and PostgreSQL), each on a fresh database with the demo seed.
 * Every test that touches the database goes through this.
 */
export function describeEachDatabase(
  title: string,
  suite: (h: () => Harness) => void,
  options: { seed?: boolean; env?: Record<string, string> } = {},
) {
  for (const dialect of dialects) {
    describe(`${title} [${dialect}]`, () => {
      let harness: Harness | undefined;
      let dropDb: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const db = await freshDatabase(dialect);
        dropDb = db.drop;
        const config = loadConfig({
          PULIH_DATABASE_URL: db.url,
          PULIH_MASTER_KEY_FILE: join(db.dir, 'master.key'),
          PULIH_LOG_LEVEL: 'silent',
          PULIH_WEB_DIR: join(db.dir, 'no-web'),
          // Tests log case workers in many times; each TOTP login would move the clock. Suites that test
          // the stricter production default (every identity-revealing role) set it through options.env.
          PULIH_TOTP_REQUIRED_ROLES: 'sysadmin,dpo,supervisor',
          // An audit event whose details do not match its module's declaration fails the test that wrote it.
          PULIH_AUDIT_DETAILS: 'strict',
          ...options.env,
        });
        const clock = new ShiftedClock();
        // The API server's SQLite reader threads, as `pulih serve` runs them (PULIH_SQLITE_READERS=0: none).
        const services = await createServices(config, {
          clock,
          log: pino({ level: 'silent' }),
          sqliteReaders: config.sqliteReaders,
        });
        const app = await buildServer(services);
        await app.ready();
        const operator = () => operatorContext(services, 'test', allPermissions());
        if (options.seed !== false) await seedDemo(operator());
        const totpSecrets = new Map<string, string>();
        // Passwords of users created by provision(), so login(username) works for them too.
        const passwords = new Map<string, string>();
        harness = {
          dialect,
          config,
          services,
          app,
          clock,
          dbUrl: db.url,
          dir: db.dir,
          pgName: db.pgName,
          operator,
          async login(username, password, remoteAddress) {
            password ??= passwords.get(username) ?? DEMO_PASSWORD;
            const client = new Client(app, remoteAddress);
            const res = await client.post('/api/auth/login', { username, password });
            if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
            let stage = res.json().stage as string;
            if (stage === 'totp_enroll') {
              const enrol = await client.post('/api/auth/totp/enroll');
              totpSecrets.set(username, enrol.json().secret);
            }
            client.totpSecret = totpSecrets.get(username);
            if (stage === 'totp' || stage === 'totp_enroll') {
              // Each code works once: move the clock to a fresh 30-second step first.
              clock.advance(30_000);
              const verify = await client.post('/api/auth/totp/verify', {
                code: await totpCode(client.totpSecret!, clock),
              });
              if (verify.statusCode !== 200) throw new Error(`totp ${username}: ${verify.body}`);
              stage = verify.json().stage;
            }
            if (stage !== 'active') throw new Error(`login ${username} stopped at stage ${stage}`);
            return client;
          },
          async provision(username, agencyName, roles, remoteAddress) {
            const admin = await this.login('admin', undefined, remoteAddress);
            const agencies = (await admin.get(`/api/agencies?q=${encodeURIComponent(agencyName)}`)).json().items;
            if (agencies.length === 0) throw new Error(`no agency matching ${agencyName}`);
            const created = await admin.post('/api/users', {
              username,
              displayName: `Test ${username}`,
              agencyId: agencies[0].id,
              roles,
            });
            if (created.statusCode !== 201) throw new Error(`create ${username}: ${created.body}`);
            const client = new Client(app, remoteAddress);
            const temporary = created.json().temporaryPassword as string;
            let stage = (await client.post('/api/auth/login', { username, password: temporary })).json()
              .stage as string;
            const password = `${username.replace(/\W/g, '-')}-kopi-hujan-sepeda`;
            if (stage === 'password_change') {
              stage = (
                await client.post('/api/auth/password', { currentPassword: temporary, newPassword: password })
              ).json().stage;
            }
            if (stage === 'totp_enroll') {
              const secret = (await client.post('/api/auth/totp/enroll')).json().secret as string;
              totpSecrets.set(username, secret);
              client.totpSecret = secret;
              clock.advance(30_000);
              stage = (await client.post('/api/auth/totp/verify', { code: await totpCode(secret, clock) })).json()
                .stage;
            }
            if (stage !== 'active') throw new Error(`provision ${username} stopped at stage ${stage}`);
            passwords.set(username, password);
            return client;
          },
        };
      });
      afterAll(async () => {
        await harness?.app.close();
        await harness?.services.database.close();
        await dropDb?.();
      });
      suite(() => {
        if (!harness) throw new Error('harness not ready');
        return harness;
      });
    });
  }
}
