import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { scopeOutsiders } from '../../../test/support/outsiders.js';

type Answers = Record<string, number | string | null>;

/** A returnee three weeks home: no income yet, in debt, isolated and distressed. */
const baselineAnswers: Answers = {
  econ_income_source: 'no',
  econ_income_satisfaction: 1,
  econ_debt: 'yes',
  econ_borrowing: 'no',
  econ_food_security: 3,
  econ_assets: 'no',
  soc_housing_access: 2,
  soc_housing_standard: 1,
  soc_documents: 'partly',
  soc_health_access: 2,
  soc_justice_access: 1,
  psy_support_network: 'partly',
  psy_social_activities: 1,
  psy_belonging: 2,
  psy_discrimination: 3,
  psy_distress: 3,
  psy_remigration: 3,
};

/** Three months later: a small business, debt settled, documents restored, back among neighbours. */
const followUpAnswers: Answers = {
  econ_income_source: 'yes',
  econ_income_satisfaction: 3,
  econ_debt: 'no',
  econ_borrowing: 'yes',
  econ_food_security: 1,
  econ_assets: 'yes',
  soc_housing_access: 3,
  soc_housing_standard: 3,
  soc_education: 'yes',
  soc_documents: 'yes',
  soc_health_access: 3,
  soc_justice_access: 3,
  psy_support_network: 'yes',
  psy_social_activities: 3,
  psy_belonging: 4,
  psy_discrimination: 1,
  psy_distress: 1,
  psy_remigration: 1,
};

const DAY = 86_400_000;
const missingId = '01a22a15-0000-7000-8000-00000000abcd';

describeEachDatabase('assessments: questionnaires, scores, follow-ups and trend', (h) => {
  const worker = () => h().login('caseworker.ntt');
  const record = (c: Client, caseId: string, body: Record<string, unknown>) =>
    c.post(`/api/cases/${caseId}/assessments`, body);

  /** A fresh case of caseworker.ntt with a baseline reintegration survey: each test that needs one makes its own. */
  const caseWithBaseline = async () => {
    const c = await worker();
    const created = await c.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 2010, regionCode: '53.71' },
      identity: { fullName: 'Test Person' },
    });
    expect(created.statusCode).toBe(201);
    const caseId = created.json().id as string;
    const res = await record(c, caseId, {
      questionnaire: 'reintegration_sustainability',
      version: 1,
      kind: 'baseline',
      answers: baselineAnswers,
      notes: 'Lives with her aunt in Kupang; wants to open a kiosk.',
    });
    expect(res.statusCode).toBe(201);
    const baseline = res.json();
    return { caseId, baseline, baselineId: baseline.id as string, baselineTakenAt: baseline.takenAt as string };
  };

  /** The same, three months on, with a sustainable 3-month follow-up. */
  const caseFollowedUp = async () => {
    const base = await caseWithBaseline();
    h().clock.advance(91 * DAY);
    const res = await record(await worker(), base.caseId, {
      questionnaire: 'reintegration_sustainability',
      version: 1,
      kind: 'follow_up',
      followUpMonth: 3,
      answers: followUpAnswers,
    });
    expect(res.statusCode).toBe(201);
    return { ...base, followUp: res.json() };
  };

  it('lists the current questionnaires with labels in Indonesian and English', async () => {
    const c = await worker();
    const res = await c.get('/api/assessments/questionnaires');
    expect(res.statusCode).toBe(200);
    const list = res.json() as {
      key: string;
      version: number;
      type: string;
      level: string;
      dimensions: { id: string }[];
      questions: { id: string; label: { id: string; en: string }; scale: string; weight: number }[];
      scales: { id: string; options: { value: unknown; score: number }[] }[];
      sustainabilityThreshold: number | null;
    }[];
    expect(list.map((q) => q.key).sort()).toEqual([
      'needs_community',
      'needs_household',
      'needs_individual',
      'reintegration_sustainability',
      'risk_community',
      'risk_household',
      'risk_individual',
    ]);
    const rss = list.find((q) => q.key === 'reintegration_sustainability')!;
    expect(rss.version).toBe(1);
    expect(rss.dimensions.map((d) => d.id)).toEqual(['economic', 'social', 'psychosocial']);
    expect(rss.sustainabilityThreshold).toBe(0.66);
    for (const q of rss.questions) {
      expect(q.label.id.length).toBeGreaterThan(5);
      expect(q.label.en.length).toBeGreaterThan(5);
      expect(rss.scales.some((s) => s.id === q.scale)).toBe(true);
    }
    expect(list.find((q) => q.key === 'risk_household')!.level).toBe('household');
    // Reference data, not case data: any logged-in user may read it; nobody anonymous.
    const analyst = await h().login('analyst.national');
    expect((await analyst.get('/api/assessments/questionnaires')).statusCode).toBe(200);
    expect((await h().app.inject({ method: 'GET', url: '/api/assessments/questionnaires' })).statusCode).toBe(401);
    // The four operations are in the OpenAPI document under their ids.
    const doc = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    for (const id of ['assessments.questionnaires', 'assessments.create', 'assessments.list', 'assessments.trend'])
      expect(ids).toContain(id);
  });

  it('records a baseline reintegration survey and schedules follow-ups 3, 6 and 12 months later', async () => {
    // Start on the 10th of next month so calendar months need no end-of-month clamping in the expectations.
    const now = h().clock.now();
    h().clock.advance(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 10, 3) - now.getTime());
    const c = await worker();
    const { caseId, baseline: a, baselineId, baselineTakenAt } = await caseWithBaseline();
    expect(a).toMatchObject({
      caseId,
      questionnaire: 'reintegration_sustainability',
      version: 1,
      type: 'reintegration',
      level: 'individual',
      kind: 'baseline',
      followUpMonth: null,
      sustainable: false,
      band: null,
      notes: 'Lives with her aunt in Kupang; wants to open a kiosk.',
    });
    // economic: (2·0 + 1·0.25 + 2·0 + 1·0 + 2·0.25 + 1·0) / 9
    expect(a.scores.economic).toBe(Math.round((0.75 / 9) * 10_000) / 10_000);
    expect(a.scores.social).toBeLessThan(0.66);
    expect(a.scores.psychosocial).toBeLessThan(0.66);
    expect(a.composite).toBeCloseTo((a.scores.economic + a.scores.social + a.scores.psychosocial) / 3, 3);

    const tasks = (await c.get(`/api/cases/${caseId}/tasks`)).json() as {
      kind: string;
      dueAt: string;
      assignedUserId: string | null;
      title: string;
      status: string;
    }[];
    const followUps = tasks.filter((t) => t.kind === 'reintegration_follow_up');
    const taken = new Date(baselineTakenAt);
    const monthsLater = (m: number) =>
      new Date(
        Date.UTC(
          taken.getUTCFullYear(),
          taken.getUTCMonth() + m,
          taken.getUTCDate(),
          taken.getUTCHours(),
          taken.getUTCMinutes(),
          taken.getUTCSeconds(),
          taken.getUTCMilliseconds(),
        ),
      ).toISOString();
    expect(followUps.map((t) => t.dueAt).sort()).toEqual([monthsLater(3), monthsLater(6), monthsLater(12)]);
    expect(followUps.every((t) => t.status === 'open')).toBe(true);
    const me = (await c.get('/api/auth/me')).json();
    expect(followUps.every((t) => t.assignedUserId === me.id)).toBe(true);
    expect(followUps.map((t) => t.title).sort()[0]).toContain('bulan');

    // Audited in the same transaction and on the case timeline; the note is stored encrypted.
    const db = h().services.database.db;
    const audit = await db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('action', '=', 'assessments.create')
      .where('entity_id', '=', caseId)
      .execute();
    expect(audit).toHaveLength(1);
    const timeline = (await c.get(`/api/cases/${caseId}/timeline`)).json().items as {
      kind: string;
      params: Record<string, unknown>;
    }[];
    const recorded = timeline.filter((e) => e.kind === 'assessment.recorded');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.params).toMatchObject({ assessmentId: baselineId, kind: 'baseline', sustainable: false });
    expect(timeline.filter((e) => e.kind === 'task.created')).toHaveLength(3);
    const stored = await db
      .selectFrom('assessments')
      .select('notes_enc')
      .where('id', '=', baselineId)
      .executeTakeFirst();
    expect(String(stored?.notes_enc)).not.toContain('Kupang');
  });

  it('a 3-month follow-up with better answers shows the improvement in the trend', async () => {
    const { caseId, baselineId } = await caseWithBaseline();
    h().clock.advance(91 * DAY);
    const c = await worker();
    const before = (await c.get(`/api/cases/${caseId}/assessments/trend`)).json();
    expect(before.dimensions.map((d: { series: unknown[] }) => d.series.length)).toEqual([1, 1, 1]);
    expect(before.sustainablyReintegrated).toBe(false);

    const res = await record(c, caseId, {
      questionnaire: 'reintegration_sustainability',
      version: 1,
      kind: 'follow_up',
      followUpMonth: 3,
      answers: followUpAnswers,
    });
    expect(res.statusCode).toBe(201);
    const followUp = res.json();
    expect(followUp.sustainable).toBe(true);
    // A follow-up schedules nothing new, and closes the task that asked for it (the 3-month one only).
    const tasks = (await c.get(`/api/cases/${caseId}/tasks`)).json() as {
      kind: string;
      dueAt: string;
      status: string;
    }[];
    const followUpTasks = tasks
      .filter((t) => t.kind === 'reintegration_follow_up')
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    expect(followUpTasks.map((t) => t.status)).toEqual(['done', 'open', 'open']);
    const timeline = (await c.get(`/api/cases/${caseId}/timeline`)).json().items as { kind: string }[];
    expect(timeline.filter((e) => e.kind === 'task.completed')).toHaveLength(1);

    const trend = await c.get(`/api/cases/${caseId}/assessments/trend`);
    expect(trend.statusCode).toBe(200);
    const t = trend.json();
    expect(t.threshold).toBe(0.66);
    expect(t.dimensions.map((d: { id: string }) => d.id)).toEqual(['economic', 'social', 'psychosocial']);
    for (const d of t.dimensions) {
      expect(d.series.map((p: { assessmentId: string }) => p.assessmentId)).toEqual([baselineId, followUp.id]);
      expect(d.series[1].score).toBeGreaterThan(d.series[0].score);
      expect(d.series[1].score).toBeGreaterThanOrEqual(0.66);
      expect(d.change).toBeCloseTo(d.series[1].score - d.series[0].score, 4);
      expect(d.label.en.length).toBeGreaterThan(0);
    }
    expect(t.dimensions[0].series[1]).toMatchObject({ kind: 'follow_up', followUpMonth: 3 });
    expect(t.composite.map((p: { score: number }) => p.score)).toEqual([expect.any(Number), followUp.composite]);
    expect(t.latest).toMatchObject({ assessmentId: followUp.id, followUpMonth: 3, scores: followUp.scores });
    expect(t.sustainablyReintegrated).toBe(true);
  });

  it('needs and risk assessments work at household level and are listed oldest first', async () => {
    const { caseId, baselineTakenAt } = await caseFollowedUp();
    const c = await worker();
    const needs = await record(c, caseId, {
      questionnaire: 'needs_household',
      version: 1,
      kind: 'baseline',
      answers: {
        hh_income: 3,
        hh_food: 2,
        hh_debt: 3,
        hh_housing: 2,
        hh_schooling: 0,
        hh_care: 0,
        hh_acceptance: 1,
        hh_violence: 0,
      },
    });
    expect(needs.statusCode).toBe(201);
    // economic (2·1 + 2·⅔ + 1·1) / 5 = 0.8667; living ⅔; care 0; relationships (1·⅓ + 2·0) / 3; composite 0.41
    expect(needs.json()).toMatchObject({
      type: 'needs',
      level: 'household',
      scores: { economic: 0.8667, living: 0.6667, care: 0, relationships: 0.1111 },
      band: 'medium',
      sustainable: null,
    });
    const risk = await record(c, caseId, {
      questionnaire: 'risk_household',
      version: 1,
      kind: 'baseline',
      answers: {
        risk_hh_income_source: 3,
        risk_hh_debt: 3,
        risk_hh_care_burden: 2,
        risk_hh_violence: 3,
        risk_hh_discrimination: 2,
        risk_hh_family_involvement: 3,
        risk_hh_migration_pressure: 3,
      },
    });
    expect(risk.statusCode).toBe(201);
    expect(risk.json()).toMatchObject({ type: 'risk', level: 'household', band: 'high' });
    // Needs and risk assessments schedule no reintegration follow-ups.
    const tasks = (await c.get(`/api/cases/${caseId}/tasks`)).json() as { kind: string }[];
    expect(tasks.filter((t) => t.kind === 'reintegration_follow_up')).toHaveLength(3);

    const all = (await c.get(`/api/cases/${caseId}/assessments`)).json();
    expect(all.items.map((a: { questionnaire: string }) => a.questionnaire)).toEqual([
      'reintegration_sustainability',
      'reintegration_sustainability',
      'needs_household',
      'risk_household',
    ]);
    expect(all.nextCursor).toBeNull();
    const takenAts = all.items.map((a: { takenAt: string }) => a.takenAt);
    expect([...takenAts].sort()).toEqual(takenAts);
    expect(all.items[0].notes).toBe('Lives with her aunt in Kupang; wants to open a kiosk.');

    const onlyRisk = (await c.get(`/api/cases/${caseId}/assessments?questionnaire=risk_household`)).json();
    expect(onlyRisk.items).toHaveLength(1);
    expect(onlyRisk.items[0].id).toBe(risk.json().id);
    // Keyset pages, oldest first.
    const first = (await c.get(`/api/cases/${caseId}/assessments?limit=3`)).json();
    expect(first.items).toHaveLength(3);
    const second = (await c.get(`/api/cases/${caseId}/assessments?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((a: { id: string }) => a.id)).toEqual([risk.json().id]);
    expect(second.nextCursor).toBeNull();
    // A survey taken earlier today but entered now sorts by when it was taken.
    const intakeRisk = await record(c, caseId, {
      questionnaire: 'risk_individual',
      version: 1,
      kind: 'baseline',
      takenAt: new Date(new Date(baselineTakenAt).getTime() + 60_000).toISOString(),
      answers: Object.fromEntries(
        [
          'risk_ind_ethnicity',
          'risk_ind_sexual_orientation',
          'risk_ind_age',
          'risk_ind_disability',
          'risk_ind_mental_health',
          'risk_ind_debt',
          'risk_ind_income',
          'risk_ind_documents',
          'risk_ind_trafficker_contact',
          'risk_ind_remigration',
        ].map((id) => [id, 1]),
      ),
    });
    expect(intakeRisk.statusCode).toBe(201);
    const reordered = (await c.get(`/api/cases/${caseId}/assessments`)).json();
    expect(reordered.items[1].id).toBe(intakeRisk.json().id);
  });

  it('refuses invalid input with 400 naming the field, and writes nothing', async () => {
    const { caseId } = await caseWithBaseline();
    const c = await worker();
    const count = async () => (await c.get(`/api/cases/${caseId}/assessments`)).json().items.length;
    const before = await count();
    const base = { questionnaire: 'reintegration_sustainability', version: 1, kind: 'follow_up', followUpMonth: 6 };
    const fields = async (body: Record<string, unknown>) => {
      const res = await record(c, caseId, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      return (res.json().errors as { field: string; code: string; message: string }[]).map((e) => [e.field, e.code]);
    };

    expect(await fields({ ...base, answers: { ...followUpAnswers, not_a_question: 2 } })).toEqual([
      ['answers.not_a_question', 'question_unknown'],
    ]);
    expect(
      await fields({ ...base, answers: { ...followUpAnswers, econ_food_security: 7, econ_debt: 'perhaps' } }),
    ).toEqual([
      ['answers.econ_debt', 'answer_out_of_scale'],
      ['answers.econ_food_security', 'answer_out_of_scale'],
    ]);
    const { psy_distress: _, ...incomplete } = followUpAnswers;
    expect(await fields({ ...base, answers: incomplete })).toEqual([['answers.psy_distress', 'required']]);
    expect(await fields({ ...base, answers: { ...followUpAnswers, psy_belonging: true } })).toEqual([
      ['answers.psy_belonging', 'answer_type'],
    ]);
    expect(await fields({ ...base, questionnaire: 'wellbeing', answers: {} })).toEqual([
      ['questionnaire', 'questionnaire_unknown'],
    ]);
    expect(await fields({ ...base, version: 9, answers: followUpAnswers })).toEqual([
      ['version', 'questionnaire_version_unknown'],
    ]);
    expect(await fields({ ...base, followUpMonth: 4, answers: followUpAnswers })).toEqual([
      ['followUpMonth', 'invalid_value'],
    ]);
    expect(await fields({ ...base, kind: 'baseline', followUpMonth: 3, answers: followUpAnswers })).toEqual([
      ['followUpMonth', 'follow_up_month_baseline'],
    ]);
    expect(await fields({ ...base, kind: 'midline', answers: followUpAnswers })).toEqual([['kind', 'invalid_value']]);
    const future = new Date(h().clock.now().getTime() + DAY).toISOString();
    expect(await fields({ ...base, takenAt: future, answers: followUpAnswers })).toEqual([['takenAt', 'in_future']]);
    expect(await fields({ ...base, takenAt: '2001-01-01T00:00:00Z', answers: followUpAnswers })).toEqual([
      ['takenAt', 'before_intake'],
    ]);
    expect(await fields({ ...base, answers: followUpAnswers, score: 1 })).toEqual([['score', 'unknown_field']]);

    // Messages are localised: Indonesian by default, English for a user who chose it.
    const offScale = { ...base, answers: { ...followUpAnswers, econ_food_security: 7 } };
    expect((await record(c, caseId, offScale)).json().errors[0].message).toBe(
      'Jawaban tidak ada dalam skala. Pilih salah satu: 0, 1, 2, 3, 4.',
    );
    expect((await c.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    expect((await record(c, caseId, offScale)).json().errors[0].message).toBe(
      'The answer is not on the scale. Choose one of: 0, 1, 2, 3, 4.',
    );
    expect((await c.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
    expect(await count()).toBe(before);
  });

  it('refuses new assessments on a closed case', async () => {
    const c = await worker();
    const other = (
      await c.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Masculine', birthYear: 1990, regionCode: '53.71' },
        identity: { fullName: 'Closed Case Person' },
      })
    ).json().id;
    expect((await c.post(`/api/cases/${other}/close`, { reason: 'declined_services' })).statusCode).toBe(200);
    const supervisor = await h().login('supervisor.ntt');
    expect((await supervisor.post(`/api/cases/${other}/approve-closure`, { approve: true })).statusCode).toBe(200);
    const res = await c.post(`/api/cases/${other}/assessments`, {
      questionnaire: 'needs_individual',
      version: 1,
      kind: 'baseline',
      answers: {},
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('case_closed');
  });

  it('answers 404 to holders of the permission outside the scope (another agency, a colleague off the team), exactly like a missing case', async () => {
    const { caseId } = await caseFollowedUp();
    const outsiders = await scopeOutsiders(h(), ['cases.read', 'cases.update']);
    const followUp6 = {
      questionnaire: 'reintegration_sustainability',
      version: 1,
      kind: 'follow_up',
      followUpMonth: 6,
      answers: followUpAnswers,
    };
    for (const { label, client } of outsiders) {
      for (const path of ['assessments', 'assessments/trend']) {
        const hidden = await client.get(`/api/cases/${caseId}/${path}`);
        const missing = await client.get(`/api/cases/${missingId}/${path}`);
        expect(hidden.statusCode, `${label} ${path}`).toBe(404);
        expect(hidden.body, `${label} ${path}`).toBe(missing.body);
      }
      expect((await client.post(`/api/cases/${caseId}/assessments`, followUp6)).statusCode, label).toBe(404);
    }
    // Nothing was written by the refused attempts.
    const c = await worker();
    expect((await c.get(`/api/cases/${caseId}/assessments`)).json().items).toHaveLength(2);
    // Without the permission at all (police, shelter): the same 404.
    for (const username of ['legal.ntt', 'provider.shelter'])
      expect((await (await h().login(username)).get(`/api/cases/${caseId}/assessments`)).statusCode).toBe(404);
    // The supervisor of the lead agency sees the case's assessments.
    const supervisor = await h().login('supervisor.ntt');
    const seen = await supervisor.get(`/api/cases/${caseId}/assessments/trend`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().sustainablyReintegrated).toBe(true);
    // The colleague, once on the team, reads and records: only the own scope kept her out.
    const colleague = outsiders.find((o) => o.username === 'scope.caseworker2.ntt')!;
    expect(
      (await c.post(`/api/cases/${caseId}/members`, { userId: colleague.userId, role: 'member' })).statusCode,
    ).toBe(200);
    expect((await colleague.client.get(`/api/cases/${caseId}/assessments/trend`)).statusCode).toBe(200);
    expect((await colleague.client.post(`/api/cases/${caseId}/assessments`, followUp6)).statusCode).toBe(201);
  });
});

describeEachDatabase('closing as "reintegrated" needs a follow-up survey that says so (DOMAIN.md §5)', (h) => {
  it('a baseline alone, however good, does not close a case as reintegrated; a sustainable follow-up does', async () => {
    let c = await h().login('caseworker.ntt');
    const created = await c.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1995, regionCode: '53.71' },
      identity: { fullName: 'Reintegration Rule Person' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const survey = (kind: 'baseline' | 'follow_up', answers: Answers, followUpMonth?: number) =>
      c.post(`/api/cases/${id}/assessments`, {
        questionnaire: 'reintegration_sustainability',
        version: 1,
        kind,
        ...(followUpMonth ? { followUpMonth } : {}),
        answers,
      });
    const closeAsReintegrated = () => c.post(`/api/cases/${id}/close`, { reason: 'reintegrated' });

    // A baseline whose scores are all above the threshold: still only a baseline.
    const baseline = await survey('baseline', followUpAnswers);
    expect(baseline.statusCode).toBe(201);
    expect(baseline.json().sustainable).toBe(true);
    const refused = await closeAsReintegrated();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('closure_reason_reintegrated');
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'reason', code: 'closure_reason_unmet' })]);

    // A follow-up that says not (yet) reintegrated.
    h().clock.advance(91 * DAY);
    c = await h().login('caseworker.ntt');
    const notYet = await survey('follow_up', baselineAnswers, 3);
    expect(notYet.json()).toMatchObject({ sustainable: false });
    expect((await closeAsReintegrated()).statusCode).toBe(409);

    // A follow-up that says so.
    h().clock.advance(91 * DAY);
    c = await h().login('caseworker.ntt');
    expect((await survey('follow_up', followUpAnswers, 6)).json().sustainable).toBe(true);
    const closed = await closeAsReintegrated();
    expect(closed.statusCode).toBe(200);
    expect(closed.json().closure.reason).toBe('reintegrated');
  });
});
