import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Client, describeEachDatabase } from '../../../test/support/harness.js';
import { DEMO_PASSWORD } from '../../cli/demo-seed.js';

const NEW_PASSWORD = 'Senja-Teluk-Kupang-Biru-77';
const ALL_ROLES = [
  'case_worker',
  'dpo',
  'intake_officer',
  'intl_partner',
  'legal_liaison',
  'lpsk_officer',
  'police_investigator',
  'programme_officer',
  'prosecutor',
  'service_provider',
  'supervisor',
  'sysadmin',
  'taskforce_analyst',
];

describeEachDatabase('users', (h) => {
  let adminClient: Client | undefined;
  const admin = async (): Promise<Client> => {
    if (adminClient && (await adminClient.get('/api/auth/me')).statusCode === 200) return adminClient;
    adminClient = await h().login('admin');
    return adminClient;
  };

  const agencyId = async (name: string) =>
    (await sql<{ id: string }>`select id from agencies where name = ${name}`.execute(h().services.database.db)).rows[0]!
      .id;
  const userId = async (username: string) =>
    (await sql<{ id: string }>`select id from users where username = ${username}`.execute(h().services.database.db))
      .rows[0]!.id;
  const userCount = async () =>
    Number(
      (await sql<{ n: number | string }>`select count(*) as n from users`.execute(h().services.database.db)).rows[0]?.n,
    );

  const UPTD_NTT = 'UPTD PPA Provinsi Nusa Tenggara Timur';
  const POLICE_NTT = 'Unit PPA Polda Nusa Tenggara Timur';

  /** Logs in without completing any step; returns the client and the login answer. */
  const rawLogin = async (username: string, password: string) => {
    const c = new Client(h().app);
    const res = await c.post('/api/auth/login', { username, password });
    return { c, res };
  };

  /** Creates an account through the API and takes it through its first password change. */
  const createActiveUser = async (username: string, roles: string[], agency = UPTD_NTT) => {
    const a = await admin();
    const created = await a.post('/api/users', {
      username,
      displayName: `Staf ${username}`,
      agencyId: await agencyId(agency),
      roles,
    });
    expect(created.statusCode).toBe(201);
    const { c, res } = await rawLogin(username, created.json().temporaryPassword);
    expect(res.json().stage).toBe('password_change');
    const changed = await c.post('/api/auth/password', {
      currentPassword: created.json().temporaryPassword,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.json().stage).toBe('active');
    return { id: created.json().user.id as string, client: c };
  };

  it('lets the administrator create a case worker (201) with a temporary password that must be changed first', async () => {
    const a = await admin();
    const agency = await agencyId(UPTD_NTT);
    const res = await a.post('/api/users', {
      username: 'Maria.Baru',
      displayName: 'Maria Baru',
      agencyId: agency,
      roles: ['case_worker'],
      locale: 'en',
      timeZone: 'Asia/Makassar',
    });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(user).toMatchObject({
      username: 'maria.baru',
      displayName: 'Maria Baru',
      agencyId: agency,
      agencyName: UPTD_NTT,
      roles: ['case_worker'],
      locale: 'en',
      timeZone: 'Asia/Makassar',
      status: 'active',
      totpEnabled: false,
      mustChangePassword: true,
      lockedUntil: null,
      lastLoginAt: null,
    });
    expect(typeof temporaryPassword).toBe('string');
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    expect(res.body).not.toContain('password_hash');
    const stored = await sql<{ password_hash: string }>`select password_hash from users where id = ${user.id}`.execute(
      h().services.database.db,
    );
    expect(stored.rows[0]!.password_hash).not.toContain(temporaryPassword);

    // First login: only the password change is open.
    const { c, res: login } = await rawLogin('maria.baru', temporaryPassword);
    expect(login.statusCode).toBe(200);
    expect(login.json().stage).toBe('password_change');
    expect(login.json().me.permissions).toEqual([]);
    for (const [method, url] of [
      ['GET', '/api/agencies'],
      ['GET', '/api/users'],
      ['GET', '/api/alerts'],
      ['POST', '/api/auth/totp/enroll'],
    ] as const) {
      const blocked = await c.request(method, url);
      expect(blocked.statusCode, `${method} ${url}`).toBe(403);
      expect(blocked.json().code).toBe('session_incomplete');
    }
    expect((await c.get('/api/auth/me')).json().stage).toBe('password_change');

    // The temporary password cannot be kept.
    const same = await c.post('/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: temporaryPassword,
    });
    expect(same.statusCode).toBe(400);

    const changed = await c.post('/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().stage).toBe('active');
    expect(changed.json().me.permissions).toContain('persons.read');
    expect((await c.get('/api/agencies')).statusCode).toBe(200);

    // The temporary password is gone; the new one logs straight in.
    expect((await rawLogin('maria.baru', temporaryPassword)).res.statusCode).toBe(401);
    const again = await rawLogin('maria.baru', NEW_PASSWORD);
    expect(again.res.json().stage).toBe('active');
    expect((await a.get(`/api/users/${user.id}`)).json().mustChangePassword).toBe(false);
  });

  it('refuses a duplicate username (409, any case) and creates nothing', async () => {
    const a = await admin();
    const before = await userCount();
    for (const username of ['caseworker.ntt', 'CaseWorker.NTT']) {
      const res = await a.post('/api/users', {
        username,
        displayName: 'Dua Kali',
        agencyId: await agencyId(UPTD_NTT),
        roles: ['case_worker'],
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ status: 409, code: 'username_taken' });
      expect(res.json().errors[0].field).toBe('username');
    }
    expect(await userCount()).toBe(before);
  });

  it('refuses an unknown role (400) naming the role field', async () => {
    const a = await admin();
    const before = await userCount();
    const res = await a.post('/api/users', {
      username: 'peran.aneh',
      displayName: 'Peran Aneh',
      agencyId: await agencyId(UPTD_NTT),
      roles: ['case_worker', 'wizard'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('role_unknown');
    expect(res.json().errors[0].field).toBe('roles.1');
    const empty = await a.post('/api/users', {
      username: 'peran.kosong',
      displayName: 'Peran Kosong',
      agencyId: await agencyId(UPTD_NTT),
      roles: [],
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ field: 'roles', code: 'too_few_items' });
    expect(await userCount()).toBe(before);
  });

  it('refuses an unknown agency (400) naming agencyId', async () => {
    const a = await admin();
    const before = await userCount();
    const res = await a.post('/api/users', {
      username: 'tanpa.lembaga',
      displayName: 'Tanpa Lembaga',
      agencyId: randomUUID(),
      roles: ['case_worker'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('agency_not_found');
    expect(res.json().errors[0].field).toBe('agencyId');
    const malformed = await a.post('/api/users', {
      username: 'tanpa.lembaga',
      displayName: 'Tanpa Lembaga',
      agencyId: 'kupang',
      roles: ['case_worker'],
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('agencyId');
    expect(await userCount()).toBe(before);
  });

  it('shows a supervisor only the users of their own agency', async () => {
    const s = await h().login('supervisor.ntt');
    const res = await s.get('/api/users?limit=200');
    expect(res.statusCode).toBe(200);
    const own = await agencyId(UPTD_NTT);
    const items = res.json().items as { username: string; agencyId: string }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((u) => u.agencyId === own)).toBe(true);
    const names = items.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['caseworker.ntt', 'intake.ntt', 'supervisor.ntt']));
    expect(names).not.toContain('admin');
    expect(names).not.toContain('legal.ntt');

    // Asking for another agency's users shows nothing.
    const other = await s.get(`/api/users?agencyId=${await agencyId(POLICE_NTT)}`);
    expect(other.statusCode).toBe(200);
    expect(other.json().items).toEqual([]);
    // The administrator sees everyone.
    const all = (await (await admin()).get('/api/users?limit=200'))
      .json()
      .items.map((u: { username: string }) => u.username);
    expect(all).toEqual(expect.arrayContaining(['admin', 'legal.ntt', 'caseworker.ntt', 'partner.iom']));
  });

  it('answers a supervisor asking for another agency’s user exactly like a missing one (404)', async () => {
    const s = await h().login('supervisor.ntt');
    const outside = await s.get(`/api/users/${await userId('legal.ntt')}`);
    const missing = await s.get(`/api/users/${randomUUID()}`);
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.body).toBe(missing.body);
    expect(outside.headers['content-type']).toBe(missing.headers['content-type']);
    // Within the agency: visible.
    const inside = await s.get(`/api/users/${await userId('caseworker.ntt')}`);
    expect(inside.statusCode).toBe(200);
    expect(inside.json().username).toBe('caseworker.ntt');
    // A supervisor does not manage accounts.
    expect(
      (
        await s.post('/api/users', {
          username: 'x.sup',
          displayName: 'X Sup',
          agencyId: await agencyId(UPTD_NTT),
          roles: ['case_worker'],
        })
      ).statusCode,
    ).toBe(403);
  });

  it('resets a password: the user’s sessions end, the new temporary password works and forces a change', async () => {
    const { id, client: session1 } = await createActiveUser('reset.saya', ['intake_officer']);
    const session2 = (await rawLogin('reset.saya', NEW_PASSWORD)).c;
    expect((await session1.get('/api/auth/me')).statusCode).toBe(200);

    const res = await (await admin()).post(`/api/users/${id}/reset-password`);
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    expect(temporaryPassword).not.toBe(NEW_PASSWORD);

    for (const c of [session1, session2]) {
      const ended = await c.get('/api/auth/me');
      expect(ended.statusCode).toBe(401);
      expect(ended.json().code).toBe('session_expired');
    }
    expect((await rawLogin('reset.saya', NEW_PASSWORD)).res.statusCode).toBe(401);
    const { c, res: login } = await rawLogin('reset.saya', temporaryPassword);
    expect(login.statusCode).toBe(200);
    expect(login.json().stage).toBe('password_change');
    expect((await c.get('/api/agencies')).json().code).toBe('session_incomplete');
    const changed = await c.post('/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: 'Pohon-Lontar-Rote-Malam-31',
    });
    expect(changed.json().stage).toBe('active');

    const events = await sql<{
      n: number | string;
    }>`select count(*) as n from audit_events where action = 'users.resetPassword' and entity_id = ${id}`.execute(
      h().services.database.db,
    );
    expect(Number(events.rows[0]!.n)).toBe(1);
    expect((await (await admin()).post(`/api/users/${randomUUID()}/reset-password`)).statusCode).toBe(404);
  });

  it('disables an account: its sessions end and login fails exactly like a wrong password; enabling restores it', async () => {
    const { id, client } = await createActiveUser('nonaktif.saya', ['legal_liaison'], POLICE_NTT);
    const a = await admin();
    const res = await a.post(`/api/users/${id}/disable`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');

    const ended = await client.get('/api/auth/me');
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe('session_expired');

    const right = await rawLogin('nonaktif.saya', NEW_PASSWORD);
    const wrong = await rawLogin('nonaktif.saya', 'bukan-kata-sandi-ini-99');
    expect(right.res.statusCode).toBe(401);
    expect(right.res.json().code).toBe('invalid_credentials');
    expect(right.res.body).toBe(wrong.res.body);
    expect(right.res.cookies).toEqual([]);

    const enabled = await a.post(`/api/users/${id}/enable`);
    expect(enabled.json().status).toBe('active');
    expect((await rawLogin('nonaktif.saya', NEW_PASSWORD)).res.json().stage).toBe('active');
  });

  it('does not let the administrator disable their own account (409)', async () => {
    const a = await admin();
    const me = (await a.get('/api/auth/me')).json();
    const res = await a.post(`/api/users/${me.id}/disable`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ status: 409, code: 'cannot_disable_self' });
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await a.get(`/api/users/${me.id}`)).json().status).toBe('active');
  });

  it('lists the ten built-in roles with their scopes; the task-force analyst is aggregate-only without person or case rights', async () => {
    const res = await (await admin()).get('/api/roles');
    expect(res.statusCode).toBe(200);
    const roles = res.json() as {
      key: string;
      scope: string;
      permissions: string[];
      requiresTotp: boolean;
      aggregateOnly: boolean;
    }[];
    expect(roles.map((r) => r.key).sort()).toEqual(ALL_ROLES);
    const byKey = new Map(roles.map((r) => [r.key, r]));
    for (const r of roles) {
      expect(['own', 'agency', 'jurisdiction', 'all']).toContain(r.scope);
      expect(r.permissions.length).toBeGreaterThan(0);
    }
    expect(byKey.get('sysadmin')).toMatchObject({ scope: 'all', requiresTotp: true, aggregateOnly: false });
    expect(byKey.get('dpo')).toMatchObject({ scope: 'all', requiresTotp: true });
    expect(byKey.get('supervisor')).toMatchObject({ scope: 'agency', requiresTotp: true });
    expect(byKey.get('case_worker')).toMatchObject({ scope: 'own', requiresTotp: false });
    const analyst = byKey.get('taskforce_analyst')!;
    expect(analyst).toMatchObject({ scope: 'jurisdiction', aggregateOnly: true });
    expect(analyst.permissions.filter((p) => p.startsWith('persons.') || p.startsWith('cases.'))).toEqual([]);
    expect(roles.filter((r) => r.aggregateOnly).map((r) => r.key)).toEqual(['taskforce_analyst']);

    // Readable by the roles that hold roles.read; not by a case worker.
    expect((await (await h().login('supervisor.ntt')).get('/api/roles')).statusCode).toBe(200);
    expect((await (await h().login('caseworker.ntt')).get('/api/roles')).statusCode).toBe(403);
  });

  it('ends a user’s sessions when their roles change, so the new rights apply at once; other edits keep them', async () => {
    const { id, client } = await createActiveUser('peran.ganti', ['case_worker']);
    const a = await admin();

    const renamed = await a.patch(`/api/users/${id}`, { displayName: 'Peran Sudah Ganti' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().displayName).toBe('Peran Sudah Ganti');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);

    const sameRoles = await a.patch(`/api/users/${id}`, { roles: ['case_worker'] });
    expect(sameRoles.statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);

    const res = await a.patch(`/api/users/${id}`, { roles: ['intake_officer', 'legal_liaison'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['intake_officer', 'legal_liaison']);
    const ended = await client.get('/api/auth/me');
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe('session_expired');

    const { res: login } = await rawLogin('peran.ganti', NEW_PASSWORD);
    expect(login.json().me.roles.sort()).toEqual(['intake_officer', 'legal_liaison']);
    expect(login.json().me.permissions).toContain('legal.manage');
    expect(login.json().me.permissions).not.toContain('access.breakGlass');

    const unknown = await a.patch(`/api/users/${id}`, { roles: ['wizard'] });
    expect(unknown.statusCode).toBe(400);
    expect((await a.get(`/api/users/${id}`)).json().roles).toEqual(['intake_officer', 'legal_liaison']);
  });

  it('keeps demo accounts working with the demo password (sanity of the seed)', async () => {
    const { res } = await rawLogin('caseworker.ntt', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().stage).toBe('active');
  });
});
