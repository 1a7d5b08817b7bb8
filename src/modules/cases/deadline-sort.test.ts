import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';

const DAY = 86_400_000;

interface Item {
  id: string;
  leadAgencyId: string;
  nextDeadline: { requestId: string; dueAt: string } | null;
}

/** Every page of the deadline sort, following the cursor (fails on a page that repeats a case). */
async function allPages(c: Client, limit: number, filter = ''): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const res = await c.get(`/api/cases?sort=deadline&limit=${limit}${filter}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Item[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('the pages never ended');
}

/** Deadline order: cases with a deadline soonest first (ties by id), then the rest newest first. */
function expectDeadlineOrder(items: Item[]) {
  const firstWithout = items.findIndex((i) => i.nextDeadline === null);
  const withDue = firstWithout === -1 ? items : items.slice(0, firstWithout);
  const without = firstWithout === -1 ? [] : items.slice(firstWithout);
  expect(without.every((i) => i.nextDeadline === null)).toBe(true);
  for (let k = 1; k < withDue.length; k++) {
    const [a, b] = [withDue[k - 1]!, withDue[k]!];
    const inOrder =
      a.nextDeadline!.dueAt < b.nextDeadline!.dueAt || (a.nextDeadline!.dueAt === b.nextDeadline!.dueAt && a.id < b.id);
    expect(inOrder, `${a.nextDeadline!.dueAt} ${a.id} before ${b.nextDeadline!.dueAt} ${b.id}`).toBe(true);
  }
  for (let k = 1; k < without.length; k++) expect(without[k - 1]!.id > without[k]!.id).toBe(true);
}

describeEachDatabase('the case list sorted by next statutory deadline', (h) => {
  it('orders by the open statutory request due soonest, pages by cursor without repeats or gaps, within scope', async () => {
    const cw = await h().login('caseworker.ntt');
    const shelter = (await cw.get('/api/agencies?q=Rumah%20Aman%20Kupang')).json().items[0].id as string;
    const newCase = async (name: string) => {
      const res = await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 1996, regionCode: '53.71' },
        identity: { fullName: name },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const apply = async (caseId: string, daysAgo: number, type = 'social_rehabilitation') => {
      const res = await cw.post(`/api/cases/${caseId}/services`, {
        type,
        applicant: 'victim',
        appliedAt: new Date(h().clock.now().getTime() - daysAgo * DAY).toISOString(),
        providerAgencyId: shelter,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; dueAt: string | null };
    };
    // Due in 5, 3 (and 6), 1 and 1 day(s): applied 2, 4, 6 and 6 days ago (Art. 52(1), 53: 7 days).
    const [a, b, c, d, e, none] = [
      await newCase('Urutan Satu'),
      await newCase('Urutan Dua'),
      await newCase('Urutan Tiga'),
      await newCase('Urutan Empat'),
      await newCase('Urutan Lima'),
      await newCase('Urutan Enam'),
    ];
    await apply(a!, 2);
    await apply(b!, 1);
    const bSoonest = await apply(b!, 4, 'health_rehabilitation');
    const cSoonest = await apply(c!, 6);
    await apply(d!, 6);
    // Not statutory: no deadline of its own, so the case sorts with those without one.
    const counselling = await apply(e!, 3, 'legal_aid');
    expect(counselling.dueAt).toBeNull();

    const full = await allPages(cw, 200);
    expectDeadlineOrder(full);
    const ids = full.map((i) => i.id);
    const mine = ids.filter((id) => [a, b, c, d, e, none].includes(id));
    // c and d are due at the same time, so their ids decide; then b (its sooner request), then a.
    expect(mine.slice(0, 4)).toEqual([...[c!, d!].sort(), b!, a!]);
    expect(full.find((i) => i.id === b)!.nextDeadline!.requestId).toBe(bSoonest.id);
    expect(full.find((i) => i.id === c)!.nextDeadline!.requestId).toBe(cSoonest.id);
    // Without a deadline, newest first: none was taken in after e.
    expect(mine.slice(4)).toEqual([none!, e!]);

    // Every page size gives the same list: no case twice, none left out, across the two parts.
    for (const limit of [1, 2, 3, 5]) expect((await allPages(cw, limit)).map((i) => i.id)).toEqual(ids);

    // Delivering c's request moves it among the cases without a deadline; cancelling b's sooner one makes b
    // due at its other request's time.
    expect((await cw.patch(`/api/services/${cSoonest.id}`, { status: 'accepted' })).statusCode).toBe(200);
    expect((await cw.patch(`/api/services/${cSoonest.id}`, { status: 'delivered' })).statusCode).toBe(200);
    const cancelled = await cw.patch(`/api/services/${bSoonest.id}`, { status: 'cancelled', reason: 'Sudah dibantu' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const after = await allPages(cw, 2);
    expectDeadlineOrder(after);
    const mineAfter = after.map((i) => i.id).filter((id) => [a, b, c, d, e, none].includes(id));
    // d (1 day), a (5 days), b (6 days: its other request); then without one, newest first: none, e, c.
    expect(mineAfter).toEqual([d!, a!, b!, none!, e!, c!]);
    expect(after.find((i) => i.id === c)!.nextDeadline).toBeNull();

    // Filters still apply: only the late ones (none is late yet), only open cases.
    expect(await allPages(cw, 2, '&late=true')).toEqual([]);
    expect((await allPages(cw, 3, '&open=true')).map((i) => i.id)).toEqual(after.map((i) => i.id));

    // Scope: the supervisor sees the agency's cases (these among them) in the same order; the police
    // liaison of another agency sees none of them.
    const supervisor = await h().login('supervisor.ntt');
    const agencyList = await allPages(supervisor, 4);
    expectDeadlineOrder(agencyList);
    const leadAgency = after[0]!.leadAgencyId;
    expect(agencyList.every((i) => i.leadAgencyId === leadAgency)).toBe(true);
    expect(agencyList.map((i) => i.id).filter((id) => mineAfter.includes(id))).toEqual(mineAfter);
    const police = await h().login('legal.ntt');
    const theirs = await allPages(police, 3);
    expectDeadlineOrder(theirs);
    expect(theirs.filter((i) => [a, b, c, d, e, none].includes(i.id))).toEqual([]);
  });

  it('refuses a cursor of another sort, naming the field', async () => {
    const cw = await h().login('caseworker.ntt');
    const newest = (await cw.get('/api/cases?limit=1')).json();
    expect(newest.nextCursor).toBeTruthy();
    const res = await cw.get(`/api/cases?sort=deadline&limit=1&cursor=${newest.nextCursor}`);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('query.cursor');
    expect((await cw.get('/api/cases?sort=soonest')).statusCode).toBe(400);
  });
});
