import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { applyRetention } from './retention.service.js';

/** Issue 10 item 9: attachments have their own retention schedule (data), previewed first, stopped by a hold. */
describeEachDatabase('retention of attachments', (h) => {
  const db = () => h().services.database.db;
  let n = 0;
  /** A case of caseworker.ntt closed a year ago, with one file (arranged in the tables). */
  const closedCaseWithFile = async () => {
    const cw = await h().login('caseworker.ntt');
    n++;
    const res = await cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1997, regionCode: '53.71' },
      identity: { fullName: `Agustina Retensi ${n}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    const caseId = res.json().id as string;
    const id = randomUUID();
    const k = h().services.keyring;
    const user = (await sql<{ id: string }>`select id from users where username = 'caseworker.ntt'`.execute(db()))
      .rows[0]!;
    await sql`insert into attachments (id, case_id, kind, mime, size_bytes, filename_enc, content_enc, created_by, created_at)
      values (${id}, ${caseId}, ${'identity_document'}, ${'application/pdf'}, 9, ${k.encrypt('attachments', 'filename_enc', id, 'ktp.pdf')},
      ${k.encryptBytes('attachments', 'content_enc', id, Buffer.from('%PDF-1.4 '))}, ${user.id}, ${h().clock.now().toISOString()})`.execute(
      db(),
    );
    const yearAgo = new Date(h().clock.now().getTime() - 365 * 86_400_000).toISOString();
    await sql`update cases set stage = 'closed', closed_at = ${yearAgo} where id = ${caseId}`.execute(db());
    return { caseId, personId: res.json().personId as string, fileId: id };
  };
  const file = async (id: string) =>
    (
      await sql<{
        size_bytes: number;
        content_enc: Buffer;
      }>`select size_bytes, content_enc from attachments where id = ${id}`.execute(db())
    ).rows[0]!;

  it('previews, keeps what a hold needs, then destroys the files of cases past their schedule', async () => {
    const [kept, gone] = [await closedCaseWithFile(), await closedCaseWithFile()];
    const dpo = await h().login('dpo');
    expect(
      (await dpo.get('/api/retention/policies'))
        .json()
        .find((p: { recordType: string }) => p.recordType === 'attachments'),
    ).toMatchObject({ enforceable: true, enabled: false });
    // Not enabled: the scheduler job leaves every file alone.
    await applyRetention(h().operator());
    expect(Number((await file(gone.fileId)).size_bytes)).toBe(9);

    expect(
      (await dpo.request('PATCH', '/api/retention/policies/attachments', { keepDays: 90, enabled: true })).statusCode,
    ).toBe(200);
    expect(
      (await dpo.post('/api/privacy/holds', { personId: kept.personId, reason: 'Gugatan perdata masih berjalan' }))
        .statusCode,
    ).toBe(201);
    const preview = (await dpo.get('/api/retention/preview?recordType=attachments')).json().items[0];
    expect(preview.recordType).toBe('attachments');
    expect(preview.samplePersonIds).toContain(gone.personId);
    expect(preview.samplePersonIds).not.toContain(kept.personId);
    expect(preview.held).toBeGreaterThanOrEqual(1);
    // The dry run changed nothing.
    expect(Number((await file(gone.fileId)).size_bytes)).toBe(9);

    await applyRetention(h().operator());
    const destroyed = await file(gone.fileId);
    expect(Number(destroyed.size_bytes)).toBe(0);
    expect(
      h()
        .services.keyring.decryptBytes('attachments', 'content_enc', gone.fileId, Buffer.from(destroyed.content_enc))
        .toString(),
    ).toBe('');
    expect(Number((await file(kept.fileId)).size_bytes)).toBe(9);
    const after = (await dpo.get('/api/retention/preview?recordType=attachments')).json().items[0];
    expect(after.samplePersonIds).not.toContain(gone.personId);
    const audited = await sql<{
      n: number;
    }>`select count(*) as n from audit_events where action = 'retention.runs.apply' and entity_id = 'attachments'`.execute(
      db(),
    );
    expect(Number(audited.rows[0]!.n)).toBeGreaterThanOrEqual(1);
  });
});
