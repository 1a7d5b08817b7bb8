import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { cliEnv, runCli } from '../../../test/support/cli.js';
import { Client, describeEachDatabase, totpCode } from '../../../test/support/harness.js';
import { provisionOnce } from '../../../test/support/provision.js';
import { DEMO_PASSWORD } from '../../cli/demo-seed.js';
import { loadConfig } from '../../platform/config.js';

/** Login and administration abuse, from the attacker's side. */

const from = (c: Client, remoteAddress: string) => (body: unknown) =>
  c.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    payload: JSON.stringify(body),
  });

describeEachDatabase('login and admin abuse', (h) => {
  const db = () => h().services.database.db;

  it('parallel wrong passwords all count; then that address is no longer heard — with the same answer as a wrong password', async () => {
    const attacker = from(new Client(h().app), '198.51.100.7');
    const wrong = await Promise.all(
      Array.from({ length: 6 }, () => attacker({ username: 'intake.ntt', password: 'not-the-password-1' })),
    );
    expect(wrong.map((r) => r.statusCode)).toEqual(Array(6).fill(401));
    const failures = (
      await sql<{
        n: number;
      }>`select count(*) as n from audit_events
         where action = 'auth.login' and outcome = 'failure' and ip = '198.51.100.7'`.execute(db())
    ).rows[0]!.n;
    expect(Number(failures)).toBe(6);
    // The three throttle rows of this attempt (other tests' failed logins have rows of their own).
    const userId = (await sql<{ id: string }>`select id from users where username = 'intake.ntt'`.execute(db()))
      .rows[0]!.id;
    const blind = (value: string) => h().services.keyring.blindIndex('throttle', value);
    const keys = [`a:${blind('198.51.100.7')}`, `p:${blind(`${userId}\u0000198.51.100.7`)}`, `u:${blind(userId)}`];
    const counters = (
      await sql<{ failures: number }>`select failures from auth_throttle where key in (${sql.join(keys)})`.execute(db())
    ).rows.map((r) => Number(r.failures));
    // address, user-from-address and user: each counted all 6 parallel attempts.
    expect(counters.sort()).toEqual([6, 6, 6]);

    const rightFromAttacker = await attacker({ username: 'intake.ntt', password: DEMO_PASSWORD });
    const wrongAgain = await attacker({ username: 'intake.ntt', password: 'not-the-password-2' });
    const unknown = await attacker({ username: 'nobody.here', password: 'not-the-password-3' });
    expect(rightFromAttacker.statusCode).toBe(401);
    expect(rightFromAttacker.body).toBe(wrongAgain.body);
    expect(unknown.body).toBe(wrongAgain.body);

    // No lockout by name: the real user, from her own address, still gets in.
    const owner = await from(new Client(h().app), '203.0.113.20')({ username: 'intake.ntt', password: DEMO_PASSWORD });
    expect(owner.statusCode, owner.body).toBe(200);
  });

  it('stores a mistyped username only as a keyed fingerprint, so the DPO can match attempts without the typo', async () => {
    const c = from(new Client(h().app), '203.0.113.30');
    await c({ username: 'Siti.Nurhayati.Typo', password: 'whatever-password' });
    await c({ username: 'siti.nurhayati.typo', password: 'whatever-password' });
    const rows = (
      await sql<{
        actor_username: string | null;
        details: unknown;
      }>`select actor_username, details from audit_events where action = 'auth.login' and actor_user_id is null order by seq desc limit 2`.execute(
        db(),
      )
    ).rows;
    const all = (await sql<{ r: string }>`select details as r from audit_events`.execute(db())).rows
      .map((r) => JSON.stringify(r.r))
      .join('\n');
    expect(all.toLowerCase()).not.toContain('nurhayati');
    expect(rows.map((r) => r.actor_username)).toEqual([null, null]);
    const prints = rows.map(
      (r) => h().services.database.adapter.fromJson<{ usernameFingerprint: string }>(r.details).usernameFingerprint,
    );
    expect(prints[0]).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(prints[0]).toBe(prints[1]);
  });

  it('bounds TOTP guessing: parallel wrong codes all count, then even the right code is refused for a while', async () => {
    const admin = await h().login('admin');
    const secret = admin.totpSecret!;
    const guesser = new Client(h().app);
    expect((await guesser.post('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD })).json().stage).toBe(
      'totp',
    );
    const guesses = await Promise.all(
      ['000000', '111111', '222222', '333333', '444444', '555555'].map((code) =>
        guesser.post('/api/auth/totp/verify', { code }),
      ),
    );
    expect(guesses.every((g) => g.statusCode === 400 || g.statusCode === 401)).toBe(true);
    const next = new Client(h().app);
    await next.post('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD });
    h().clock.advance(30_000);
    const right = await next.post('/api/auth/totp/verify', { code: await totpCode(secret, h().clock) });
    expect(right.statusCode).toBe(400);
    expect(right.json().errors[0].field).toBe('code');
    h().clock.advance(16 * 60_000);
    const later = new Client(h().app);
    await later.post('/api/auth/login', { username: 'admin', password: DEMO_PASSWORD });
    h().clock.advance(30_000);
    expect((await later.post('/api/auth/totp/verify', { code: await totpCode(secret, h().clock) })).statusCode).toBe(
      200,
    );
    admin.totpSecret = secret;
  });

  it('re-enrolling TOTP from a full session asks for the password (a borrowed screen is not enough)', async () => {
    const sup = await h().provision('sup.reenrol', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['supervisor']);
    const secret = async () =>
      (await sql<{ s: string }>`select totp_secret_enc as s from users where username = 'sup.reenrol'`.execute(db()))
        .rows[0]!.s;
    const before = await secret();
    const bare = await sup.post('/api/auth/totp/enroll');
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0].field).toBe('password');
    const wrong = await sup.post('/api/auth/totp/enroll', { password: 'wrong-password-9' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'password', code: 'invalid' });
    expect(await secret()).toBe(before);
  });

  it('a percent-encoded API path cannot skip the session check', async () => {
    const anon = new Client(h().app);
    for (const url of ['/%61pi/auth/me', '/api/%61uth/me', '/%61pi/cases', '/api%2Fcases']) {
      const res = await anon.get(url);
      expect([401, 404], `${url} ${res.statusCode}`).toContain(res.statusCode);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    expect((await anon.get('/%61pi/auth/me')).statusCode).toBe(401);
  });

  it('a user of a disabled agency gets 401 at login and on an open session, never 500', async () => {
    const legal = await h().login('legal.ntt');
    const me = (await legal.get('/api/auth/me')).json();
    const admin = await h().login('admin');
    const off = await admin.post(`/api/agencies/${me.agency.id}/disable`);
    expect(off.statusCode, off.body).toBe(200);
    try {
      expect((await legal.get('/api/cases')).statusCode).toBe(401);
      const again = await new Client(h().app).post('/api/auth/login', {
        username: 'legal.ntt',
        password: DEMO_PASSWORD,
      });
      expect(again.statusCode, again.body).toBe(401);
      expect(again.json().code).toBe('invalid_credentials');
    } finally {
      // Other tests log legal.ntt in: the agency is enabled again whatever happened above.
      expect((await admin.post(`/api/agencies/${me.agency.id}/enable`)).statusCode).toBe(200);
    }
  });

  it('no administrator grants themself a person-level role: refused, the DPO alerted; a second administrator can', async () => {
    const admin = await h().login('admin');
    const me = (await admin.get('/api/auth/me')).json();
    const self = await admin.patch(`/api/users/${me.id}`, { roles: ['sysadmin', 'case_worker'] });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('self_grant_forbidden');
    expect((await admin.get(`/api/users/${me.id}`)).json().roles).toEqual(['sysadmin']);
    const dpo = await h().login('dpo');
    const alerts = (await dpo.get('/api/alerts?limit=200&kind=self_grant_attempt')).json().items as { kind: string }[];
    expect(alerts.some((a) => a.kind === 'self_grant_attempt')).toBe(true);

    const second = await provisionOnce(h(), 'admin.second', 'Sekretariat', ['sysadmin']);
    const granted = await second.patch(`/api/users/${me.id}`, { roles: ['sysadmin', 'case_worker'] });
    expect(granted.statusCode, granted.body).toBe(200);
  });

  it('`pulih user reset-totp <username>` recovers an administrator who lost the authenticator', async () => {
    // The second administrator, enrolled with TOTP at her first login.
    await provisionOnce(h(), 'admin.second', 'Sekretariat', ['sysadmin']);
    const enrolled = await sql<{
      totp_enabled: number;
    }>`select totp_enabled from users where username = 'admin.second'`.execute(db());
    expect(Number(enrolled.rows[0]!.totp_enabled)).toBe(1);
    const run = await runCli(
      ['user', 'reset-totp', 'admin.second'],
      { ...cliEnv(h()), PULIH_LOG_LEVEL: 'silent' },
      90_000,
    );
    expect(run.code, run.stderr).toBe(0);
    const row = (
      await sql<{ totp_enabled: number }>`select totp_enabled from users where username = 'admin.second'`.execute(db())
    ).rows[0]!;
    expect(Number(row.totp_enabled)).toBe(0);
  }, 120_000);
});

describeEachDatabase(
  'PULIH_TRUST_PROXY with the proxies addresses',
  (h) => {
    it('believes X-Forwarded-For only from the listed proxies', async () => {
      const login = (remoteAddress: string) =>
        h().app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.99' },
          payload: JSON.stringify({ username: 'ghost', password: 'whatever-password' }),
        });
      await login('10.20.30.40');
      await login('192.0.2.1');
      const ips = (
        await sql<{ ip: string }>`select ip from audit_events where action = 'auth.login' order by seq`.execute(
          h().services.database.db,
        )
      ).rows.map((r) => r.ip);
      expect(ips).toEqual(['203.0.113.99', '192.0.2.1']);
    });

    it('takes addresses and CIDRs, and refuses anything else naming the variable', () => {
      expect(loadConfig({ PULIH_TRUST_PROXY: '10.0.0.0/8, 192.168.1.1,fd00::/8' }).trustProxy).toEqual([
        '10.0.0.0/8',
        '192.168.1.1',
        'fd00::/8',
      ]);
      expect(loadConfig({ PULIH_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
      expect(() => loadConfig({ PULIH_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/PULIH_TRUST_PROXY/);
      expect(() => loadConfig({ PULIH_TRUST_PROXY: 'proxy.local' })).toThrow(/PULIH_TRUST_PROXY/);
    });

    it('requires TOTP by default for every role that can reveal identity', async () => {
      const { builtinRoles } = await import('./users.roles.js');
      const reveal = Object.entries(builtinRoles)
        .filter(([, r]) => (r.permissions as readonly string[]).includes('persons.identity.reveal'))
        .map(([k]) => k);
      expect(reveal.length).toBeGreaterThan(0);
      // The default names them by what they can do, so a role added later is covered too.
      expect(loadConfig({}).totpRequiredRoles).toEqual(['sysadmin', 'dpo', 'identity']);
      const rows = (
        await sql<{ key: string; requires_totp: number }>`select key, requires_totp from roles`.execute(
          h().services.database.db,
        )
      ).rows;
      const required = rows.filter((r) => Number(r.requires_totp) === 1).map((r) => r.key);
      for (const role of reveal) expect(required).toContain(role);
    });
  },
  { seed: false, env: { PULIH_TRUST_PROXY: '10.0.0.0/8', PULIH_TOTP_REQUIRED_ROLES: 'sysadmin,dpo,identity' } },
);
