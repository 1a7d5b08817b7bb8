import { beforeEach, expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { scopeOutsiders } from '../../../test/support/outsiders.js';
import {
  agencyId,
  alertKinds,
  consent,
  DAY,
  identity,
  missingId,
  newCase,
  referredCase,
  requestService,
} from '../../../test/support/referrals.js';
import { auditPurpose } from '../../platform/audit.js';
import { translate } from '../../platform/i18n/index.js';
import { checkOverdueReferrals } from './referrals.jobs.js';

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
    const { kase, rid } = await referredCase(cw, iom, {
      service: 'family_tracing',
      fieldGroups: ['age_band', 'sex', 'origin_region', 'needs', 'risk_notes'],
      reason: 'MigrationOrChangeOfLocation',
    });
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
    const { kase, res, rid } = await referredCase(cw, shelter, { fieldGroups: ['age_band', 'needs'] });
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
    const { kase, rid } = await referredCase(cw, shelter, { fieldGroups: ['sex', 'needs'], urgency: 'urgent' });
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
    const { rid } = await referredCase(cw, shelter, {
      service: 'psychosocial_counselling',
      fieldGroups: ['languages', 'needs'],
      reason: 'Other',
    });
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
    const { rid } = await referredCase(cw, shelter, { fieldGroups: ['needs'] });
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
    const { kase, rid } = await referredCase(cw, shelter, {
      fieldGroups: ['needs', 'identity_name', 'identity_contact'],
      urgency: 'urgent',
    });
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
