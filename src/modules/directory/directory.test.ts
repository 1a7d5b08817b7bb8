import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { isLanguageCode } from './directory.service.js';

async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}

const put = (client: Client, agency: string, type: string, body: unknown) =>
  client.request('PUT', `/api/agencies/${agency}/services/${type}`, body);

const shelterEntry = {
  regions: ['53'],
  eligibility: { ageMin: 0, ageMax: 25, sexes: ['Feminine'], nationalities: [] },
  languages: ['id', 'en'],
  capacity: { total: 12, free: 3 },
  hours: 'Senin–Minggu 24 jam',
  contact: { phone: '+62 380 123456', email: 'layanan@rumahaman.example' },
  urgent24x7: true,
};

type Item = { agency: { id: string }; serviceType: string; proximity: string };
const agencies = (res: { json(): { items: Item[] } }) => res.json().items.map((i) => i.agency.id);

describe('ISO 639-1 codes', () => {
  it('accepts current two-letter codes and refuses unknown or withdrawn ones', () => {
    for (const ok of ['id', 'en', 'jv', 'su', 'ms']) expect(isLanguageCode(ok), ok).toBe(true);
    for (const bad of ['xx', 'zz', 'in', 'iw', 'ind', 'ID', '']) expect(isLanguageCode(bad), bad).toBe(false);
  });
});

describeEachDatabase('directory: publish, search by region and eligibility, who may edit', (h) => {
  const counsellingEntry = { languages: ['id'], contact: { email: 'konseling@rumahaman.example' } };
  /**
   * The directory each test starts from, published again by every test (PUT replaces an entry, so this does
   * not depend on what earlier tests left): shelters in Kupang city (the shelter's own), Kupang regency (an NGO
   * the administrator creates once), Bandung and Pontianak, and Kupang's psychosocial counselling.
   */
  async function directory() {
    const provider = await h().login('provider.shelter');
    const admin = await h().login('admin');
    const shelterNtt = await agencyId(provider, 'Rumah Aman Kupang');
    const shelterJabar = await agencyId(admin, 'Rumah Singgah Bandung');
    const kalbar = await agencyId(admin, 'RP Khatulistiwa');
    const ngoName = 'Yayasan Pelita Kabupaten Kupang';
    let ngoKabupaten = (await admin.get(`/api/agencies?q=${encodeURIComponent(ngoName)}`)).json().items[0]?.id as
      | string
      | undefined;
    if (!ngoKabupaten) {
      const created = await admin.post('/api/agencies', { name: ngoName, type: 'ngo', regionCode: '53.01' });
      expect(created.statusCode, created.body).toBe(201);
      ngoKabupaten = created.json().id as string;
    }
    const entries: [Client, string, string, unknown][] = [
      [provider, shelterNtt, 'shelter', shelterEntry],
      [provider, shelterNtt, 'psychosocial_counselling', counsellingEntry],
      [
        admin,
        shelterJabar,
        'shelter',
        {
          regions: ['32.73', '53.71'],
          eligibility: { nationalities: ['id'] },
          languages: ['id', 'su'],
          contact: { phone: '022-1234567' },
        },
      ],
      [admin, kalbar, 'shelter', { regions: ['61'], languages: ['id'], contact: { phone: '0561 765432' } }],
      [
        admin,
        ngoKabupaten,
        'shelter',
        {
          regions: ['53.71', '53.01'],
          eligibility: { ageMin: 18 },
          languages: ['id'],
          capacity: { total: 4, free: 0 },
          contact: { phone: '0380 111222' },
        },
      ],
    ];
    for (const [client, agency, type, body] of entries) {
      const res = await put(client, agency, type, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    return { provider, admin, shelterNtt, shelterJabar, kalbar, ngoKabupaten };
  }

  it('lets an agency publish a service (province-wide region, eligibility, capacity, contact)', async () => {
    const provider = await h().login('provider.shelter');
    const shelterNtt = await agencyId(provider, 'Rumah Aman Kupang');
    const db = h().services.database.db;
    const upserts = async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`select count(*) as n from audit_events where action = 'directory.services.upsert'`.execute(db)
        ).rows[0]!.n,
      );
    // Other numbers first (an earlier test may have published these very ones): the capacity time moves below.
    await put(provider, shelterNtt, 'shelter', { ...shelterEntry, capacity: { total: 10, free: 1 } });
    const before = await upserts();
    const res = await put(provider, shelterNtt, 'shelter', shelterEntry);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      agency: { id: shelterNtt, name: 'Rumah Aman Sahabat Perempuan Kupang', regionCode: '53.71' },
      serviceType: 'shelter',
      regions: ['53'],
      regionsDefault: false,
      eligibility: { ageMin: 0, ageMax: 25, sexes: ['Feminine'], nationalities: [] },
      languages: ['en', 'id'],
      capacity: { total: 12, free: 3 },
      contact: { phone: '+62 380 123456', email: 'layanan@rumahaman.example' },
      urgent24x7: true,
    });
    expect(res.json().capacity.updatedAt).toBe(res.json().updatedAt);
    // Lists are normalised rows, not JSON.
    const regions = await sql<{ region_code: string; province_code: string }>`
      select r.region_code, r.province_code from directory_service_regions r
      join directory_services s on s.id = r.service_id where s.id = ${res.json().id}`.execute(db);
    expect(regions.rows).toEqual([{ region_code: '53', province_code: '53' }]);
    expect((await upserts()) - before).toBe(1);
  });

  it('defaults regions to the agency own region and replaces an entry on a second PUT', async () => {
    const { provider, shelterNtt } = await directory();
    const res = await put(provider, shelterNtt, 'psychosocial_counselling', {
      languages: ['id'],
      contact: { email: 'konseling@rumahaman.example' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      regions: ['53.71'],
      regionsDefault: true,
      eligibility: { ageMin: null, ageMax: null, sexes: [], nationalities: [] },
      capacity: null,
      urgent24x7: false,
      hours: null,
    });
    const first = res.json();
    h().clock.advance(60_000);
    const again = await put(provider, shelterNtt, 'psychosocial_counselling', {
      languages: ['id', 'ms'],
      contact: { email: 'konseling@rumahaman.example' },
      hours: 'Mon–Fri 08:00–16:00 WITA',
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(first.id);
    expect(again.json().languages).toEqual(['id', 'ms']);
    expect(again.json().hours).toBe('Mon–Fri 08:00–16:00 WITA');
    // Capacity timestamps move only when the numbers change.
    const beds = await put(provider, shelterNtt, 'shelter', { ...shelterEntry, capacity: { total: 12, free: 2 } });
    expect(beds.json().capacity).toEqual({ total: 12, free: 2, updatedAt: beds.json().updatedAt });
    h().clock.advance(60_000);
    const hours = await put(provider, shelterNtt, 'shelter', { ...shelterEntry, capacity: { total: 12, free: 2 } });
    expect(hours.json().updatedAt > beds.json().updatedAt).toBe(true);
    expect(hours.json().capacity.updatedAt).toBe(beds.json().updatedAt);
    const list = await provider.get(`/api/agencies/${shelterNtt}/services`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: Item) => i.serviceType)).toEqual(['psychosocial_counselling', 'shelter']);
  });

  it('lets the system administrator publish for other agencies', async () => {
    const { admin, ngoKabupaten, kalbar } = await directory();
    const created = (await admin.get(`/api/agencies/${ngoKabupaten}`)).json();
    expect(created).toMatchObject({ name: 'Yayasan Pelita Kabupaten Kupang', type: 'ngo', regionCode: '53.01' });
    const ngo = (await admin.get(`/api/agencies/${ngoKabupaten}/services`)).json().items;
    expect(ngo).toHaveLength(1);
    expect(ngo[0]).toMatchObject({ serviceType: 'shelter', capacity: { total: 4, free: 0 } });
    expect([...ngo[0].regions].sort()).toEqual(['53.01', '53.71']);
    const pontianak = (await admin.get(`/api/agencies/${kalbar}/services`)).json().items;
    expect(pontianak.map((i: { regions: string[] }) => i.regions)).toEqual([['61']]);
  });

  it('matches a regency search with province-level offers and ranks regency, province, others', async () => {
    const { shelterNtt, shelterJabar, kalbar, ngoKabupaten } = await directory();
    const cw = await h().login('caseworker.ntt');
    const res = await cw.get('/api/directory/services?type=shelter&region=53.71');
    expect(res.statusCode, res.body).toBe(200);
    expect(agencies(res)).toEqual([shelterNtt, ngoKabupaten, shelterJabar]);
    expect(res.json().items.map((i: Item) => i.proximity)).toEqual(['regency', 'province', 'other']);
    // Another regency of the province: the province-wide offer covers it, Kupang-city-only offers do not.
    const kabupaten = await cw.get('/api/directory/services?type=shelter&region=53.01');
    expect(agencies(kabupaten)).toEqual([ngoKabupaten, shelterNtt]);
    expect(kabupaten.json().items.map((i: Item) => i.proximity)).toEqual(['regency', 'province']);
    // A province search finds regency-level offers inside it.
    const province = await cw.get('/api/directory/services?type=shelter&region=53');
    expect(new Set(agencies(province))).toEqual(new Set([shelterNtt, ngoKabupaten, shelterJabar]));
    const kalimantan = await cw.get('/api/directory/services?region=61.71');
    expect(agencies(kalimantan)).toEqual([kalbar]);
    // Without a region, everything ranks from the caller's own agency (Kupang).
    const all = await cw.get('/api/directory/services?type=shelter');
    expect(agencies(all)).toEqual([shelterNtt, ngoKabupaten, shelterJabar, kalbar]);
    const counselling = await cw.get('/api/directory/services?type=psychosocial_counselling&region=53.71');
    expect(agencies(counselling)).toEqual([shelterNtt]);
  });

  it('filters by age, sex, nationality, language, urgency and free places', async () => {
    const { shelterNtt, shelterJabar, ngoKabupaten } = await directory();
    const cw = await h().login('caseworker.ntt');
    const q = async (query: string) => {
      const res = await cw.get(`/api/directory/services?type=shelter&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return agencies(res);
    };
    expect(await q('region=53.71&age=16')).toEqual([shelterNtt, shelterJabar]);
    expect(await q('region=53.71&age=30')).toEqual([ngoKabupaten, shelterJabar]);
    expect(await q('region=53.71&sex=Masculine')).toEqual([ngoKabupaten, shelterJabar]);
    expect(await q('region=53.71&sex=Feminine&age=17')).toEqual([shelterNtt, shelterJabar]);
    expect(await q('region=53.71&nationality=TL')).toEqual([shelterNtt, ngoKabupaten]);
    expect(await q('region=53.71&nationality=id')).toEqual([shelterNtt, ngoKabupaten, shelterJabar]);
    expect(await q('language=en')).toEqual([shelterNtt]);
    expect(await q('language=su')).toEqual([shelterJabar]);
    expect(await q('urgent=true')).toEqual([shelterNtt]);
    expect(await q('region=53.71&available=true')).toEqual([shelterNtt, shelterJabar]);
  });

  it('pages with a keyset cursor across the proximity bands and refuses a tampered one', async () => {
    const { shelterNtt, shelterJabar, kalbar, ngoKabupaten } = await directory();
    const pages = async (client: Client, query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/directory/services?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await client.get(url);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().items.length).toBeLessThanOrEqual(1);
        seen.push(...agencies(res));
        cursor = res.json().nextCursor;
      } while (cursor);
      return seen;
    };
    const analyst = await h().login('analyst.national');
    const national = await pages(analyst, 'type=shelter');
    expect(national.length).toBe(4);
    expect(new Set(national).size).toBe(4);
    const cw = await h().login('caseworker.ntt');
    expect(await pages(cw, 'type=shelter')).toEqual([shelterNtt, ngoKabupaten, shelterJabar, kalbar]);
    expect(await pages(cw, 'type=shelter&region=53.71')).toEqual([shelterNtt, ngoKabupaten, shelterJabar]);
    const bad = await analyst.get('/api/directory/services?cursor=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'query.cursor', code: 'cursor_invalid' });
  });

  it('leaves out the entries of a disabled agency', async () => {
    const admin = await h().login('admin');
    const created = await admin.post('/api/agencies', {
      name: `Yayasan Tutup Sementara ${Date.now().toString(36)}`,
      type: 'ngo',
      regionCode: '53.71',
    });
    expect(created.statusCode, created.body).toBe(201);
    const closing = created.json().id;
    expect(
      (await put(admin, closing, 'legal_aid', { languages: ['id'], contact: { phone: '0380 999000' } })).statusCode,
    ).toBe(200);
    // Listed while the agency is active (other tests may publish legal aid of their own: look for this one)…
    const listed = await admin.get('/api/directory/services?type=legal_aid&limit=100');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(agencies(listed)).toContain(closing);
    expect((await admin.post(`/api/agencies/${closing}/disable`)).statusCode).toBe(200);
    // …and gone once it is disabled.
    const res = await admin.get('/api/directory/services?type=legal_aid&limit=100');
    expect(res.statusCode, res.body).toBe(200);
    expect(agencies(res)).not.toContain(closing);
  });

  it('lets only the agency own editors change its entries; another agency gets 404', async () => {
    const { provider, admin, shelterNtt, shelterJabar } = await directory();
    // provider.shelter works at the Kupang shelter: the Bandung shelter's entry is not theirs.
    expect((await put(provider, shelterJabar, 'shelter', shelterEntry)).statusCode).toBe(404);
    expect((await provider.request('DELETE', `/api/agencies/${shelterJabar}/services/shelter`)).statusCode).toBe(404);
    // A case worker may search but not edit the directory.
    const cw = await h().login('caseworker.ntt');
    const uptdNtt = await agencyId(cw, 'UPTD PPA NTT');
    expect((await put(cw, uptdNtt, 'legal_aid', shelterEntry)).statusCode).toBe(403);
    const legal = await h().login('legal.ntt');
    expect((await put(legal, shelterNtt, 'shelter', shelterEntry)).statusCode).toBe(403);
    // The supervisor of the service unit may publish the unit's own services.
    const supervisor = await h().login('supervisor.ntt');
    const res = await put(supervisor, uptdNtt, 'legal_aid', { ...shelterEntry, regions: [] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await put(supervisor, shelterNtt, 'shelter', shelterEntry)).statusCode).toBe(404);
    // A missing agency is a 404 as well.
    expect((await put(admin, '01a22a15-0000-7000-8000-00000000abcd', 'shelter', shelterEntry)).statusCode).toBe(404);
  });

  it('names every invalid field', async () => {
    const provider = await h().login('provider.shelter');
    const shelterNtt = await agencyId(provider, 'Rumah Aman Kupang');
    const res = await put(provider, shelterNtt, 'shelter', {
      ...shelterEntry,
      regions: ['53', '99.99'],
      eligibility: { ageMin: 30, ageMax: 18, sexes: ['Feminine'], nationalities: ['XX'] },
      languages: ['id', 'xx'],
      capacity: { total: 2, free: 5 },
      contact: {},
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'regions.1:region_unknown',
        'eligibility.nationalities.0:country_unknown',
        'languages.1:language_unknown',
        'eligibility.ageMax:age_range',
        'capacity.free:capacity_exceeds_total',
        'contact:contact_required',
      ]),
    );
    const type = await put(provider, shelterNtt, 'teleportation', shelterEntry);
    expect(type.statusCode).toBe(400);
    expect(type.json().errors[0]).toMatchObject({ field: 'params.serviceType', code: 'invalid_value' });
    const shape = await put(provider, shelterNtt, 'shelter', {
      languages: [],
      contact: { phone: 'call me' },
      colour: 'red',
    });
    expect(shape.statusCode).toBe(400);
    const issues = shape.json().errors as { field: string; code: string; message: string }[];
    expect(issues.map((e) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining(['languages:too_few_items', 'contact.phone:phone_format', 'colour:unknown_field']),
    );
    // Messages come in the user's saved language (Indonesian for the demo users).
    expect(issues.find((e) => e.code === 'phone_format')?.message).toContain('Nomor telepon');
    const search = await provider.get('/api/directory/services?region=99&language=qq&age=-1');
    expect(search.statusCode).toBe(400);
    expect(search.json().errors.map((e: { field: string }) => e.field)).toContain('query.age');
    const search2 = await provider.get('/api/directory/services?region=99&language=qq');
    expect(search2.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'query.region:region_unknown',
      'query.language:language_unknown',
    ]);
  });

  it('withdraws an entry', async () => {
    const { provider, shelterNtt } = await directory();
    const del = await provider.request('DELETE', `/api/agencies/${shelterNtt}/services/psychosocial_counselling`);
    expect(del.statusCode, del.body).toBe(204);
    const res = await provider.get('/api/directory/services?type=psychosocial_counselling&limit=100');
    expect(agencies(res)).not.toContain(shelterNtt);
    expect(
      (await provider.request('DELETE', `/api/agencies/${shelterNtt}/services/psychosocial_counselling`)).statusCode,
    ).toBe(404);
    const rows = await sql<{ n: number }>`
      select count(*) as n from directory_service_languages l
      where not exists (select 1 from directory_services s where s.id = l.service_id)`.execute(
      h().services.database.db,
    );
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});
