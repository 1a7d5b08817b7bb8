import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { DAY, fixture, missingId, timelineKinds } from '../../../test/support/services.js';

describeEachDatabase('services: service plans', (h) => {
  it('writes goals and actions, keeps ids on update, removes what is left out, encrypts the text', async () => {
    const { cw, caseId } = await fixture(h);
    const empty = await cw.get(`/api/cases/${caseId}/service-plan`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ caseId, goals: [], updatedAt: null });

    const put = await cw.request('PUT', `/api/cases/${caseId}/service-plan`, {
      goals: [
        {
          title: 'Return to school in Kupang',
          actions: [
            { title: 'Enrol at SMP Negeri 2', dueOn: '2026-07-15', status: 'planned' },
            { title: 'Buy uniform', status: 'done' },
          ],
        },
        { title: 'Recover from trauma', targetOn: '2026-12-31', actions: [] },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    const plan = put.json();
    expect(plan.goals).toHaveLength(2);
    expect(plan.goals[0]).toMatchObject({ title: 'Return to school in Kupang', status: 'open', targetOn: null });
    expect(plan.goals[0].actions).toEqual([
      expect.objectContaining({ title: 'Enrol at SMP Negeri 2', dueOn: '2026-07-15', status: 'planned' }),
      expect.objectContaining({ title: 'Buy uniform', dueOn: null, status: 'done' }),
    ]);
    expect(plan.goals[1]).toMatchObject({ title: 'Recover from trauma', targetOn: '2026-12-31', actions: [] });
    expect(plan.updatedAt).not.toBeNull();
    const raw = await sql<{ title_enc: string }>`select title_enc from service_plan_items where id in (${sql.join([
      plan.goals[0].id,
      plan.goals[1].id,
      ...plan.goals[0].actions.map((a: { id: string }) => a.id),
    ])})`.execute(h().services.database.db);
    expect(raw.rows.length).toBe(4);
    for (const r of raw.rows) expect(r.title_enc).not.toContain('Kupang');

    const goal = plan.goals[0];
    const update = await cw.request('PUT', `/api/cases/${caseId}/service-plan`, {
      goals: [
        {
          id: goal.id,
          title: goal.title,
          status: 'achieved',
          actions: [{ id: goal.actions[0].id, title: 'Enrol at SMP Negeri 2', status: 'done' }],
        },
      ],
    });
    expect(update.statusCode, update.body).toBe(200);
    const updated = update.json();
    expect(updated.goals).toHaveLength(1);
    expect(updated.goals[0]).toMatchObject({ id: goal.id, status: 'achieved' });
    expect(updated.goals[0].actions).toEqual([
      { id: goal.actions[0].id, title: 'Enrol at SMP Negeri 2', dueOn: null, status: 'done' },
    ]);
    expect((await cw.get(`/api/cases/${caseId}/service-plan`)).json()).toEqual(updated);
    expect(await timelineKinds(cw, caseId)).toContain('service_plan.updated');
  });

  it('refuses ids that are not in the plan, duplicates and bad values, writing nothing', async () => {
    const { cw, caseId } = await fixture(h);
    const written = await cw.request('PUT', `/api/cases/${caseId}/service-plan`, {
      goals: [{ title: 'Return to school in Kupang', actions: [{ title: 'Buy uniform', status: 'planned' }] }],
    });
    expect(written.statusCode, written.body).toBe(200);
    const before = (await cw.get(`/api/cases/${caseId}/service-plan`)).json();
    const goalId = before.goals[0].id;
    const unknown = await cw.request('PUT', `/api/cases/${caseId}/service-plan`, {
      goals: [{ id: missingId, title: 'X', actions: [{ id: goalId, title: 'Y', status: 'planned' }] }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ field: 'goals.0.id', code: 'item_unknown' }),
      expect.objectContaining({ field: 'goals.0.actions.0.id', code: 'item_unknown' }),
    ]);
    const dup = await cw.request('PUT', `/api/cases/${caseId}/service-plan`, {
      goals: [
        { id: goalId, title: 'A', actions: [] },
        { id: goalId, title: 'B', actions: [] },
      ],
    });
    expect(dup.json().errors[0]).toMatchObject({ field: 'goals.1.id', code: 'duplicate_id' });
    const bad = await cw.request('PUT', `/api/cases/${caseId}/service-plan`, {
      goals: [{ title: '', actions: [{ title: 'Y', status: 'maybe', dueOn: '31-12-2026' }] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['goals.0.actions.0.dueOn', 'goals.0.actions.0.status', 'goals.0.title']);
    expect((await cw.get(`/api/cases/${caseId}/service-plan`)).json()).toEqual(before);
    const police = await h().login('legal.ntt');
    expect((await police.request('PUT', `/api/cases/${caseId}/service-plan`, { goals: [] })).statusCode).toBe(404);
  });
});
