import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { personKeys } from '../persons/index.js';

/**
 * Issue 10 item 8, from the attacker's side: a person's identity documents and photos are sealed under her own data
 * key, so erasing her (crypto-shredding) leaves them unreadable — through the API, and for anyone holding a copy of
 * the bytes (a backup page, a dead tuple) and the instance's keys. The bytes stored are never the plaintext.
 */

const SECRET = 'KTP Yuliana Bere 5371014709100077';
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n${SECRET}`);
const boundary = '----pulihshred';

async function upload(c: Client, caseId: string, kind: string, name: string) {
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
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
    payload: body,
  });
}

describeEachDatabase('attachments under the person data key: erasure shreds them', (h) => {
  const db = () => h().services.database.db;
  const raw = async (id: string) =>
    (
      await sql<{
        content_enc: Buffer;
        filename_enc: string;
        size_bytes: number;
      }>`select content_enc, filename_enc, size_bytes from attachments where id = ${id}`.execute(db())
    ).rows[0]!;

  it('stores no plaintext, opens only under her key, and after erasure nobody can download or decrypt the file', async () => {
    const cw = await h().login('caseworker.ntt');
    const made = await cw.post('/api/cases', {
      referralSource: 'police',
      person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71' },
      identity: { fullName: 'Yuliana Bere', nik: '5371014709100077' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const { id: caseId, personId } = made.json() as { id: string; personId: string };
    const up = await upload(cw, caseId, 'identity_document', 'KTP Yuliana Bere.pdf');
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().id as string;
    // A scan uploaded as a plain "document" is sealed under her key too: the kind is the uploader's guess.
    const scan = await upload(cw, caseId, 'document', 'scan.pdf');
    expect(scan.statusCode, scan.body).toBe(201);

    // A file written before files were sealed under person keys (instance key), to see erasure reach it as well.
    const legacyId = randomUUID();
    const k = h().services.keyring;
    const creator = (await sql<{ id: string }>`select id from users where username = 'caseworker.ntt'`.execute(db()))
      .rows[0]!.id;
    await sql`insert into attachments (id, case_id, kind, mime, size_bytes, filename_enc, content_enc, created_by, created_at)
      values (${legacyId}, ${caseId}, ${'photo'}, ${'application/pdf'}, ${PDF.length}, ${k.encrypt('attachments', 'filename_enc', legacyId, 'lama.pdf')},
      ${k.encryptBytes('attachments', 'content_enc', legacyId, PDF)}, ${creator}, ${h().clock.now().toISOString()})`.execute(
      db(),
    );

    // On disk: neither the content nor the name in plaintext, and the instance keys alone do not open them.
    const stored = await raw(fileId);
    const copy = Buffer.from(stored.content_enc);
    expect(copy.includes(Buffer.from('Yuliana'))).toBe(false);
    expect(copy.includes(Buffer.from('5371014709100077'))).toBe(false);
    expect(stored.filename_enc.startsWith('s1.')).toBe(true);
    expect(stored.filename_enc).not.toContain('Yuliana');
    expect(() => k.decryptBytes('attachments', 'content_enc', fileId, copy)).toThrow();
    expect(() => k.decrypt('attachments', 'filename_enc', fileId, stored.filename_enc)).toThrow();

    // Her case worker reads it (with a purpose); another agency's staff get 404 as for a missing file.
    const ok = await cw.post(`/api/attachments/${fileId}/download`, { purpose: 'Verifikasi identitas untuk LPSK' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.rawPayload.equals(PDF)).toBe(true);
    const list = (await cw.get(`/api/cases/${caseId}/attachments`)).json();
    expect(list.map((a: { filename: string }) => a.filename)).toContain('KTP Yuliana Bere.pdf');
    const police = await h().login('legal.ntt');
    expect(
      (await police.post(`/api/attachments/${fileId}/download`, { purpose: 'Penyidikan perkara TPPO' })).statusCode,
    ).toBe(404);

    const dpo = await h().login('dpo');
    const erased = await dpo.post(`/api/persons/${personId}/erase`, {});
    expect(erased.statusCode, erased.body).toBe(200);

    // Through the API: gone for everyone, her own case worker and the DPO included; the name is no longer hers.
    for (const c of [cw, dpo]) {
      for (const id of [fileId, scan.json().id as string, legacyId]) {
        const res = await c.post(`/api/attachments/${id}/download`, { purpose: 'Mencoba membuka setelah penghapusan' });
        expect(res.statusCode, `${id} ${res.body}`).toBe(404);
        expect(res.body).not.toContain('Yuliana');
      }
    }
    const after = (await cw.get(`/api/cases/${caseId}/attachments`)).json();
    expect(JSON.stringify(after)).not.toContain('Yuliana');
    expect(after.every((a: { sizeBytes: number }) => a.sizeBytes === 0)).toBe(true);

    // The attacker's copy of the ciphertext taken before the erasure: her key row is gone, the instance keys never
    // opened it, and the legacy file's row no longer holds its content.
    expect((await personKeys(h().operator(), [personId])).size).toBe(0);
    expect(
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from person_data_keys where person_id = ${personId}`.execute(
            db(),
          )
        ).rows[0]!.n,
      ),
    ).toBe(0);
    expect(() => k.decryptBytes('attachments', 'content_enc', fileId, copy)).toThrow();
    const legacy = await raw(legacyId);
    expect(Number(legacy.size_bytes)).toBe(0);
    expect(k.decryptBytes('attachments', 'content_enc', legacyId, Buffer.from(legacy.content_enc)).length).toBe(0);

    // A file uploaded to her case after the erasure is sealed under a new key of hers; erasing again shreds it.
    const late = await upload(cw, caseId, 'identity_document', 'ktp-baru.pdf');
    expect(late.statusCode, late.body).toBe(201);
    const lateId = late.json().id as string;
    expect((await personKeys(h().operator(), [personId])).size).toBe(1);
    const lateCopy = Buffer.from((await raw(lateId)).content_enc);
    expect(lateCopy.includes(Buffer.from('Yuliana'))).toBe(false);
    const again = await dpo.post(`/api/persons/${personId}/erase`, {});
    expect(again.statusCode, again.body).toBe(200);
    expect((await personKeys(h().operator(), [personId])).size).toBe(0);
    const lateGone = await cw.post(`/api/attachments/${lateId}/download`, {
      purpose: 'Mencoba membuka setelah penghapusan',
    });
    expect(lateGone.statusCode).toBe(404);
    // Nothing written since: nothing left to erase.
    const third = await dpo.post(`/api/persons/${personId}/erase`, {});
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe('already_erased');
  });
});
