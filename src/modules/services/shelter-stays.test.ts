import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { DAY, fixture, missingId, timelineKinds } from '../../../test/support/services.js';

describeEachDatabase('services: shelter stays', (h) => {
  async function admit(
    cw: Client,
    caseId: string,
    shelter: string,
  ): Promise<{ id: string; plannedExitAt: string; admittedAt: string }> {
    const res = await cw.post(`/api/cases/${caseId}/shelter-stays`, { facilityAgencyId: shelter });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  it('admits for the charter stay (7 days, configurable) and allows one open stay per case', async () => {
    const { cw, caseId, provider: shelter } = await fixture(h);
    const admittedAt = new Date(h().clock.now().getTime() - 60_000).toISOString();
    const res = await cw.post(`/api/cases/${caseId}/shelter-stays`, { facilityAgencyId: shelter, admittedAt });
    expect(res.statusCode, res.body).toBe(201);
    const stay = res.json();
    expect(stay).toMatchObject({
      caseId,
      facilityAgency: { id: shelter },
      admittedAt,
      open: true,
      overstay: false,
      exitAt: null,
      extendedCount: 0,
    });
    expect(Date.parse(stay.plannedExitAt) - Date.parse(admittedAt)).toBe(7 * 86_400_000);
    const second = await cw.post(`/api/cases/${caseId}/shelter-stays`, { facilityAgencyId: shelter });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('shelter_stay_open');
    expect(await timelineKinds(cw, caseId)).toContain('shelter.admitted');
  });

  it('refuses admissions in the future, to unknown facilities and with the exit before the admission', async () => {
    const { cw, caseId: other } = await fixture(h);
    const now = h().clock.now().getTime();
    const res = await cw.post(`/api/cases/${other}/shelter-stays`, {
      facilityAgencyId: missingId,
      admittedAt: new Date(now + DAY).toISOString(),
      plannedExitAt: new Date(now).toISOString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'admittedAt:in_future',
      'facilityAgencyId:agency_not_active',
      'plannedExitAt:date_order',
    ]);
  });

  it('extends a stay, shows overstays, records the exit once, then admits again', async () => {
    const { cw: worker, caseId, provider: shelter } = await fixture(h);
    const stay = await admit(worker, caseId, shelter);
    const stayId = stay.id;
    const later = new Date(Date.parse(stay.plannedExitAt) + 7 * DAY).toISOString();
    const extended = await worker.patch(`/api/shelter-stays/${stayId}`, { plannedExitAt: later });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json()).toMatchObject({ plannedExitAt: later, extendedCount: 1 });
    h().clock.advance(15 * DAY);
    const cw = await h().login('caseworker.ntt');
    expect((await cw.get(`/api/cases/${caseId}/shelter-stays`)).json().items[0].overstay).toBe(true);

    const beforeAdmission = await cw.post(`/api/shelter-stays/${stayId}/exit`, {
      exitAt: new Date(Date.parse(stay.admittedAt) - DAY).toISOString(),
      reason: 'reintegrated',
    });
    expect(beforeAdmission.statusCode).toBe(400);
    expect(beforeAdmission.json().errors[0]).toMatchObject({ field: 'exitAt', code: 'date_order' });
    const badReason = await cw.post(`/api/shelter-stays/${stayId}/exit`, {
      exitAt: h().clock.now().toISOString(),
      reason: 'bored',
    });
    expect(badReason.statusCode).toBe(400);
    const exitAt = h().clock.now().toISOString();
    const exit = await cw.post(`/api/shelter-stays/${stayId}/exit`, {
      exitAt,
      reason: 'reintegrated',
      note: 'Went home to her mother in Soe',
    });
    expect(exit.statusCode, exit.body).toBe(200);
    expect(exit.json()).toMatchObject({
      exitAt,
      exitReason: 'reintegrated',
      exitNote: 'Went home to her mother in Soe',
      open: false,
      overstay: false,
    });
    const raw = await sql<{
      exit_note_enc: string;
    }>`select exit_note_enc from shelter_stays where id = ${stayId}`.execute(h().services.database.db);
    expect(raw.rows[0]!.exit_note_enc).not.toContain('Soe');
    const again = await cw.post(`/api/shelter-stays/${stayId}/exit`, { exitAt, reason: 'other' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('shelter_stay_closed');
    expect((await cw.patch(`/api/shelter-stays/${stayId}`, { plannedExitAt: later })).statusCode).toBe(409);

    const readmit = await cw.post(`/api/cases/${caseId}/shelter-stays`, { facilityAgencyId: shelter });
    expect(readmit.statusCode, readmit.body).toBe(201);
    const list = (await cw.get(`/api/cases/${caseId}/shelter-stays`)).json();
    expect(list.items.map((s: { open: boolean }) => s.open)).toEqual([true, false]);
    expect(await timelineKinds(cw, caseId)).toEqual(expect.arrayContaining(['shelter.exited', 'shelter.extended']));
  });

  it('keeps one open stay even when two admissions race', async () => {
    const { cw, caseId: other, provider: shelter } = await fixture(h);
    const results = await Promise.all([
      cw.post(`/api/cases/${other}/shelter-stays`, { facilityAgencyId: shelter }),
      cw.post(`/api/cases/${other}/shelter-stays`, { facilityAgencyId: shelter }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('hides stays from other agencies (404)', async () => {
    const { cw, caseId, provider: shelter } = await fixture(h);
    const stayId = (await admit(cw, caseId, shelter)).id;
    const police = await h().login('legal.ntt');
    expect((await police.get(`/api/cases/${caseId}/shelter-stays`)).statusCode).toBe(404);
    expect(
      (
        await police.post(`/api/shelter-stays/${stayId}/exit`, {
          exitAt: h().clock.now().toISOString(),
          reason: 'other',
        })
      ).statusCode,
    ).toBe(404);
  });
});
