import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { KeyRing } from '../../platform/crypto.js';
import { moveIdentitiesUnderPersonKeys, openIdentityField, personKeys } from '../persons/index.js';

/**
 * Issue 10 item 8: erasure is crypto-shredding (her own data key is destroyed, so every copy of her identity
 * ciphertext becomes unreadable), refused with the reason while a criminal proceeding in which she is a victim
 * is open; restriction freezes her case (reads allowed, every change answers 423).
 */
describeEachDatabase('erasure by crypto-shredding and restriction of processing', (h) => {
  const db = () => h().services.database.db;
  let n = 0;
  const newCase = async () => {
    const cw = await h().login('caseworker.ntt');
    n++;
    const res = await cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 2000, regionCode: '53.71' },
      identity: { fullName: `Maria Goreti Seran ${n}`, nik: `53710101010000${String(n).padStart(2, '0')}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { caseId: res.json().id as string, personId: res.json().personId as string };
  };
  const vaultRow = async (personId: string) =>
    (
      await sql<{
        full_name_enc: string | null;
        nik_enc: string | null;
      }>`select full_name_enc, nik_enc from person_identities where person_id = ${personId}`.execute(db())
    ).rows[0]!;
  const keyRows = async (personId: string) =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from person_data_keys where person_id = ${personId}`.execute(db()))
        .rows[0]!.n,
    );

  it("seals each identity under the person's own key, and shreds it on erasure: the old ciphertext no longer opens", async () => {
    const { personId } = await newCase();
    const before = await vaultRow(personId);
    expect(before.full_name_enc?.startsWith('s1.')).toBe(true);
    expect(await keyRows(personId)).toBe(1);
    // The instance's field key alone does not open it.
    expect(() =>
      h().services.keyring.decrypt('person_identities', 'full_name_enc', personId, before.full_name_enc!),
    ).toThrow();
    const ctx = h().operator();
    const key = (await personKeys(ctx, [personId])).get(personId);
    expect(openIdentityField(ctx, key, personId, 'full_name_enc', before.full_name_enc)).toMatch(/^Maria Goreti/);

    const dpo = await h().login('dpo');
    const erased = await dpo.post(`/api/persons/${personId}/erase`, {});
    expect(erased.statusCode, erased.body).toBe(200);
    // The key is gone: a copy of the ciphertext (a backup page, a dead tuple) can no longer be read by anyone.
    expect(await keyRows(personId)).toBe(0);
    expect((await personKeys(ctx, [personId])).size).toBe(0);
    expect(openIdentityField(ctx, undefined, personId, 'full_name_enc', before.full_name_enc)).toBeNull();
    expect(() => KeyRing.openWithSubjectKey(Buffer.alloc(32), 'x', before.full_name_enc!)).toThrow();
    expect(await vaultRow(personId)).toEqual({ full_name_enc: null, nik_enc: null });
    expect((await dpo.get(`/api/persons/${personId}/export`)).json().identity).toEqual({});
    // The case worker who had her identity sees nothing of it now.
    const cw = await h().login('caseworker.ntt');
    const reveal = await cw.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'Menghubungi keluarga korban',
      fields: ['fullName', 'nik'],
    });
    expect(reveal.statusCode === 404 || JSON.stringify(reveal.json()) === '{}').toBe(true);
    // Her NIK no longer finds her.
    const check = await cw.post('/api/persons/duplicates/check', { nik: '5371010101000001' });
    expect(JSON.stringify(check.json())).not.toContain(personId);
  });

  it('refuses erasure while a criminal proceeding in which she is a victim is open, in Indonesian and English', async () => {
    const { caseId, personId } = await newCase();
    // The police opened a proceeding in which her case is a victim (arranged in the legal module's tables).
    const proceedingId = randomUUID();
    const now = h().clock.now().toISOString();
    const officer = (await sql<{ id: string }>`select id from users where username = 'legal.ntt'`.execute(db()))
      .rows[0]!;
    await sql`insert into legal_proceedings (id, report_number, police_unit, reported_on, law, stage, stage_on, open, version, created_by, created_at, updated_at)
      values (${proceedingId}, ${'LP/B/10/XII/2026'}, ${'Polda NTT'}, ${now.slice(0, 10)}, ${'uu_21_2007'}, ${'investigation'}, ${now.slice(0, 10)}, 1, 1, ${officer.id}, ${now}, ${now})`.execute(
      db(),
    );
    await sql`insert into legal_victims (id, proceeding_id, case_id, role, open, last_informed_at, linked_at)
      values (${randomUUID()}, ${proceedingId}, ${caseId}, ${'witness'}, 1, ${now}, ${now})`.execute(db());
    const held = { person_id: personId, proceeding_id: proceedingId };
    const dpo = await h().login('dpo');
    const refused = await dpo.post(`/api/persons/${held.person_id}/erase`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('erasure_blocked');
    // The reason is named in words the DPO can pass on, never as a bare code.
    expect(refused.json().detail).toContain('karena proses pidana yang masih berjalan');
    expect(refused.json().title).toBe('Penghapusan belum diperbolehkan');
    expect((await dpo.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    const english = await dpo.post(`/api/persons/${held.person_id}/erase`, {});
    expect(english.json().title).toBe('Erasure not allowed now');
    expect(english.json().detail).toContain('because of an open criminal proceeding');
    await dpo.patch('/api/auth/me', { locale: 'id' });
    // Nothing was destroyed.
    expect(await keyRows(held.person_id)).toBe(1);
    expect((await dpo.get(`/api/persons/${held.person_id}/export`)).json().identity.fullName).toMatch(/^Maria/);
    // Once the proceeding is over, the record is no longer held.
    await sql`update legal_proceedings set open = 0, stage = ${'final'} where id = ${proceedingId}`.execute(db());
    expect((await dpo.post(`/api/persons/${held.person_id}/erase`, {})).statusCode).toBe(200);
  });

  it('moves identities written under the instance key (before migration 0071) under their own key, once', async () => {
    const { personId } = await newCase();
    const ctx = h().operator();
    // As the old code wrote it: the instance's field key, no person key.
    const legacy = h().services.keyring.encrypt('person_identities', 'full_name_enc', personId, 'Maria Lama');
    await sql`update person_identities set full_name_enc = ${legacy}, nik_enc = null where person_id = ${personId}`.execute(
      db(),
    );
    await sql`delete from person_data_keys where person_id = ${personId}`.execute(db());
    expect(await moveIdentitiesUnderPersonKeys(ctx)).toBe(1);
    expect(await moveIdentitiesUnderPersonKeys(ctx)).toBe(0);
    const moved = await vaultRow(personId);
    expect(moved.full_name_enc?.startsWith('s1.')).toBe(true);
    const key = (await personKeys(ctx, [personId])).get(personId);
    expect(openIdentityField(ctx, key, personId, 'full_name_enc', moved.full_name_enc)).toBe('Maria Lama');
  });

  it('a restricted person’s case reads but does not change (423, id/en), and shows since when; lifting it frees it', async () => {
    const { caseId, personId } = await newCase();
    const dpo = await h().login('dpo');
    const cw = await h().login('caseworker.ntt');
    expect((await cw.post(`/api/cases/${caseId}/notes`, { body: 'Sebelum pembatasan' })).statusCode).toBe(201);
    expect((await dpo.post(`/api/persons/${personId}/restrict`, { restricted: true })).statusCode).toBe(200);

    const note = await cw.post(`/api/cases/${caseId}/notes`, { body: 'Saat dibatasi' });
    expect(note.statusCode).toBe(423);
    expect(note.json().code).toBe('processing_restricted');
    expect(note.json().detail).toContain('UU 27/2022 Pasal 11');
    expect((await cw.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    const task = await cw.post(`/api/cases/${caseId}/tasks`, { title: 'Kunjungan rumah' });
    expect(task.statusCode).toBe(423);
    expect(task.json().detail).toContain('Law 27/2022 Art. 11');
    await cw.patch('/api/auth/me', { locale: 'id' });
    expect((await cw.patch(`/api/cases/${caseId}`, { riskLevel: 'high' })).statusCode).toBe(423);
    // Nothing changed, and reads still work.
    const detail = await cw.get(`/api/cases/${caseId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().processingRestrictedSince).toEqual(expect.any(String));
    expect(detail.json().riskLevel).not.toBe('high');
    const notes = (await cw.get(`/api/cases/${caseId}/notes`)).json().items;
    expect(notes.map((x: { body: string }) => x.body)).toEqual(['Sebelum pembatasan']);

    expect((await dpo.post(`/api/persons/${personId}/restrict`, { restricted: false })).statusCode).toBe(200);
    expect((await cw.post(`/api/cases/${caseId}/notes`, { body: 'Setelah dicabut' })).statusCode).toBe(201);
    expect((await cw.get(`/api/cases/${caseId}`)).json().processingRestrictedSince).toBeNull();
  });
});
