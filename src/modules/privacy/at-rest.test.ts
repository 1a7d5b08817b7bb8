import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase, totpCode } from '../../../test/support/harness.js';
import { provisionOnce } from '../../../test/support/provision.js';
import { encryptLegacyFreeText } from '../../platform/free-text.js';

/**
 * Issue 10 item 6: free text that may hold personal data is encrypted at rest — task titles, audit purposes,
 * break-the-glass reasons — and rows written in the clear before migration 0070 are encrypted at start.
 * Each test reads the raw database rows and looks for the plaintext anywhere in them.
 */
describeEachDatabase(
  'free text encrypted at rest',
  (h) => {
    const db = () => h().services.database.db;
    /** Every value of every row of a table, as one text: the plaintext must not be anywhere in it. */
    const rawText = async (table: string) =>
      JSON.stringify((await sql`select * from ${sql.table(table)}`.execute(db())).rows);
    /**
     * A case with a task, an audited reveal and a break-the-glass grant, each holding a place name ("Oesapa").
     * Each test makes its own, so any test runs alone and in any order.
     */
    const caseWithFreeText = async () => {
      const cw = await h().login('caseworker.ntt');
      const created = await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71' },
        identity: { fullName: 'Yosefina Taek Rahasia' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const caseId = created.json().id as string;
      const personId = created.json().personId as string;

      const task = await cw.post(`/api/cases/${caseId}/tasks`, { title: 'Kunjungi Yosefina di rumah bibinya, Oesapa' });
      expect(task.statusCode, task.body).toBe(201);

      const reveal = await cw.post(`/api/persons/${personId}/identity/reveal`, {
        purpose: 'Menghubungi bibinya di Oesapa untuk penelusuran',
        fields: ['fullName'],
      });
      expect(reveal.statusCode, reveal.body).toBe(200);

      // A shelter case worker in the same province breaks the glass with a fresh TOTP code.
      const shelter = await provisionOnce(h(), 'caseworker.shelter10', 'Rumah Aman Sahabat Perempuan Kupang', [
        'case_worker',
      ]);
      h().clock.advance(30_000);
      const grant = await shelter.post('/api/access/break-glass', {
        entityType: 'person',
        entityId: personId,
        reason: 'Yosefina datang ke rumah aman tengah malam dari Oesapa',
        totpCode: await totpCode(shelter.totpSecret!, h().clock),
      });
      expect(grant.statusCode, grant.body).toBe(201);
      return { cw, shelter, caseId, personId, grant: grant.json() as { id: string; reason: string; capHours: number } };
    };

    it('stores a task title, an audit purpose and a break-the-glass reason only as ciphertext', async () => {
      const { cw, shelter, caseId, personId, grant } = await caseWithFreeText();
      expect(
        (await cw.get(`/api/cases/${caseId}/tasks`)).json().some((t: { title: string }) => t.title.includes('Oesapa')),
      ).toBe(true);
      expect(grant.reason).toContain('Oesapa');
      // The web page shows the instance's cap (PULIH_BREAK_GLASS_HOURS) with the grant.
      expect(grant.capHours).toBe(4);

      for (const table of ['case_tasks', 'audit_events', 'access_grants']) {
        expect(await rawText(table), table).not.toContain('Oesapa');
      }
      // Those who may read them still read the text.
      const grants = (await shelter.get('/api/access/grants')).json() as { id: string; reason: string }[];
      expect(grants.find((g) => g.id === grant.id)?.reason).toContain('Oesapa');
      const dpo = await h().login('dpo');
      const queue = (await dpo.get('/api/access/grants/review')).json();
      expect(JSON.stringify(queue)).toContain('tengah malam dari Oesapa');
      const audit = (await dpo.get(`/api/audit?entityId=${personId}`)).json();
      expect(JSON.stringify(audit)).toContain('Menghubungi bibinya di Oesapa');
      // The chain still verifies: it hashes the ciphertext.
      expect((await dpo.get('/api/audit/verify')).json().ok).toBe(true);
    });

    it('encrypts titles and reasons written in the clear before migration 0070, once', async () => {
      const { caseId, grant } = await caseWithFreeText();
      const taskId = (
        await sql<{ id: string }>`select id from case_tasks where case_id = ${caseId} limit 1`.execute(db())
      ).rows[0]!.id;
      const grantId = grant.id;
      // As the old code wrote them.
      await sql`update case_tasks set title = ${'Jemput Yosefina di Bandara El Tari'}, title_enc = null where id = ${taskId}`.execute(
        db(),
      );
      await sql`update access_grants set reason = ${'Yosefina di Bandara El Tari malam ini'}, reason_enc = null where id = ${grantId}`.execute(
        db(),
      );
      expect(await rawText('case_tasks')).toContain('El Tari');
      // The old plaintext still reads while it waits for the start-up pass.
      const cw = await h().login('caseworker.ntt');
      expect(JSON.stringify((await cw.get(`/api/cases/${caseId}/tasks`)).json())).toContain('El Tari');

      expect(await encryptLegacyFreeText(db(), h().services.keyring)).toBe(2);
      expect(await encryptLegacyFreeText(db(), h().services.keyring)).toBe(0);
      expect(await rawText('case_tasks')).not.toContain('El Tari');
      expect(await rawText('access_grants')).not.toContain('El Tari');
      expect(JSON.stringify((await cw.get(`/api/cases/${caseId}/tasks`)).json())).toContain(
        'Jemput Yosefina di Bandara El Tari',
      );
      const queue = (await (await h().login('dpo')).get('/api/access/grants/review')).json();
      expect(JSON.stringify(queue)).toContain('Yosefina di Bandara El Tari malam ini');
    });
  },
  { env: { PULIH_TOTP_REQUIRED_ROLES: 'sysadmin,dpo,supervisor,case_worker' } },
);
