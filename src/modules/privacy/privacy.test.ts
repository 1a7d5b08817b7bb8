import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { insertGrant } from '../../platform/access.js';
import { transact } from '../../platform/context.js';
import { flushReads } from '../../platform/read-log.js';
import { checkBreachClocks } from './breaches.service.js';
import { applyRetention } from './retention.service.js';

const HOUR = 3_600_000;

describeEachDatabase('data protection officer office', (h) => {
  const db = () => h().services.database.db;
  /** A fresh case of caseworker.ntt (UPTD PPA NTT) and its person, taken in through the API. */
  let n = 0;
  const someCase = async () => {
    const cw = await h().login('caseworker.ntt');
    n++;
    const res = await cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1998, regionCode: '53.71', citizenship: 'ID', languages: ['id'] },
      identity: { fullName: `Yuliana Bria Nomor ${n}`, phones: [`08123456${String(n).padStart(4, '0')}`] },
      summary: 'Dijanjikan pekerjaan di restoran.',
      riskLevel: 'medium',
      profile: { exploitationTypes: ['ForcedLabour'] },
      events: [],
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    const id = res.json().id as string;
    const row = (await sql<{ person_id: string }>`select person_id from cases where id = ${id}`.execute(db())).rows[0]!;
    return { id, person_id: row.person_id };
  };
  const auditCount = async (action: string, entityId: string) =>
    Number(
      (
        await sql<{
          n: number;
        }>`select count(*) as n from audit_events where action = ${action} and entity_id = ${entityId}`.execute(db())
      ).rows[0]!.n,
    );

  it('keeps the breach register with its 3×24 h clock, id/en notices, one notice per audience and a low-clock alert', async () => {
    const dpo = await h().login('dpo');
    const caseworker = await h().login('caseworker.ntt');
    const discoveredAt = new Date(h().clock.now().getTime() - 50 * HOUR).toISOString();
    const body = {
      title: 'Laptop kantor hilang',
      description: 'Laptop berisi ekspor daftar kasus hilang di perjalanan dinas.',
      dataCategories: ['identity', 'case_narrative'],
      affectedCount: 12,
      discoveredAt,
    };
    expect((await caseworker.post('/api/breaches', body)).statusCode).toBe(403);
    const bad = await dpo.post('/api/breaches', { ...body, affectedCount: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('affectedCount');
    const future = await dpo.post('/api/breaches', {
      ...body,
      discoveredAt: new Date(Date.now() + 86_400_000 * 400).toISOString(),
    });
    expect(future.json().errors[0]).toMatchObject({ field: 'discoveredAt', code: 'date_in_future' });

    const created = await dpo.post('/api/breaches', body);
    expect(created.statusCode).toBe(201);
    const breach = created.json();
    expect(breach).toMatchObject({ clock: 'low', affectedCount: 12, title: body.title });
    expect(breach.deadlineAt).toBe(new Date(new Date(discoveredAt).getTime() + 72 * HOUR).toISOString());
    expect(breach.remainingMs).toBeGreaterThan(21 * HOUR);
    expect(breach.remainingMs).toBeLessThan(23 * HOUR);
    // The title and description are encrypted at rest.
    const raw = (await sql<{ title_enc: string }>`select title_enc from breaches where id = ${breach.id}`.execute(db()))
      .rows[0]!;
    expect(raw.title_enc).not.toContain('Laptop');

    // The low clock alerts once.
    expect(await checkBreachClocks(h().operator())).toBe(1);
    expect(await checkBreachClocks(h().operator())).toBe(0);
    const alerts = (await dpo.get('/api/alerts')).json();
    expect(JSON.stringify(alerts)).toContain('breach_clock_low');

    const notice = await dpo.post(`/api/breaches/${breach.id}/notify`, { audience: 'subjects', language: 'id' });
    expect(notice.statusCode).toBe(200);
    expect(notice.json().notice).toContain('UU 27/2022 Pasal 46');
    expect(notice.json().notice).toContain('identitas');
    expect(notice.json().breach.subjectsNotifiedAt).not.toBeNull();
    expect((await dpo.post(`/api/breaches/${breach.id}/notify`, { audience: 'subjects' })).statusCode).toBe(409);
    const en = await dpo.post(`/api/breaches/${breach.id}/notify`, { audience: 'authority', language: 'en' });
    expect(en.json().notice).toContain('Law 27/2022 Art. 46');
    expect(en.json().breach.clock).toBe('done');
    const open = await dpo.get('/api/breaches?open=true');
    expect(open.json().items.map((b: { id: string }) => b.id)).not.toContain(breach.id);
    expect(await auditCount('breaches.notify', breach.id)).toBe(2);
  });

  it('puts break-the-glass grants in a review queue; an unjustified one is revoked at once, once', async () => {
    const target = await someCase();
    const outsider = (await sql<{ id: string }>`select id from users where username = 'caseworker.ntt'`.execute(db()))
      .rows[0]!;
    const ctx = h().operator();
    const grant = await transact(ctx, (tx) =>
      insertGrant(tx, ctx.keyring, {
        userId: outsider.id,
        type: 'case',
        id: target.id,
        reason: 'Korban datang ke kantor malam hari',
        now: h().clock.now(),
        durationMs: 4 * HOUR,
      }),
    );
    const other = await transact(ctx, (tx) =>
      insertGrant(tx, ctx.keyring, {
        userId: outsider.id,
        type: 'case',
        id: target.id,
        reason: 'Kedua kalinya untuk diuji',
        now: h().clock.now(),
        durationMs: 4 * HOUR,
      }),
    );
    const dpo = await h().login('dpo');
    const caseworker = await h().login('caseworker.ntt');
    expect((await caseworker.get('/api/access/grants/review')).statusCode).toBe(403);
    expect((await caseworker.post(`/api/access/grants/${grant.id}/revoke`)).statusCode).toBe(403);

    const queue = (await dpo.get('/api/access/grants/review')).json();
    expect(queue.items.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining([grant.id, other.id]));

    const reviewed = await dpo.post(`/api/access/grants/${grant.id}/review`, {
      verdict: 'unjustified',
      note: 'Tidak darurat',
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({ active: false, review: { verdict: 'unjustified', note: 'Tidak darurat' } });
    expect((await dpo.post(`/api/access/grants/${grant.id}/review`, { verdict: 'justified' })).statusCode).toBe(409);
    expect((await dpo.post(`/api/access/grants/${grant.id}/revoke`)).statusCode).toBe(409);
    const pending = (await dpo.get('/api/access/grants/review')).json().items.map((g: { id: string }) => g.id);
    expect(pending).not.toContain(grant.id);
    expect((await dpo.get('/api/access/grants/review?status=reviewed')).json().items[0].id).toBe(grant.id);

    // Revocation of the other, justified or not: the grant stops opening the record.
    expect((await dpo.post(`/api/access/grants/${other.id}/revoke`)).json().active).toBe(false);
    expect(await auditCount('access.grants.revoke', other.id)).toBe(1);
    const missing = await dpo.post('/api/access/grants/0190aaaa-0000-7000-8000-000000000000/revoke');
    expect(missing.statusCode).toBe(404);
    expect((await dpo.post(`/api/access/grants/${grant.id}/review`, { verdict: 'maybe' })).json().errors[0].field).toBe(
      'verdict',
    );
  });

  it('records a request with its due time, exports everything held (JSON and PDF, audited) and closes it once', async () => {
    const { person_id: personId } = await someCase();
    const dpo = await h().login('dpo');
    const created = await dpo.post('/api/dsr/requests', { personId, kind: 'access', channel: 'in_person' });
    expect(created.statusCode).toBe(201);
    const request = created.json();
    expect(new Date(request.dueAt).getTime() - new Date(request.receivedAt).getTime()).toBe(72 * HOUR);
    expect(request).toMatchObject({ status: 'open', overdue: false, kind: 'access' });
    const unknown = await dpo.post('/api/dsr/requests', {
      personId: '0190aaaa-0000-7000-8000-000000000000',
      kind: 'access',
      channel: 'letter',
    });
    expect(unknown.json().errors[0]).toMatchObject({ field: 'personId', code: 'person_unknown' });
    expect((await (await h().login('caseworker.ntt')).get('/api/dsr/requests')).statusCode).toBe(403);

    const json = await dpo.get(`/api/persons/${personId}/export?format=json&requestId=${request.id}`);
    expect(json.statusCode).toBe(200);
    expect(json.json().identity.fullName).toEqual(expect.any(String));
    expect(json.json().requests[0].id).toBe(request.id);
    const pdf = await dpo.get(`/api/persons/${personId}/export?format=pdf`);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await auditCount('persons.export', personId)).toBe(2);

    const done = await dpo.post(`/api/dsr/requests/${request.id}/complete`, { outcome: 'fulfilled' });
    expect(done.json()).toMatchObject({ status: 'completed', outcome: 'fulfilled' });
    expect((await dpo.post(`/api/dsr/requests/${request.id}/complete`, { outcome: 'refused' })).statusCode).toBe(409);
    const listed = (await dpo.get(`/api/dsr/requests?personId=${personId}`)).json().items;
    expect(listed[0]).toMatchObject({ id: request.id, status: 'completed' });
  });

  it('refuses erasure while a legal hold needs the record, erases the identity once it is released, restricts once', async () => {
    const { person_id: personId } = await someCase();
    const dpo = await h().login('dpo');
    const hold = await dpo.post('/api/privacy/holds', { personId, reason: 'Permintaan penyidik Polda NTT' });
    expect(hold.statusCode).toBe(201);
    const refused = await dpo.post(`/api/persons/${personId}/erase`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'erasure_blocked' });
    expect(refused.json().detail).toContain('karena penahanan hukum (legal hold)');
    expect(refused.json().detail).not.toContain('proses pidana yang masih berjalan');
    // Still readable: nothing was destroyed by the refused request.
    expect((await dpo.get(`/api/persons/${personId}/export`)).json().identity.fullName).toEqual(expect.any(String));

    expect((await dpo.post(`/api/persons/${personId}/restrict`, { restricted: true })).json().restricted).toBe(true);
    expect((await dpo.post(`/api/persons/${personId}/restrict`, { restricted: true })).statusCode).toBe(409);
    expect((await dpo.get(`/api/persons/${personId}/export`)).json().restricted).not.toBeNull();

    expect((await dpo.post(`/api/privacy/holds/${hold.json().id}/release`)).json().releasedAt).not.toBeNull();
    expect((await dpo.post(`/api/privacy/holds/${hold.json().id}/release`)).statusCode).toBe(409);
    const erased = await dpo.post(`/api/persons/${personId}/erase`, {});
    expect(erased.statusCode).toBe(200);
    const identity = (
      await sql<{
        full_name_enc: string | null;
        nik_enc: string | null;
      }>`select full_name_enc, nik_enc from person_identities where person_id = ${personId}`.execute(db())
    ).rows[0]!;
    expect(identity).toEqual({ full_name_enc: null, nik_enc: null });
    const tokens = await sql<{
      n: number;
    }>`select count(*) as n from person_name_tokens where person_id = ${personId}`.execute(db());
    expect(Number(tokens.rows[0]!.n)).toBe(0);
    expect((await dpo.get(`/api/persons/${personId}/export`)).json().identity).toEqual({});
    expect((await dpo.post(`/api/persons/${personId}/erase`, {})).statusCode).toBe(409);
    expect(await auditCount('persons.erase', personId)).toBe(1);
  });

  it('logs who opened a case file, its notes, her identity and a file, searchable by the DPO per person', async () => {
    const { id: caseId, person_id: personId } = await someCase();
    const supervisor = await h().login('supervisor.ntt');
    expect((await supervisor.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await supervisor.get(`/api/cases/${caseId}/notes`)).statusCode).toBe(200);
    // Her identity and a file of her case, opened too (the case worker uploads a letter first).
    const revealed = await supervisor.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'Checking the name before the case conference',
      fields: ['fullName'],
    });
    expect(revealed.statusCode, revealed.body).toBe(200);
    const cw = await h().login('caseworker.ntt');
    const boundary = '----pulihreadlog';
    const uploaded = await cw.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/attachments`,
      headers: {
        cookie: Object.entries(cw.cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
        'x-csrf-token': cw.csrf!,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndocument\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="surat.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\r\n--${boundary}--\r\n`,
      ),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const file = await supervisor.post(`/api/attachments/${uploaded.json().id}/download`, {
      purpose: 'Reading the letter for the conference',
    });
    expect(file.statusCode, file.body).toBe(200);
    await flushReads(db());
    const dpo = await h().login('dpo');
    const log = await dpo.get(`/api/privacy/access-log?personId=${personId}`);
    expect(log.statusCode).toBe(200);
    const mine = log.json().items.filter((e: { username: string }) => e.username === 'supervisor.ntt');
    expect(mine.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['case', 'case_notes', 'identity', 'attachment']),
    );
    expect(mine.find((e: { kind: string }) => e.kind === 'attachment').caseId).toBe(caseId);
    expect((await supervisor.get(`/api/privacy/access-log?personId=${personId}`)).statusCode).toBe(403);
    expect((await dpo.get('/api/privacy/access-log?personId=nope')).json().errors[0].field).toBe('query.personId');
  });

  it('previews retention first, keeps what a hold needs, and anonymises closed cases past their schedule', async () => {
    const dpo = await h().login('dpo');
    const policies = (await dpo.get('/api/retention/policies')).json();
    expect(policies.map((p: { recordType: string }) => p.recordType)).toEqual(['attachments', 'audit', 'closed_cases']);
    expect(policies.find((p: { recordType: string }) => p.recordType === 'closed_cases')).toMatchObject({
      enabled: false,
      enforceable: true,
    });
    expect(
      (await dpo.request('PATCH', '/api/retention/policies/closed_cases', { keepDays: 5, enabled: true })).statusCode,
    ).toBe(400);
    const updated = await dpo.request('PATCH', '/api/retention/policies/closed_cases', { keepDays: 30, enabled: true });
    expect(updated.json()).toMatchObject({ keepDays: 30, enabled: true });

    // Two cases closed a year ago (arranged in the table: the closure workflow is the cases module's test).
    const closedCases = [await someCase(), await someCase()];
    const yearAgo = new Date(h().clock.now().getTime() - 365 * 24 * HOUR).toISOString();
    for (const c of closedCases) {
      await sql`update cases set stage = 'closed', closed_at = ${yearAgo} where id = ${c.id}`.execute(db());
    }
    const closed = closedCases.map((c) => c.person_id);
    const held = closed[0]!;
    expect(
      (await dpo.post('/api/privacy/holds', { personId: held, reason: 'Gugatan perdata berjalan' })).statusCode,
    ).toBe(201);
    const preview = (await dpo.get('/api/retention/preview?recordType=closed_cases')).json().items[0];
    expect(preview.samplePersonIds).toContain(closed[1]);
    expect(preview.held).toBeGreaterThanOrEqual(1);
    expect(preview.samplePersonIds).not.toContain(held);
    // The dry run changed nothing.
    const stillThere = await sql<{ n: number }>`select count(*) as n from person_erasures`.execute(db());
    const erasedBefore = Number(stillThere.rows[0]!.n);

    const applied = await applyRetention(h().operator());
    expect(applied).toBe(preview.due);
    const after = (await dpo.get('/api/retention/preview?recordType=closed_cases')).json().items[0];
    expect(after).toMatchObject({ due: 0, held: preview.held });
    const heldIdentity = (
      await sql<{
        full_name_enc: string | null;
      }>`select full_name_enc from person_identities where person_id = ${held}`.execute(db())
    ).rows[0]!;
    expect(heldIdentity.full_name_enc).not.toBeNull();
    const erasedAfter = Number(
      (await sql<{ n: number }>`select count(*) as n from person_erasures`.execute(db())).rows[0]!.n,
    );
    expect(erasedAfter - erasedBefore).toBe(applied);
  });
});
