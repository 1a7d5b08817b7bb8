import { expect, it } from 'vitest';
import { type Client, describeEachDatabase, type Harness } from '../../../test/support/harness.js';
import { checkOverdueServiceRequests, checkShelterOverstays } from './index.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}

/** A fresh case of the Kupang case worker, and the Kupang shelter as provider. */
async function setup(h: Harness) {
  const cw = await h.login('caseworker.ntt');
  const res = await cw.post('/api/cases', {
    referralSource: 'family',
    person: { sex: 'Feminine', birthYear: 1996, regionCode: '53.71' },
    identity: { fullName: 'Deadline Person' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { cw, caseId: res.json().id as string, shelter: await agencyId(cw, 'Rumah Aman Kupang') };
}

const overdueAlerts = async (c: Client, kind: string, key: string, value: string) =>
  ((await c.get('/api/alerts?limit=100')).json().items as { kind: string; params: Record<string, string> }[]).filter(
    (a) => a.kind === kind && a.params[key] === value,
  );

describeEachDatabase('the 7-day rule (Law 21/2007 Art. 52(1), 53) at its boundary', (h) => {
  it('is not late one minute before the due time and late one minute after; alerted once', async () => {
    const { cw, caseId, shelter } = await setup(h());
    const appliedAt = new Date(h().clock.now().getTime() - 5 * MINUTE).toISOString();
    const created = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'social_rehabilitation',
      applicant: 'victim',
      appliedAt,
      providerAgencyId: shelter,
    });
    expect(created.statusCode, created.body).toBe(201);
    const request = created.json();
    const due = Date.parse(appliedAt) + 7 * DAY;
    expect(request).toMatchObject({
      statutory: true,
      statutoryRight: 'social_rehabilitation',
      dueAt: new Date(due).toISOString(),
    });

    h().clock.advance(due - MINUTE - h().clock.now().getTime());
    let c = await h().login('caseworker.ntt');
    expect(await checkOverdueServiceRequests(h().operator())).toBe(0);
    const before = (await c.get(`/api/cases/${caseId}/services`)).json().items[0];
    expect(before).toMatchObject({ id: request.id, late: false });
    expect((await c.get(`/api/cases/${caseId}/services?late=true`)).json().items).toHaveLength(0);
    expect((await c.get(`/api/cases/${caseId}`)).json().lateServices).toBe(0);

    h().clock.advance(2 * MINUTE);
    c = await h().login('caseworker.ntt');
    expect((await c.get(`/api/cases/${caseId}/services`)).json().items[0]).toMatchObject({ late: true });
    expect((await c.get(`/api/cases/${caseId}/services?late=true`)).json().items).toHaveLength(1);
    expect(await checkOverdueServiceRequests(h().operator())).toBe(1);
    expect(await checkOverdueServiceRequests(h().operator())).toBe(0);
    expect(await overdueAlerts(c, 'service_overdue', 'requestId', request.id)).toHaveLength(1);
    expect((await c.get(`/api/cases/${caseId}`)).json().lateServices).toBe(1);
  });

  it('records a delivery within the 7 days as on time, and one after them as late', async () => {
    const { cw, caseId, shelter } = await setup(h());
    const apply = async () => {
      const res = await cw.post(`/api/cases/${caseId}/services`, {
        type: 'health_rehabilitation',
        applicant: 'social_worker',
        appliedAt: new Date(h().clock.now().getTime() - 8 * DAY).toISOString(),
        providerAgencyId: shelter,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect((await cw.patch(`/api/services/${res.json().id}`, { status: 'accepted' })).statusCode).toBe(200);
      return res.json() as { id: string; dueAt: string };
    };
    const onTime = await apply();
    const late = await apply();
    const deliver = (id: string, at: number) =>
      cw.patch(`/api/services/${id}`, { status: 'delivered', deliveredAt: new Date(at).toISOString() });
    expect((await deliver(onTime.id, Date.parse(onTime.dueAt) - MINUTE)).json()).toMatchObject({ late: false });
    expect((await deliver(late.id, Date.parse(late.dueAt) + MINUTE)).json()).toMatchObject({ late: false });
    const timeline = (await cw.get(`/api/cases/${caseId}/timeline?limit=200`)).json().items as {
      kind: string;
      params: { requestId?: string; deliveredLate?: boolean; to?: string };
    }[];
    const delivered = (id: string) =>
      timeline.find((e) => e.kind === 'service.status' && e.params.requestId === id && e.params.to === 'delivered');
    expect(delivered(onTime.id)?.params.deliveredLate).toBe(false);
    expect(delivered(late.id)?.params.deliveredLate).toBe(true);
    // Delivered, neither is late any more, and the case counts no late service.
    expect((await cw.get(`/api/cases/${caseId}`)).json().lateServices).toBe(0);
  });

  it('puts a shelter or counselling request under the 7-day rule when it answers an Art. 51–53 right', async () => {
    const { cw, caseId, shelter } = await setup(h());
    const request = (body: object) =>
      cw.post(`/api/cases/${caseId}/services`, { applicant: 'victim', providerAgencyId: shelter, ...body });
    const plain = await request({ type: 'shelter' });
    expect(plain.json()).toMatchObject({ statutory: false, statutoryRight: null, dueAt: null });
    const answering = await request({ type: 'shelter', statutoryRight: 'social_rehabilitation' });
    expect(answering.statusCode, answering.body).toBe(201);
    const a = answering.json();
    expect(a).toMatchObject({ statutory: true, statutoryRight: 'social_rehabilitation' });
    expect(Date.parse(a.dueAt) - Date.parse(a.appliedAt)).toBe(7 * DAY);
    const counselling = await request({ type: 'psychosocial_counselling', statutoryRight: 'health_rehabilitation' });
    expect(counselling.json()).toMatchObject({ statutory: true, statutoryRight: 'health_rehabilitation' });
    // Only shelter and counselling take a right; a statutory type answers its own.
    const wrong = await request({ type: 'legal_aid', statutoryRight: 'social_reintegration' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'statutoryRight', code: 'not_applicable' })]);
    const repatriation = await request({ type: 'repatriation_from_abroad' });
    expect(repatriation.json()).toMatchObject({ statutory: true, statutoryRight: 'repatriation' });
    // It runs the clock like the right itself: late after 7 days, alerted.
    h().clock.advance(7 * DAY + MINUTE);
    const c = await h().login('caseworker.ntt');
    const late = (await c.get(`/api/cases/${caseId}/services?late=true`)).json().items.map((s: { id: string }) => s.id);
    expect(late).toEqual(expect.arrayContaining([a.id, counselling.json().id]));
    expect(late).not.toContain(plain.json().id);
    await checkOverdueServiceRequests(h().operator());
    expect(await overdueAlerts(c, 'service_overdue', 'requestId', a.id)).toHaveLength(1);
  });
});

describeEachDatabase('shelter stays past their planned exit alert the case team once', (h) => {
  it('alerts the team and supervisors once per planned exit; an extension or exit answers it', async () => {
    const { cw, caseId, shelter } = await setup(h());
    const admitted = await cw.post(`/api/cases/${caseId}/shelter-stays`, { facilityAgencyId: shelter });
    expect(admitted.statusCode, admitted.body).toBe(201);
    const stay = admitted.json();
    // On the planned exit minus a minute: not yet.
    h().clock.advance(Date.parse(stay.plannedExitAt) - MINUTE - h().clock.now().getTime());
    expect(await checkShelterOverstays(h().operator())).toBe(0);
    h().clock.advance(2 * MINUTE);
    expect(await checkShelterOverstays(h().operator())).toBe(1);
    expect(await checkShelterOverstays(h().operator())).toBe(0);
    let c = await h().login('caseworker.ntt');
    const supervisor = await h().login('supervisor.ntt');
    expect(await overdueAlerts(c, 'shelter_overstay', 'stayId', stay.id)).toHaveLength(1);
    expect(await overdueAlerts(supervisor, 'shelter_overstay', 'stayId', stay.id)).toHaveLength(1);
    // Someone outside the case's agency is not alerted.
    expect(
      await overdueAlerts(await h().login('provider.shelter'), 'shelter_overstay', 'stayId', stay.id),
    ).toHaveLength(0);
    const listed = (await c.get(`/api/cases/${caseId}/shelter-stays`)).json().items[0];
    expect(listed).toMatchObject({ id: stay.id, overstay: true });
    const timeline = (await c.get(`/api/cases/${caseId}/timeline?limit=200`)).json().items as { kind: string }[];
    expect(timeline.filter((e) => e.kind === 'shelter.overstay')).toHaveLength(1);

    // Extended by three days: the alert is answered; passing the new exit alerts again, once.
    const newExit = new Date(h().clock.now().getTime() + 3 * DAY).toISOString();
    expect((await c.patch(`/api/shelter-stays/${stay.id}`, { plannedExitAt: newExit })).statusCode).toBe(200);
    const answered = (await c.get('/api/alerts?limit=100'))
      .json()
      .items.find(
        (a: { kind: string; params: { stayId: string } }) =>
          a.kind === 'shelter_overstay' && a.params.stayId === stay.id,
      );
    expect(answered.resolvedAt).not.toBeNull();
    expect(await checkShelterOverstays(h().operator())).toBe(0);
    h().clock.advance(3 * DAY + MINUTE);
    expect(await checkShelterOverstays(h().operator())).toBe(1);
    c = await h().login('caseworker.ntt');
    expect(await overdueAlerts(c, 'shelter_overstay', 'stayId', stay.id)).toHaveLength(2);
    // Ended: nothing more.
    const exit = await c.post(`/api/shelter-stays/${stay.id}/exit`, {
      exitAt: h().clock.now().toISOString(),
      reason: 'planned_exit',
    });
    expect(exit.statusCode, exit.body).toBe(200);
    h().clock.advance(DAY);
    expect(await checkShelterOverstays(h().operator())).toBe(0);
  });
});
