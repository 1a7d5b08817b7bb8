/**
 * More than one machine: two real Pulih server processes (separate ports, as behind a load balancer
 * without sticky sessions) on one PostgreSQL database. Intakes, referrals and audited searches go through
 * both at once, one session used on both; then both run the scheduler at the same moment. The audit chain
 * must be whole, no alert raised twice, no case number given twice.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/cli/demo-seed.js';
import { verifyAuditChain } from '../../src/platform/audit-verify.js';
import { KeyRing, loadMasterKey } from '../../src/platform/crypto.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { startCli } from '../support/cli.js';
import { dialects, freshDatabase } from '../support/harness.js';

const DAY = 86_400_000;

interface Server {
  url: string;
  proc: ChildProcess;
  output: string[];
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

async function startServer(env: Record<string, string>, demo: boolean): Promise<Server> {
  const port = await freePort();
  const proc = startCli(['serve', ...(demo ? ['--demo'] : [])], {
    ...env,
    PULIH_PORT: String(port),
    PULIH_HOST: '127.0.0.1',
  });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    output.push(d.toString('utf8'));
    if (output.length > 50) output.shift();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${output.join('')}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not ready: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, proc, output };
}

async function stopServer(s: Server | undefined): Promise<void> {
  if (!s || s.proc.exitCode !== null) return;
  const exited = new Promise((r) => s.proc.once('close', r));
  s.proc.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
}

/** One user's session, usable against either process (sessions live in the database). */
class Session {
  cookies = new Map<string, string>();
  async request(base: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(method !== 'GET' && this.cookies.has('pulih_csrf')
          ? { 'x-csrf-token': this.cookies.get('pulih_csrf')! }
          : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      this.cookies.set(k!.trim(), v ?? '');
    }
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }
  async ok(base: string, method: string, path: string, body?: unknown) {
    const res = await this.request(base, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} on ${base}: ${res.status} ${res.text}`);
    return res.json();
  }
}

/** Runs tasks with at most `limit` at a time. */
async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe.skipIf(!dialects.includes('postgres'))('two Pulih processes on one PostgreSQL database', () => {
  let a: Server | undefined;
  let b: Server | undefined;
  let drop: (() => Promise<void>) | undefined;
  let dbUrl = '';
  let masterKeyFile = '';

  beforeAll(async () => {
    const db = await freshDatabase('postgres');
    drop = db.drop;
    dbUrl = db.url;
    masterKeyFile = join(db.dir, 'master.key');
    const env = {
      PULIH_DATABASE_URL: db.url,
      PULIH_MASTER_KEY_FILE: masterKeyFile,
      PULIH_LOG_LEVEL: 'warn',
      PULIH_WEB_DIR: join(db.dir, 'no-web'),
      // A movable clock (POST /api/test/clock runs every job at once), as the end-to-end servers have.
      PULIH_TEST_CLOCK: 'true',
      // Case workers log in without an authenticator here, as in the other test servers (harness, e2e).
      PULIH_TOTP_REQUIRED_ROLES: 'sysadmin,dpo,supervisor',
    };
    // The first process migrates and seeds the demo agencies and users; the second joins the same database.
    a = await startServer(env, true);
    b = await startServer(env, false);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([stopServer(a), stopServer(b)]);
    await drop?.();
  });

  it('keeps one audit chain, one alert per overdue item and unique case numbers under load through both', async () => {
    const A = a!.url;
    const B = b!.url;
    const cw = new Session();
    const login = await cw.ok(A, 'POST', '/api/auth/login', { username: 'caseworker.ntt', password: DEMO_PASSWORD });
    expect(login.stage).toBe('active');
    // No sticky sessions: the session made on A works on B at once.
    expect((await cw.ok(B, 'GET', '/api/auth/me')).username).toBe('caseworker.ntt');
    const shelter = (await cw.ok(B, 'GET', `/api/agencies?q=${encodeURIComponent('Rumah Aman Sahabat Perempuan')}`))
      .items[0].id as string;

    const intake = (n: number) => ({
      referralSource: 'hotline',
      person: { sex: 'Feminine', birthYear: 1995, regionCode: '53.71', citizenship: 'ID', languages: ['id'] },
      identity: { fullName: `Dua Proses ${n}` },
      profile: { exploitationTypes: ['ForcedLabour'] },
    });
    // Concurrent intakes, alternating between the processes, six in flight at a time.
    const intakes = 24;
    const created = await pool(
      6,
      Array.from({ length: intakes }, (_, i) => () => cw.ok(i % 2 ? B : A, 'POST', '/api/cases', intake(i))),
    );
    // Referrals, each step on the other process than the one before, four cases at once; audited name
    // searches run alongside.
    const referred = await pool(
      4,
      created.slice(0, 8).map((c, i) => async () => {
        const [p, q] = i % 2 ? [A, B] : [B, A];
        const sr = await cw.ok(p, 'POST', `/api/cases/${c.id}/services`, {
          type: 'shelter',
          applicant: 'victim',
          providerAgencyId: shelter,
        });
        // A statutory service (Art. 51: due in 7 days) that the service-overdue job will find late.
        await cw.ok(q, 'POST', `/api/cases/${c.id}/services`, {
          type: 'health_rehabilitation',
          applicant: 'victim',
          providerAgencyId: shelter,
        });
        await cw.ok(q, 'POST', `/api/cases/${c.id}/consents`, {
          givenBy: 'victim',
          wordingVersion: 'v1',
          wordingLocale: 'id',
          purpose: 'referral',
          recipientAgencyId: shelter,
          serviceTypes: ['shelter'],
          fieldGroups: ['needs', 'age_band', 'sex'],
        });
        await cw.ok(q, 'POST', '/api/cases/search', { name: `Dua Proses ${i}` });
        return cw.ok(p, 'POST', `/api/cases/${c.id}/referrals`, {
          recipientAgencyId: shelter,
          serviceRequestIds: [sr.id],
          urgency: 'normal',
          reason: 'AdditionalServicesRequired',
        });
      }),
    );
    expect(referred).toHaveLength(8);

    // Both schedulers at the same moment, ten days on: every referral and statutory service request is overdue.
    const [jobsA, jobsB] = await Promise.all(
      [A, B].map((base) => cw.ok(base, 'POST', '/api/test/clock', { advanceMs: 10 * DAY })),
    );
    // A second round on both, a minute on. The processes' own schedulers may also have run a job when the clock
    // moved, so a call's count is not the whole story: between all runs each item is alerted at most once here,
    // and the database (below) shows exactly one claim of each.
    const [againA, againB] = await Promise.all(
      [A, B].map((base) => cw.ok(base, 'POST', '/api/test/clock', { advanceMs: 60_000 })),
    );
    const handled = (job: string) => [jobsA, jobsB, againA, againB].reduce((n, r) => n + Number(r.jobs[job] ?? 0), 0);
    expect(handled('referral-overdue')).toBeLessThanOrEqual(8);
    expect(handled('service-overdue')).toBeLessThanOrEqual(8);

    const db = openDatabase({ kind: 'postgres', url: dbUrl });
    try {
      const duplicateNumbers = await sql<{ case_number: string }>`select case_number from cases
        group by case_number having count(*) > 1`.execute(db.db);
      expect(duplicateNumbers.rows).toEqual([]);
      const numbers = await sql<{ n: number }>`select count(distinct case_number) as n from cases`.execute(db.db);
      expect(Number(numbers.rows[0]!.n)).toBe(intakes);
      // No alert twice: the same kind about the same thing to the same person exists once.
      const twice = await sql<{ kind: string; n: number }>`
        select kind, count(*) as n from alerts
        group by kind, entity_type, entity_id, user_id, params::text having count(*) > 1`.execute(db.db);
      expect(twice.rows).toEqual([]);
      // Each overdue referral and service request was claimed (and audited) exactly once.
      const claims = async () =>
        (
          await sql<{ action: string; items: number; events: number }>`
        select action, count(distinct entity_id) as items, count(*) as events from audit_events
        where action in ('referrals.overdue', 'services.overdue') group by action order by action`.execute(db.db)
        ).rows.map((r) => [r.action, Number(r.items), Number(r.events)]);
      await expect.poll(claims, { timeout: 30_000, interval: 250 }).toEqual([
        ['referrals.overdue', 8, 8],
        ['services.overdue', 8, 8],
      ]);
      const searches = await sql<{ n: number }>`select count(*) as n from audit_events
        where action = 'cases.searchByName'`.execute(db.db);
      expect(Number(searches.rows[0]!.n)).toBe(8);
      // The chain is keyed: the audit key comes from the data keys the master key unwraps.
      const keyring = await KeyRing.open(db.db, loadMasterKey({ masterKeyFile }), new Date());
      const verified = await verifyAuditChain(db.db, db.adapter, undefined, 5_000, keyring.auditKey);
      expect(verified.ok, JSON.stringify(verified)).toBe(true);
      expect(verified.checked).toBeGreaterThan(intakes * 2 + 8 * 4);
    } finally {
      await db.close();
    }
  }, 240_000);
});
