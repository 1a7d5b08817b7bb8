import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase, type Harness } from '../../../test/support/harness.js';
import { agencyId, DAY, fixture, missingId, newCase, timelineKinds } from '../../../test/support/services.js';
import { checkOverdueServiceRequests } from './index.js';

async function requestService(
  cw: Client,
  caseId: string,
  body: Record<string, unknown>,
): Promise<{ id: string; [k: string]: unknown }> {
  const res = await cw.post(`/api/cases/${caseId}/services`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Service requests whose overdue alert has not been sent: the difference before and after a run is what it alerted. */
async function unalertedRequests(h: () => Harness): Promise<number> {
  const res = await sql<{
    n: number;
  }>`select count(*) as n from service_requests where overdue_alerted_at is null`.execute(h().services.database.db);
  return Number(res.rows[0]!.n);
}

describeEachDatabase('services: statutory service requests, overdue job, closure guard', (h) => {
  it('gives a statutory request (Art. 51 health rehabilitation) a due time 7 days after the application', async () => {
    const { cw, caseId, provider } = await fixture(h);
    const appliedAt = h().clock.now().toISOString();
    const res = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'health_rehabilitation',
      applicant: 'victim',
      appliedAt,
      providerAgencyId: provider,
      note: 'Needs treatment for injuries to the left hand',
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      caseId,
      type: 'health_rehabilitation',
      statutory: true,
      applicant: 'victim',
      status: 'requested',
      late: false,
      deliveredAt: null,
      allowedTransitions: ['accepted', 'declined', 'cancelled'],
      providerAgency: { id: provider, name: 'Rumah Aman Sahabat Perempuan Kupang' },
      note: 'Needs treatment for injuries to the left hand',
    });
    expect(s.dueAt).toBe(new Date(Date.parse(appliedAt) + 7 * DAY).toISOString());
    // Emergency first aid (Art. 53) has the same 7 days.
    const aid = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'emergency_first_aid',
      applicant: 'police',
      providerAgencyId: provider,
    });
    expect(aid.statusCode, aid.body).toBe(201);
    expect(Date.parse(aid.json().dueAt) - Date.parse(aid.json().appliedAt)).toBe(7 * DAY);
    // The note is encrypted at rest.
    const raw = await sql<{ note_enc: string }>`select note_enc from service_requests where id = ${s.id}`.execute(
      h().services.database.db,
    );
    expect(raw.rows[0]!.note_enc).not.toContain('left hand');
    expect(await timelineKinds(cw, caseId)).toContain('service.requested');
  });

  it('gives non-statutory services no due time', async () => {
    const { cw, caseId, provider } = await fixture(h);
    const res = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'legal_aid',
      applicant: 'companion',
      providerAgencyId: provider,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ statutory: false, dueAt: null, late: false });
  });

  it('refuses an application in the future, an unknown provider and bad values, naming the fields', async () => {
    const { cw, caseId, provider } = await fixture(h);
    const future = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'social_rehabilitation',
      applicant: 'family',
      appliedAt: new Date(h().clock.now().getTime() + DAY).toISOString(),
      providerAgencyId: missingId,
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([
      expect.objectContaining({ field: 'appliedAt', code: 'in_future' }),
      expect.objectContaining({ field: 'providerAgencyId', code: 'agency_not_active' }),
    ]);
    // A device clock a minute ahead is tolerated.
    const skew = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'shelter',
      applicant: 'social_worker',
      appliedAt: new Date(h().clock.now().getTime() + 60_000).toISOString(),
      providerAgencyId: provider,
    });
    expect(skew.statusCode, skew.body).toBe(201);
    const bad = await cw.post(`/api/cases/${caseId}/services`, {
      type: 'massage',
      applicant: 'neighbour',
      providerAgencyId: provider,
      extra: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['applicant', 'extra', 'type']);
  });

  it('allows only the transitions of the lifecycle (409 otherwise) and needs a reason to decline or cancel', async () => {
    const { cw, caseId, provider } = await fixture(h);
    const health = await requestService(cw, caseId, {
      type: 'health_rehabilitation',
      applicant: 'victim',
      providerAgencyId: provider,
    });
    const interp = await requestService(cw, caseId, {
      type: 'interpretation',
      applicant: 'victim',
      providerAgencyId: provider,
    });
    const skip = await cw.patch(`/api/services/${interp.id}`, { status: 'delivered' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('service_transition_not_allowed');
    expect((await cw.patch(`/api/services/${interp.id}`, { status: 'in_progress' })).statusCode).toBe(409);
    expect((await cw.patch(`/api/services/${interp.id}`, { status: 'requested' })).statusCode).toBe(409);
    const noReason = await cw.patch(`/api/services/${interp.id}`, { status: 'cancelled' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'required' });
    const cancelled = await cw.patch(`/api/services/${interp.id}`, {
      status: 'cancelled',
      reason: 'The family found an interpreter',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', reason: 'The family found an interpreter' });
    expect(cancelled.json().closedAt).not.toBeNull();
    expect((await cw.patch(`/api/services/${interp.id}`, { status: 'accepted' })).statusCode).toBe(409);
    const deliveredAtTooEarly = await cw.patch(`/api/services/${health.id}`, {
      status: 'accepted',
      deliveredAt: h().clock.now().toISOString(),
    });
    expect(deliveredAtTooEarly.statusCode).toBe(400);
    expect(deliveredAtTooEarly.json().errors[0]).toMatchObject({ field: 'deliveredAt', code: 'only_when_delivered' });
    expect((await cw.patch(`/api/services/${missingId}`, { status: 'accepted' })).statusCode).toBe(404);
    expect(await timelineKinds(cw, caseId)).toContain('service.status');
  });

  it('hides the services of a case from another agency and from users off the case (404)', async () => {
    const { cw, caseId, provider } = await fixture(h);
    const health = await requestService(cw, caseId, {
      type: 'health_rehabilitation',
      applicant: 'victim',
      providerAgencyId: provider,
    });
    const police = await h().login('legal.ntt');
    expect((await police.get(`/api/cases/${caseId}/services`)).statusCode).toBe(404);
    expect((await police.patch(`/api/services/${health.id}`, { status: 'accepted' })).statusCode).toBe(404);
    const shelter = await h().login('provider.shelter');
    const hidden = await shelter.post(`/api/cases/${caseId}/services`, {
      type: 'shelter',
      applicant: 'victim',
      providerAgencyId: provider,
    });
    expect(hidden.statusCode).toBe(404);
    expect((await shelter.get(`/api/cases/${caseId}/service-plan`)).statusCode).toBe(404);
    // The intake officer reads cases but does not manage services.
    const intakeOfficer = await h().login('intake.ntt');
    expect((await intakeOfficer.get(`/api/cases/${caseId}/services`)).statusCode).toBe(404);
  });

  it('hides the services from those who hold services.manage but not the scope: another agency, and a colleague off the team', async () => {
    const cw = await h().login('caseworker.ntt');
    const kase = (
      await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 1994, regionCode: '53.71' },
        identity: { fullName: 'Scope Person' },
      })
    ).json().id as string;
    const provider = await agencyId(cw, 'Rumah Aman Kupang');
    const own = await cw.post(`/api/cases/${kase}/services`, {
      type: 'legal_aid',
      applicant: 'victim',
      providerAgencyId: provider,
    });
    expect(own.statusCode, own.body).toBe(201);
    // Each of these holds services.manage: only the scope keeps them out (agency scope, then own scope).
    const outsiders = [
      await h().provision('supervisor.jabar.scope', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']),
      await h().provision('caseworker.jabar.scope', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']),
      await h().provision('caseworker2.ntt.scope', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['case_worker']),
    ];
    for (const outsider of outsiders) {
      const me = (await outsider.get('/api/auth/me')).json() as { permissions: string[] };
      expect(me.permissions).toContain('services.manage');
      const hidden = await outsider.get(`/api/cases/${kase}/services`);
      const missing = await outsider.get(`/api/cases/${missingId}/services`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).toBe(missing.body);
      expect((await outsider.patch(`/api/services/${own.json().id}`, { status: 'accepted' })).statusCode).toBe(404);
      const write = await outsider.post(`/api/cases/${kase}/services`, {
        type: 'shelter',
        applicant: 'victim',
        providerAgencyId: provider,
      });
      expect(write.statusCode).toBe(404);
    }
    // The same colleague, once on the team, sees them: the own scope is what kept her out.
    const colleague = outsiders[2]!;
    const colleagueId = ((await colleague.get('/api/auth/me')).json() as { id: string }).id;
    expect((await cw.post(`/api/cases/${kase}/members`, { userId: colleagueId, role: 'member' })).statusCode).toBe(200);
    expect((await colleague.get(`/api/cases/${kase}/services`)).statusCode).toBe(200);
  }, 90_000); // three users provisioned with TOTP: slow on a loaded two-core machine

  it('raises overdue alerts for the team and the supervisor once the 7 days have passed, and marks the case late', async () => {
    const { cw: worker, caseId, provider } = await fixture(h);
    const db = h().services.database.db;
    const health = await requestService(worker, caseId, {
      type: 'health_rehabilitation',
      applicant: 'victim',
      providerAgencyId: provider,
    });
    await requestService(worker, caseId, {
      type: 'emergency_first_aid',
      applicant: 'police',
      providerAgencyId: provider,
    });
    await requestService(worker, caseId, { type: 'legal_aid', applicant: 'companion', providerAgencyId: provider });
    await requestService(worker, caseId, { type: 'shelter', applicant: 'social_worker', providerAgencyId: provider });
    // Whatever other tests left overdue is alerted now, so the next run alerts only what this clock move makes late.
    await checkOverdueServiceRequests(h().operator());
    expect(await checkOverdueServiceRequests(h().operator())).toBe(0);
    h().clock.advance(8 * DAY);
    const unalerted = await unalertedRequests(h);
    const alerted = await checkOverdueServiceRequests(h().operator());
    // Health rehabilitation and emergency first aid are late; legal aid has no due time; shelter has none either.
    expect(alerted).toBeGreaterThanOrEqual(2);
    expect(unalerted - (await unalertedRequests(h))).toBe(alerted);
    // Idempotent: a second run alerts nobody again.
    expect(await checkOverdueServiceRequests(h().operator())).toBe(0);

    const cw = await h().login('caseworker.ntt'); // sessions timed out while the clock moved
    // biome-ignore lint/suspicious/noExplicitAny: alert JSON as the API returns it
    const mine = (items: any[]) => items.filter((a) => a.kind === 'service_overdue' && a.entityId === caseId);
    const overdue = mine((await cw.get('/api/alerts?unread=true&limit=200')).json().items);
    expect(overdue).toHaveLength(2);
    expect(overdue[0]).toMatchObject({ entityType: 'case', entityId: caseId });
    expect(overdue.map((a: { params: { serviceType: string } }) => a.params.serviceType).sort()).toEqual([
      'emergency_first_aid',
      'health_rehabilitation',
    ]);
    expect(overdue[0].params.caseNumber).toMatch(/^UPTDPPANTT\//);
    const supervisor = await h().login('supervisor.ntt');
    expect(mine((await supervisor.get('/api/alerts?limit=200')).json().items)).toHaveLength(2);

    const late = (await cw.get(`/api/cases/${caseId}/services?late=true`)).json().items;
    expect(late.map((s: { id: string }) => s.id)).toContain(health.id);
    expect(late.every((s: { late: boolean }) => s.late)).toBe(true);
    expect(late).toHaveLength(2);
    const notLate = (await cw.get(`/api/cases/${caseId}/services?late=false`)).json().items;
    expect(notLate.every((s: { late: boolean }) => !s.late)).toBe(true);
    expect(notLate).toHaveLength(2);

    const lateCases = (await cw.get('/api/cases?late=true&limit=200')).json().items;
    expect(lateCases.map((c: { id: string }) => c.id)).toContain(caseId);
    expect((await cw.get(`/api/cases/${caseId}`)).json().lateServices).toBe(2);
    expect(await timelineKinds(cw, caseId)).toContain('service.overdue');
    const ids = late.map((s: { id: string }) => s.id);
    const audit = await sql<{
      n: number;
    }>`select count(*) as n from audit_events where action = 'services.overdue' and entity_id in (${sql.join(ids)})`.execute(
      db,
    );
    expect(Number(audit.rows[0]!.n)).toBe(2);
  });

  it('needs a reason to close a case while service requests are open', async () => {
    const { cw, caseId, provider } = await fixture(h);
    for (const type of ['health_rehabilitation', 'emergency_first_aid', 'legal_aid', 'shelter'])
      await requestService(cw, caseId, { type, applicant: 'victim', providerAgencyId: provider });
    const res = await cw.post(`/api/cases/${caseId}/close`, { reason: 'transferred' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('open_services');
    expect(res.json().detail).toMatch(/\b4\b/); // health, first aid, legal aid, shelter
    expect(res.json().errors[0]).toMatchObject({ field: 'openServicesReason', code: 'required' });
    // "reintegrated" may carry its own precondition in the cases module; either way the case stays open.
    expect((await cw.post(`/api/cases/${caseId}/close`, { reason: 'reintegrated' })).statusCode).toBe(409);
    expect((await cw.get(`/api/cases/${caseId}`)).json().closure).toBeNull();
  });

  it('recomputes the late count when a late request is delivered, declined or cancelled', async () => {
    const { cw: worker, caseId, provider } = await fixture(h);
    const appliedAt = h().clock.now().toISOString();
    const health = await requestService(worker, caseId, {
      type: 'health_rehabilitation',
      applicant: 'victim',
      appliedAt,
      providerAgencyId: provider,
    });
    const aid = await requestService(worker, caseId, {
      type: 'emergency_first_aid',
      applicant: 'police',
      providerAgencyId: provider,
    });
    h().clock.advance(8 * DAY);
    await checkOverdueServiceRequests(h().operator());
    const cw = await h().login('caseworker.ntt');
    expect((await cw.get(`/api/cases/${caseId}`)).json().lateServices).toBe(2);

    const beforeApplied = await cw.patch(`/api/services/${health.id}`, {
      status: 'delivered',
      deliveredAt: new Date(Date.parse(appliedAt) - DAY).toISOString(),
    });
    expect(beforeApplied.statusCode).toBe(409); // requested → delivered is not a step
    expect((await cw.patch(`/api/services/${health.id}`, { status: 'accepted' })).statusCode).toBe(200);
    const early = await cw.patch(`/api/services/${health.id}`, {
      status: 'delivered',
      deliveredAt: new Date(Date.parse(appliedAt) - DAY).toISOString(),
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0]).toMatchObject({ field: 'deliveredAt', code: 'date_order' });
    const delivered = await cw.patch(`/api/services/${health.id}`, { status: 'delivered' });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(delivered.json()).toMatchObject({ status: 'delivered', late: false, allowedTransitions: [] });
    expect(Math.abs(Date.parse(delivered.json().deliveredAt) - h().clock.now().getTime())).toBeLessThan(5_000);
    expect((await cw.get(`/api/cases/${caseId}`)).json().lateServices).toBe(1);

    expect(
      (await cw.patch(`/api/services/${aid.id}`, { status: 'declined', reason: 'Treated at the hospital already' }))
        .statusCode,
    ).toBe(200);
    expect((await cw.get(`/api/cases/${caseId}`)).json().lateServices).toBe(0);
    expect((await cw.get(`/api/cases/${caseId}/services?late=true`)).json().items).toHaveLength(0);
    const lateCases = (await cw.get('/api/cases?late=true&limit=200')).json().items;
    expect(lateCases.map((c: { id: string }) => c.id)).not.toContain(caseId);
  });

  it('counts an application entered after its due time as late at once, and alerts on the next run', async () => {
    const { cw, caseId: other, provider } = await fixture(h);
    // Whatever other tests left overdue is alerted now, so the next run alerts only this application.
    await checkOverdueServiceRequests(h().operator());
    const res = await cw.post(`/api/cases/${other}/services`, {
      type: 'repatriation_from_abroad',
      applicant: 'family',
      appliedAt: new Date(h().clock.now().getTime() - 10 * DAY).toISOString(),
      providerAgencyId: provider,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().late).toBe(true);
    expect((await cw.get(`/api/cases/${other}`)).json().lateServices).toBe(1);
    expect(await checkOverdueServiceRequests(h().operator())).toBe(1);
    const claimed = await cw.get(`/api/cases/${other}/services`);
    expect(claimed.json().items[0].overdueAlertedAt).not.toBeNull();
  });

  it('pages through a case with many requests', async () => {
    const { cw, caseId: other, provider } = await fixture(h);
    for (let i = 0; i < 5; i++) {
      await cw.post(`/api/cases/${other}/services`, {
        type: 'education',
        applicant: 'victim',
        providerAgencyId: provider,
      });
    }
    const first = (await cw.get(`/api/cases/${other}/services?limit=3`)).json();
    expect(first.items).toHaveLength(3);
    const second = (await cw.get(`/api/cases/${other}/services?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect((await cw.get(`/api/cases/${other}/services?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('finds overdue requests in batches, never the whole table at once', async () => {
    const { cw: worker, caseId: other, provider } = await fixture(h);
    for (let i = 0; i < 5; i++) {
      await worker.post(`/api/cases/${other}/services`, {
        type: 'social_reintegration',
        applicant: 'social_worker',
        providerAgencyId: provider,
      });
    }
    // Whatever other tests left overdue is alerted now, so the batched run below alerts only what the clock move makes late.
    await checkOverdueServiceRequests(h().operator());
    h().clock.advance(8 * DAY);
    const unalerted = await unalertedRequests(h);
    const alerted = await checkOverdueServiceRequests(h().operator(), 2);
    expect(alerted).toBeGreaterThanOrEqual(5);
    expect(unalerted - (await unalertedRequests(h))).toBe(alerted);
    const cw = await h().login('caseworker.ntt');
    expect((await cw.get(`/api/cases/${other}`)).json().lateServices).toBe(5);
  });

  it('has no test clock route unless PULIH_TEST_CLOCK=true', async () => {
    const cw = await h().login('caseworker.ntt');
    const res = await cw.post('/api/test/clock', { advanceMs: 1000 });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route_not_found');
  });
});

describeEachDatabase(
  'services: test clock (PULIH_TEST_CLOCK=true)',
  (h) => {
    it('moves the clock and runs the due jobs at once', async () => {
      const cw = await h().login('caseworker.ntt');
      const caseId = await newCase(cw);
      const provider = await agencyId(cw, 'Rumah Aman Kupang');
      await cw.post(`/api/cases/${caseId}/services`, {
        type: 'social_rehabilitation',
        applicant: 'victim',
        providerAgencyId: provider,
      });
      const before = h().clock.now().getTime();
      const res = await cw.post('/api/test/clock', { advanceMs: 8 * DAY });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().jobs).toMatchObject({ 'service-overdue': 1 });
      expect(Date.parse(res.json().now) - before).toBeGreaterThanOrEqual(8 * DAY);
      expect((await cw.post('/api/test/clock', { advanceMs: -1 })).statusCode).toBe(400);
      const again = await h().login('caseworker.ntt');
      expect((await again.get(`/api/cases/${caseId}`)).json().lateServices).toBe(1);
    });
  },
  { env: { PULIH_TEST_CLOCK: 'true' } },
);
