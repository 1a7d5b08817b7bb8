import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';

/**
 * The one vault decision, from the attacker's side: a removed team member, a case's former lead agency and
 * an uploader who labels an ID photo "document" must not reach the victim's identity by any path.
 */

const NAME = 'Yuliana Ndun Sabu';
const NIK = '5371015511990002';
const boundary = '----pulihpaths';

// A JPEG with an EXIF segment holding a GPS position, a comment, and a minimal scan.
const EXIF_GPS = Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  Buffer.from([0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
  (() => {
    const payload = Buffer.from('Exif\0\0GPSLatitude -10.1772 GPSLongitude 123.6070 Kupang', 'latin1');
    const head = Buffer.from([0xff, 0xe1, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  })(),
  (() => {
    const payload = Buffer.from('taken at Oesapa by Yuliana', 'latin1');
    const head = Buffer.from([0xff, 0xfe, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  })(),
  Buffer.from([0xff, 0xda, 0x00, 0x02, 0x12, 0x34, 0x56, 0xff, 0xd9]),
]);

function multipart(kind: string, name: string, bytes: Buffer, type: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

async function upload(c: Client, caseId: string, kind: string, bytes: Buffer, name: string) {
  return c.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/attachments`,
    headers: {
      cookie: Object.entries(c.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      'x-csrf-token': c.csrf!,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: multipart(kind, name, bytes, 'image/jpeg'),
  });
}

const reveal = (c: Client, personId: string) =>
  c.post(`/api/persons/${personId}/identity/reveal`, { purpose: 'Checking who this person is', fields: ['fullName'] });

describeEachDatabase('one vault decision for every identity path', (h) => {
  let caseId = '';
  let personId = '';
  // Per-test setup: every test starts from a case of its own (recorded by caseworker.ntt), so any test runs alone.
  beforeEach(async () => {
    const cw = await h().login('caseworker.ntt');
    const created = await cw.post('/api/cases', {
      referralSource: 'police',
      person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71' },
      identity: { fullName: NAME, nik: NIK },
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;
    personId = created.json().personId;
  });

  it('the creator removed from the team loses the identity at once (not kept by having recorded her)', async () => {
    const cw = await h().login('caseworker.ntt');
    expect((await reveal(cw, personId)).json()).toEqual({ fullName: NAME });

    const sup = await h().login('supervisor.ntt');
    const me = (await cw.get('/api/auth/me')).json();
    const removed = await sup.request('DELETE', `/api/cases/${caseId}/members/${me.id}`);
    expect(removed.statusCode, removed.body).toBe(200);

    const missing = await cw.post('/api/persons/01a22a15-0000-7000-8000-000000000000/identity/reveal', {
      purpose: 'Checking who this person is',
      fields: ['fullName'],
    });
    const after = await reveal(cw, personId);
    expect(after.statusCode).toBe(404);
    expect(after.body).toBe(missing.body);
    expect((await cw.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    // Back on the team for the next steps.
    // Back on the team: the identity is hers again.
    expect((await sup.post(`/api/cases/${caseId}/members`, { userId: me.id, role: 'lead' })).statusCode).toBe(200);
    expect((await reveal(cw, personId)).json()).toEqual({ fullName: NAME });
  });

  it('an image labelled "document" is identifying: metadata stripped, download needs a purpose and the vault', async () => {
    const cw = await h().login('caseworker.ntt');
    const res = await upload(cw, caseId, 'document', EXIF_GPS, 'scan.jpg');
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ kind: 'document', mime: 'image/jpeg', identifying: true });
    expect(a.sizeBytes).toBeLessThan(EXIF_GPS.length);

    // Without a purpose: told what is missing, nothing decrypted, nothing audited.
    const plain = await cw.get(`/api/attachments/${a.id}`);
    expect(plain.statusCode).toBe(400);
    expect(plain.json().errors[0].field).toBe('purpose');
    const got = await cw.post(`/api/attachments/${a.id}/download`, { purpose: 'Identity check before court' });
    expect(got.statusCode, got.body).toBe(200);
    const bytes = got.rawPayload;
    expect(bytes.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(bytes.includes(Buffer.from('Oesapa'))).toBe(false);
    expect(bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    expect(bytes.includes(Buffer.from([0xff, 0xda, 0x00, 0x02, 0x12, 0x34, 0x56, 0xff, 0xd9]))).toBe(true);
    const audit = (
      await sql<{
        action: string;
        purpose: string | null;
      }>`select action, purpose from audit_events where action like 'attachments.%download'`.execute(
        h().services.database.db,
      )
    ).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.action).toBe('attachments.identity.download');

    // An intake officer reads the case but may not see identity: the photo looks missing.
    const intake = await h().login('intake.ntt');
    expect(
      (await intake.post(`/api/attachments/${a.id}/download`, { purpose: 'Identity check please' })).statusCode,
    ).toBe(404);
  });

  it("the case's former lead agency loses identity, record and documents the moment the transfer is accepted", async () => {
    const jabar = await h().provision('sup.jabar.paths', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
    const sup = await h().login('supervisor.ntt');
    const jabarAgency = (await jabar.get('/api/auth/me')).json().agency.id as string;
    const scan = await upload(await h().login('caseworker.ntt'), caseId, 'document', EXIF_GPS, 'scan.jpg');
    expect(scan.statusCode, scan.body).toBe(201);
    // Before: the recording agency's supervisor may reveal.
    expect((await reveal(sup, personId)).statusCode).toBe(200);
    const requested = await sup.post(`/api/cases/${caseId}/transfer-lead`, {
      toAgencyId: jabarAgency,
      reason: 'The victim moved to Bandung with her family',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const transferId = requested.json().id as string;
    // Asked by the sending agency's supervisor, the transfer needs no further approval at home.
    expect(requested.json().status).toBe('pending');
    const incoming = (await jabar.get('/api/lead-transfers/incoming')).json() as { id: string }[];
    expect(incoming.map((t) => t.id)).toContain(transferId);
    const accepted = await jabar.post(`/api/lead-transfers/${transferId}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);

    // The person was recorded by NTT (owner_agency_id), yet NTT no longer holds her.
    expect((await reveal(sup, personId)).statusCode).toBe(404);
    expect((await sup.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    const photos = (
      await sql<{ id: string }>`select id from attachments where case_id = ${caseId}`.execute(h().services.database.db)
    ).rows;
    expect(photos.map((p) => p.id)).toEqual([scan.json().id]);
    for (const p of photos)
      expect(
        (await sup.post(`/api/attachments/${p.id}/download`, { purpose: 'Identity check please' })).statusCode,
      ).toBe(404);
    const pdf = await sup.post(`/api/cases/${caseId}/summary-pdf`, {
      purpose: 'Paper file for the court',
      identityFields: ['fullName'],
    });
    expect(pdf.statusCode).toBe(404);
  });
});
