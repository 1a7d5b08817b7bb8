import { beforeEach, expect, it } from 'vitest';
import { type Client, describeEachDatabase, totpCode } from '../support/harness.js';

/**
 * Replayed authority, from the attacker's side (issue 10): whatever once opened a victim's file — a
 * break-the-glass grant, a place on the case team, a session — must stop opening it the moment it ends.
 * An ended grant or a removed member gets exactly the answer a missing record gets (404, same body); an
 * ended session gets 401. (A replayed CSRF token of another session is test/integration/csrf.test.ts; a
 * session replayed after "log out everywhere" is src/modules/users/auth.test.ts.)
 */

const NAME = 'Maria Goreti Lodo Replay';
const missingId = '01a22a15-0000-7000-8000-00000000abcd';
const HOUR = 3_600_000;
const boundary = '----pulihreplay';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\nKTP Maria Goreti 5371014709990004');

function multipart(kind: string, bytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

async function upload(c: Client, caseId: string, kind: string): Promise<string> {
  const res = await c.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments`,
    headers: {
      cookie: Object.entries(c.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      'x-csrf-token': c.csrf!,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: multipart(kind, PDF),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const download = (c: Client, attachmentId: string) =>
  c.post(`/api/attachments/${attachmentId}/download`, { purpose: 'Checking the identity card for the shelter' });
const reveal = (c: Client, personId: string) =>
  c.post(`/api/persons/${personId}/identity/reveal`, { purpose: 'Checking who this person is', fields: ['fullName'] });
const identityPdf = (c: Client, caseId: string) =>
  c.post(`/api/cases/${caseId}/summary-pdf`, {
    identityFields: ['fullName'],
    purpose: 'Court file for the prosecutor',
  });

describeEachDatabase(
  'replayed authority: an ended grant, a removed team member, an ended session',
  (h) => {
    let caseId = '';
    let personId = '';
    let identityDoc = '';
    let plainDoc = '';
    // Each test starts from a case of its own, recorded by caseworker.ntt, with an identity card and a document.
    beforeEach(async () => {
      const cw = await h().login('caseworker.ntt');
      const created = await cw.post('/api/cases', {
        referralSource: 'police',
        person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71' },
        identity: { fullName: NAME },
      });
      expect(created.statusCode, created.body).toBe(201);
      caseId = created.json().id;
      personId = created.json().personId;
      identityDoc = await upload(cw, caseId, 'identity_document');
      plainDoc = await upload(cw, caseId, 'document');
    });

    /** What a record that does not exist looks like to this caller: the bar every closed path must meet. */
    async function expectLikeMissing(c: Client) {
      const missingFile = await download(c, missingId);
      const missingPerson = await reveal(c, missingId);
      expect(missingFile.statusCode).toBe(404);
      expect(missingPerson.statusCode).toBe(404);
      const file = await download(c, identityDoc);
      expect(file.statusCode).toBe(404);
      expect(file.body).toBe(missingFile.body);
      const person = await reveal(c, personId);
      expect(person.statusCode).toBe(404);
      expect(person.body).toBe(missingPerson.body);
    }

    /** A case worker of a shelter in the same province breaks the glass on the case with a step-up code. */
    async function breakGlass(c: Client): Promise<string> {
      h().clock.advance(30_000);
      const grant = await c.post('/api/access/break-glass', {
        entityType: 'case',
        entityId: caseId,
        reason: 'Victim arrived at our shelter at night',
        totpCode: await totpCode(c.totpSecret!, h().clock),
      });
      expect(grant.statusCode, grant.body).toBe(201);
      // The grant works: the identity card and the name open (so the 404s below are the grant's end, not a setup gap).
      expect((await download(c, identityDoc)).statusCode).toBe(200);
      expect((await reveal(c, personId)).json()).toEqual({ fullName: NAME });
      return grant.json().id as string;
    }

    it('an expired break-the-glass grant opens neither the identity card nor the identity: 404 like a missing record', async () => {
      const shelter = await h().provision('replay.expired', 'Rumah Aman Sahabat Perempuan Kupang', ['case_worker']);
      await breakGlass(shelter);
      // PULIH_BREAK_GLASS_HOURS is 4: a minute past it the grant has ended (a fresh login, the old session idled out).
      h().clock.advance(4 * HOUR + 60_000);
      await expectLikeMissing(await h().login('replay.expired'));
    });

    it('a revoked grant stops at once, in the same session that used it', async () => {
      const shelter = await h().provision('replay.revoked', 'Rumah Aman Sahabat Perempuan Kupang', ['case_worker']);
      const grantId = await breakGlass(shelter);
      const dpo = await h().login('dpo');
      const revoked = await dpo.post(`/api/access/grants/${grantId}/revoke`);
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().active).toBe(false);
      await expectLikeMissing(shelter);
    });

    it('a team member removed from the case downloads nothing, opens no identity, prints no PDF with identity', async () => {
      const cw = await h().login('caseworker.ntt');
      // Before: all of it is hers.
      expect((await download(cw, identityDoc)).statusCode).toBe(200);
      expect((await download(cw, plainDoc)).statusCode).toBe(200);
      expect((await identityPdf(cw, caseId)).statusCode).toBe(200);

      const me = (await cw.get('/api/auth/me')).json();
      const sup = await h().login('supervisor.ntt');
      const removed = await sup.request('DELETE', `/api/cases/${caseId}/members/${me.id}`);
      expect(removed.statusCode, removed.body).toBe(200);

      // The same session, replayed at once: every path answers like a missing record.
      await expectLikeMissing(cw);
      const plain = await download(cw, plainDoc);
      expect(plain.statusCode).toBe(404);
      expect(plain.body).toBe((await download(cw, missingId)).body);
      const pdf = await identityPdf(cw, caseId);
      const missingPdf = await identityPdf(cw, missingId);
      expect(pdf.statusCode).toBe(404);
      expect(pdf.body).toBe(missingPdf.body);
      expect((await cw.get(`/api/cases/${caseId}/attachments`)).statusCode).toBe(404);
    });

    it('a password change ends every other session of the user: the old cookie gets 401, the changing one goes on', async () => {
      const phone = await h().provision('replay.password', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['case_worker']);
      const laptop = await h().login('replay.password');
      // Both sessions are live (and the laptop's is warm in the session cache).
      expect((await laptop.get('/api/auth/me')).statusCode).toBe(200);
      expect((await phone.get('/api/auth/me')).statusCode).toBe(200);
      const changed = await phone.post('/api/auth/password', {
        currentPassword: 'replay-password-kopi-hujan-sepeda',
        newPassword: 'teh-manis-perahu-layar-senja',
      });
      expect(changed.statusCode, changed.body).toBe(200);
      const stale = await laptop.get('/api/auth/me');
      expect(stale.statusCode).toBe(401);
      // A mutation with the old cookie and its own CSRF token is refused as well.
      expect((await laptop.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(401);
      expect((await phone.get('/api/auth/me')).statusCode).toBe(200);
    });
  },
  // Break-the-glass needs a step-up code: case workers enrol an authenticator (the production default).
  { env: { PULIH_TOTP_REQUIRED_ROLES: 'sysadmin,dpo,supervisor,case_worker' } },
);
