import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, describeEachDatabase } from '../../../test/support/harness.js';
import { allFacts, consent, createCase } from '../../../test/support/htcds.js';
import { loginOn, secondInstance } from '../../../test/support/instances.js';
import { reportingDate } from '../../platform/time.js';
import { htcdsOrgTypes } from '../reference/index.js';
import { csvColumns, EVENTS_KEY, htcdsEventFields, htcdsFields, toIso6392 } from './htcds.mapping.js';

/** The standard's field sheet, read from the shared folder (never a copy typed by hand). */
const STANDARD = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'standards', 'htcds');
const standardRows = parse(readFileSync(join(STANDARD, 'htcds-2.0-field-standards.csv'), 'utf8'), {
  columns: true,
}) as Record<string, string>[];
const standardField = (name: string) => standardRows.find((r) => r['Field Name including Prefix'] === name);
const standardValues = (name: string) =>
  (standardField(name)?.['Value Names (if picklist)'] ?? '')
    .split(/\r?\n/)
    .map((v) => v.trim())
    .filter(Boolean);

describe('HTCDS mapping against the standard', () => {
  it('uses only field names the standard defines (pulih_* extensions apart) and its picklist values', () => {
    const names = [...Object.keys(htcdsFields), ...htcdsEventFields].filter((n) => !n.startsWith('pulih_'));
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(standardField(name), name).toBeDefined();
    for (const [name, def] of Object.entries(htcdsFields)) {
      if (!def.list) continue;
      expect(def.list, name).toBe(name);
    }
    expect(standardValues('org_Type')).toEqual(expect.arrayContaining([...htcdsOrgTypes]));
    // The section the events belong to, as the standard titles it.
    expect(standardRows.some((r) => r.Section?.replace(/\s+/g, '') === EVENTS_KEY)).toBe(true);
    // The full name never travels as prs_FirstName alone: the standard splits first, middle and second name.
    for (const n of ['prs_FirstName', 'prs_MiddleName', 'prs_SecondName']) expect(csvColumns).toContain(n);
  });

  it('documents exactly the fields it maps (docs/exchange.md)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'exchange.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Mapping'), doc.indexOf('## Signed referral packages'));
    const documented = new Set(
      table
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]!)),
    );
    expect([...documented].sort()).toEqual([...csvColumns].sort());
  });

  it('writes languages as ISO 639-2 codes, as the standard asks', () => {
    expect(standardValues('prs_PrimaryLanguage').join(' ')).toContain('639-2');
    expect(['id', 'jv', 'en', 'ms', 'tet'].map(toIso6392)).toEqual(['ind', 'jav', 'eng', 'msa', 'tet']);
  });
});

const upload = (c: Client, body: string, type: string) =>
  c.request('POST', '/api/exchange/htcds/imports', body, { 'content-type': type });

const withoutRecordId = (records: Record<string, unknown>[]) =>
  records.map(({ pulih_RecordId: _id, ...rest }) => rest).map((r) => JSON.stringify(r, Object.keys(r).sort()));

describeEachDatabase('HTCDS 2.0 bulk export and import', (h) => {
  let other: Awaited<ReturnType<typeof secondInstance>> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pulih-htcds-'));
  afterAll(async () => {
    await other?.app.close();
    await other?.services.database.close();
    await other?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports consented cases that import into a second database equal in every exported field', async () => {
    const sup = await h().login('supervisor.ntt');
    const statsCase = await createCase(sup, 'Maria Ursula Lakapu');
    const sharedCase = await createCase(sup, 'Yohana Bria', { referralSource: 'community' });
    const unconsented = await createCase(sup, 'Agustina Sole');
    await consent(sup, statsCase, 'statistics', allFacts);
    await consent(sup, sharedCase, 'international_sharing', [...allFacts, 'identity_name', 'identity_contact']);
    // A consent for another purpose does not let a case leave.
    await consent(sup, unconsented, 'case_management', allFacts);

    const json = await sup.get('/api/exchange/htcds/export?format=json&includeIdentity=true');
    expect(json.statusCode, json.body).toBe(200);
    expect(Number(json.headers['x-pulih-export-candidates'])).toBeGreaterThanOrEqual(3);
    writeFileSync(join(dir, 'a.json'), json.body);
    const records = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Record<string, unknown>[];
    expect(records).toHaveLength(2);
    expect(json.body).not.toContain('Agustina');
    const [stats, shared] = records as [Record<string, unknown>, Record<string, unknown>];
    // A statistics consent never carries identity, even when asked.
    expect(stats.prs_FirstName).toBeUndefined();
    expect(stats).toMatchObject({
      prs_Gender: 'Feminine',
      prs_PrimaryLanguage: 'ind',
      prs_SecondaryLanguage: 'jav',
      prs_Citizenship: ['ID'],
      vic_MethodsOfControl: ['DebtBondage', 'WithholdsDocuments'],
      vic_ForcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
      vic_AgeWhenTrafficked: 24,
      org_Type: 'LocalGovernmentOrganisation',
      con_Consent: true,
      pulih_ConsentPurposes: ['statistics'],
    });
    expect(stats[EVENTS_KEY]).toEqual([
      { hte_Type: 'Recruitment', hte_Country: 'ID', hte_State: '53.71', hte_City: 'Kupang', hte_Date: '2022-03-01' },
      { hte_Type: 'Exploitation', hte_Country: 'MY', hte_City: 'Johor Bahru', hte_Date: '2022-04-10' },
    ]);
    expect(shared).toMatchObject({
      prs_FirstName: 'Yohana',
      prs_SecondName: 'Bria',
      pulih_Aliases: ['Nona', 'Ursi'],
      prs_IdentityNumber: '5371014506980003',
      prs_MobilePhone: '081234567890',
    });
    // Without includeIdentity the same export has no name.
    const plain = await sup.get('/api/exchange/htcds/export?format=json');
    expect(plain.body).not.toContain('Yohana');

    const csv = await sup.get('/api/exchange/htcds/export?format=csv&includeIdentity=true');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    writeFileSync(join(dir, 'a.csv'), csv.body);
    const header = parse(readFileSync(join(dir, 'a.csv'), 'utf8'), { to_line: 1 })[0] as string[];
    expect(header).toEqual(csvColumns);

    // Every export is audited; the identity it carried was revealed through the persons module's decision.
    const audits = async (action: string) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from audit_events where action = ${action}`.execute(
            h().services.database.db,
          )
        ).rows[0]?.n,
      );
    expect(await audits('exchange.htcds.export')).toBe(3);
    expect(await audits('persons.identity.reveal')).toBeGreaterThanOrEqual(2);

    // The second database: import the CSV file, then the JSON file of the same records (duplicates).
    other = await secondInstance(h().dialect);
    const b = await loginOn(other.app, other.clock, 'supervisor.ntt');
    const imported = await upload(b, readFileSync(join(dir, 'a.csv'), 'utf8'), 'text/csv');
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ status: 'done', rowsRead: 2, rowsQueued: 2, rowsInvalid: 0 });
    const again = await upload(b, readFileSync(join(dir, 'a.json'), 'utf8'), 'application/json');
    expect(again.json()).toMatchObject({ rowsRead: 2, rowsQueued: 0, rowsDuplicate: 2 });

    const queue = (await b.get('/api/exchange/htcds/records')).json().items as {
      id: string;
      hasName: boolean;
      record: Record<string, unknown>;
    }[];
    expect(queue).toHaveLength(2);
    // The incoming-referral fields are filled from the sender; the queue shows no identity.
    expect(queue[0]!.record).toMatchObject({
      cas_ReferringOrganisation: stats.org_Name,
      cas_ReasonForIncomingReferral: 'Other',
    });
    expect(JSON.stringify(queue)).not.toContain('Yohana');
    const nameless = queue.find((q) => !q.hasName)!;
    const missingName = await b.post(`/api/exchange/htcds/records/${nameless.id}/accept`, {});
    expect(missingName.statusCode).toBe(400);
    expect(missingName.json().errors[0].field).toBe('fullName');
    const newCases: string[] = [];
    for (const item of queue) {
      const res = await b.post(
        `/api/exchange/htcds/records/${item.id}/accept`,
        item.hasName ? {} : { fullName: 'Tanpa Nama' },
      );
      expect(res.statusCode, res.body).toBe(200);
      newCases.push(res.json().caseId);
    }
    expect((await b.post(`/api/exchange/htcds/records/${queue[0]!.id}/reject`, { reason: 'other' })).statusCode).toBe(
      409,
    );
    // The consents travel as con_Consent and pulih_ConsentPurposes; the receiving agency records its own.
    await consent(b, newCases[0]!, 'statistics', allFacts);
    await consent(b, newCases[1]!, 'international_sharing', [...allFacts, 'identity_name', 'identity_contact']);
    const back = JSON.parse(
      (await b.get('/api/exchange/htcds/export?format=json&includeIdentity=true')).body,
    ) as Record<string, unknown>[];
    expect(withoutRecordId(back)).toEqual(withoutRecordId(records));
  });

  it('reports bad rows by row, field and reason and queues only the good ones; an unreadable file queues nothing', async () => {
    const sup = await h().login('supervisor.ntt');
    const header =
      'org_Name,prs_Gender,vic_AgeWhenTrafficked,vic_TraffickingStatus,favourite_Colour,hte_Type,hte_Country';
    const file = [
      header,
      'Partner NGO,Feminine,19,ActualVictimOfTrafficking,blue,Recruitment;Exploitation,ID;MY',
      'Partner NGO,Female,19,ActualVictimOfTrafficking,,,',
      'Partner NGO,Masculine,old,Victim,,Exploitation,XX',
    ].join('\n');
    const res = await upload(sup, file, 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rowsRead: 3, rowsQueued: 1, rowsInvalid: 2 });
    const report = await sup.get(`/api/exchange/htcds/imports/${res.json().id}`);
    expect(report.statusCode).toBe(200);
    const issues = report
      .json()
      .issues.map((i: { row: number; field: string; reason: string }) => [i.row, i.field, i.reason]);
    expect(issues).toEqual(
      expect.arrayContaining([
        [1, 'favourite_Colour', 'unknown_field'],
        [2, 'prs_Gender', 'not_in_picklist'],
        [3, 'vic_AgeWhenTrafficked', 'not_a_number'],
        [3, 'vic_TraffickingStatus', 'not_in_picklist'],
        [3, `${EVENTS_KEY}[0].hte_Country`, 'country_unknown'],
      ]),
    );
    // Re-importing the same file queues nothing new.
    expect((await upload(sup, file, 'text/csv')).json()).toMatchObject({ rowsQueued: 0, rowsDuplicate: 1 });
    // Accepting the good row makes a case with the sender's identification.
    const pending = (await sup.get('/api/exchange/htcds/records')).json().items as { id: string }[];
    const good = pending.find(() => true)!;
    const accepted = await sup.post(`/api/exchange/htcds/records/${good.id}/accept`, { fullName: 'Tanpa Nama' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const kase = (await sup.get(`/api/cases/${accepted.json().caseId}`)).json();
    expect(kase.traffickingStatus).toBe('ActualVictimOfTrafficking');
    expect(kase.events.map((e: { type: string }) => e.type)).toEqual(['Recruitment', 'Exploitation']);

    const broken = await upload(sup, `${header}\n"unclosed,Feminine,19,,,,\n`, 'text/csv');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('import_unreadable');
    const count = await sql<{ n: number }>`select count(*) as n from htcds_import_records`.execute(
      h().services.database.db,
    );
    expect(Number(count.rows[0]?.n)).toBe(1);
    // Neither a case worker (no permission) nor an anonymous caller may import or export.
    const cw = await h().login('caseworker.ntt');
    expect((await upload(cw, file, 'text/csv')).statusCode).toBe(403);
    expect((await cw.get('/api/exchange/htcds/export')).statusCode).toBe(403);
    expect((await new Client(h().app).get('/api/exchange/htcds/export')).statusCode).toBe(401);
  });

  it('filters the export by period, agency and region, and an agency outside the scope answers 404', async () => {
    const sup = await h().login('supervisor.ntt');
    const all = JSON.parse((await sup.get('/api/exchange/htcds/export')).body) as Record<string, unknown>[];
    expect(all.length).toBeGreaterThan(0);
    // The registration date and the period filter are both dates in the reporting zone (WIB).
    const today = reportingDate(h().clock.now());
    expect(JSON.parse((await sup.get(`/api/exchange/htcds/export?from=${today}&to=${today}`)).body)).toHaveLength(
      all.filter((r) => r.pulih_RegistrationDate === today).length,
    );
    expect(JSON.parse((await sup.get('/api/exchange/htcds/export?to=2000-01-01')).body)).toHaveLength(0);
    expect(JSON.parse((await sup.get('/api/exchange/htcds/export?regionCode=31')).body)).toHaveLength(0);
    const me = (await sup.get('/api/auth/me')).json();
    expect(
      JSON.parse((await sup.get(`/api/exchange/htcds/export?agencyId=${me.agencyId ?? me.agency?.id}`)).body),
    ).toHaveLength(all.length);
    const elsewhere = (await sup.get(`/api/agencies?q=${encodeURIComponent('Rumah Aman Sahabat')}`)).json().items[0].id;
    const refused = await sup.get(`/api/exchange/htcds/export?agencyId=${elsewhere}`);
    expect(refused.statusCode).toBe(404);
    const missing = await sup.get('/api/exchange/htcds/export?agencyId=0190a0a0-0000-7000-8000-000000000000');
    expect(refused.body).toBe(missing.body);
  });
});
