import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { checkOverdueActionItems, dueInstant } from './conferences.service.js';

const DAY = 86_400_000;
const intake = {
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 2009, regionCode: '53.71' },
  identity: { fullName: 'Test Person' },
};
const missingId = '01a22a15-0000-7000-8000-00000000abcd';

async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}

type Alert = { kind: string; params: Record<string, unknown> };
async function alertsOf(client: Client, kind: string): Promise<Alert[]> {
  const res = await client.get('/api/alerts?limit=200');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Alert[]).filter((a) => a.kind === kind);
}

async function timelineKinds(client: Client, caseId: string): Promise<string[]> {
  return (await client.get(`/api/cases/${caseId}/timeline?limit=200`))
    .json()
    .items.map((i: { kind: string }) => i.kind);
}

describe('action item due instant', () => {
  it('passes at the end of the due date in WIB (the last Indonesian zone to finish the day)', () => {
    expect(dueInstant('2026-03-10')).toBe('2026-03-10T17:00:00.000Z');
  });
});

describeEachDatabase('conferences: case conferences, action items, alerts and the overdue job', (h) => {
  const dateIn = (days: number) => new Date(h().clock.now().getTime() + days * DAY).toISOString().slice(0, 10);
  const forConference = (alerts: Alert[], conferenceId: string) =>
    alerts.filter((a) => a.params.conferenceId === conferenceId);
  /** Action items whose overdue alert has not been sent: the difference before and after a run is what it alerted. */
  const unalerted = async () =>
    Number(
      (
        await sql<{
          n: number;
        }>`select count(*) as n from conference_action_items where overdue_alerted_at is null`.execute(
          h().services.database.db,
        )
      ).rows[0]!.n,
    );

  /**
   * What each test starts from (tests share the database, none relies on another): the case worker and the
   * shelter logged in now (an earlier test may have moved the clock past their sessions), a new case, and a
   * conference held today with an item for the shelter due in 2 days and one for the police due in 10.
   */
  async function conference() {
    const cw = await h().login('caseworker.ntt');
    const provider = await h().login('provider.shelter');
    const created = await cw.post('/api/cases', intake);
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    const uptd = await agencyId(cw, 'UPTD PPA NTT');
    const shelter = await agencyId(cw, 'Rumah Aman Kupang');
    const police = await agencyId(cw, 'Unit PPA Polda NTT');
    const res = await cw.post(`/api/cases/${caseId}/conferences`, {
      heldOn: dateIn(0),
      agencyIds: [uptd, shelter, police, shelter],
      decisions: 'Korban tinggal di rumah aman; ibu korban tidak boleh tahu alamatnya.',
      actionItems: [
        { agencyId: shelter, description: 'Konseling psikososial dua kali seminggu', dueOn: dateIn(2) },
        { agencyId: police, description: 'Ambil keterangan korban dengan pendamping', dueOn: dateIn(10) },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    return {
      cw,
      provider,
      caseId,
      uptd,
      shelter,
      police,
      created: c,
      conferenceId: c.id as string,
      shelterItem: c.actionItems[0].id as string,
      policeItem: c.actionItems[1].id as string,
    };
  }

  it('records a conference with encrypted decisions and alerts each assigned agency', async () => {
    const {
      cw,
      provider,
      caseId,
      uptd,
      shelter,
      police,
      created: c,
      conferenceId,
      shelterItem,
      policeItem,
    } = await conference();
    expect(c).toMatchObject({
      caseId,
      heldOn: dateIn(0),
      decisions: 'Korban tinggal di rumah aman; ibu korban tidak boleh tahu alamatnya.',
    });
    expect(c.agencies.map((a: { id: string }) => a.id)).toEqual([uptd, shelter, police]);
    expect(c.actionItems).toHaveLength(2);
    expect(c.actionItems[0]).toMatchObject({
      agency: { id: shelter, name: 'Rumah Aman Sahabat Perempuan Kupang' },
      description: 'Konseling psikososial dua kali seminggu',
      dueOn: dateIn(2),
      dueAt: dueInstant(dateIn(2)),
      overdue: false,
      completedAt: null,
    });

    // Free text is encrypted at rest.
    const db = h().services.database.db;
    const raw = await sql<{ decisions_enc: string }>`
      select decisions_enc from case_conferences where id = ${conferenceId}`.execute(db);
    expect(raw.rows[0]!.decisions_enc).not.toContain('rumah aman');
    const items = await sql<{ description_enc: string }>`
      select description_enc from conference_action_items where conference_id = ${conferenceId}`.execute(db);
    expect(items.rows).toHaveLength(2);
    for (const r of items.rows) expect(r.description_enc).not.toContain('korban');

    // The shelter's referral staff hear about their item; the alert carries ids and dates, no text.
    const assigned = forConference(await alertsOf(provider, 'action_item_assigned'), conferenceId);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.params).toEqual({
      caseNumber: expect.any(String),
      conferenceId,
      actionItemId: shelterItem,
      dueOn: dateIn(2),
    });
    // The police legal liaison (cases.read) hears about the police item.
    const legal = await h().login('legal.ntt');
    expect(
      forConference(await alertsOf(legal, 'action_item_assigned'), conferenceId).map((a) => a.params.actionItemId),
    ).toEqual([policeItem]);
    // Recorded on the timeline and in the audit trail.
    expect(await timelineKinds(cw, caseId)).toContain('conference.held');
    const audit = await sql<{ n: number }>`
      select count(*) as n from audit_events where action = 'conferences.create' and entity_id = ${conferenceId}`.execute(
      db,
    );
    expect(Number(audit.rows[0]!.n)).toBe(1);
  });

  it('lists a case conferences for those who may read the case, and nobody else', async () => {
    const { cw, provider, caseId, conferenceId } = await conference();
    const res = await cw.get(`/api/cases/${caseId}/conferences`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([conferenceId]);
    expect(res.json().nextCursor).toBeNull();
    // The shelter works on an action item but does not see the case.
    expect((await provider.get(`/api/cases/${caseId}/conferences`)).statusCode).toBe(404);
    expect((await cw.get(`/api/cases/${missingId}/conferences`)).statusCode).toBe(404);
  });

  it('needs cases.update on the case to record a conference', async () => {
    const { provider, caseId, uptd } = await conference();
    const body = { heldOn: dateIn(0), agencyIds: [uptd], decisions: 'x' };
    const legal = await h().login('legal.ntt');
    expect((await legal.post(`/api/cases/${caseId}/conferences`, body)).statusCode).toBe(404);
    expect((await provider.post(`/api/cases/${caseId}/conferences`, body)).statusCode).toBe(404);
    const supervisor = await h().login('supervisor.ntt');
    expect((await supervisor.post(`/api/cases/${caseId}/conferences`, body)).statusCode).toBe(201);
  });

  it('names every invalid field', async () => {
    const { cw, caseId, uptd } = await conference();
    const res = await cw.post(`/api/cases/${caseId}/conferences`, {
      heldOn: dateIn(3),
      agencyIds: [uptd, missingId],
      decisions: 'Keputusan',
      actionItems: [{ agencyId: missingId, description: 'Tugas', dueOn: dateIn(1) }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'heldOn:in_future',
      'agencyIds.1:agency_not_active',
      'actionItems.0.agencyId:agency_not_active',
      'actionItems.0.dueOn:date_order',
    ]);
    const shape = await cw.post(`/api/cases/${caseId}/conferences`, {
      heldOn: '10-03-2026',
      agencyIds: [],
      actionItems: [{ agencyId: 'nope', description: '', dueOn: dateIn(1), extra: 1 }],
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining([
        'heldOn:invalid_format',
        'agencyIds:too_few_items',
        'decisions:required',
        'actionItems.0.agencyId:uuid',
        'actionItems.0.description:too_short',
        'actionItems.0.extra:unknown_field',
      ]),
    );
  });

  it('raises action_item_overdue once, when the due date has passed and the item is still open', async () => {
    const { caseId, conferenceId, shelterItem, policeItem } = await conference();
    // Whatever other tests left overdue is alerted now, so the next run alerts only what this clock move makes late.
    await checkOverdueActionItems(h().operator());
    expect(await checkOverdueActionItems(h().operator())).toBe(0);
    h().clock.advance(4 * DAY);
    const before = await unalerted();
    const alerted = await checkOverdueActionItems(h().operator());
    expect(alerted).toBeGreaterThanOrEqual(1);
    expect(before - (await unalerted())).toBe(alerted);
    expect(await checkOverdueActionItems(h().operator())).toBe(0);
    // Sessions time out while the clock moves on days.
    const cw = await h().login('caseworker.ntt');
    const provider = await h().login('provider.shelter');
    const overdue = forConference(await alertsOf(provider, 'action_item_overdue'), conferenceId);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.params).toMatchObject({ conferenceId, actionItemId: shelterItem, dueOn: dateIn(-2) });
    // The case team hears about it too; the police item, due in 10 days, is not overdue.
    expect(
      forConference(await alertsOf(cw, 'action_item_overdue'), conferenceId).map((a) => a.params.actionItemId),
    ).toEqual([shelterItem]);
    expect(await timelineKinds(cw, caseId)).toContain('conference.action_item_overdue');
    const listed = (await cw.get(`/api/cases/${caseId}/conferences`)).json().items.at(-1);
    const item = listed.actionItems.find((i: { id: string }) => i.id === shelterItem);
    expect(item.overdue).toBe(true);
    expect(item.overdueAlertedAt).not.toBeNull();
    expect(listed.actionItems.find((i: { id: string }) => i.id === policeItem).overdueAlertedAt).toBeNull();
  });

  it('lets the assigned agency complete its item, once; others get 404', async () => {
    const { cw, provider, caseId, conferenceId, shelterItem, policeItem } = await conference();
    const legal = await h().login('legal.ntt');
    // The police may not complete the shelter's item (not theirs, and not on the case).
    expect((await legal.post(`/api/conferences/${conferenceId}/action-items/${shelterItem}/complete`)).statusCode).toBe(
      404,
    );
    expect((await provider.post(`/api/conferences/${missingId}/action-items/${shelterItem}/complete`)).statusCode).toBe(
      404,
    );
    const res = await provider.post(`/api/conferences/${conferenceId}/action-items/${shelterItem}/complete`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: shelterItem, overdue: false, completedAt: expect.any(String) });
    const again = await provider.post(`/api/conferences/${conferenceId}/action-items/${shelterItem}/complete`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('action_item_completed');
    // The case team may complete any item of its case; a completed item never becomes overdue.
    expect((await cw.post(`/api/conferences/${conferenceId}/action-items/${policeItem}/complete`)).statusCode).toBe(
      200,
    );
    expect(await timelineKinds(cw, caseId)).toContain('conference.action_item_completed');
    h().clock.advance(10 * DAY);
    await checkOverdueActionItems(h().operator());
    const team = await h().login('caseworker.ntt');
    const listed = (await team.get(`/api/cases/${caseId}/conferences`)).json().items.at(-1);
    for (const i of listed.actionItems as { overdue: boolean; overdueAlertedAt: string | null }[]) {
      expect(i.overdue).toBe(false);
      expect(i.overdueAlertedAt).toBeNull();
    }
    expect(forConference(await alertsOf(team, 'action_item_overdue'), conferenceId)).toEqual([]);
  });
});

describeEachDatabase(
  'conferences: the overdue job runs with the scheduler (PULIH_TEST_CLOCK=true)',
  (h) => {
    it('alerts through the test clock route', async () => {
      const cw = await h().login('caseworker.ntt');
      const created = await cw.post('/api/cases', intake);
      const caseId = created.json().id;
      const shelter = await agencyId(cw, 'Rumah Aman Kupang');
      const today = h().clock.now().toISOString().slice(0, 10);
      const res = await cw.post(`/api/cases/${caseId}/conferences`, {
        heldOn: today,
        agencyIds: [shelter],
        decisions: 'Rujuk ke rumah aman',
        actionItems: [{ agencyId: shelter, description: 'Siapkan kamar', dueOn: today }],
      });
      expect(res.statusCode, res.body).toBe(201);
      const tick = await cw.post('/api/test/clock', { advanceMs: 2 * DAY });
      expect(tick.statusCode, tick.body).toBe(200);
      expect(tick.json().jobs['conference-action-overdue']).toBe(1);
    });
  },
  { env: { PULIH_TEST_CLOCK: 'true' } },
);
