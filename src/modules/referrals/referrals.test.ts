import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import {
  agencyId,
  alertKinds,
  consent,
  DAY,
  identity,
  missingId,
  newCase,
  requestService,
  secrets,
} from '../../../test/support/referrals.js';
import { holidayCalendar } from '../reference/index.js';
import { ageBands } from './index.js';
import { responseDueAt } from './working-days.js';

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
