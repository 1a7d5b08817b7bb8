import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Client, describeEachDatabase } from '../../../test/support/harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A valid Indonesian agency body; tests override what they need. */
const agencyInput = (over: Record<string, unknown> = {}) => ({
  name: `Lembaga Uji ${randomUUID().slice(0, 8)}`,
  type: 'ngo',
  regionCode: '53.71',
  ...over,
});

describeEachDatabase('agencies', (h) => {
  let adminClient: Client | undefined;
  /** The system administrator, logged in once per database (re-login if the session ended). */
  const admin = async (): Promise<Client> => {
    if (adminClient && (await adminClient.get('/api/auth/me')).statusCode === 200) return adminClient;
    adminClient = await h().login('admin');
    return adminClient;
  };

  const auditFor = async (action: string, entityId: string) =>
    (
      await sql<{ action: string; outcome: string; actor_username: string; details: unknown }>`
        select action, outcome, actor_username, details from audit_events
        where action = ${action} and entity_id = ${entityId} order by seq`.execute(h().services.database.db)
    ).rows.map((r) => ({ ...r, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }));

  const agencyCount = async () =>
    Number(
      (await sql<{ n: number | string }>`select count(*) as n from agencies`.execute(h().services.database.db)).rows[0]
        ?.n,
    );

  it('lets the administrator create an agency (201) and echoes every field', async () => {
    const c = await admin();
    const input = {
      name: 'UPTD PPA Kota Kupang',
      shortName: 'UPTD PPA Kupang',
      type: 'uptd_ppa',
      regionCode: '53.71',
      contactPhone: '+62 380 821234',
      contactEmail: 'uptdppa@kupangkota.go.id',
    };
    const res = await c.post('/api/agencies', input);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ ...input, countryCode: 'ID', parentId: null, status: 'active' });
    expect(a.id).toMatch(UUID);
    expect(new Date(a.createdAt).toISOString()).toBe(a.createdAt);
    expect(a.updatedAt).toBe(a.createdAt);

    const got = await c.get(`/api/agencies/${a.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(a);

    const events = await auditFor('agencies.create', a.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'success', actor_username: 'admin' });
  });

  it('filters the list by q (name or short name, any case) and by type', async () => {
    const c = await admin();
    const created: string[] = [];
    for (const [name, shortName] of [
      ['LBH Filter Kupang', 'LBH-FK'],
      ['Lembaga Bantuan Hukum Filter Atambua', null],
      ['Yayasan Filter Ende', 'YFE'],
    ] as const) {
      const res = await c.post('/api/agencies', agencyInput({ name, shortName, type: 'legal_aid' }));
      expect(res.statusCode).toBe(201);
      created.push(res.json().id);
    }
    const byQ = await c.get('/api/agencies?q=FILTER');
    expect(byQ.statusCode).toBe(200);
    expect(
      byQ
        .json()
        .items.map((a: { id: string }) => a.id)
        .sort(),
    ).toEqual([...created].sort());

    // The short name matches too.
    const byShort = await c.get('/api/agencies?q=yfe');
    expect(byShort.json().items.map((a: { name: string }) => a.name)).toEqual(['Yayasan Filter Ende']);

    // A seeded agency: found by part of its name.
    const seeded = await c.get(`/api/agencies?q=${encodeURIComponent('polda nusa')}`);
    expect(seeded.json().items.map((a: { name: string }) => a.name)).toEqual(['Unit PPA Polda Nusa Tenggara Timur']);

    const byType = await c.get('/api/agencies?type=legal_aid&limit=200');
    const typed = byType.json().items as { id: string; type: string }[];
    expect(typed.every((a) => a.type === 'legal_aid')).toBe(true);
    for (const id of created) expect(typed.map((a) => a.id)).toContain(id);

    const policeNtt = await c.get('/api/agencies?type=police_ppa&q=nusa');
    expect(policeNtt.json().items).toHaveLength(1);

    const nothing = await c.get('/api/agencies?q=tidak-ada-lembaga-seperti-ini');
    expect(nothing.json()).toEqual({ items: [], nextCursor: null });

    const badType = await c.get('/api/agencies?type=nonsense');
    expect(badType.statusCode).toBe(400);
    expect(badType.json().errors[0].field).toBe('query.type');
  });

  it('pages through the list with keyset cursors: no duplicates, nothing missing, same order as one page', async () => {
    const c = await admin();
    const mine: string[] = [];
    for (const suffix of ['E', 'b', 'D', 'a', 'C', 'f']) {
      const res = await c.post('/api/agencies', agencyInput({ name: `Rumah Halaman ${suffix}`, type: 'ppt' }));
      expect(res.statusCode).toBe(201);
      mine.push(res.json().id);
    }

    const walk = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/agencies?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await c.get(url);
        expect(res.statusCode).toBe(200);
        const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
        expect(body.items.length).toBeLessThanOrEqual(2);
        ids.push(...body.items.map((a) => a.id));
        cursor = body.nextCursor;
        // Only the last page may be short.
        expect(cursor === null || body.items.length === 2, url).toBe(true);
        pages += 1;
        expect(pages).toBeLessThan(100);
      } while (cursor);
      return { ids, pages };
    };

    // Only our six: three full pages, the last without a cursor.
    const ours = await walk('&q=rumah%20halaman');
    expect(ours.pages).toBe(3);
    expect(new Set(ours.ids).size).toBe(6);
    expect([...ours.ids].sort()).toEqual([...mine].sort());

    // Everything: the pages joined equal one big page.
    const all = await walk('');
    const single = (await c.get('/api/agencies?limit=200')).json();
    expect(single.nextCursor).toBeNull();
    expect(all.ids).toEqual(single.items.map((a: { id: string }) => a.id));
    expect(new Set(all.ids).size).toBe(all.ids.length);
    expect(all.ids.length).toBe(await agencyCount());

    const tampered = await c.get('/api/agencies?limit=2&cursor=not-a-cursor');
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().errors[0]).toMatchObject({ field: 'query.cursor', code: 'cursor_invalid' });
  });

  it('updates fields and audits agencies.update naming exactly the fields that changed', async () => {
    const c = await admin();
    const created = (
      await c.post('/api/agencies', agencyInput({ name: 'Dinas Sosial Kota Kupang', type: 'dinas_sosial' }))
    ).json();
    h().clock.advance(60_000);
    const res = await c.patch(`/api/agencies/${created.id}`, {
      name: 'Dinas Sosial Kota Kupang', // unchanged
      shortName: 'Dinsos Kupang',
      contactPhone: '0380 833 000',
    });
    expect(res.statusCode).toBe(200);
    const updated = res.json();
    expect(updated).toMatchObject({
      id: created.id,
      name: created.name,
      shortName: 'Dinsos Kupang',
      contactPhone: '0380 833 000',
      type: 'dinas_sosial',
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    expect(updated.createdAt).toBe(created.createdAt);
    expect((await c.get(`/api/agencies/${created.id}`)).json()).toEqual(updated);

    const events = await auditFor('agencies.update', created.id);
    expect(events).toHaveLength(1);
    const changed = (events[0]!.details as { changed: string[] }).changed.map((f) =>
      f.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()),
    );
    expect(changed.sort()).toEqual(['contactPhone', 'shortName']);

    // Moving it to another regency: the region and type change, nothing else.
    const moved = await c.patch(`/api/agencies/${created.id}`, { regionCode: '53.01', type: 'ppt' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ regionCode: '53.01', type: 'ppt', shortName: 'Dinsos Kupang' });
    const second = (await auditFor('agencies.update', created.id))[1]!.details as { changed: string[] };
    expect(second.changed.map((f) => f.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())).sort()).toEqual([
      'regionCode',
      'type',
    ]);

    // Clearing the region of an Indonesian agency is refused, and nothing is written.
    const cleared = await c.patch(`/api/agencies/${created.id}`, { regionCode: null });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().errors).toEqual([expect.objectContaining({ field: 'regionCode', code: 'region_required' })]);
    expect((await c.get(`/api/agencies/${created.id}`)).json().regionCode).toBe('53.01');
    expect(await auditFor('agencies.update', created.id)).toHaveLength(2);
  });

  it('refuses to rename an agency onto another one in the same region (409)', async () => {
    const c = await admin();
    const a = (await c.post('/api/agencies', agencyInput({ name: 'Klinik Rename Satu', type: 'hospital' }))).json();
    await c.post('/api/agencies', agencyInput({ name: 'Klinik Rename Dua', type: 'hospital' }));
    const res = await c.patch(`/api/agencies/${a.id}`, { name: 'klinik rename dua' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('agency_name_taken');
    expect((await c.get(`/api/agencies/${a.id}`)).json().name).toBe('Klinik Rename Satu');
  });

  it('disables and re-enables an agency; a disabled agency takes no new users', async () => {
    const c = await admin();
    const a = (await c.post('/api/agencies', agencyInput({ name: 'Rumah Sakit Status', type: 'hospital' }))).json();
    const off = await c.post(`/api/agencies/${a.id}/disable`);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ id: a.id, status: 'disabled' });
    expect((await c.get(`/api/agencies/${a.id}`)).json().status).toBe('disabled');
    const disabledList = (await c.get('/api/agencies?status=disabled&limit=200'))
      .json()
      .items.map((x: { id: string }) => x.id);
    expect(disabledList).toContain(a.id);
    expect(
      (await c.get('/api/agencies?status=active&limit=200')).json().items.map((x: { id: string }) => x.id),
    ).not.toContain(a.id);

    const user = await c.post('/api/users', {
      username: 'staf.status',
      displayName: 'Staf Status',
      agencyId: a.id,
      roles: ['case_worker'],
    });
    expect(user.statusCode).toBe(400);
    expect(user.json().code).toBe('agency_not_found');

    const on = await c.post(`/api/agencies/${a.id}/enable`);
    expect(on.statusCode).toBe(200);
    expect(on.json().status).toBe('active');
    expect(await auditFor('agencies.disable', a.id)).toHaveLength(1);
    expect(await auditFor('agencies.enable', a.id)).toHaveLength(1);

    expect((await c.post(`/api/agencies/${randomUUID()}/disable`)).statusCode).toBe(404);
  });

  it('refuses an unknown region code, naming regionCode', async () => {
    const c = await admin();
    const before = await agencyCount();
    const res = await c.post('/api/agencies', agencyInput({ regionCode: '53.99' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, code: 'validation' });
    expect(res.json().errors[0]).toMatchObject({ field: 'regionCode', code: 'region_unknown' });
    expect(await agencyCount()).toBe(before);
  });

  it('requires a region for an Indonesian agency', async () => {
    const c = await admin();
    const { regionCode: _omit, ...noRegion } = agencyInput();
    const res = await c.post('/api/agencies', noRegion);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'regionCode', code: 'region_required' })]);
    const explicitNull = await c.post('/api/agencies', agencyInput({ regionCode: null, countryCode: 'ID' }));
    expect(explicitNull.statusCode).toBe(400);
    expect(explicitNull.json().errors[0].code).toBe('region_required');
  });

  it('refuses an Indonesian region for a foreign agency, and accepts the foreign agency without one', async () => {
    const c = await admin();
    const withRegion = await c.post(
      '/api/agencies',
      agencyInput({ name: 'KBRI Kuala Lumpur', type: 'mission_abroad', countryCode: 'MY', regionCode: '53.71' }),
    );
    expect(withRegion.statusCode).toBe(400);
    expect(withRegion.json().errors).toEqual([
      expect.objectContaining({ field: 'regionCode', code: 'region_not_for_foreign' }),
    ]);

    const ok = await c.post('/api/agencies', { name: 'KBRI Kuala Lumpur', type: 'mission_abroad', countryCode: 'my' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ countryCode: 'MY', regionCode: null });
  });

  it('refuses an unknown country', async () => {
    const c = await admin();
    const res = await c.post('/api/agencies', { name: 'Lembaga Negeri Antah', type: 'ngo', countryCode: 'XX' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'countryCode', code: 'country_unknown' })]),
    );
  });

  it('refuses an unknown field with unknown_field', async () => {
    const c = await admin();
    const before = await agencyCount();
    const res = await c.post('/api/agencies', agencyInput({ budget: 1000 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'budget', code: 'unknown_field' })]);
    const patch = await c.patch(`/api/agencies/${(await c.get('/api/agencies?limit=1')).json().items[0].id}`, {
      status: 'disabled',
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors[0]).toMatchObject({ field: 'status', code: 'unknown_field' });
    expect(await agencyCount()).toBe(before);
  });

  it('refuses a duplicate name in the same region (409, any case) but allows it in another region', async () => {
    const c = await admin();
    const first = await c.post('/api/agencies', agencyInput({ name: 'Rumah Aman Duplikat' }));
    expect(first.statusCode).toBe(201);
    const dup = await c.post('/api/agencies', agencyInput({ name: 'Rumah Aman Duplikat' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ status: 409, code: 'agency_name_taken' });
    const otherCase = await c.post('/api/agencies', agencyInput({ name: 'RUMAH AMAN DUPLIKAT' }));
    expect(otherCase.statusCode).toBe(409);
    const otherRegion = await c.post(
      '/api/agencies',
      agencyInput({ name: 'Rumah Aman Duplikat', regionCode: '32.73' }),
    );
    expect(otherRegion.statusCode).toBe(201);
    // The seeded name is taken too.
    const seeded = await c.post(
      '/api/agencies',
      agencyInput({ name: 'UPTD PPA Provinsi Nusa Tenggara Timur', type: 'uptd_ppa' }),
    );
    expect(seeded.statusCode).toBe(409);
  });

  it('lets a case worker read the directory (200) but not create or change agencies (403)', async () => {
    const c = await h().login('caseworker.ntt');
    const before = await agencyCount();
    const create = await c.post('/api/agencies', agencyInput());
    expect(create.statusCode).toBe(403);
    expect(create.json()).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await agencyCount()).toBe(before);
    const list = await c.get('/api/agencies');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(12);
    const some = list.json().items[0];
    expect((await c.get(`/api/agencies/${some.id}`)).statusCode).toBe(200);
    expect((await c.patch(`/api/agencies/${some.id}`, { shortName: 'x' })).statusCode).toBe(403);
    expect((await c.post(`/api/agencies/${some.id}/disable`)).statusCode).toBe(403);
  });

  it('answers an unknown id with 404 and a malformed id with 400 naming params.id', async () => {
    const c = await h().login('caseworker.ntt');
    const missing = await c.get(`/api/agencies/${randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, code: 'not_found' });
    const bad = await c.get('/api/agencies/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('params.id');
    expect((await (await admin()).patch(`/api/agencies/${randomUUID()}`, { shortName: 'x' })).statusCode).toBe(404);
  });

  // Source bug (see report): fieldIssuesFromZod turns every `invalid_format` issue into code
  // `invalid_format` ("Format tidak valid (regex).") and drops the code the schema gives the regex.
  it('reports a malformed region code with the schema code region_unknown', async () => {
    const c = await admin();
    const res = await c.post('/api/agencies', agencyInput({ regionCode: '5' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      field: 'regionCode',
      code: 'region_unknown',
      message: 'Kode wilayah tidak dikenal.',
    });
  });

  it('answers in Indonesian by default, keeps the saved language over Accept-Language, and in English once chosen', async () => {
    const c = await h().login('legal.ntt');
    const anon = await h().app.inject({ method: 'GET', url: '/api/agencies' });
    expect(anon.json().title).toBe('Anda belum masuk');

    const idRes = await c.get(`/api/agencies/${randomUUID()}`);
    expect(idRes.json()).toMatchObject({ title: 'Tidak ditemukan', detail: 'Data yang diminta tidak ada.' });

    // Accept-Language en before login: anonymous answers are English…
    const en = new Client(h().app);
    en.locale = 'en';
    expect((await en.get('/api/agencies')).json().title).toBe('You are not logged in');
    const logged = await h().login('legal.ntt');
    logged.locale = 'en';
    // …but the user's saved language (id) wins after login.
    expect((await logged.get(`/api/agencies/${randomUUID()}`)).json().title).toBe('Tidak ditemukan');

    expect((await logged.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    const enRes = await logged.get(`/api/agencies/${randomUUID()}`);
    expect(enRes.json()).toMatchObject({ title: 'Not found', detail: 'The requested record does not exist.' });
    // Even with an Indonesian browser, the saved English wins.
    logged.locale = 'id';
    const forbidden = await logged.post('/api/agencies', agencyInput());
    expect(forbidden.json()).toMatchObject({ title: 'Not allowed', detail: 'Your role does not allow this action.' });
    expect((await logged.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
  });

  it('localises field messages of a validation error', async () => {
    const c = await admin();
    const idRes = await c.post('/api/agencies', agencyInput({ regionCode: '53.99' }));
    expect(idRes.json()).toMatchObject({
      title: 'Permintaan tidak valid',
      detail: 'Periksa kolom yang disebutkan di bawah.',
    });
    expect(idRes.json().errors[0].message).toBe('Kode wilayah tidak dikenal.');
    expect((await c.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    try {
      const enRes = await c.post('/api/agencies', agencyInput({ regionCode: '53.99' }));
      expect(enRes.json()).toMatchObject({
        title: 'The request is not valid',
        detail: 'Please check the fields named below.',
      });
      expect(enRes.json().errors[0].message).toBe('Unknown region code.');
      const dup = await c.post('/api/agencies', agencyInput({ name: 'Unit PPA Polda Nusa Tenggara Timur' }));
      expect(dup.json()).toMatchObject({
        title: 'Agency already exists',
        detail: 'An agency with this name already exists in this region.',
      });
    } finally {
      await c.patch('/api/auth/me', { locale: 'id' });
    }
  });
});
