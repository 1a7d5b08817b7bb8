import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { auditPurpose } from '../../platform/audit.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\nKTP Siti Nurhayati 5371014709100003');
const boundary = '----pulihtest';

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

async function upload(c: Client, caseId: string, kind: string, bytes: Buffer, name = 'ktp.pdf') {
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
    payload: multipart({ kind }, { name, bytes, type: 'application/pdf' }),
  });
}

describeEachDatabase('attachments and the PDF case summary', (h) => {
  /** Each test makes its own case (any test runs alone and in any order). */
  const newCase = async (cw: Client) => {
    const res = await cw.post('/api/cases', {
      referralSource: 'police',
      person: { sex: 'Feminine', birthYear: 2001, regionCode: '53.71' },
      identity: { fullName: 'Siti Nurhayati', nik: '5371014709100003' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { caseId: res.json().id as string, personId: res.json().personId as string };
  };

  it('stores attachments encrypted, checks their type by content, and audits downloads', async () => {
    const cw = await h().login('caseworker.ntt');
    const { caseId } = await newCase(cw);
    // A multipart body without its boundary is the sender's error (400 naming the file), never a 500.
    const unreadable = await cw.request('POST', `/api/cases/${caseId}/attachments`, '--x\r\n\r\nzz\r\n--x--\r\n', {
      'content-type': 'multipart/form-data',
    });
    expect(unreadable.statusCode, unreadable.body).toBe(400);
    expect(unreadable.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'invalid' })]);
    const res = await upload(cw, caseId, 'identity_document', PDF);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'identity_document',
      mime: 'application/pdf',
      sizeBytes: PDF.length,
      filename: 'ktp.pdf',
    });
    const stored = (
      await sql<{
        content_enc: Buffer;
        filename_enc: string;
      }>`select content_enc, filename_enc from attachments where id = ${res.json().id}`.execute(
        h().services.database.db,
      )
    ).rows[0]!;
    expect(Buffer.from(stored.content_enc).includes(Buffer.from('Siti'))).toBe(false);
    expect(stored.filename_enc).not.toContain('ktp');

    const fake = await upload(cw, caseId, 'document', Buffer.from('MZ this is an executable'), 'virus.pdf');
    expect(fake.statusCode).toBe(415);
    expect(fake.json().errors[0].field).toBe('file');
    const badKind = await upload(cw, caseId, 'selfie', PDF);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors[0].field).toBe('kind');

    const list = (await cw.get(`/api/cases/${caseId}/attachments`)).json();
    expect(list).toHaveLength(1);
    expect(list[0].identifying).toBe(true);
    // An identity document is an identity reveal: it needs a stated purpose.
    const noPurpose = await cw.get(`/api/attachments/${list[0].id}`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().errors[0].field).toBe('purpose');
    const download = await cw.post(`/api/attachments/${list[0].id}/download`, {
      purpose: 'Court file for the hearing',
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF)).toBe(true);
    const audit = (
      await sql<{
        action: string;
      }>`select action from audit_events where entity_id = ${caseId} and action like 'attachments.%' order by seq`.execute(
        h().services.database.db,
      )
    ).rows;
    expect(audit.map((a) => a.action)).toEqual(['attachments.upload', 'attachments.identity.download']);

    // Intake officers see the case (agency scope) but not identity documents: the same 404.
    const intake = await h().login('intake.ntt');
    expect((await intake.get(`/api/cases/${caseId}/attachments`)).statusCode).toBe(200);
    expect((await intake.get(`/api/attachments/${list[0].id}`)).statusCode).toBe(404);
    const police = await h().login('legal.ntt');
    expect((await police.get(`/api/attachments/${list[0].id}`)).statusCode).toBe(404);
  });

  it('prints a PDF summary without identity by default; identity needs a purpose and is audited', async () => {
    const cw = await h().login('caseworker.ntt');
    const { caseId, personId } = await newCase(cw);
    const plain = await cw.post(`/api/cases/${caseId}/summary-pdf`);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.headers['content-type']).toBe('application/pdf');
    expect(plain.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const noPurpose = await cw.post(`/api/cases/${caseId}/summary-pdf`, { identityFields: ['fullName'] });
    expect(noPurpose.statusCode).toBe(400);
    const withIdentity = await cw.post(`/api/cases/${caseId}/summary-pdf`, {
      identityFields: ['fullName', 'nik'],
      purpose: 'Court file for the prosecutor',
    });
    expect(withIdentity.statusCode).toBe(200);
    expect(withIdentity.rawPayload.length).toBeGreaterThan(plain.rawPayload.length);
    const intake = await h().login('intake.ntt');
    expect(
      (
        await intake.post(`/api/cases/${caseId}/summary-pdf`, {
          identityFields: ['fullName'],
          purpose: 'Court file for the prosecutor',
        })
      ).statusCode,
    ).toBe(403);
    const audit = (
      await sql<{
        id: string;
        action: string;
        purpose: string | null;
      }>`select id, action, purpose from audit_events
         where (action = 'cases.summaryPdf' and entity_id = ${caseId})
            or (action = 'persons.identity.reveal' and entity_id = ${personId})
         order by seq`.execute(h().services.database.db)
    ).rows.map((r) => ({ action: r.action, purpose: auditPurpose(h().services.keyring, r) }));
    expect(audit).toEqual([
      { action: 'cases.summaryPdf', purpose: null },
      { action: 'persons.identity.reveal', purpose: 'Court file for the prosecutor' },
      { action: 'cases.summaryPdf', purpose: 'Court file for the prosecutor' },
    ]);
  });
});
