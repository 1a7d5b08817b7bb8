import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { provisionOnce } from '../../../test/support/provision.js';
import { awarenessV1 } from './awareness-questionnaire.js';

/** Answers with the first `right` statements answered correctly and the rest "don't know" (score = 10 × right). */
function answers(right: number): Record<string, string> {
  return Object.fromEntries(awarenessV1.questions.map((q, i) => [q.id, i < right ? q.correct : 'dont_know']));
}

describeEachDatabase('prevention: programmes, sessions, awareness surveys and budgets', (h) => {
  const participants = {
    female: { '0_17': 30, '18_24': 10, '25_59': 8, '60_plus': 2 },
    male: { '0_17': 28, '18_24': 12, '25_59': 9, '60_plus': 1 },
  };
  type Session = { id: string; surveyCode: string; participantTotal: number };
  /**
   * A school programme of the given year with two sessions of 100 participants each. Each test makes the
   * programmes it counts, in a year of its own where it compares across programmes, so any test runs alone
   * and in any order.
   */
  const schoolProgramme = async (officer: Client, year = 2026) => {
    const res = await officer.post('/api/programmes', {
      type: 'school_outreach',
      name: 'Sekolah Waspada TPPO Indramayu',
      regionCodes: ['32.12', '32.73'],
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      targetGroups: ['students', 'teachers'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const programmeId = res.json().id as string;
    const sessions: Session[] = [];
    for (const [heldOn, place] of [
      [`${year}-02-10`, 'SMPN 1 Haurgeulis'],
      [`${year}-03-05`, 'SMAN 1 Indramayu'],
    ] as const) {
      const s = await officer.post(`/api/programmes/${programmeId}/sessions`, {
        heldOn,
        place,
        regionCode: '32.12',
        facilitator: 'Ibu Ratna (UPTD PPA)',
        participants,
        materials: ['Modul Kenali Tanda TPPO', 'Video testimoni penyintas'],
      });
      expect(s.statusCode, s.body).toBe(201);
      sessions.push(s.json());
    }
    return { programmeId, sessions };
  };
  /**
   * `n` participants (a multiple of 20), half per session: before 10·(1 + i mod 5) points, after that plus
   * 10·(1 + i mod 4) — so the change is 25 points for any such `n`.
   */
  const pairedResponses = async (officer: Client, sessions: Session[], n = 100) => {
    for (let i = 0; i < n; i++) {
      const session = sessions[i < n / 2 ? 0 : 1]!;
      const before = 1 + (i % 5);
      const after = before + 1 + (i % 4);
      for (const [phase, right] of [
        ['pre', before],
        ['post', after],
      ] as const) {
        const res = await officer.post(`/api/sessions/${session.id}/responses`, {
          phase,
          participantCode: `P${String(i).padStart(3, '0')}`,
          answers: answers(right),
        });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().score).toBe(10 * right);
      }
    }
  };

  it('creates a programme with sessions counted by sex and age band', async () => {
    const officer = await h().login('programme.jabar');
    const res = await officer.post('/api/programmes', {
      type: 'school_outreach',
      name: 'Sekolah Waspada TPPO Indramayu',
      regionCodes: ['32.12', '32.73'],
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      targetGroups: ['students', 'teachers'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const programmeId = res.json().id;
    for (const [heldOn, place] of [
      ['2026-02-10', 'SMPN 1 Haurgeulis'],
      ['2026-03-05', 'SMAN 1 Indramayu'],
    ] as const) {
      const s = await officer.post(`/api/programmes/${programmeId}/sessions`, {
        heldOn,
        place,
        regionCode: '32.12',
        facilitator: 'Ibu Ratna (UPTD PPA)',
        participants,
        materials: ['Modul Kenali Tanda TPPO', 'Video testimoni penyintas'],
      });
      expect(s.statusCode, s.body).toBe(201);
      expect(s.json().participantTotal).toBe(100);
      expect(s.json().surveyCode).toMatch(/^[0-9A-Z]{8}$/);
    }
    const outside = await officer.post(`/api/programmes/${programmeId}/sessions`, {
      heldOn: '2027-01-10',
      place: 'Balai desa',
      regionCode: '53.71',
      facilitator: 'X',
      participants,
    });
    expect(outside.statusCode).toBe(400);
    expect(
      outside
        .json()
        .errors.map((e: { field: string; code: string }) => e.code)
        .sort(),
    ).toEqual(['outside_programme_period', 'region_outside_programme']);
    const detail = (await officer.get(`/api/programmes/${programmeId}`)).json();
    expect(detail.participantTotal).toBe(200);
    expect(detail.participantsBySex).toEqual({ female: 100, male: 100 });
  });

  it('shows the awareness change of 200 paired pre/post responses with the hand-computed 95 % interval', async () => {
    const officer = await h().login('programme.jabar');
    const { programmeId, sessions } = await schoolProgramme(officer);
    await pairedResponses(officer, sessions);
    const res = await officer.get(`/api/programmes/${programmeId}/survey-results`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json().programme;
    // By hand: differences 10, 20, 30, 40 (25 each) → mean 25; s² = 25·(225 + 25 + 25 + 225)/99 = 126.2626;
    // se = √(126.2626/100) = 1.123666; t(0.975, 99) = 1.984217 → half-width 2.229599.
    expect(p).toMatchObject({ method: 'paired', nBefore: 100, nAfter: 100, meanBefore: 30, meanAfter: 55, df: 99 });
    expect(p.change).toBeCloseTo(25, 9);
    expect(p.ciLow).toBeCloseTo(22.770401, 4);
    expect(p.ciHigh).toBeCloseTo(27.229599, 4);
    expect(res.json().sessions).toHaveLength(2);
    const one = (
      await officer.get(`/api/programmes/${programmeId}/survey-results?sessionId=${sessions[0]!.id}`)
    ).json();
    expect(one.participants).toHaveLength(50);
    expect(one.participants[0]).toEqual({ code: 'P000', before: 10, after: 20 });
    // A second "pre" of the same participant code is refused.
    const again = await officer.post(`/api/sessions/${sessions[0]!.id}/responses`, {
      phase: 'pre',
      participantCode: 'p000',
      answers: answers(3),
    });
    expect(again.statusCode).toBe(409);
    const missing = await officer.post(`/api/sessions/${sessions[0]!.id}/responses`, {
      phase: 'pre',
      answers: { job_offer_trap: 'true' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ field: 'answers.passport_kept', code: 'required' });
  }, 120_000);

  it("takes anonymous answers from participants' phones and compares them unpaired (Welch) by hand", async () => {
    const officer = await h().login('programme.jabar');
    // The comparison across programmes counts a year: 2025 holds only this test's two programmes.
    const school = await schoolProgramme(officer, 2025);
    await pairedResponses(officer, school.sessions, 20);
    const other = await officer.post('/api/programmes', {
      type: 'village_campaign',
      name: 'Desa Migran Aman',
      regionCodes: ['32.12'],
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      targetGroups: ['prospective_migrant_workers'],
    });
    expect(other.statusCode, other.body).toBe(201);
    const s = await officer.post(`/api/programmes/${other.json().id}/sessions`, {
      heldOn: '2025-04-01',
      place: 'Balai Desa Juntinyuat',
      regionCode: '32.12',
      facilitator: 'Pak Darto',
      participants,
    });
    const code = s.json().surveyCode as string;
    const form = await h().app.inject({ method: 'GET', url: `/api/public/surveys/${code.toLowerCase()}` });
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json().questionnaire.questions).toHaveLength(10);
    expect(JSON.stringify(form.json())).not.toContain('correct');
    // Before 10, 20, 30 (mean 20, s² 100); after 40, 60, 80 (mean 60, s² 400).
    for (const [phase, right] of [
      ['pre', 1],
      ['pre', 2],
      ['pre', 3],
      ['post', 4],
      ['post', 6],
      ['post', 8],
    ] as const) {
      const res = await h().app.inject({
        method: 'POST',
        url: `/api/public/surveys/${code}/responses`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ phase, answers: answers(right) }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const r = (await officer.get(`/api/programmes/${other.json().id}/survey-results`)).json().programme;
    // se = √(100/3 + 400/3) = 12.90994; df = (500/3)²/((100/3)²/2 + (400/3)²/2) = 2.941176; t = 3.2180.
    expect(r).toMatchObject({ method: 'welch', nBefore: 3, nAfter: 3, change: 40 });
    expect(r.df).toBeCloseTo(2.941176, 5);
    expect(r.ciHigh - 40).toBeCloseTo(3.218 * 12.90994, 0);
    const raw = await sql<{ created_by: string | null }>`
      select created_by from survey_responses where session_id = ${s.json().id}`.execute(h().services.database.db);
    expect(raw.rows.every((x) => x.created_by === null)).toBe(true);
    const unknown = await h().app.inject({ method: 'GET', url: '/api/public/surveys/ZZZZZZZZ' });
    expect(unknown.statusCode).toBe(404);

    const byType = (await officer.get('/api/prevention/comparison?by=type&year=2025')).json();
    expect(byType.groups.map((g: { key: string }) => g.key)).toEqual(['school_outreach', 'village_campaign']);
    const byRegion = (await officer.get('/api/prevention/comparison?by=region&year=2025')).json();
    expect(byRegion.groups).toHaveLength(1);
    // 20 paired responses of the school programme and 3 + 3 anonymous ones.
    expect(byRegion.groups[0]).toMatchObject({ key: '32', change: { nBefore: 23, nAfter: 23 } });
  });

  it('budgets: never overspent under a race; cost per participant and per awareness point', async () => {
    const officer = await h().login('programme.jabar');
    // Budgets are summed by year: 2024 holds only this test's programme and allocation.
    const { programmeId, sessions } = await schoolProgramme(officer, 2024);
    await pairedResponses(officer, sessions, 20);
    const alloc = await officer.post('/api/budgets/allocations', {
      programmeId,
      purpose: 'prevention',
      year: 2024,
      source: 'apbd',
      amount: 10_000_000,
    });
    expect(alloc.statusCode, alloc.body).toBe(201);
    const id = alloc.json().id;
    const spend = (amount: number, evidenceRef: string) =>
      officer.post(`/api/budgets/allocations/${id}/expenditures`, {
        spentOn: '2024-02-10',
        amount,
        description: 'Konsumsi dan modul peserta',
        evidenceRef,
      });
    const [a, b] = await Promise.all([spend(6_000_000, 'SP2D-001'), spend(6_000_000, 'SP2D-002')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect((a.statusCode === 409 ? a : b).json().code).toBe('budget_exceeded');
    expect((await spend(4_000_000, 'SP2D-003')).statusCode).toBe(201);
    expect((await spend(1, 'SP2D-004')).statusCode).toBe(409);
    const events = await sql<{ n: number }>`
      select count(*) as n from audit_events where action = 'budgets.expenditures.create' and entity_id = ${id}`.execute(
      h().services.database.db,
    );
    expect(Number(events.rows[0]!.n)).toBe(2);
    const wrongYear = await officer.post(`/api/budgets/allocations/${id}/expenditures`, {
      spentOn: '2023-12-31',
      amount: 1,
      description: 'x',
      evidenceRef: 'y',
    });
    expect(wrongYear.statusCode).toBe(400);
    const summary = (await officer.get('/api/budgets/summary?year=2024')).json();
    const p = summary.programmes.find((x: { programmeId: string }) => x.programmeId === programmeId);
    // 10,000,000 spent on 200 participants; change 25 points → 10,000,000 / (25 × 200) = 2,000 per point.
    expect(p).toMatchObject({ spent: 10_000_000, participants: 200, costPerParticipant: 50_000 });
    expect(p.costPerAwarenessPoint).toBeCloseTo(2000, 6);
    expect(summary.bySource.find((s: { source: string }) => s.source === 'apbd')).toEqual({
      source: 'apbd',
      allocated: 10_000_000,
      spent: 10_000_000,
    });
    const list = (await officer.get(`/api/budgets/allocations/${id}/expenditures`)).json();
    expect(list.items.map((e: { evidenceRef: string }) => e.evidenceRef).sort()).toEqual(
      expect.arrayContaining(['SP2D-003']),
    );
  });

  it('costs victim services per victim served and per service delivered', async () => {
    const sup = await h().login('supervisor.ntt');
    // The supervisor may read budgets but not allocate them.
    const denied = await sup.post('/api/budgets/allocations', {
      purpose: 'victim_services',
      year: 2026,
      source: 'apbn',
      amount: 1000,
    });
    expect(denied.statusCode).toBe(404);
    const summary = await sup.get('/api/budgets/summary?year=2026');
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().allocations).toEqual([]);
    expect(summary.json().victimServices).toMatchObject({ spent: 0, costPerVictim: null });
  });

  it('hides a programme from another agency with the same permission (404, same body as missing)', async () => {
    const { programmeId, sessions } = await schoolProgramme(await h().login('programme.jabar'));
    const outsider = await provisionOnce(h(), 'prog.kupang', 'UPTD PPA NTT', ['programme_officer']);
    const res = await outsider.get(`/api/programmes/${programmeId}`);
    const missing = await outsider.get('/api/programmes/01a22a15-0000-7000-8000-00000000abcd');
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe(missing.body);
    expect((await outsider.get(`/api/programmes/${programmeId}/survey-results`)).statusCode).toBe(404);
    expect(
      (await outsider.post(`/api/sessions/${sessions[0]!.id}/responses`, { phase: 'pre', answers: answers(1) }))
        .statusCode,
    ).toBe(404);
    expect((await outsider.get('/api/programmes')).json().items).toEqual([]);
    const intake = await h().login('intake.ntt');
    expect((await intake.get('/api/programmes')).statusCode).toBe(403);
  });
});
