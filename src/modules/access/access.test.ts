import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase, totpCode } from '../../../test/support/harness.js';
import { provisionOnce } from '../../../test/support/provision.js';
import { auditPurpose } from '../../platform/audit.js';
import { syncBuiltinRoles } from '../users/index.js';

describeEachDatabase(
  'access engine and break-the-glass',
  (h) => {
    const missingId = '01a22a15-0000-7000-8000-00000000abcd';
    /** A person recorded by caseworker.ntt in Kupang (each test records its own: any test runs alone). */
    const newPerson = async (owner: Client) => {
      const res = await owner.post('/api/persons', {
        sex: 'Feminine',
        birthYear: 2009,
        regionCode: '53.71',
        identity: { fullName: 'Maria Goreti Bria' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const alertsAbout = async (client: Client, entityId: string) =>
      (await client.get(`/api/alerts?limit=200&entityId=${entityId}`)).json().items as {
        id: string;
        kind: string;
        entityId: string;
      }[];

    it('denies by default: a record outside scope answers exactly like a missing one', async () => {
      const owner = await h().login('caseworker.ntt');
      const personId = await newPerson(owner);
      // The police legal liaison works in another agency.
      const outsider = await h().login('legal.ntt');
      const hidden = await outsider.get(`/api/persons/${personId}`);
      const missing = await outsider.get(`/api/persons/${missingId}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).toBe(missing.body);
      // The task-force analyst is aggregate-only: no person-level route at all.
      const analyst = await h().login('analyst.national');
      expect((await analyst.get(`/api/persons/${personId}`)).statusCode).toBe(404);
      expect((await analyst.post('/api/persons', { identity: { fullName: 'X' } })).statusCode).toBe(403);
      // The supervisor's scope is the agency.
      const supervisor = await h().login('supervisor.ntt');
      expect((await supervisor.get(`/api/persons/${personId}`)).statusCode).toBe(200);
    });

    it('opens one record in an emergency: inside the jurisdiction, a fresh TOTP code, capped, audited, DPO and supervisors alerted', async () => {
      const owner = await h().login('caseworker.ntt');
      const personId = await newPerson(owner);
      // A case worker of another agency in the same province (a shelter in Kupang) whose victim arrived at night.
      const c = await provisionOnce(h(), 'caseworker.shelter', 'Rumah Aman Sahabat Perempuan Kupang', ['case_worker']);
      expect((await c.get(`/api/persons/${personId}`)).statusCode).toBe(404);
      const ask = (body: Record<string, unknown>) =>
        c.post('/api/access/break-glass', {
          entityType: 'person',
          entityId: personId,
          reason: 'Victim arrived at our shelter at night',
          ...body,
        });
      const short = await ask({ reason: 'urgent' });
      expect(short.statusCode).toBe(400);
      expect(short.json().errors[0].field).toBe('reason');
      const unknown = await c.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: missingId,
        reason: 'Victim arrived at our shelter at night',
      });
      expect(unknown.statusCode).toBe(404);
      // No code, a wrong code: refused, nothing granted.
      expect((await ask({})).json().errors[0].field).toBe('totpCode');
      expect((await ask({ totpCode: '000000' })).statusCode).toBe(400);
      h().clock.advance(30_000);
      // Asking for three days gets PULIH_BREAK_GLASS_HOURS (4 h).
      const grant = await ask({ totpCode: await totpCode(c.totpSecret!, h().clock), durationMinutes: 72 * 60 });
      expect(grant.statusCode, grant.body).toBe(201);
      expect(Date.parse(grant.json().expiresAt) - Date.parse(grant.json().grantedAt)).toBe(4 * 3_600_000);
      expect((await c.get(`/api/persons/${personId}`)).statusCode).toBe(200);
      expect((await c.get('/api/access/grants')).json()).toHaveLength(1);
      // The same code cannot be replayed for a second grant.
      const replay = await c.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: personId,
        reason: 'Victim arrived at our shelter at night',
        totpCode: await totpCode(c.totpSecret!, h().clock),
      });
      expect(replay.statusCode).toBe(400);

      const audit = (
        await sql<{
          id: string;
          purpose: string;
          actor_username: string;
        }>`select id, purpose, actor_username from audit_events where action = 'access.breakGlass' and entity_id = ${personId}`.execute(
          h().services.database.db,
        )
      ).rows;
      expect(audit.map((a) => a.actor_username)).toEqual(['caseworker.shelter']);
      // The reason is encrypted at rest, in the audit trail and in the grant (issue 10 item 6).
      expect(audit[0]!.purpose).not.toContain('shelter');
      expect(auditPurpose(h().services.keyring, audit[0]!)).toBe('Victim arrived at our shelter at night');

      for (const who of ['supervisor.ntt', 'dpo']) {
        const alerts = await alertsAbout(await h().login(who), personId);
        expect(
          alerts.some((a) => a.kind === 'break_glass' && a.entityId === personId),
          who,
        ).toBe(true);
      }
      const supervisor = await h().login('supervisor.ntt');
      const alerts = await alertsAbout(supervisor, personId);
      const count = (await supervisor.get('/api/alerts/unread-count')).json().count;
      expect(count).toBeGreaterThan(0);
      const alert = alerts.find((a) => a.kind === 'break_glass')!;
      expect((await supervisor.post(`/api/alerts/${alert.id}/read`)).statusCode).toBe(204);
      expect((await supervisor.get('/api/alerts/unread-count')).json().count).toBe(count - 1);
      // Someone else's alert is a 404.
      expect((await owner.post(`/api/alerts/${alert.id}/read`)).statusCode).toBe(404);

      // After the grant expires the record is closed again.
      h().clock.advance(4 * 3_600_000 + 60_000);
      const again = await h().login('caseworker.shelter');
      expect((await again.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    });

    it('refuses break-the-glass outside the jurisdiction exactly like a missing record', async () => {
      const personId = await newPerson(await h().login('caseworker.ntt'));
      const far = await provisionOnce(h(), 'caseworker.jabar', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
      h().clock.advance(30_000);
      const code = await totpCode(far.totpSecret!, h().clock);
      const asked = await far.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: personId,
        reason: 'Curious about a victim in another province',
        totpCode: code,
      });
      const missing = await far.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: missingId,
        reason: 'Curious about a victim in another province',
        totpCode: code,
      });
      expect(asked.statusCode).toBe(404);
      expect(asked.body).toBe(missing.body);
      expect((await far.get('/api/access/grants')).json()).toEqual([]);
    });

    it('refuses break-the-glass for a record already in scope, and to roles without the permission', async () => {
      const owner = await h().login('caseworker.ntt');
      const personId = await newPerson(owner);
      const inScope = await owner.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: personId,
        reason: 'I can already see this record',
      });
      expect(inScope.statusCode).toBe(409);
      const programme = await h().login('programme.jabar');
      expect(
        (
          await programme.post('/api/access/break-glass', {
            entityType: 'person',
            entityId: personId,
            reason: 'Programme officer has no business here',
          })
        ).statusCode,
      ).toBe(403);
    });

    it('breaks the glass outside the jurisdiction only under the role setting access.breakGlass.anywhere', async () => {
      const owner = await h().login('caseworker.ntt');
      const target = (
        await owner.post('/api/persons', {
          sex: 'Feminine',
          birthYear: 2004,
          regionCode: '53.71',
          identity: { fullName: 'Yosefina Tefa Darurat' },
        })
      ).json().id as string;
      // An operator adds a role holding the setting to the roles table (no built-in role holds it).
      const { db, adapter } = h().services.database;
      await sql`insert into roles (key, scope, permissions, requires_totp, aggregate_only, builtin, updated_at)
        values (${'national_responder'}, ${'own'}, ${adapter.toJson(['access.breakGlass.anywhere'])}, 0, 0, 0, ${h().clock.now().toISOString()})`.execute(
        db,
      );
      await syncBuiltinRoles(h().services);
      const far = await h().provision('responder.jabar', 'UPTD PPA Provinsi Jawa Barat', [
        'case_worker',
        'national_responder',
      ]);
      expect((await far.get(`/api/persons/${target}`)).statusCode).toBe(404);
      h().clock.advance(30_000);
      const grant = await far.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: target,
        reason: 'Victim found at Soekarno-Hatta airport, family in Kupang',
        totpCode: await totpCode(far.totpSecret!, h().clock),
      });
      expect(grant.statusCode, grant.body).toBe(201);
      expect((await far.get(`/api/persons/${target}`)).statusCode).toBe(200);
    });

    it("alerts the record's agency through its administrators when it has no supervisor", async () => {
      // A shelter (no supervisor among its staff) records a victim; a case worker of the UPTD breaks the glass.
      const shelter = await h().provision('caseworker.rumahaman', 'Rumah Aman Sahabat Perempuan Kupang', [
        'case_worker',
      ]);
      const target = (
        await shelter.post('/api/persons', {
          sex: 'Feminine',
          birthYear: 2003,
          regionCode: '53.71',
          identity: { fullName: 'Florida Manu Darurat' },
        })
      ).json().id as string;
      const cw = await h().login('caseworker.ntt');
      h().clock.advance(30_000);
      const grant = await cw.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: target,
        reason: 'Victim brought to the UPTD by the police at night',
        totpCode: await totpCode(cw.totpSecret!, h().clock),
      });
      expect(grant.statusCode, grant.body).toBe(201);
      const alerted = async (who: string) =>
        ((await (await h().login(who)).get('/api/alerts')).json().items as { kind: string; entityId: string }[]).some(
          (a) => a.kind === 'break_glass' && a.entityId === target,
        );
      expect(await alerted('admin')).toBe(true);
      expect(await alerted('dpo')).toBe(true);
      // The UPTD's supervisor is not the record's agency: not told.
      expect(await alerted('supervisor.ntt')).toBe(false);
    });
  },
  { env: { PULIH_TOTP_REQUIRED_ROLES: 'sysadmin,dpo,supervisor,case_worker' } },
);
