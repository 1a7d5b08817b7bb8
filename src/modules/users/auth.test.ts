import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Client, describeEachDatabase, totpCode } from '../../../test/support/harness.js';
import { DEMO_PASSWORD } from '../../cli/demo-seed.js';

describeEachDatabase('authentication', (h) => {
  const auditOf = async (action: string, username: string) =>
    (
      await sql<{
        outcome: string;
        details: unknown;
      }>`select outcome, details from audit_events where action = ${action} and actor_username = ${username} order by seq`.execute(
        h().services.database.db,
      )
    ).rows;

  it('stores passwords as argon2id hashes', async () => {
    const rows = await sql<{ password_hash: string }>`select password_hash from users`.execute(
      h().services.database.db,
    );
    expect(rows.rows.length).toBeGreaterThan(5);
    for (const r of rows.rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$/);
  });

  it('logs in with an HttpOnly SameSite session cookie and a readable CSRF cookie', async () => {
    const c = new Client(h().app);
    const res = await c.post('/api/auth/login', { username: 'caseworker.ntt', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookies = res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[];
    const session = cookies.find((x) => x.name === 'pulih_session');
    const csrf = cookies.find((x) => x.name === 'pulih_csrf');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(csrf?.httpOnly).toBeFalsy();
    expect(res.json().stage).toBe('active');
    const me = await c.get('/api/auth/me');
    expect(me.json().username).toBe('caseworker.ntt');
    // The session id is stored only as a hash.
    const stored = await sql<{ id_hash: string }>`select id_hash from sessions`.execute(h().services.database.db);
    expect(stored.rows.map((r) => r.id_hash)).not.toContain(c.cookies.pulih_session);
  });

  it('refuses a mutation without the CSRF token (403) and changes nothing', async () => {
    const c = await h().login('caseworker.ntt');
    const res = await c.request('PATCH', '/api/auth/me', { locale: 'en' }, { 'x-csrf-token': 'wrong' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('csrf_invalid');
    const me = await c.get('/api/auth/me');
    expect(me.json().locale).toBe('id');
  });

  it('answers anonymous calls with 401 problem+json', async () => {
    const res = await new Client(h().app).get('/api/users');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('after 5 failures this address is not heard for the user for 15 minutes (same answer as a wrong password); every attempt is audited', async () => {
    const c = new Client(h().app);
    for (let i = 0; i < 5; i++) {
      const res = await c.post('/api/auth/login', { username: 'intake.ntt', password: 'wrong-password-123' });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('invalid_credentials');
    }
    const locked = await c.post('/api/auth/login', { username: 'intake.ntt', password: DEMO_PASSWORD });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('invalid_credentials');
    h().clock.advance(14 * 60_000);
    expect((await c.post('/api/auth/login', { username: 'intake.ntt', password: DEMO_PASSWORD })).statusCode).toBe(401);
    h().clock.advance(2 * 60_000);
    expect((await c.post('/api/auth/login', { username: 'intake.ntt', password: DEMO_PASSWORD })).statusCode).toBe(200);
    const events = await auditOf('auth.login', 'intake.ntt');
    expect(events.map((e) => e.outcome)).toEqual([
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
      'success',
    ]);
  });

  it('audits failures for unknown usernames without revealing whether the user exists', async () => {
    const c = new Client(h().app);
    const unknown = await c.post('/api/auth/login', { username: 'nobody.here', password: 'whatever-password' });
    const wrong = await c.post('/api/auth/login', { username: 'legal.ntt', password: 'whatever-password' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    // The typed name is kept only as a keyed fingerprint (login-abuse.test.ts).
    expect(await auditOf('auth.login', 'nobody.here')).toEqual([]);
  });

  it('requires TOTP enrolment for the administrator role before anything else, then a code at every login', async () => {
    const c = new Client(h().app);
    const first = await c.post('/api/auth/login', { username: 'dpo', password: DEMO_PASSWORD });
    expect(first.json().stage).toBe('totp_enroll');
    expect(first.json().me.permissions).toEqual([]);
    const blocked = await c.get('/api/audit');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('session_incomplete');
    const enrol = await c.post('/api/auth/totp/enroll');
    expect(enrol.statusCode).toBe(200);
    expect(enrol.json().qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(enrol.json().otpauthUrl).toContain('otpauth://totp/');
    const secret = enrol.json().secret as string;
    const bad = await c.post('/api/auth/totp/verify', { code: '000000' });
    expect(bad.statusCode).toBe(400);
    const firstCode = await totpCode(secret, h().clock);
    const ok = await c.post('/api/auth/totp/verify', { code: firstCode });
    expect(ok.json().stage).toBe('active');
    expect((await c.get('/api/audit')).statusCode).toBe(200);
    // The secret is stored encrypted.
    const row = await sql<{
      totp_secret_enc: string;
    }>`select totp_secret_enc from users where username = 'dpo'`.execute(h().services.database.db);
    expect(row.rows[0]?.totp_secret_enc).not.toContain(secret);

    // Next login: a code is required; a replayed code is refused.
    const again = new Client(h().app);
    const second = await again.post('/api/auth/login', { username: 'dpo', password: DEMO_PASSWORD });
    expect(second.json().stage).toBe('totp');
    expect((await again.post('/api/auth/totp/enroll')).statusCode).toBe(403);
    // The very code used above (recomputing it could land in the next 30-second step on a slow machine).
    expect((await again.post('/api/auth/totp/verify', { code: firstCode })).statusCode).toBe(400);
    h().clock.advance(30_000);
    const verified = await again.post('/api/auth/totp/verify', { code: await totpCode(secret, h().clock) });
    expect(verified.json().stage).toBe('active');
  });

  it('ends a session after 30 idle minutes and after 12 hours at most', async () => {
    const c = await h().login('legal.ntt');
    h().clock.advance(29 * 60_000);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    h().clock.advance(31 * 60_000);
    const idle = await c.get('/api/auth/me');
    expect(idle.statusCode).toBe(401);
    expect(idle.json().code).toBe('session_expired');

    const d = await h().login('legal.ntt');
    for (let i = 0; i < 25; i++) {
      h().clock.advance(29 * 60_000);
      await d.get('/api/auth/me');
    }
    const absolute = await d.get('/api/auth/me');
    expect(absolute.statusCode).toBe(401);
  });

  it('logs out everywhere', async () => {
    const a = await h().login('provider.shelter');
    const b = await h().login('provider.shelter');
    expect((await a.post('/api/auth/logout-all')).statusCode).toBe(204);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('enforces the password rules and answers in the caller language', async () => {
    const c = await h().login('programme.jabar');
    const short = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0]).toMatchObject({
      field: 'newPassword',
      code: 'password_too_short',
      message: 'Gunakan minimal 12 karakter.',
    });
    await c.patch('/api/auth/me', { locale: 'en' });
    const common = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'password1234' });
    expect(common.json().errors[0]).toMatchObject({ field: 'newPassword', code: 'password_weak' });
    expect(common.json().errors[0].message).toContain('too easy to guess');
    const indonesian = await c.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'bismillah1234',
    });
    expect(indonesian.json().errors?.[0]?.code).toBe('password_weak');
    const wrong = await c.post('/api/auth/password', {
      currentPassword: 'not-my-password',
      newPassword: 'kopi-hujan-sepeda-jendela',
    });
    expect(wrong.json().code).toBe('password_wrong');
    const ok = await c.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'kopi-hujan-sepeda-jendela',
    });
    expect(ok.statusCode).toBe(200);
    expect((await h().login('programme.jabar', 'kopi-hujan-sepeda-jendela')).csrf).toBeTruthy();
  });

  describe('session cache', () => {
    it('refuses a cached session at once when its agency is disabled, and serves it again once re-enabled', async () => {
      const worker = await h().login('caseworker.ntt');
      const me = await worker.get('/api/auth/me');
      expect(me.statusCode).toBe(200);
      // Served from the cache now (no query): the agency change must still reach it.
      expect((await worker.get('/api/auth/me')).statusCode).toBe(200);
      const agencyId = me.json().agency.id as string;
      const admin = await h().login('admin');
      expect((await admin.post(`/api/agencies/${agencyId}/disable`)).statusCode).toBe(200);
      const refused = await worker.get('/api/auth/me');
      expect(refused.statusCode).toBe(401);
      expect(refused.json().code).toBe('session_expired');
      expect((await admin.post(`/api/agencies/${agencyId}/enable`)).statusCode).toBe(200);
    });

    it('shows a role change, a preference change and a logout on the very next request', async () => {
      const c = await h().login('caseworker.ntt');
      expect((await c.get('/api/auth/me')).json().locale).toBe('id');
      expect((await c.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
      expect((await c.get('/api/auth/me')).json().locale).toBe('en');
      expect((await c.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
      const cookie = { ...c.cookies };
      expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
      const stale = new Client(h().app);
      stale.cookies = cookie;
      expect((await stale.get('/api/auth/me')).statusCode).toBe(401);
    });

    it('still enforces the idle timeout on a cached session', async () => {
      const c = await h().login('caseworker.ntt');
      expect((await c.get('/api/auth/me')).statusCode).toBe(200);
      h().clock.advance(31 * 60_000);
      try {
        expect((await c.get('/api/auth/me')).statusCode).toBe(401);
      } finally {
        h().clock.advance(-31 * 60_000);
      }
    });
  });
});
