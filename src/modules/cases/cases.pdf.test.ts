import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { expect, it } from 'vitest';
import { fixture } from '../../../test/support/fixture.js';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';

/** The PDF's text, pages joined (unpdf = PDF.js): what a court clerk or LPSK officer reads. */
async function pdfText(body: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

const identity = {
  fullName: 'Fransiska Lede Bria',
  nik: '5371014403990002',
  phones: ['+62 812-3456-7001'],
  address: 'Jalan Soeharto No. 41, Naikoten',
  aliases: ['Siska Lede'],
  dateOfBirth: '1999-03-04',
};
/** Each identity field as it may appear in the PDF's text (a distinctive piece of each). */
const printed: Record<string, string[]> = {
  fullName: ['Fransiska Lede Bria', 'Fransiska'],
  nik: ['5371014403990002'],
  phones: ['3456-7001', '34567001'],
  address: ['Soeharto', 'Naikoten'],
  aliases: ['Siska Lede'],
  dateOfBirth: ['1999-03-04', '04/03/1999', '4 Mar 1999', '4 Maret 1999'],
};
const absent = (text: string, fields: string[]) => {
  for (const f of fields) for (const piece of printed[f]!) expect(text, `${f} (${piece}) printed`).not.toContain(piece);
};

describeEachDatabase('case summary PDF: words not codes, the agency’s zone, services, consents, referrals', (h) => {
  const cw = () => h().login('caseworker.ntt');

  // One case, arranged on first use and only read by the tests (any test runs alone): a screening decision, a
  // late statutory service, a consent and a referral.
  const arranged = fixture(async () => {
    const cw = await h().login('caseworker.ntt');
    const sup = await h().login('supervisor.ntt');
    const created = await cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71', citizenship: 'ID' },
      identity,
      profile: { exploitationTypes: ['ForcedLabour'], methodsOfControl: ['WithholdsDocuments'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id: caseId, caseNumber } = created.json() as { id: string; caseNumber: string };
    const shelter = (await cw.get(`/api/agencies?q=${encodeURIComponent('Rumah Aman Sahabat')}`)).json().items[0].id;
    const service = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'health_rehabilitation',
      applicant: 'victim',
      appliedAt: '2026-11-20T20:30:00.000Z',
      providerAgencyId: shelter,
    });
    expect(service.statusCode, service.body).toBe(201);
    const screening = await cw.post(`/api/cases/${caseId}/screenings`, {
      toolVersion: 1,
      answers: { 'd4.excessive_working_hours': true },
      acts: ['recruitment'],
    });
    const decided = await cw.post(`/api/screenings/${screening.json().id}/decide`, {
      status: 'PossibleVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
      rationale: 'Indikator kerja paksa jelas dari wawancara awal.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await sup.post(`/api/screenings/${screening.json().id}/approve`, { approve: true })).statusCode).toBe(200);
    const consent = await cw.post(`/api/cases/${caseId}/consents`, {
      givenBy: 'victim',
      wordingVersion: 'v1',
      wordingLocale: 'id',
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['health_rehabilitation'],
      fieldGroups: ['needs', 'age_band'],
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const referral = await cw.post(`/api/cases/${caseId}/referrals`, {
      recipientAgencyId: shelter,
      serviceRequestIds: [service.json().id],
      urgency: 'urgent',
      reason: 'AdditionalServicesRequired',
    });
    expect(referral.statusCode, referral.body).toBe(201);
    return { caseId, caseNumber };
  });

  const pdf = async (client: Client, body?: unknown, locale: 'id' | 'en' = 'id') => {
    // The user's saved language decides (as on screen); set it for this PDF, then back to Indonesian.
    expect((await client.patch('/api/auth/me', { locale })).statusCode).toBe(200);
    const { caseId } = await arranged();
    const res = await client.post(`/api/cases/${caseId}/summary-pdf`, body);
    expect((await client.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return pdfText(res.rawPayload);
  };

  it('prints labels in Indonesian, dates in WITA (the NTT agency’s zone), the decision, services, consents, referrals', async () => {
    const { caseNumber } = await arranged();
    const text = await pdf(await cw());
    expect(text).toContain(caseNumber);
    // No raw code anywhere: HTCDS values, service types, purposes, statuses, timeline keys.
    for (const code of [
      'PossibleVictimOfTrafficking',
      'Feminine',
      'ForcedLabour',
      'WithholdsDocuments',
      'health_rehabilitation',
      'referral.sent',
      'consent.given',
      'case.created',
      'screening.approved',
      'AdditionalServicesRequired',
      'NonPoliceGovernmentalOrganization',
    ])
      expect(text, code).not.toContain(code);
    expect(text).toContain('Perempuan');
    expect(text).toContain('Kerja paksa');
    expect(text).toMatch(/WITA/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // 20:30 UTC on 20 November is 04:30 WITA on 21 November: the due date (7 days) is 28 November WITA.
    expect(text).toMatch(/Rehabilitasi kesehatan: Diminta · tenggat 28 Nov 2026,? 04\.30 WITA · TERLAMBAT/);
    expect(text).toContain('Rujukan dikirim');
    expect(text).toContain('Persetujuan dicatat');
    expect(text).toContain('Layanan dan tenggat menurut undang-undang');
    expect(text).toContain('Persetujuan yang berlaku');
    expect(text).toContain('Rujukan dan jawabannya');
    expect(text).toContain('Rumah Aman Sahabat Perempuan Kupang');
    expect(text).toMatch(/belum dijawab/);
    // The timeline in words.
    expect(text).toContain('Linimasa');
  });

  it('prints in English when asked, still without codes', async () => {
    const text = await pdf(await cw(), undefined, 'en');
    expect(text).toContain('Female');
    expect(text).toContain('Forced labour');
    expect(text).toContain('Services and statutory deadlines');
    for (const code of ['PossibleVictimOfTrafficking', 'health_rehabilitation', 'Feminine'])
      expect(text).not.toContain(code);
  });

  it('carries no identity by default, and only the fields asked for (with a purpose) when asked', async () => {
    const all = Object.keys(printed);
    // By default, and with a purpose but no fields: none of the identity, in either language.
    absent(await pdf(await cw()), all);
    absent(await pdf(await cw(), undefined, 'en'), all);
    absent(await pdf(await cw(), { purpose: 'Berkas untuk pengadilan negeri Kupang' }), all);
    // Asked for the name: the name, and nothing else of the identity.
    const sup = await h().login('supervisor.ntt');
    const named = await pdf(sup, { purpose: 'Berkas untuk pengadilan negeri Kupang', identityFields: ['fullName'] });
    expect(named).toContain(identity.fullName);
    absent(
      named,
      all.filter((f) => f !== 'fullName'),
    );
    // Asked for NIK and phone: those two, not the name.
    const contact = await pdf(await cw(), {
      purpose: 'Permohonan restitusi ke LPSK',
      identityFields: ['nik', 'phones'],
    });
    expect(contact).toContain(identity.nik);
    expect(contact.replace(/\s/g, '')).toContain('+62812-3456-7001'.replace(/\s/g, ''));
    absent(contact, ['fullName', 'address', 'aliases', 'dateOfBirth']);
    // Everything asked for: every field shows, so the absences above are not vacuous (each piece really prints).
    const everything = await pdf(sup, {
      purpose: 'Berkas lengkap untuk LPSK',
      identityFields: ['fullName', 'aliases', 'dateOfBirth', 'nik', 'phones', 'address'],
    });
    for (const f of all)
      expect(
        printed[f]!.some((piece) => everything.includes(piece)),
        `${f} shows when asked: ${everything.slice(0, 400)}`,
      ).toBe(true);
    // Fields without a purpose: refused, naming the purpose.
    const { caseId } = await arranged();
    const bare = await (await cw()).post(`/api/cases/${caseId}/summary-pdf`, { identityFields: ['fullName'] });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors.map((e: { field: string }) => e.field)).toContain('purpose');
    // Each identity export is audited with exactly the fields asked for.
    const exports = (
      await sql<{ details: unknown; purpose: string | null }>`select details, purpose from audit_events
        where action = 'cases.summaryPdf' and entity_id = ${caseId} order by seq`.execute(h().services.database.db)
    ).rows.map((r) => h().services.database.adapter.fromJson<{ identityFields: string[] }>(r.details).identityFields);
    expect(exports).toEqual(
      expect.arrayContaining([
        ['fullName'],
        ['nik', 'phones'],
        [],
        ['fullName', 'aliases', 'dateOfBirth', 'nik', 'phones', 'address'],
      ]),
    );
  });
});
