import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { transact } from '../../platform/context.js';
import { applyReferralServiceStatus, serviceRequestFacts } from './index.js';

const DAY = 86_400_000;
const missingId = '01a22a15-0000-7000-8000-00000000abcd';

async function request(cw: Client, caseId: string, type: string, provider: string, appliedAt?: string) {
  const res = await cw.post(`/api/cases/${caseId}/services`, {
    type,
    applicant: 'victim',
    providerAgencyId: provider,
    ...(appliedAt ? { appliedAt } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describeEachDatabase('services: exports for referrals (facts; moves made by the receiving agency)', (h) => {
  it('gives the facts of service requests in the order asked, leaving unknown ids out', async () => {
    const cw = await h().login('caseworker.ntt');
    const provider = (await cw.get('/api/agencies?q=Rumah%20Aman%20Kupang')).json().items[0].id;
    const caseId = (
      await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 2000 },
        identity: { fullName: 'Test Person' },
      })
    ).json().id;
    const a = await request(cw, caseId, 'shelter', provider);
    const b = await request(cw, caseId, 'health_rehabilitation', provider);
    const facts = await serviceRequestFacts(h().services.database.db, [b.id, missingId, a.id]);
    expect(facts).toEqual([
      {
        id: b.id,
        caseId,
        type: 'health_rehabilitation',
        status: 'requested',
        providerAgencyId: provider,
        appliedAt: b.appliedAt,
      },
      { id: a.id, caseId, type: 'shelter', status: 'requested', providerAgencyId: provider, appliedAt: a.appliedAt },
    ]);
    expect(await serviceRequestFacts(h().services.database.db, [])).toEqual([]);
  });

  it('moves a request by the transition table, with the 7-day rule, late count, audit and timeline', async () => {
    const cw = await h().login('caseworker.ntt');
    const provider = (await cw.get('/api/agencies?q=Rumah%20Aman%20Kupang')).json().items[0].id;
    const caseId = (
      await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 2000 },
        identity: { fullName: 'Test Person' },
      })
    ).json().id;
    // Applied for 8 days ago: the statutory 7 days (Art. 52(1)) have passed.
    const appliedAt = new Date(h().clock.now().getTime() - 8 * DAY).toISOString();
    const health = await request(cw, caseId, 'health_rehabilitation', provider, appliedAt);
    expect(health.late).toBe(true);
    expect((await cw.get(`/api/cases/${caseId}`)).json().lateServices).toBe(1);
    const ctx = h().operator();
    const referralId = '01a22a15-0000-7000-8000-00000000beef';
    // requested → delivered skips acceptance: not allowed.
    expect(
      await transact(ctx, (tx) => applyReferralServiceStatus(tx, ctx, health.id, { status: 'delivered', referralId })),
    ).toBe(false);
    expect(
      await transact(ctx, (tx) => applyReferralServiceStatus(tx, ctx, health.id, { status: 'accepted', referralId })),
    ).toBe(true);
    // Accepting twice is not a move.
    expect(
      await transact(ctx, (tx) => applyReferralServiceStatus(tx, ctx, health.id, { status: 'accepted', referralId })),
    ).toBe(false);
    const deliveredAt = new Date(h().clock.now().getTime() - DAY).toISOString();
    expect(
      await transact(ctx, (tx) =>
        applyReferralServiceStatus(tx, ctx, health.id, { status: 'delivered', deliveredAt, referralId }),
      ),
    ).toBe(true);
    const after = (await cw.get(`/api/cases/${caseId}/services`)).json().items[0];
    expect(after).toMatchObject({ status: 'delivered', deliveredAt, late: false });
    expect((await cw.get(`/api/cases/${caseId}`)).json().lateServices).toBe(0);
    const events = await h()
      .services.database.db.selectFrom('audit_events')
      .select(['action', 'details'])
      .where('entity_id', '=', health.id)
      .where('action', '=', 'services.update')
      .orderBy('seq')
      .execute();
    const details = events.map((e: { details: unknown }) =>
      h().services.database.adapter.fromJson<Record<string, unknown>>(e.details),
    );
    expect(details).toEqual([
      expect.objectContaining({ from: 'requested', to: 'accepted', referralId }),
      expect.objectContaining({ from: 'accepted', to: 'delivered', referralId, wasLate: true, deliveredLate: true }),
    ]);
    const timeline = (await cw.get(`/api/cases/${caseId}/timeline?limit=200`)).json().items;
    expect(
      timeline.filter(
        (i: { kind: string; params: { referralId?: string } }) =>
          i.kind === 'service.status' && i.params.referralId === referralId,
      ),
    ).toHaveLength(2);
    await expect(
      transact(ctx, (tx) => applyReferralServiceStatus(tx, ctx, missingId, { status: 'accepted', referralId })),
    ).rejects.toMatchObject({ status: 404 });
  });
});
