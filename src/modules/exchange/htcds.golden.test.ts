import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { allFacts, consent, createCase } from '../../../test/support/htcds.js';

/**
 * The export's bytes: a fixed set of cases (identity, both purposes, quoting, empty lists, withdrawn and other
 * consents) exported as CSV and JSON, with and without identity, by purpose and period, compared byte for byte
 * with test/fixtures/htcds/export.<dialect>.golden.txt. Only the record ids (a keyed hash under each test
 * database's own key) are replaced by their rank. PULIH_UPDATE_GOLDEN=1 writes the files anew.
 * The two files differ in one place only: an event without a date comes first on SQLite and last on PostgreSQL
 * (`order by started_on`: SQLite sorts nulls first, PostgreSQL last).
 */
const golden = (dialect: string) =>
  join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'htcds', `export.${dialect}.golden.txt`);

describeEachDatabase('HTCDS export output, byte for byte', (h) => {
  it('gives exactly the golden CSV and JSON', async () => {
    const sup = await h().login('supervisor.ntt');
    const a = await createCase(sup, 'Maria Ursula Lakapu', { intakeAt: '2024-01-05T02:00:00Z' });
    await consent(sup, a, 'statistics', allFacts);
    const b = await createCase(sup, 'Yohana Bria', { intakeAt: '2024-02-10T23:30:00+08:00' });
    await consent(sup, b, 'international_sharing', [...allFacts, 'identity_name', 'identity_contact']);
    const c = await createCase(sup, 'Ana Maria de Jesus Soares', {
      intakeAt: '2024-03-15T08:00:00Z',
      person: { sex: 'Feminine', birthYear: 2007, citizenship: 'TL', regionCode: '53.04', languages: ['tet'] },
      events: [
        { type: 'Transit', countryCode: 'TL', city: 'Kota "Lama", Dili', startedOn: '2023-11-02' },
        { type: 'Recruitment', countryCode: 'TL' },
        {
          type: 'Exploitation',
          countryCode: 'ID',
          regionCode: '53.71',
          city: 'Kupang\u001fBaru',
          startedOn: '2023-12-01',
        },
      ],
    });
    // Both purposes: the union of their groups, identity from the international-sharing one.
    await consent(sup, c, 'statistics', ['sex', 'origin_region']);
    await consent(sup, c, 'international_sharing', ['languages', 'exploitation_types', 'identity_name']);
    const d = await createCase(sup, 'Budi', {
      intakeAt: '2024-03-16T00:00:00Z',
      person: { sex: 'Masculine', birthYear: 1990, citizenship: 'ID' },
      identity: { fullName: 'Budi' },
      profile: {},
      events: [],
    });
    await consent(sup, d, 'statistics', ['sex', 'age_band', 'languages', 'exploitation_types', 'risk_notes']);
    // Two consents of one purpose: the union.
    const e = await createCase(sup, 'Siti Aminah', { intakeAt: '2024-04-01T12:00:00Z' });
    await consent(sup, e, 'statistics', ['sex']);
    await consent(sup, e, 'statistics', ['nationality', 'case_summary']);
    // Withdrawn, and another purpose: neither leaves.
    const f = await createCase(sup, 'Dewi Lestari', { intakeAt: '2024-04-02T12:00:00Z' });
    const withdrawn = await consent(sup, f, 'statistics', allFacts);
    expect((await sup.post(`/api/consents/${withdrawn}/withdraw`, { reason: 'asked to stop' })).statusCode).toBe(200);
    const g = await createCase(sup, 'Rina Wati', { intakeAt: '2024-04-03T12:00:00Z' });
    await consent(sup, g, 'case_management', allFacts);

    const queries = [
      'format=csv',
      'format=csv&includeIdentity=true',
      'format=json',
      'format=json&includeIdentity=true',
      'format=csv&purpose=statistics',
      'format=json&purpose=international_sharing&includeIdentity=true',
      'format=csv&from=2024-02-10&to=2024-03-15',
    ];
    const bodies: string[] = [];
    for (const q of queries) {
      const res = await sup.get(`/api/exchange/htcds/export?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      bodies.push(`=== ${q}\n${res.body}`);
    }
    let text = bodies.join('');
    const ids = (JSON.parse(bodies[2]!.slice(bodies[2]!.indexOf('\n') + 1)) as { pulih_RecordId: string }[]).map(
      (r) => r.pulih_RecordId,
    );
    expect(ids).toHaveLength(5);
    ids.forEach((id, i) => {
      text = text.replaceAll(id, `record-${i + 1}`);
    });
    const file = golden(h().dialect);
    if (process.env.PULIH_UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  }, 120_000);
});
