import { extractText, getDocumentProxy } from 'unpdf';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';

/** The PDF's text, pages joined (unpdf = PDF.js): what a court clerk or LPSK officer reads. */
async function pdfText(body: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

const identity = { fullName: 'Fransiska Lede Bria', nik: '5371014403990002', phones: ['+62 812-3456-7001'] };

describeEachDatabase('case summary PDF: words not codes, the agency’s zone, services, consents, referrals', (h) => {
  let cw: Client;
  let sup: Client;
  let caseId = '';
  let caseNumber = '';
  const pdf = async (client: Client, body?: unknown, locale = 'id') => {
    // The user's saved language decides (as on screen).
    if (locale !== 'id') expect((await client.patch('/api/auth/me', { locale })).statusCode).toBe(200);
    const res = await client.post(`/api/cases/${caseId}/summary-pdf`, body);
    if (locale !== 'id') expect((await client.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return pdfText(res.rawPayload);
  };

  it('arranges a case with a screening decision, a late statutory service, a consent and a referral', async () => {
    cw = await h().login('caseworker.ntt');
    sup = await h().login('supervisor.ntt');
    const created = await cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71', citizenship: 'ID' },
      identity,
      profile: { exploitationTypes: ['ForcedLabour'], methodsOfControl: ['WithholdsDocuments'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;
    caseNumber = created.json().caseNumber;
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
  });

  it('prints labels in Indonesian, dates in WITA (the NTT agency’s zone), the decision, services, consents, referrals', async () => {
    const text = await pdf(cw);
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
    const text = await pdf(cw, undefined, 'en');
    expect(text).toContain('Female');
    expect(text).toContain('Forced labour');
    expect(text).toContain('Services and statutory deadlines');
    for (const code of ['PossibleVictimOfTrafficking', 'health_rehabilitation', 'Feminine'])
      expect(text).not.toContain(code);
  });

  it('carries no identity by default, and only the fields asked for (with a purpose) when asked', async () => {
    const plain = await pdf(cw);
    for (const v of [identity.fullName, identity.nik, '3456-7001', 'Fransiska']) expect(plain).not.toContain(v);
    const named = await pdf(sup, { purpose: 'Berkas untuk pengadilan negeri Kupang', identityFields: ['fullName'] });
    expect(named).toContain(identity.fullName);
    expect(named).not.toContain(identity.nik);
    expect(named).not.toContain('3456-7001');
  });
});
