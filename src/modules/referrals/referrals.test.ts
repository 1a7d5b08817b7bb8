import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { scopeOutsiders } from '../../../test/support/outsiders.js';
import { auditPurpose } from '../../platform/audit.js';
import { translate } from '../../platform/i18n/index.js';
import { holidayCalendar } from '../reference/index.js';
import { ageBands } from './index.js';
import { checkOverdueReferrals } from './referrals.jobs.js';
import { responseDueAt } from './working-days.js';

const DAY = 86_400_000;
const missingId = '01a22a15-0000-7000-8000-00000000abcd';

/** An adult victim whose identity must never reach the shelter unless she agrees. */
const identity = {
  fullName: 'Maria Ursula Lakapu',
  nik: '5371014506990003',
  phones: ['+62 812-3456-7890'],
  address: 'Jl. Timor Raya No. 12, Oesapa, Kupang',
};
const adultIntake = {
  referralSource: 'hotline',
  person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71', languages: ['id'], citizenship: 'ID' },
  identity,
  summary: 'Recruited in Oesapa by Pak Yosef Lakapu with a false promise of work in a Malaysian restaurant',
  riskLevel: 'high',
  profile: { exploitationTypes: ['ForcedLabour'] },
};
const childIntake = {
  referralSource: 'police',
  person: { sex: 'Feminine', birthYear: new Date().getUTCFullYear() - 15, regionCode: '53.71', languages: ['id'] },
  identity: { fullName: 'Yuliana Nenobais' },
};

/** Strings of the identity and of the case that the recipient must never see in a response body. */
const secrets = [
  'Maria',
  'Ursula',
  'Lakapu',
  'M.U.L.',
  '5371014506990003',
  '3456',
  '7890',
  'Timor Raya',
  'Oesapa',
  'Yosef',
];

async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}

async function newCase(
  client: Client,
  intake: object = adultIntake,
): Promise<{ id: string; personId: string; caseNumber: string }> {
  const res = await client.post('/api/cases', intake);
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, personId: res.json().personId, caseNumber: res.json().caseNumber };
}

async function requestService(client: Client, caseId: string, type: string, providerAgencyId: string): Promise<string> {
  const res = await client.post(`/api/cases/${caseId}/services`, { type, applicant: 'victim', providerAgencyId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function consent(client: Client, caseId: string, body: object) {
  return client.post(`/api/cases/${caseId}/consents`, {
    givenBy: 'victim',
    wordingVersion: 'v1',
    wordingLocale: 'id',
    ...body,
  });
}

async function alertKinds(
  client: Client,
): Promise<{ kind: string; entityId: string | null; params: Record<string, unknown> }[]> {
  const res = await client.get('/api/alerts?limit=100');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

describeEachDatabase('referrals: consent-scoped sharing from a UPTD PPA case to an NGO shelter', (h) => {
  /*
   * The journey (consent → referral → answer → withdrawal) as fixtures: each test builds the stage it starts
   * from on a case of its own, so any test runs alone (`vitest -t`) and none depends on another having run.
   */
  const consented = async () => {
    const cw = await h().login('caseworker.ntt');
    const ngo = await h().login('provider.shelter');
    const shelter = await agencyId(cw, 'Rumah Aman Sahabat Perempuan Kupang');
    const kase = await newCase(cw);
    const shelterSr = await requestService(cw, kase.id, 'shelter', shelter);
    const counsellingSr = await requestService(cw, kase.id, 'psychosocial_counselling', shelter);
    const given = await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter', 'psychosocial_counselling'],
      fieldGroups: ['needs', 'age_band', 'sex', 'languages', 'sex'],
    });
    expect(given.statusCode, given.body).toBe(201);
    return { cw, ngo, shelter, kase, shelterSr, counsellingSr, given, consentId: given.json().id as string };
  };
  const referred = async () => {
    const before = await consented();
    const sent = await before.cw.post(`/api/cases/${before.kase.id}/referrals`, {
      recipientAgencyId: before.shelter,
      serviceRequestIds: [before.shelterSr, before.counsellingSr],
      urgency: 'normal',
      reason: 'AdditionalServicesRequired',
      note: 'She arrives on Tuesday with her case worker',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    return { ...before, sent, referralId: sent.json().id as string };
  };

  it('records the victim’s consent to share age band, sex, languages and needs, not identity, with the shelter', async () => {
    const { cw, shelter, kase, given: res, consentId } = await consented();

    const wording = await cw.get('/api/consents/wording?purpose=referral');
    expect(wording.statusCode, wording.body).toBe(200);
    const w = wording.json();
    expect(w).toMatchObject({ version: 'v1', current: true, purpose: 'referral' });
    expect(w.paragraphs.id.join(' ')).toContain('Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi');
    expect(w.paragraphs.id.join(' ')).toContain('Pasal 44');
    expect(w.paragraphs.en.join(' ')).toContain('Law No. 27 of 2022');
    expect(w.paragraphs.en.join(' ')).toContain('Law No. 21 of 2007 Article 44');
    expect(w.fieldGroups.map((g: { key: string }) => g.key)).toContain('identity_name');

    const c = res.json();
    expect(c).toMatchObject({
      caseId: kase.id,
      purpose: 'referral',
      recipientAgency: { id: shelter, name: 'Rumah Aman Sahabat Perempuan Kupang' },
      serviceTypes: ['shelter', 'psychosocial_counselling'],
      // Canonical order, duplicates dropped.
      fieldGroups: ['age_band', 'sex', 'languages', 'needs'],
      givenBy: 'victim',
      guardianRelationship: null,
      wordingVersion: 'v1',
      wordingLocale: 'id',
      status: 'active',
    });
    const list = await cw.get(`/api/cases/${kase.id}/consents`);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([consentId]);
    // Who recorded it, by name as well as by account.
    const me = (await cw.get('/api/auth/me')).json();
    expect(list.json().items[0]).toMatchObject({ recordedBy: me.id, recordedByName: me.displayName });
  });

  it('refers the case; the shelter sees it in its inbox with only the consented facts', async () => {
    const { ngo, shelter, kase, consentId, referralId, sent: res } = await referred();
    const sent = res.json();
    expect(sent).toMatchObject({
      viewer: 'sender',
      caseId: kase.id,
      consent: { id: consentId, active: true },
      status: 'sent',
      urgency: 'normal',
      reason: 'AdditionalServicesRequired',
      allowedActions: ['revoke'],
      overdue: false,
    });
    // Three working days in Kupang (WITA), weekends, national holidays and cuti bersama skipped.
    expect(sent.dueAt).toBe(
      responseDueAt(new Date(sent.sentAt), 'normal', 3, '53.71', holidayCalendar({}).isHoliday).toISOString(),
    );
    expect(Date.parse(sent.dueAt) - Date.parse(sent.sentAt)).toBeGreaterThanOrEqual(3 * DAY);

    const inbox = await ngo.get('/api/referrals/inbox');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const item = inbox.json().items.find((i: { id: string }) => i.id === referralId);
    expect(item).toMatchObject({
      viewer: 'recipient',
      caseId: null,
      consent: null,
      status: 'sent',
      senderAgency: { name: 'UPTD PPA Provinsi Nusa Tenggara Timur' },
      recipientAgency: { id: shelter },
      allowedActions: ['accept', 'decline'],
      note: 'She arrives on Tuesday with her case worker',
    });
    expect(item.services.map((s: { type: string }) => s.type)).toEqual(['shelter', 'psychosocial_counselling']);
    expect(ageBands).toContain(item.sharedView.ageBand);
    expect(item.sharedView).toEqual({
      fieldGroups: ['age_band', 'sex', 'languages', 'needs'],
      ageBand: item.sharedView.ageBand,
      sex: 'Feminine',
      languages: ['id'],
      needs: ['shelter', 'psychosocial_counselling'],
    });
    const alerts = await alertKinds(ngo);
    expect(alerts.find((a) => a.kind === 'referral_received' && a.entityId === referralId)?.params).toMatchObject({
      senderAgency: 'UPTD PPA Provinsi Nusa Tenggara Timur',
    });
  });

  it('shows the shelter no name, NIK, phone, address, summary, risk or case reference (raw JSON)', async () => {
    const { ngo, kase, referralId } = await referred();
    const view = await ngo.get(`/api/referrals/${referralId}`);
    expect(view.statusCode, view.body).toBe(200);
    const inbox = await ngo.get('/api/referrals/inbox');
    for (const body of [view.body, inbox.body]) {
      for (const secret of [...secrets, kase.id, kase.personId, kase.caseNumber]) expect(body).not.toContain(secret);
      for (const key of ['identity', 'fullName', 'nik', 'phones', 'address', 'caseSummary', 'riskLevel'])
        expect(body).not.toContain(`"${key}"`);
    }
  });

  it('hides the case, its identity, notes, attachments, timeline and services from the shelter (404)', async () => {
    const { cw, ngo, kase } = await referred();
    await cw.post(`/api/cases/${kase.id}/notes`, { body: 'Her uncle Yosef recruited her', sensitivity: 'normal' });
    const missing = await ngo.get(`/api/cases/${missingId}`);
    for (const url of [
      `/api/cases/${kase.id}`,
      `/api/cases/${kase.id}/notes`,
      `/api/cases/${kase.id}/attachments`,
      `/api/cases/${kase.id}/timeline`,
      `/api/cases/${kase.id}/services`,
      `/api/cases/${kase.id}/consents`,
      `/api/cases/${kase.id}/referrals`,
      `/api/persons/${kase.personId}`,
      `/api/persons/${kase.personId}/identity`,
    ]) {
      const res = await ngo.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toBe(missing.body);
    }
    const reveal = await ngo.post(`/api/persons/${kase.personId}/identity/reveal`, {
      purpose: 'Shelter intake needs the name of the victim',
      fields: ['fullName', 'nik', 'phones', 'address'],
    });
    expect(reveal.statusCode).toBe(404);
    expect(reveal.body).not.toContain('Maria');
  });

  it('accepts; records counselling delivered; the sender sees the service request delivered on the case', async () => {
    const { cw, ngo, kase, referralId, shelterSr, counsellingSr } = await referred();
    const accepted = await ngo.post(`/api/referrals/${referralId}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      allowedActions: ['servicesDelivered', 'complete'],
    });
    // The provider accepted the referred requests.
    const afterAccept = (await cw.get(`/api/cases/${kase.id}/services`)).json().items;
    expect(afterAccept.map((s: { status: string }) => s.status)).toEqual(['accepted', 'accepted']);
    expect(
      (await alertKinds(cw)).some((a) => a.kind === 'referral_accepted' && a.params.referralId === referralId),
    ).toBe(true);

    // Within the 30-minute idle timeout of the sessions.
    h().clock.advance(10 * 60_000);
    const deliveredAt = new Date(h().clock.now().getTime() - 5 * 60_000).toISOString();
    const delivered = await ngo.post(`/api/referrals/${referralId}/services-delivered`, {
      items: [{ serviceRequestId: counsellingSr, deliveredAt, note: 'First counselling session, 60 minutes' }],
    });
    expect(delivered.statusCode, delivered.body).toBe(200);
    const r = delivered.json();
    expect(r.status).toBe('in_progress');
    expect(r.services).toEqual([
      { serviceRequestId: shelterSr, type: 'shelter', deliveredAt: null, deliveryNote: null },
      {
        serviceRequestId: counsellingSr,
        type: 'psychosocial_counselling',
        deliveredAt,
        deliveryNote: 'First counselling session, 60 minutes',
      },
    ]);
    // Twice is refused, and a service outside the referral too.
    const again = await ngo.post(`/api/referrals/${referralId}/services-delivered`, {
      items: [{ serviceRequestId: counsellingSr, deliveredAt }],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([
      expect.objectContaining({ field: 'items.0.serviceRequestId', code: 'already_delivered' }),
    ]);
    const future = await ngo.post(`/api/referrals/${referralId}/services-delivered`, {
      items: [
        { serviceRequestId: missingId, deliveredAt },
        { serviceRequestId: shelterSr, deliveredAt: new Date(h().clock.now().getTime() + DAY).toISOString() },
      ],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'items.0.serviceRequestId:service_not_in_referral',
      'items.1.deliveredAt:in_future',
    ]);

    const services = await cw.get(`/api/cases/${kase.id}/services`);
    expect(services.statusCode, services.body).toBe(200);
    const counselling = services.json().items.find((s: { id: string }) => s.id === counsellingSr);
    expect(counselling).toMatchObject({ status: 'delivered', deliveredAt, late: false });
    const timeline = (await cw.get(`/api/cases/${kase.id}/timeline?limit=200`)).json().items;
    const kinds = timeline.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['consent.given', 'referral.sent', 'referral.accepted', 'referral.services_delivered']),
    );
    const outgoing = await cw.get(`/api/cases/${kase.id}/referrals`);
    expect(outgoing.json().items[0]).toMatchObject({ id: referralId, status: 'in_progress', viewer: 'sender' });
  });

  it('withdrawing the consent removes the shared view at once: 404 for the shelter, gone from its inbox', async () => {
    const { cw, ngo, referralId, consentId } = await referred();
    expect((await ngo.post(`/api/referrals/${referralId}/accept`)).statusCode).toBe(200);
    const res = await cw.post(`/api/consents/${consentId}/withdraw`, {
      reason: 'She asked by phone that the shelter no longer receives her information',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', withdrawalReason: expect.stringContaining('by phone') });

    const missing = await ngo.get(`/api/referrals/${missingId}`);
    const gone = await ngo.get(`/api/referrals/${referralId}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toBe(missing.body);
    const inbox = (await ngo.get('/api/referrals/inbox')).json().items.map((i: { id: string }) => i.id);
    expect(inbox).not.toContain(referralId);
    for (const action of ['complete', 'accept']) {
      expect((await ngo.post(`/api/referrals/${referralId}/${action}`)).statusCode).toBe(404);
    }
    expect(
      (await alertKinds(ngo)).some((a) => a.kind === 'referral_consent_withdrawn' && a.entityId === referralId),
    ).toBe(true);
    // The sender still sees its referral, with the consent marked withdrawn and nothing shared.
    const sender = (await cw.get(`/api/referrals/${referralId}`)).json();
    expect(sender).toMatchObject({ consent: { id: consentId, active: false }, sharedView: null, allowedActions: [] });
    // Withdrawn once; a second withdrawal is a conflict; a new referral under it is refused.
    expect((await cw.post(`/api/consents/${consentId}/withdraw`, { reason: 'again' })).statusCode).toBe(409);
    const audit = await h()
      .services.database.db.selectFrom('audit_events')
      .select(['action'])
      .where('entity_id', '=', consentId)
      .execute();
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['consents.create', 'consents.withdraw', 'referrals.consentWithdrawn']),
    );
  });
});

describeEachDatabase('referrals: consent coverage, access, answers and deadlines', (h) => {
  let cw: Client;
  let ngo: Client;
  let shelter = '';
  let iom = '';
  // Every test starts from its own logins (and its own cases): none depends on another having run first.
  beforeEach(async () => {
    cw = await h().login('caseworker.ntt');
    ngo = await h().login('provider.shelter');
    shelter = await agencyId(cw, 'Rumah Aman Sahabat Perempuan Kupang');
    iom = await agencyId(cw, 'IOM Indonesia');
  });

  it('refuses a referral without a covering consent with a clear, localised error', async () => {
    const kase = await newCase(cw);
    const shelterSr = await requestService(cw, kase.id, 'shelter', shelter);
    const counsellingSr = await requestService(cw, kase.id, 'psychosocial_counselling', shelter);
    const body = {
      recipientAgencyId: shelter,
      serviceRequestIds: [shelterSr, counsellingSr],
      urgency: 'urgent',
      reason: 'AdditionalServicesRequired',
    };
    const none = await cw.post(`/api/cases/${kase.id}/referrals`, body);
    expect(none.statusCode, none.body).toBe(409);
    // The user's saved language (Indonesian) wins; the English text says the same.
    expect(none.json()).toMatchObject({
      code: 'referral_consent_required',
      title: 'Rujukan ini memerlukan persetujuan',
      errors: [{ field: 'consentId', code: 'consent_missing' }],
    });
    expect(none.json().detail).toContain('Rumah Aman Sahabat Perempuan Kupang');
    expect(none.json().detail).toContain('shelter, psychosocial_counselling');
    expect(translate('en', 'error.referral_consent_required.detail', { agency: 'X', services: 'shelter' })).toContain(
      'no active referral consent of the victim for X that covers: shelter',
    );

    // A consent for the shelter only does not cover counselling.
    const partial = await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter'],
      fieldGroups: ['age_band', 'needs'],
    });
    expect(partial.statusCode, partial.body).toBe(201);
    const incomplete = await cw.post(`/api/cases/${kase.id}/referrals`, body);
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json()).toMatchObject({
      title: 'Rujukan ini memerlukan persetujuan',
      errors: [
        {
          field: 'consentId',
          code: 'consent_missing_services',
          message: 'Persetujuan tidak mencakup: psychosocial_counselling.',
        },
      ],
    });
    // Naming a consent for another purpose is refused too.
    const stats = await consent(cw, kase.id, { purpose: 'statistics', fieldGroups: ['age_band', 'sex'] });
    expect(stats.statusCode, stats.body).toBe(201);
    const wrong = await cw.post(`/api/cases/${kase.id}/referrals`, { ...body, consentId: stats.json().id });
    expect(wrong.json().errors).toEqual([
      expect.objectContaining({ field: 'consentId', code: 'consent_wrong_recipient' }),
    ]);
    // The shelter-only referral goes through under the partial consent.
    const ok = await cw.post(`/api/cases/${kase.id}/referrals`, { ...body, serviceRequestIds: [shelterSr] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().consent.id).toBe(partial.json().id);
    // An urgent referral is due 24 hours after sending.
    expect(Date.parse(ok.json().dueAt) - Date.parse(ok.json().sentAt)).toBe(DAY);
    // The same request cannot be referred twice while the first referral runs.
    const twice = await cw.post(`/api/cases/${kase.id}/referrals`, { ...body, serviceRequestIds: [shelterSr] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([
      expect.objectContaining({ field: 'serviceRequestIds.0', code: 'service_already_referred' }),
    ]);
    // Nothing was written by the refused attempts.
    const outgoing = (await cw.get(`/api/cases/${kase.id}/referrals`)).json().items;
    expect(outgoing).toHaveLength(1);
  });

  it('validates referral input: the provider must be the recipient, requests must be open and of the case', async () => {
    const kase = await newCase(cw);
    const other = await newCase(cw);
    const shelterSr = await requestService(cw, kase.id, 'shelter', shelter);
    const foreignSr = await requestService(cw, other.id, 'shelter', shelter);
    const uptd = (await cw.get(`/api/cases/${kase.id}`)).json().leadAgencyId;
    const res = await cw.post(`/api/cases/${kase.id}/referrals`, {
      recipientAgencyId: iom,
      serviceRequestIds: [shelterSr, foreignSr, shelterSr],
      urgency: 'normal',
      reason: 'Other',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'serviceRequestIds.0:provider_mismatch',
      'serviceRequestIds.1:service_request_unknown',
      'serviceRequestIds.2:duplicate_id',
    ]);
    const self = await cw.post(`/api/cases/${kase.id}/referrals`, {
      recipientAgencyId: uptd,
      serviceRequestIds: [shelterSr],
      urgency: 'normal',
      reason: 'Other',
    });
    expect(self.json().errors[0]).toMatchObject({ field: 'recipientAgencyId', code: 'recipient_is_lead_agency' });
    const bad = await cw.post(`/api/cases/${kase.id}/referrals`, {
      recipientAgencyId: shelter,
      serviceRequestIds: [],
      urgency: 'soon',
      reason: 'Because',
      extra: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['extra', 'reason', 'serviceRequestIds', 'urgency'].sort());
  });

  it('hides other agencies’ referrals from the shelter (404, not in its inbox)', async () => {
    const kase = await newCase(cw);
    const repatriation = await requestService(cw, kase.id, 'family_tracing', iom);
    const c = await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: iom,
      serviceTypes: ['family_tracing'],
      fieldGroups: ['age_band', 'sex', 'origin_region', 'needs', 'risk_notes'],
    });
    expect(c.statusCode, c.body).toBe(201);
    const res = await cw.post(`/api/cases/${kase.id}/referrals`, {
      recipientAgencyId: iom,
      serviceRequestIds: [repatriation],
      urgency: 'normal',
      reason: 'MigrationOrChangeOfLocation',
    });
    expect(res.statusCode, res.body).toBe(201);
    const rid = res.json().id;
    const missing = await ngo.get(`/api/referrals/${missingId}`);
    const hidden = await ngo.get(`/api/referrals/${rid}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    for (const action of ['accept', 'complete'])
      expect((await ngo.post(`/api/referrals/${rid}/${action}`)).statusCode).toBe(404);
    expect((await ngo.post(`/api/referrals/${rid}/decline`, { reason: 'not ours' })).statusCode).toBe(404);
    expect((await ngo.post(`/api/referrals/${rid}/revoke`, { reason: 'not ours' })).statusCode).toBe(404);
    expect((await ngo.get('/api/referrals/inbox')).json().items.map((i: { id: string }) => i.id)).not.toContain(rid);
    // IOM's partner sees it, with the origin province and risk level it was given.
    const partner = await h().login('partner.iom');
    const view = (await partner.get(`/api/referrals/${rid}`)).json();
    expect(view.sharedView).toMatchObject({
      originRegion: { code: '53' },
      riskLevel: 'high',
      needs: ['family_tracing'],
    });
    // Users without a referral permission have no inbox; another agency's staff cannot open it either.
    const analyst = await h().login('analyst.national');
    expect((await analyst.get('/api/referrals/inbox')).statusCode).toBe(403);
    const police = await h().login('legal.ntt');
    expect((await police.get(`/api/referrals/${rid}`)).statusCode).toBe(404);
    // Holders of referrals.manage outside the sending case's scope: the same 404 as a missing referral, and
    // nothing they can do to it.
    for (const { label, client } of await scopeOutsiders(h(), ['referrals.manage'])) {
      const gone = await client.get(`/api/referrals/${rid}`);
      expect(gone.statusCode, label).toBe(404);
      expect(gone.body, label).toBe((await client.get(`/api/referrals/${missingId}`)).body);
      expect((await client.get(`/api/cases/${kase.id}/referrals`)).statusCode, label).toBe(404);
      expect((await client.post(`/api/referrals/${rid}/revoke`, { reason: 'not ours' })).statusCode, label).toBe(404);
    }
    expect((await cw.get(`/api/referrals/${rid}`)).json().status).toBe('sent');
  });

  it('raises the overdue alert once for the sending team and the shelter when a referral is not answered', async () => {
    const kase = await newCase(cw);
    const sr = await requestService(cw, kase.id, 'shelter', shelter);
    await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter'],
      fieldGroups: ['age_band', 'needs'],
    });
    const res = await cw.post(`/api/cases/${kase.id}/referrals`, {
      recipientAgencyId: shelter,
      serviceRequestIds: [sr],
      urgency: 'normal',
      reason: 'AdditionalServicesRequired',
    });
    expect(res.statusCode, res.body).toBe(201);
    const rid = res.json().id;
    const dueAt = Date.parse(res.json().dueAt);
    // Not yet due: nothing to alert.
    await checkOverdueReferrals(h().services);
    expect((await alertKinds(ngo)).some((a) => a.kind === 'referral_overdue' && a.entityId === rid)).toBe(false);
    h().clock.advance(dueAt - h().clock.now().getTime() + 60_000);
    // Days passed: the sessions ended meanwhile.
    cw = await h().login('caseworker.ntt');
    ngo = await h().login('provider.shelter');
    expect(await checkOverdueReferrals(h().services)).toBeGreaterThanOrEqual(1);
    expect((await alertKinds(ngo)).filter((a) => a.kind === 'referral_overdue' && a.entityId === rid)).toHaveLength(1);
    expect(
      (await alertKinds(cw)).filter((a) => a.kind === 'referral_overdue' && a.params.referralId === rid),
    ).toHaveLength(1);
    // Once only.
    await checkOverdueReferrals(h().services);
    expect((await alertKinds(ngo)).filter((a) => a.kind === 'referral_overdue' && a.entityId === rid)).toHaveLength(1);
    const inbox = (await ngo.get('/api/referrals/inbox?overdue=true')).json().items;
    expect(inbox.map((i: { id: string }) => i.id)).toContain(rid);
    expect(inbox.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect(
      (await ngo.get('/api/referrals/inbox?overdue=false')).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(rid);
    expect(
      (await cw.get(`/api/cases/${kase.id}/timeline?limit=200`)).json().items.map((i: { kind: string }) => i.kind),
    ).toContain('referral.overdue');
  });

  it('declines with a reason; the sender is alerted and the shelter keeps no shared view', async () => {
    const kase = await newCase(cw);
    const sr = await requestService(cw, kase.id, 'shelter', shelter);
    await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter'],
      fieldGroups: ['sex', 'needs'],
    });
    const rid = (
      await cw.post(`/api/cases/${kase.id}/referrals`, {
        recipientAgencyId: shelter,
        serviceRequestIds: [sr],
        urgency: 'urgent',
        reason: 'AdditionalServicesRequired',
      })
    ).json().id;
    const noReason = await ngo.post(`/api/referrals/${rid}/decline`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'required' });
    const declined = await ngo.post(`/api/referrals/${rid}/decline`, { reason: 'No free beds until next month' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({
      status: 'declined',
      declineReason: 'No free beds until next month',
      sharedView: null,
      allowedActions: [],
    });
    expect((await ngo.post(`/api/referrals/${rid}/accept`)).statusCode).toBe(409);
    const sender = (await cw.get(`/api/referrals/${rid}`)).json();
    expect(sender).toMatchObject({ status: 'declined', declineReason: 'No free beds until next month' });
    expect((await alertKinds(cw)).some((a) => a.kind === 'referral_declined' && a.params.referralId === rid)).toBe(
      true,
    );
    // The request is free to be referred again (after the provider is changed, here by a new request).
    expect((await cw.get(`/api/cases/${kase.id}/services`)).json().items[0].status).toBe('requested');
  });

  it('revokes a referral the sender no longer wants; the shelter is alerted and can no longer act on it', async () => {
    const kase = await newCase(cw);
    const sr = await requestService(cw, kase.id, 'psychosocial_counselling', shelter);
    await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['psychosocial_counselling'],
      fieldGroups: ['languages', 'needs'],
    });
    const rid = (
      await cw.post(`/api/cases/${kase.id}/referrals`, {
        recipientAgencyId: shelter,
        serviceRequestIds: [sr],
        urgency: 'normal',
        reason: 'Other',
      })
    ).json().id;
    expect((await ngo.post(`/api/referrals/${rid}/accept`)).statusCode).toBe(200);
    const revoked = await cw.post(`/api/referrals/${rid}/revoke`, { reason: 'The family moved to Atambua' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: 'The family moved to Atambua' });
    expect((await cw.post(`/api/referrals/${rid}/revoke`, { reason: 'again' })).statusCode).toBe(409);
    const seen = (await ngo.get(`/api/referrals/${rid}`)).json();
    expect(seen).toMatchObject({ status: 'revoked', sharedView: null, allowedActions: [] });
    expect((await ngo.post(`/api/referrals/${rid}/complete`)).statusCode).toBe(409);
    expect((await alertKinds(ngo)).some((a) => a.kind === 'referral_revoked' && a.entityId === rid)).toBe(true);
    // The recipient cannot revoke, and the sender cannot answer its own referral.
    expect((await ngo.post(`/api/referrals/${rid}/revoke`, { reason: 'mine now' })).statusCode).toBe(404);
    expect((await cw.post(`/api/referrals/${rid}/accept`)).statusCode).toBe(404);
  });

  it('completes a referral and alerts the sender', async () => {
    const kase = await newCase(cw);
    const sr = await requestService(cw, kase.id, 'shelter', shelter);
    await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter'],
      fieldGroups: ['needs'],
    });
    const rid = (
      await cw.post(`/api/cases/${kase.id}/referrals`, {
        recipientAgencyId: shelter,
        serviceRequestIds: [sr],
        urgency: 'normal',
        reason: 'AdditionalServicesRequired',
      })
    ).json().id;
    expect((await ngo.post(`/api/referrals/${rid}/complete`)).statusCode).toBe(409);
    await ngo.post(`/api/referrals/${rid}/accept`);
    const done = await ngo.post(`/api/referrals/${rid}/complete`);
    expect(done.json()).toMatchObject({ status: 'completed', allowedActions: [] });
    expect((await cw.post(`/api/referrals/${rid}/revoke`, { reason: 'too late' })).statusCode).toBe(409);
    expect((await alertKinds(cw)).some((a) => a.kind === 'referral_completed' && a.params.referralId === rid)).toBe(
      true,
    );
  });

  it('shares identity only when consented for that recipient, through an audited reveal on referrals.get', async () => {
    const kase = await newCase(cw);
    const sr = await requestService(cw, kase.id, 'shelter', shelter);
    await consent(cw, kase.id, {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter'],
      fieldGroups: ['needs', 'identity_name', 'identity_contact'],
    });
    const rid = (
      await cw.post(`/api/cases/${kase.id}/referrals`, {
        recipientAgencyId: shelter,
        serviceRequestIds: [sr],
        urgency: 'urgent',
        reason: 'AdditionalServicesRequired',
      })
    ).json().id;
    const inbox = await ngo.get('/api/referrals/inbox');
    expect(inbox.body).not.toContain('Lakapu');
    const view = await ngo.get(`/api/referrals/${rid}`);
    expect(view.json().sharedView).toEqual({
      fieldGroups: ['needs', 'identity_name', 'identity_contact'],
      needs: ['shelter'],
      identity: { fullName: identity.fullName, phones: identity.phones, address: identity.address },
    });
    // Never the NIK: no group covers it.
    expect(view.body).not.toContain(identity.nik);
    const reveals = await h()
      .services.database.db.selectFrom('audit_events')
      .select(['id', 'action', 'actor_username', 'purpose'])
      .where('entity_id', '=', kase.personId)
      .where('action', '=', 'persons.identity.reveal')
      .execute()
      .then((rows) =>
        // Purposes are encrypted at rest (issue 10): read through the audit reader's decryption.
        rows.map((r) => ({
          action: r.action,
          actor_username: r.actor_username,
          purpose: auditPurpose(h().services.keyring, r),
        })),
      );
    expect(reveals).toEqual([
      { action: 'persons.identity.reveal', actor_username: 'provider.shelter', purpose: `referral ${rid}` },
    ]);
  });
});

describeEachDatabase('consents: purposes, givers, children and wording', (h) => {
  let cw: Client;
  let shelter = '';
  // Every test starts from its own login and case: none depends on another having run first.
  beforeEach(async () => {
    cw = await h().login('caseworker.ntt');
    shelter = await agencyId(cw, 'Rumah Aman Sahabat Perempuan Kupang');
  });

  it('requires a parent or guardian, a named relative of the case, for a child (Law 27/2022 Art. 25)', async () => {
    const child = await newCase(cw, childIntake);
    expect((await cw.get(`/api/cases/${child.id}`)).json()).toMatchObject({ isChild: true, childBasis: 'birth_year' });
    const body = {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter'],
      fieldGroups: ['age_band', 'sex', 'needs'],
    };
    const byChild = await consent(cw, child.id, body);
    expect(byChild.statusCode).toBe(400);
    expect(byChild.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'guardian_required' })]);
    const noRelationship = await consent(cw, child.id, { ...body, givenBy: 'guardian' });
    expect(noRelationship.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianRelationship', code: 'required' }),
    ]);
    // Who the guardian is must be on record: a relative of the case.
    const unnamed = await consent(cw, child.id, { ...body, givenBy: 'guardian', guardianRelationship: 'parent' });
    expect(unnamed.json().errors).toEqual([expect.objectContaining({ field: 'guardianPersonId', code: 'required' })]);
    const stranger = await consent(cw, child.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId: child.personId,
    });
    expect(stranger.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianPersonId', code: 'guardian_not_relative' }),
    ]);
    const mother = await cw.post(`/api/cases/${child.id}/relatives`, {
      relationship: 'parent',
      person: { sex: 'Feminine' },
      identity: { fullName: 'Martha Nenobais' },
    });
    expect(mother.statusCode, mother.body).toBe(201);
    const byMother = await consent(cw, child.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId: mother.json().personId,
    });
    expect(byMother.statusCode, byMother.body).toBe(201);
    expect(byMother.json()).toMatchObject({
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId: mother.json().personId,
    });
    // A state guardian (an official) is not a relative of the case.
    const byState = await consent(cw, child.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'state_guardian',
    });
    expect(byState.statusCode, byState.body).toBe(201);
  });

  it('refuses a guardian recorded as a suspect or as related to the trafficker', async () => {
    const child = await newCase(cw, childIntake);
    const body = {
      purpose: 'case_management',
      fieldGroups: ['age_band', 'needs'],
      givenBy: 'guardian',
      guardianRelationship: 'parent',
    };
    const father = await cw.post(`/api/cases/${child.id}/relatives`, {
      relationship: 'parent',
      person: { sex: 'Masculine' },
      identity: { fullName: 'Yakob Nenobais' },
      suspect: true,
    });
    expect(father.json()).toMatchObject({ suspect: true, relatedToTrafficker: false });
    const bySuspect = await consent(cw, child.id, { ...body, guardianPersonId: father.json().personId });
    expect(bySuspect.statusCode).toBe(400);
    expect(bySuspect.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianPersonId', code: 'guardian_suspect' }),
    ]);
    // An uncle who consented is later found to be the recruiter's brother: from then on he cannot consent.
    const uncle = await cw.post(`/api/cases/${child.id}/relatives`, {
      relationship: 'other_family',
      person: { sex: 'Masculine' },
      identity: { fullName: 'Markus Nenobais' },
    });
    const uncleId = uncle.json().personId as string;
    const before = await consent(cw, child.id, {
      ...body,
      guardianRelationship: 'other_relative',
      guardianPersonId: uncleId,
    });
    expect(before.statusCode, before.body).toBe(201);
    const learned = await cw.patch(`/api/cases/${child.id}/relatives/${uncleId}`, { relatedToTrafficker: true });
    expect(learned.statusCode, learned.body).toBe(200);
    expect(learned.json()).toMatchObject({ personId: uncleId, relatedToTrafficker: true });
    const after = await consent(cw, child.id, {
      ...body,
      guardianRelationship: 'other_relative',
      guardianPersonId: uncleId,
    });
    expect(after.statusCode).toBe(400);
    expect(after.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianPersonId', code: 'guardian_related_to_trafficker' }),
    ]);
    // A relative of another case is a 404 to update here, like a missing one.
    const missing = await cw.patch(`/api/cases/${child.id}/relatives/${missingId}`, { suspect: true });
    expect(missing.statusCode).toBe(404);
  });

  it('a victim with no recorded age is presumed a child until her date of birth shows otherwise (Law 35/2014)', async () => {
    const kase = await newCase(cw, {
      referralSource: 'hotline',
      person: { sex: 'Feminine', regionCode: '53.71' },
      identity: { fullName: 'Agustina Seran' },
    });
    const detail = (await cw.get(`/api/cases/${kase.id}`)).json();
    expect(detail).toMatchObject({ isChild: true, childBasis: 'presumed', ageNow: { minor: true, basis: 'unknown' } });
    const body = { purpose: 'case_management', fieldGroups: ['age_band', 'needs'] };
    const herself = await consent(cw, kase.id, body);
    expect(herself.statusCode).toBe(400);
    expect(herself.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'guardian_required' })]);

    // Her birth certificate arrives: she is 19.
    const now = h().clock.now();
    const dob = new Date(Date.UTC(now.getUTCFullYear() - 19, now.getUTCMonth(), 1) - 40 * DAY)
      .toISOString()
      .slice(0, 10);
    const corrected = await cw.patch(`/api/persons/${kase.personId}/age`, {
      dateOfBirth: dob,
      purpose: 'Akta kelahiran diperoleh dari Dukcapil Kupang',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ dateOfBirthRecorded: true, birthYear: Number(dob.slice(0, 4)) });
    expect(corrected.body).not.toContain(dob);
    const after = (await cw.get(`/api/cases/${kase.id}`)).json();
    expect(after).toMatchObject({ isChild: false, childBasis: 'date_of_birth', ageNow: { minor: false } });
    const timeline = (await cw.get(`/api/cases/${kase.id}/timeline`)).json().items as {
      kind: string;
      params: object;
    }[];
    expect(timeline.find((e) => e.kind === 'case.child_status')?.params).toEqual({
      isChild: false,
      basis: 'date_of_birth',
    });
    expect((await consent(cw, kase.id, body)).statusCode).toBe(201);
    const byGuardian = await consent(cw, kase.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'state_guardian',
    });
    expect(byGuardian.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'victim_is_adult' })]);
  });

  it('the guardian rule follows her age when she consents, not the child flag at intake', async () => {
    const year = h().clock.now().getUTCFullYear();
    // Trafficked at 16, now (certainly) 19: a child victim's case, and she consents herself.
    const grown = await newCase(cw, {
      referralSource: 'police',
      person: { sex: 'Feminine', birthYear: year - 20, regionCode: '53.71' },
      identity: { fullName: 'Ferderika Tlonaen' },
      profile: { ageWhenTrafficked: 16 },
    });
    expect((await cw.get(`/api/cases/${grown.id}`)).json()).toMatchObject({
      isChild: true,
      childBasis: 'age_when_trafficked',
      ageNow: { minor: false, basis: 'birth_year' },
    });
    const body = { purpose: 'case_management', fieldGroups: ['age_band', 'needs'] };
    expect((await consent(cw, grown.id, body)).statusCode).toBe(201);

    // She turned 18 three months ago: a consent dated six months back needed a guardian; today's is hers.
    const now = h().clock.now();
    const dob = new Date(Date.UTC(now.getUTCFullYear() - 18, now.getUTCMonth(), now.getUTCDate()) - 90 * DAY)
      .toISOString()
      .slice(0, 10);
    const turned = await newCase(cw, {
      referralSource: 'police',
      person: { sex: 'Feminine', regionCode: '53.71' },
      identity: { fullName: 'Oktovina Bani', dateOfBirth: dob },
    });
    expect((await cw.get(`/api/cases/${turned.id}`)).json()).toMatchObject({
      isChild: false,
      childBasis: 'date_of_birth',
    });
    const back = new Date(now.getTime() - 180 * DAY).toISOString();
    const then = await consent(cw, turned.id, { ...body, givenAt: back });
    expect(then.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'guardian_required' })]);
    expect((await consent(cw, turned.id, body)).statusCode).toBe(201);

    // An age estimate is an assessment too: estimated 16 → a guardian; re-estimated 25 → herself.
    const estimated = await newCase(cw, {
      referralSource: 'community',
      person: { sex: 'Feminine', ageEstimated: 16, regionCode: '53.71' },
      identity: { fullName: 'Yulita Nitbani' },
    });
    expect((await cw.get(`/api/cases/${estimated.id}`)).json()).toMatchObject({
      isChild: true,
      childBasis: 'age_estimate',
    });
    expect((await consent(cw, estimated.id, body)).json().errors[0].code).toBe('guardian_required');
    const reassessed = await cw.patch(`/api/persons/${estimated.personId}/age`, {
      ageEstimated: 25,
      purpose: 'Pemeriksaan usia oleh dokter forensik RSUD',
    });
    expect(reassessed.statusCode, reassessed.body).toBe(200);
    expect((await cw.get(`/api/cases/${estimated.id}`)).json()).toMatchObject({
      isChild: false,
      childBasis: 'age_estimate',
    });
    expect((await consent(cw, estimated.id, body)).statusCode).toBe(201);
  });

  it('refuses a bad age correction with the field named, and keeps it out of reach of other agencies', async () => {
    const kase = await newCase(cw);
    const future = await cw.patch(`/api/persons/${kase.personId}/age`, {
      dateOfBirth: '2999-01-01',
      purpose: 'Salah ketik pada formulir',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([expect.objectContaining({ field: 'dateOfBirth', code: 'in_future' })]);
    const empty = await cw.patch(`/api/persons/${kase.personId}/age`, { purpose: 'Tidak ada yang diubah' });
    expect(empty.statusCode).toBe(400);
    // Another agency's case worker holds persons.identity.update, but not for this person.
    const other = await h().provision('caseworker.jabar.age', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
    const hidden = await other.patch(`/api/persons/${kase.personId}/age`, {
      birthYear: 1990,
      purpose: 'Mencoba mengubah data orang lain',
    });
    const missingRes = await other.patch(`/api/persons/${missingId}/age`, {
      birthYear: 1990,
      purpose: 'Mencoba mengubah data orang lain',
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missingRes.body);
    expect((await cw.get(`/api/cases/${kase.id}`)).json().person.birthYear).toBe(1999);
  });

  it('checks recipients, services and groups per purpose', async () => {
    const kase = await newCase(cw);
    const iom = await agencyId(cw, 'IOM Indonesia');
    const cases: [object, string[]][] = [
      [{ purpose: 'referral', fieldGroups: ['needs'] }, ['recipientAgencyId:required', 'serviceTypes:required']],
      [
        { purpose: 'case_management', recipientAgencyId: shelter, serviceTypes: ['shelter'], fieldGroups: ['sex'] },
        ['recipientAgencyId:not_applicable', 'serviceTypes:not_applicable'],
      ],
      [{ purpose: 'statistics', fieldGroups: ['sex', 'identity_name'] }, ['fieldGroups:identity_not_allowed']],
      [
        { purpose: 'international_sharing', recipientAgencyId: shelter, fieldGroups: ['sex'] },
        ['recipientAgencyId:agency_not_international'],
      ],
      [{ purpose: 'cross_border_transfer', fieldGroups: ['sex'] }, ['recipientAgencyId:recipient_one_of']],
      [
        { purpose: 'cross_border_transfer', recipientAgencyId: iom, fieldGroups: ['sex'] },
        ['recipientAgencyId:agency_not_foreign'],
      ],
      [
        { purpose: 'statistics', fieldGroups: ['sex'], wordingVersion: 'v0' },
        ['wordingVersion:wording_version_unknown'],
      ],
      [
        { purpose: 'statistics', fieldGroups: ['sex'], guardianRelationship: 'parent' },
        ['guardianRelationship:not_applicable'],
      ],
      [
        { purpose: 'statistics', fieldGroups: ['sex'], givenAt: new Date(Date.now() + 2 * DAY).toISOString() },
        ['givenAt:in_future'],
      ],
    ];
    for (const [body, expected] of cases) {
      const res = await consent(cw, kase.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
        JSON.stringify(body),
      ).toEqual(expected);
    }
    const intl = await consent(cw, kase.id, {
      purpose: 'international_sharing',
      recipientAgencyId: iom,
      fieldGroups: ['age_band', 'nationality'],
    });
    expect(intl.statusCode, intl.body).toBe(201);
    const abroad = await consent(cw, kase.id, {
      purpose: 'cross_border_transfer',
      recipientName: 'Pusat Perlindungan Mangsa, Kota Kinabalu',
      fieldGroups: ['age_band', 'sex', 'needs'],
      wordingLocale: 'en',
    });
    expect(abroad.statusCode, abroad.body).toBe(201);
    expect(abroad.json()).toMatchObject({
      recipientAgency: null,
      recipientName: 'Pusat Perlindungan Mangsa, Kota Kinabalu',
    });
    const listed = await cw.get(`/api/cases/${kase.id}/consents?purpose=cross_border_transfer`);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([abroad.json().id]);
  });

  it('accepts an evidence attachment uploaded through the attachments module', async () => {
    const kase = await newCase(cw);
    const pdf = Buffer.from('%PDF-1.4\n% signed consent form\n');
    const boundary = '----pulihconsent';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nconsent_evidence\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="consent.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await h().app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/attachments`,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: Object.entries(cw.cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
        'x-csrf-token': cw.csrf!,
      },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = await consent(cw, kase.id, {
      purpose: 'case_management',
      fieldGroups: ['case_summary', 'identity_name'],
      evidenceAttachmentId: res.json().id,
    });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().evidenceAttachmentId).toBe(res.json().id);
  });

  it('serves the wording of every purpose in Indonesian and English; unknown versions are refused', async () => {
    for (const purpose of [
      'case_management',
      'referral',
      'international_sharing',
      'statistics',
      'cross_border_transfer',
    ]) {
      const res = await cw.get(`/api/consents/wording?purpose=${purpose}`);
      expect(res.statusCode, res.body).toBe(200);
      const w = res.json();
      expect(w.paragraphs.id).toHaveLength(w.paragraphs.en.length);
      expect(w.paragraphs.id.join(' ')).toContain('Pelindungan Data Pribadi');
      expect(w.fieldGroups).toHaveLength(12);
    }
    const old = await cw.get('/api/consents/wording?purpose=referral&version=v0');
    expect(old.statusCode).toBe(400);
    expect(old.json().errors[0]).toMatchObject({ field: 'query.version', code: 'wording_version_unknown' });
    expect((await cw.get('/api/consents/wording?purpose=gossip')).statusCode).toBe(400);
  });

  it('lets only the case team record and withdraw consents (404 outside scope)', async () => {
    const kase = await newCase(cw);
    const c = (await consent(cw, kase.id, { purpose: 'statistics', fieldGroups: ['sex'] })).json();
    // The shelter holds no consent permission; the three outsiders hold consents.manage but not the scope.
    const ngo = { label: 'shelter without consents.manage', client: await h().login('provider.shelter') };
    const outsiders = await scopeOutsiders(h(), ['consents.manage']);
    for (const { label, client } of [ngo, ...outsiders]) {
      expect((await consent(client, kase.id, { purpose: 'statistics', fieldGroups: ['sex'] })).statusCode, label).toBe(
        404,
      );
      const withdraw = await client.post(`/api/consents/${c.id}/withdraw`, { reason: 'not mine' });
      expect(withdraw.statusCode, label).toBe(404);
      const hidden = await client.get(`/api/cases/${kase.id}/consents`);
      expect(hidden.statusCode, label).toBe(404);
      expect(hidden.body, label).toBe((await client.get(`/api/cases/${missingId}/consents`)).body);
    }
    // Nothing was written: still one consent, still active.
    expect((await cw.get(`/api/cases/${kase.id}/consents`)).json().items).toEqual([
      expect.objectContaining({ id: c.id, status: 'active' }),
    ]);
    // The colleague, once on the team, may record one (the own scope is what kept her out).
    const colleague = outsiders.find((o) => o.username === 'scope.caseworker2.ntt')!;
    expect(
      (await cw.post(`/api/cases/${kase.id}/members`, { userId: colleague.userId, role: 'member' })).statusCode,
    ).toBe(200);
    expect(
      (await consent(colleague.client, kase.id, { purpose: 'statistics', fieldGroups: ['age_band'] })).statusCode,
    ).toBe(201);
    const supervisor = await h().login('supervisor.ntt');
    const withdrawn = await supervisor.post(`/api/consents/${c.id}/withdraw`, { reason: 'Victim asked at the office' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await alertKinds(cw)).some((a) => a.kind === 'consent_withdrawn' && a.entityId === kase.id)).toBe(true);
  });
});

/**
 * An administrator's holiday file (PULIH_HOLIDAYS_FILE) declaring a Lebaran-like week starting the day after the
 * next Monday: Tuesday to Friday and the Monday after are days off (the decreed calendar is tested in
 * working-days.test.ts, Idul Fitri 2025 and 2026 included; the harness clock only moves forward).
 */
const WITA = 8 * 3_600_000;
const nextMondayLocal = (() => {
  const local = new Date(Date.now() + WITA);
  const ahead = (8 - local.getUTCDay()) % 7 || 7;
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + ahead);
})();
const localDate = (offsetDays: number) => new Date(nextMondayLocal + offsetDays * DAY).toISOString().slice(0, 10);
const holidayFile = join(mkdtempSync(join(tmpdir(), 'pulih-holidays-')), 'holidays.json');
writeFileSync(
  holidayFile,
  JSON.stringify({
    source: 'test: an amendment adding a week of cuti bersama',
    add: [1, 2, 3, 4, 7].map((d) => ({
      date: localDate(d),
      kind: 'collective_leave',
      name: { id: 'Cuti bersama Idul Fitri', en: 'Collective leave: Eid al-Fitr' },
    })),
  }),
);

describeEachDatabase(
  'referral response times skip the holidays and cuti bersama an administrator adds',
  (h) => {
    it('a referral sent on the Monday before a week of cuti bersama is due after it, not during it', async () => {
      // Monday 10:00 in Kupang (WITA, UTC+8).
      const sentAt = nextMondayLocal + 10 * 3_600_000 - WITA;
      h().clock.advance(sentAt - h().clock.now().getTime());
      const cw = await h().login('caseworker.ntt');
      const shelter = await agencyId(cw, 'Rumah Aman Sahabat Perempuan Kupang');
      const kase = await newCase(cw);
      const sr = await requestService(cw, kase.id, 'shelter', shelter);
      const given = await consent(cw, kase.id, {
        purpose: 'referral',
        recipientAgencyId: shelter,
        serviceTypes: ['shelter'],
        fieldGroups: ['age_band', 'needs'],
      });
      expect(given.statusCode, given.body).toBe(201);
      const res = await cw.post(`/api/cases/${kase.id}/referrals`, {
        recipientAgencyId: shelter,
        serviceRequestIds: [sr],
        urgency: 'normal',
        reason: 'AdditionalServicesRequired',
      });
      expect(res.statusCode, res.body).toBe(201);
      const { dueAt, sentAt: sent } = res.json();
      // Tuesday to Friday and the next Monday are off: three working days end on Thursday of the week after.
      expect(Date.parse(dueAt) - Date.parse(sent)).toBeGreaterThanOrEqual(10 * DAY);
      const calendar = holidayCalendar({ holidaysFile: holidayFile });
      expect(dueAt).toBe(responseDueAt(new Date(sent), 'normal', 3, '53.71', calendar.isHoliday).toISOString());
      // The calendar in force is on the API, with the added days.
      const year = Number(localDate(1).slice(0, 4));
      const listed = (await cw.get(`/api/reference/holidays?year=${year}`)).json();
      expect(listed.source).toContain(holidayFile);
      expect(listed.days.map((d: { date: string }) => d.date)).toContain(localDate(1));
      const unknown = (await cw.get('/api/reference/holidays?year=2035')).json();
      expect(unknown).toMatchObject({ covered: false, days: [] });
    });
  },
  { env: { PULIH_HOLIDAYS_FILE: holidayFile } },
);
