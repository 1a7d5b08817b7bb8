import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { htcds } from '../../contract/htcds.js';
import { agencyTypeKeys, agencyTypes, htcdsOrgTypes } from './agency-types.js';
import { isCountryCode, listCountries } from './countries.js';
import { findRegion, listRegions } from './regions.js';

const HTCDS_CSV = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'standards',
  'htcds',
  'htcds-2.0-field-standards.csv',
);

/** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The picklist value names of one HTCDS field, read from the standard's CSV. */
function htcdsValues(fieldWithPrefix: string): string[] {
  const [header, ...rows] = parseCsv(readFileSync(HTCDS_CSV, 'utf8'));
  const nameCol = header!.indexOf('Field Name including Prefix');
  const valuesCol = header!.findIndex((h) => h.startsWith('Value Names'));
  expect(nameCol).toBeGreaterThanOrEqual(0);
  expect(valuesCol).toBeGreaterThanOrEqual(0);
  const matches = rows.filter((r) => r[nameCol] === fieldWithPrefix);
  expect(matches, fieldWithPrefix).toHaveLength(1);
  return matches[0]!
    [valuesCol]!.split(/\r?\n/)
    .map((v) => v.trim())
    .filter(Boolean);
}

describe('CSV parser used by these tests', () => {
  it('keeps quoted commas, quotes and newlines inside a cell', () => {
    expect(parseCsv('a,"b,1","c\nd","e ""x"""\n,,\n')).toEqual([
      ['a', 'b,1', 'c\nd', 'e "x"'],
      ['', '', ''],
    ]);
  });
});

describe('agency types and HTCDS org_Type', () => {
  const orgTypes = htcdsValues('org_Type');

  it('reads the org_Type picklist from the standard', () => {
    expect(orgTypes).toContain('NGO');
    expect(orgTypes).toContain('LawEnforcement');
    expect(orgTypes.length).toBeGreaterThanOrEqual(5);
    for (const v of orgTypes) expect(v).toMatch(/^[A-Za-z]+$/);
  });

  it('maps every agency type to an HTCDS org_Type value name', () => {
    const wrong = Object.entries(agencyTypes)
      .filter(([, def]) => !orgTypes.includes(def.htcds))
      .map(([key, def]) => `${key} → ${def.htcds}`);
    expect(wrong).toEqual([]);
    expect([...htcdsOrgTypes].sort()).toEqual([...orgTypes].sort());
  });

  it('uses every HTCDS org_Type value for at least one agency type', () => {
    const used = new Set(Object.values(agencyTypes).map((d) => d.htcds as string));
    expect(orgTypes.filter((v) => !used.has(v))).toEqual([]);
  });

  it('labels every agency type in Indonesian and English', () => {
    expect(agencyTypeKeys.length).toBe(Object.keys(agencyTypes).length);
    for (const [key, def] of Object.entries(agencyTypes)) {
      expect(def.label.id.trim(), key).not.toBe('');
      expect(def.label.en.trim(), key).not.toBe('');
    }
  });
});

describe('regions and countries', () => {
  it('has the 38 provinces of Indonesia, each with a two-digit code', async () => {
    const provinces = await listRegions();
    expect(provinces).toHaveLength(38);
    expect(new Set(provinces.map((p) => p.code)).size).toBe(38);
    for (const p of provinces) {
      expect(p.code).toMatch(/^\d{2}$/);
      expect(p).toMatchObject({ level: 'province', provinceCode: p.code });
    }
    // Including the four Papua provinces created in 2022.
    expect(provinces.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Papua Selatan', 'Papua Tengah', 'Papua Pegunungan', 'Papua Barat Daya']),
    );
  });

  it('has Nusa Tenggara Timur (53) with Kota Kupang (53.71) among its regencies', async () => {
    expect(await findRegion('53')).toMatchObject({ code: '53', name: 'Nusa Tenggara Timur', level: 'province' });
    expect(await findRegion('53.71')).toEqual({
      code: '53.71',
      name: 'Kota Kupang',
      level: 'regency',
      provinceCode: '53',
    });
    const ntt = await listRegions('53');
    expect(ntt.length).toBeGreaterThanOrEqual(20);
    for (const r of ntt) {
      expect(r.code).toMatch(/^53\.\d{2}$/);
      expect(r).toMatchObject({ level: 'regency', provinceCode: '53' });
    }
    expect(ntt.map((r) => r.code)).toContain('53.71');
    expect(await findRegion('53.99')).toBeUndefined();
  });

  it('has ISO countries, including Indonesia and Malaysia, with Indonesian and English names', () => {
    const countries = listCountries();
    expect(countries.length).toBeGreaterThan(240);
    const byCode = new Map(countries.map((c) => [c.code, c]));
    expect(byCode.get('ID')).toEqual({ code: 'ID', name: { id: 'Indonesia', en: 'Indonesia' } });
    expect(byCode.get('MY')).toEqual({ code: 'MY', name: { id: 'Malaysia', en: 'Malaysia' } });
    // Names really are per language.
    expect(byCode.get('JP')?.name).toEqual({ id: 'Jepang', en: 'Japan' });
    expect(byCode.get('SA')?.name.id).toBe('Arab Saudi');
    expect(byCode.get('SA')?.name.en).toBe('Saudi Arabia');
    for (const c of countries) expect(c.code).toMatch(/^[A-Z]{2}$/);
    expect(isCountryCode('MY')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode('my')).toBe(false);
  });
});

describeEachDatabase('reference API', (h) => {
  it('lists the regencies of NTT for ?parent=53 and the provinces without a parent', async () => {
    const c = await h().login('caseworker.ntt');
    const res = await c.get('/api/reference/regions?parent=53');
    expect(res.statusCode).toBe(200);
    const regencies = res.json() as { code: string; name: string; level: string; provinceCode: string }[];
    expect(regencies.length).toBeGreaterThanOrEqual(20);
    expect(regencies.every((r) => r.provinceCode === '53' && r.level === 'regency')).toBe(true);
    expect(regencies).toContainEqual({ code: '53.71', name: 'Kota Kupang', level: 'regency', provinceCode: '53' });

    const provinces = (await c.get('/api/reference/regions')).json();
    expect(provinces).toHaveLength(38);
  });

  it('refuses a malformed parent (?parent=5) with 400 naming query.parent', async () => {
    const c = await h().login('caseworker.ntt');
    for (const parent of ['5', '53.71', 'ntt']) {
      const res = await c.get(`/api/reference/regions?parent=${parent}`);
      expect(res.statusCode, parent).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field).toBe('query.parent');
    }
  });

  it('serves agency types and countries to a signed-in user only', async () => {
    const c = await h().login('caseworker.ntt');
    const types = await c.get('/api/reference/agency-types');
    expect(types.statusCode).toBe(200);
    expect(
      types
        .json()
        .map((t: { key: string }) => t.key)
        .sort(),
    ).toEqual([...agencyTypeKeys].sort());
    expect(types.json().find((t: { key: string }) => t.key === 'uptd_ppa')).toMatchObject({
      htcds: 'LocalGovernmentOrganisation',
    });
    const countries = await c.get('/api/reference/countries');
    expect(countries.json()).toContainEqual({ code: 'MY', name: { id: 'Malaysia', en: 'Malaysia' } });
    expect((await h().app.inject({ method: 'GET', url: '/api/reference/regions' })).statusCode).toBe(401);
  });
});

describe('HTCDS picklists used for case data (htcds.ts)', () => {
  it('maps every enumeration one-to-one onto the standard value names, both ways', () => {
    const drift: string[] = [];
    for (const [field, values] of Object.entries(htcds)) {
      const standard = htcdsValues(field);
      const ours = [...values] as string[];
      for (const v of ours) if (!standard.includes(v)) drift.push(`${field}: ${v} is not in the standard`);
      for (const v of standard) if (!ours.includes(v)) drift.push(`${field}: ${v} is missing here`);
    }
    expect(drift).toEqual([]);
    expect(Object.keys(htcds).length).toBeGreaterThanOrEqual(15);
  });
});
