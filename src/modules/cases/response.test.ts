import { expect, it } from 'vitest';
import { type Client, describeEachDatabase, type Harness } from '../../../test/support/harness.js';
import { checkOverdueResponses } from './index.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

interface Task {
  id: string;
  kind: string;
  dueAt: string | null;
  status: string;
  overdue: boolean;
}

async function newCase(h: Harness, riskLevel?: 'low' | 'medium' | 'high') {
  const cw = await h.login('caseworker.ntt');
  const res = await cw.post('/api/cases', {
    referralSource: 'hotline',
    person: { sex: 'Feminine', birthYear: 1995, regionCode: '53.71' },
    identity: { fullName: 'Response Target Person' },
    ...(riskLevel ? { riskLevel } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { cw, kase: res.json() as { id: string; intakeAt: string; caseNumber: string } };
}
const responseTask = async (c: Client, caseId: string) =>
  ((await c.get(`/api/cases/${caseId}/tasks`)).json() as Task[]).find((t) => t.kind === 'risk_response');
const alertsFor = async (c: Client, caseId: string) =>
  (
    (await c.get(`/api/alerts?limit=200&entityId=${caseId}`)).json().items as {
      kind: string;
      entityId: string;
      resolvedAt: string;
    }[]
  ).filter((a) => a.kind === 'risk_response_overdue' && a.entityId === caseId);

describeEachDatabase('response targets by risk level (service charter: high now, medium 6 h, outreach 12 h)', (h) => {
  it.each([
    ['high', 0],
    ['medium', 6 * HOUR],
    ['low', 12 * HOUR],
  ] as const)('a %s-risk case gets a response task due at intake + its target', async (level, target) => {
    const { cw, kase } = await newCase(h(), level);
    const task = await responseTask(cw, kase.id);
    expect(task).toMatchObject({ status: 'open' });
    expect(Date.parse(task!.dueAt!) - Date.parse(kase.intakeAt)).toBe(target);
  });

  it('a case without a risk level has no response task until one is set; raising it brings the due time forward', async () => {
    let { cw, kase } = await newCase(h());
    expect(await responseTask(cw, kase.id)).toBeUndefined();
    const low = await cw.patch(`/api/cases/${kase.id}`, { riskLevel: 'low' });
    expect(low.statusCode, low.body).toBe(200);
    const first = await responseTask(cw, kase.id);
    expect(Date.parse(first!.dueAt!) - h().clock.now().getTime()).toBeGreaterThan(11 * HOUR);
    h().clock.advance(HOUR);
    cw = await h().login('caseworker.ntt');
    expect((await cw.patch(`/api/cases/${kase.id}`, { riskLevel: 'medium' })).statusCode).toBe(200);
    const raised = await responseTask(cw, kase.id);
    expect(raised!.id).toBe(first!.id);
    expect(Date.parse(raised!.dueAt!) - h().clock.now().getTime()).toBeLessThanOrEqual(6 * HOUR);
    // Lowering it again does not give more time.
    expect((await cw.patch(`/api/cases/${kase.id}`, { riskLevel: 'low' })).statusCode).toBe(200);
    expect((await responseTask(cw, kase.id))!.dueAt).toBe(raised!.dueAt);
  });

  it('is not overdue a minute before its target; a minute after, the team and supervisors are alerted once', async () => {
    const { kase } = await newCase(h(), 'medium');
    const due = Date.parse(kase.intakeAt) + 6 * HOUR;
    h().clock.advance(due - MINUTE - h().clock.now().getTime());
    // Other tests' cases share the database: the job's counts are not this case's, its alerts are.
    await checkOverdueResponses(h().operator());
    let cw = await h().login('caseworker.ntt');
    expect(await responseTask(cw, kase.id)).toMatchObject({ overdue: false });
    expect(await alertsFor(cw, kase.id)).toHaveLength(0);
    h().clock.advance(2 * MINUTE);
    expect(await checkOverdueResponses(h().operator())).toBeGreaterThanOrEqual(1);
    expect(await checkOverdueResponses(h().operator())).toBe(0);
    cw = await h().login('caseworker.ntt');
    expect(await responseTask(cw, kase.id)).toMatchObject({ overdue: true });
    expect(await alertsFor(cw, kase.id)).toHaveLength(1);
    const supervisor = await h().login('supervisor.ntt');
    expect(await alertsFor(supervisor, kase.id)).toHaveLength(1);
    // Another agency's supervisor is not told.
    const other = await h().provision('supervisor.jabar.response', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
    expect(await alertsFor(other, kase.id)).toHaveLength(0);
    // Responding answers the alert.
    const task = await responseTask(cw, kase.id);
    expect((await cw.post(`/api/cases/${kase.id}/tasks/${task!.id}/complete`)).statusCode).toBe(200);
    expect((await alertsFor(cw, kase.id))[0]!.resolvedAt).not.toBeNull();
  });

  it('a response given in time raises nothing', async () => {
    const { cw, kase } = await newCase(h(), 'high');
    const task = await responseTask(cw, kase.id);
    expect((await cw.post(`/api/cases/${kase.id}/tasks/${task!.id}/complete`)).statusCode).toBe(200);
    h().clock.advance(13 * HOUR);
    await checkOverdueResponses(h().operator());
    const c = await h().login('caseworker.ntt');
    expect(await alertsFor(c, kase.id)).toHaveLength(0);
    // A response already given is not asked again when the level changes.
    expect((await c.patch(`/api/cases/${kase.id}`, { riskLevel: 'medium' })).statusCode).toBe(200);
    const tasks = ((await c.get(`/api/cases/${kase.id}/tasks`)).json() as Task[]).filter(
      (t) => t.kind === 'risk_response',
    );
    expect(tasks.map((t) => t.status)).toEqual(['done']);
  });
});
