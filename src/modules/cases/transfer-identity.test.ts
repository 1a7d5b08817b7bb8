import { expect, it } from 'vitest';
import { type Client, describeEachDatabase, type Harness } from '../../../test/support/harness.js';
import { provisionOnce } from '../../../test/support/provision.js';

/**
 * Lead-agency transfer carries identity only as the law allows, from the attacker's side: a case worker
 * moving a case (and its victim's identity) to another agency, at home or abroad, on her own say-so.
 */

const NIK = '5371016603970004';

const consent = (c: Client, caseId: string, body: object) =>
  c.post(`/api/cases/${caseId}/consents`, { givenBy: 'victim', wordingVersion: 'v1', wordingLocale: 'id', ...body });

// The receiving agencies: UPTD PPA Jawa Barat and an NGO abroad, registered once per harness (database).
const abroadAgencies = new WeakMap<Harness, Promise<string>>();

describeEachDatabase('lead-agency transfer and identity', (h) => {
  const agencies = async () => {
    const admin = await h().login('admin');
    const jabarId = (await admin.get('/api/agencies?q=UPTD%20PPA%20Provinsi%20Jawa%20Barat')).json().items[0]
      .id as string;
    let abroad = abroadAgencies.get(h());
    if (!abroad) {
      abroad = (async () => {
        const res = await admin.post('/api/agencies', {
          name: 'Tenaganita Kuala Lumpur',
          type: 'ngo',
          countryCode: 'MY',
          regionCode: null,
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as string;
      })();
      abroadAgencies.set(h(), abroad);
    }
    return { jabarId, abroadId: await abroad };
  };
  const jabarSupervisor = () =>
    provisionOnce(h(), 'sup.jabar.transfer', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
  const incoming = async (c: Client) =>
    ((await c.get('/api/lead-transfers/incoming')).json() as { id: string }[]).map((t) => t.id);

  const newCase = async (cw: Client) => {
    const res = await cw.post('/api/cases', {
      referralSource: 'police',
      person: { sex: 'Feminine', birthYear: 1997, regionCode: '53.71' },
      identity: { fullName: 'Agustina Lian Manu', nik: NIK, phones: ['+62 812-1111-2222'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as string, personId: res.json().personId as string };
  };

  /** A case led by UPTD PPA NTT moved to Jawa Barat without any consent: asked, approved, accepted. */
  const transferredWithoutConsent = async () => {
    const { jabarId } = await agencies();
    const cw = await h().login('caseworker.ntt');
    const kase = await newCase(cw);
    const asked = await cw.post(`/api/cases/${kase.id}/transfer-lead`, {
      toAgencyId: jabarId,
      reason: 'The victim moved to Bandung with her family',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const sup = await h().login('supervisor.ntt');
    expect((await sup.post(`/api/lead-transfers/${asked.json().id}/approve`)).statusCode).toBe(200);
    const jabar = await jabarSupervisor();
    expect((await jabar.post(`/api/lead-transfers/${asked.json().id}/accept`)).statusCode).toBe(200);
    return { caseId: kase.id, personId: kase.personId, jabar };
  };

  it("a case worker's transfer waits for her own supervisor; only then is the receiving agency asked", async () => {
    const { jabarId } = await agencies();
    const cw = await h().login('caseworker.ntt');
    const { id: caseId } = await newCase(cw);
    const asked = await cw.post(`/api/cases/${caseId}/transfer-lead`, {
      toAgencyId: jabarId,
      reason: 'The victim moved to Bandung with her family',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().status).toBe('awaiting_approval');
    const jabar = await jabarSupervisor();
    expect(await incoming(jabar)).not.toContain(asked.json().id);
    // The receiving agency cannot approve on the sender's behalf.
    expect((await jabar.post(`/api/lead-transfers/${asked.json().id}/approve`)).statusCode).toBe(404);
    expect((await jabar.post(`/api/lead-transfers/${asked.json().id}/accept`)).statusCode).toBe(409);

    const sup = await h().login('supervisor.ntt');
    const approved = await sup.post(`/api/lead-transfers/${asked.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('pending');
    expect((await incoming(jabar)).filter((id) => id === asked.json().id)).toHaveLength(1);
    expect((await jabar.post(`/api/lead-transfers/${asked.json().id}/accept`)).statusCode).toBe(200);
  });

  it('without a consent the receiving agency leads the case but not the identity (no reveal, no documents, no PDF identity)', async () => {
    const { caseId, personId, jabar } = await transferredWithoutConsent();
    expect((await jabar.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await jabar.get(`/api/persons/${personId}`)).statusCode).toBe(200);
    const reveal = await jabar.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'Continuing the case in Bandung',
      fields: ['fullName', 'nik'],
    });
    expect(reveal.statusCode).toBe(404);
    const pdf = await jabar.post(`/api/cases/${caseId}/summary-pdf`, {
      purpose: 'Paper file for the court',
      identityFields: ['fullName'],
    });
    expect(pdf.statusCode).toBe(404);
    // The summary without identity is still theirs to print.
    expect((await jabar.post(`/api/cases/${caseId}/summary-pdf`)).statusCode).toBe(200);
  });

  it('under a consent naming the agency, it gets what the consent covers and nothing more', async () => {
    const { jabarId } = await agencies();
    const cw = await h().login('caseworker.ntt');
    const second = await newCase(cw);
    const given = await consent(cw, second.id, {
      purpose: 'referral',
      serviceTypes: ['shelter'],
      recipientAgencyId: jabarId,
      fieldGroups: ['identity_name', 'age_band'],
    });
    expect(given.statusCode, given.body).toBe(201);
    const sup = await h().login('supervisor.ntt');
    const asked = await sup.post(`/api/cases/${second.id}/transfer-lead`, {
      toAgencyId: jabarId,
      reason: 'The victim moved to Bandung with her family',
      consentId: given.json().id,
    });
    expect(asked.statusCode, asked.body).toBe(201);
    // A supervisor's own request is the sending agency's approval.
    expect(asked.json().status).toBe('pending');
    const jabar = await jabarSupervisor();
    expect((await jabar.post(`/api/lead-transfers/${asked.json().id}/accept`)).statusCode).toBe(200);
    const name = await jabar.post(`/api/persons/${second.personId}/identity/reveal`, {
      purpose: 'Continuing the case in Bandung',
      fields: ['fullName', 'nik', 'phones'],
    });
    expect(name.statusCode, name.body).toBe(200);
    expect(name.json()).toEqual({ fullName: 'Agustina Lian Manu' });
    expect(name.body).not.toContain(NIK);
  });

  it('to an agency abroad only under a cross_border_transfer consent naming it', async () => {
    const { jabarId, abroadId } = await agencies();
    const cw = await h().login('caseworker.ntt');
    const third = await newCase(cw);
    const sup = await h().login('supervisor.ntt');
    const ask = (consentId?: string) =>
      sup.post(`/api/cases/${third.id}/transfer-lead`, {
        toAgencyId: abroadId,
        reason: 'The victim returned to her employer city for the trial',
        ...(consentId ? { consentId } : {}),
      });
    const none = await ask();
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: 'consentId', code: 'cross_border_consent_required' });
    const domestic = await consent(cw, third.id, {
      purpose: 'referral',
      serviceTypes: ['shelter'],
      recipientAgencyId: abroadId,
      fieldGroups: ['identity_name'],
    });
    expect(domestic.statusCode, domestic.body).toBe(201);
    expect((await ask(domestic.json().id)).json().errors[0].code).toBe('cross_border_consent_required');
    const otherAgency = await consent(cw, third.id, {
      purpose: 'referral',
      serviceTypes: ['shelter'],
      recipientAgencyId: jabarId,
      fieldGroups: ['identity_name'],
    });
    expect(otherAgency.statusCode, otherAgency.body).toBe(201);
    expect((await ask(otherAgency.json().id)).json().errors[0].code).toBe('consent_other_recipient');
    const crossBorder = await consent(cw, third.id, {
      purpose: 'cross_border_transfer',
      recipientAgencyId: abroadId,
      fieldGroups: ['identity_name', 'identity_contact'],
    });
    expect(crossBorder.statusCode, crossBorder.body).toBe(201);
    const ok = await ask(crossBorder.json().id);
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
