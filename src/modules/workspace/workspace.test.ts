import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { seedDemo } from '../../cli/demo-seed.js';
import { checkOverdueServiceRequests } from '../services/index.js';

const intake = {
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 1995, regionCode: '53.71', citizenship: 'ID' },
  identity: { fullName: 'Workspace Person' },
  profile: { exploitationTypes: ['ForcedLabour'], ageWhenTrafficked: 25 },
};

interface Section {
  key: string;
  group: string;
  count: number;
  items: {
    id: string;
    caseId: string | null;
    caseNumber: string | null;
    daysLate: number | null;
    href: string | null;
  }[];
  href: string;
}

describeEachDatabase(
  'workspace: today by role, approvals queue, team view, bulk reassignment',
  (h) => {
    const db = () => h().services.database.db;
    const today = async (c: Client) => {
      const res = await c.get('/api/workspace/today');
      expect(res.statusCode, res.body).toBe(200);
      return new Map((res.json().sections as Section[]).map((s) => [s.key, s]));
    };
    const userId = async (username: string) =>
      (await sql<{ id: string }>`select id from users where username = ${username}`.execute(db())).rows[0]!.id;
    const now = () => h().clock.now().toISOString();

    it('seeds the demo with cases played through the services (late services, approvals, referrals)', async () => {
      await seedDemo(h().operator(), { cases: 20 });
      // Arranged on top: two cases of the case worker with a statutory service each, one screening decided.
      const cw = await h().login('caseworker.ntt');
      const shelter = (await cw.get(`/api/agencies?q=${encodeURIComponent('Rumah Aman')}`)).json().items[0].id;
      for (let i = 0; i < 2; i++) {
        const created = await cw.post('/api/cases', intake);
        expect(created.statusCode, created.body).toBe(201);
        const id = created.json().id;
        const service = await cw.post(`/api/cases/${id}/services`, {
          type: 'health_rehabilitation',
          applicant: 'victim',
          // Applied for eight days ago: the 7-day rule (Art. 52(1)) has made it late.
          appliedAt: new Date(h().clock.now().getTime() - 8 * 86_400_000).toISOString(),
          providerAgencyId: shelter,
        });
        expect(service.statusCode, service.body).toBe(201);
        if (i === 0) {
          const screening = await cw.post(`/api/cases/${id}/screenings`, {
            toolVersion: 1,
            answers: { 'd4.excessive_working_hours': true },
            acts: ['recruitment'],
          });
          expect(screening.statusCode, screening.body).toBe(201);
          const decided = await cw.post(`/api/screenings/${screening.json().id}/decide`, {
            status: screening.json().recommendation,
            decidedByOrg: 'NonPoliceGovernmentalOrganization',
          });
          expect(decided.statusCode, decided.body).toBe(200);
        }
      }
      expect(await checkOverdueServiceRequests(h().operator())).toBeGreaterThanOrEqual(2);
    }, 300_000);

    it("a case worker's today: late services across their cases (counted from the requests themselves), tasks, referrals", async () => {
      const cw = await h().login('caseworker.ntt');
      const s = await today(cw);
      expect([...s.values()].every((x) => x.group === 'caseWork')).toBe(true);
      expect([...s.keys()]).toEqual(['lateServices', 'servicesDueSoon', 'tasksDue', 'referralsWaiting']);
      const cwId = await userId('caseworker.ntt');
      const late = await sql<{ n: number }>`
      select count(*) as n from service_requests r
      join cases c on c.id = r.case_id
      where c.stage <> 'closed' and r.status in ('requested', 'accepted', 'in_progress') and r.due_at < ${now()}
        and exists (select 1 from case_members m where m.case_id = c.id and m.user_id = ${cwId})`.execute(db());
      const expected = Number(late.rows[0]!.n);
      expect(expected).toBeGreaterThan(0); // the demo data has late services on her cases
      const section = s.get('lateServices')!;
      expect(section.count).toBe(expected);
      expect(section.href).toBe('/cases?late=true');
      expect(section.items.length).toBe(Math.min(5, expected));
      for (const i of section.items) {
        expect(i.caseNumber).toMatch(/^[A-Z]/);
        expect(i.daysLate).toBeGreaterThanOrEqual(0);
        expect(i.href).toBe(`/cases/${i.caseId}?tab=services`);
      }
      // Most overdue first.
      const days = section.items.map((i) => i.daysLate!);
      expect([...days].sort((a, b) => b - a)).toEqual(days);
      // The count agrees with the case list behind the link: the same cases are flagged late there.
      const listed = (await cw.get('/api/cases?late=true&limit=200')).json().items as {
        id: string;
        lateServices: number;
      }[];
      expect(listed.reduce((n, c) => n + c.lateServices, 0)).toBe(expected);
      // Not a supervisor: no approvals queue, no team.
      expect((await cw.get('/api/approvals')).statusCode).toBe(403);
      expect((await cw.get('/api/team')).statusCode).toBe(403);
    });

    it('the case list: the lead worker and next deadline per row, and a total that agrees with the database', async () => {
      const cw = await h().login('caseworker.ntt');
      const cwId = await userId('caseworker.ntt');
      const res = await cw.get('/api/cases?open=true&limit=200');
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as {
        id: string;
        assignedWorker: { userId: string; displayName: string } | null;
        nextDeadline: { requestId: string; type: string; dueAt: string; late: boolean } | null;
      }[];
      expect(items.length).toBeGreaterThan(0);
      for (const c of items) {
        const lead = await sql<{ user_id: string }>`
          select user_id from case_members where case_id = ${c.id} and role = 'lead' order by added_at`.execute(db());
        expect(c.assignedWorker?.userId ?? null).toBe(lead.rows[0]?.user_id ?? null);
        expect(c.assignedWorker === null || c.assignedWorker.displayName.length > 0, c.id).toBe(true);
        const next = await sql<{ id: string; due_at: string }>`
          select id, due_at from service_requests
          where case_id = ${c.id} and status in ('requested', 'accepted', 'in_progress') and due_at is not null
          order by due_at limit 1`.execute(db());
        expect(c.nextDeadline?.requestId ?? null).toBe(next.rows[0]?.id ?? null);
        expect(c.nextDeadline?.late ?? null).toBe(
          c.nextDeadline ? Date.parse(c.nextDeadline.dueAt) < h().clock.now().getTime() : null,
        );
      }
      // A case flagged late has a next deadline that has passed.
      const late = (await cw.get('/api/cases?late=true&limit=50')).json().items as typeof items;
      expect(late.length).toBeGreaterThan(0);
      for (const c of late) expect(c.nextDeadline?.late).toBe(true);
      const count = await cw.get('/api/cases/count?open=true');
      expect(count.statusCode, count.body).toBe(200);
      const expected = await sql<{ n: number }>`
        select count(*) as n from cases c where c.stage <> 'closed'
          and exists (select 1 from case_members m where m.case_id = c.id and m.user_id = ${cwId})`.execute(db());
      expect(count.json()).toEqual({ count: Number(expected.rows[0]!.n), capped: false });
      // The same filters as the list, checked the same way (a bad value names the field).
      const bad = await cw.get('/api/cases/count?stage=nope');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('stage');
    });

    it("a shelter's today: referrals to answer (as in its inbox), services to record, stays ending — no case work", async () => {
      const shelter = await h().login('provider.shelter');
      const s = await today(shelter);
      expect([...s.keys()]).toEqual(['referralsToAnswer', 'servicesToRecord', 'shelterStaysEnding']);
      const inbox = (await shelter.get('/api/referrals/inbox?status=sent&limit=200')).json().items as { id: string }[];
      const answer = s.get('referralsToAnswer')!;
      expect(answer.count).toBe(inbox.length);
      expect(answer.items.every((i) => i.caseId === null && i.caseNumber === null)).toBe(true);
      expect(answer.items.map((i) => i.href)).toEqual(answer.items.map((i) => `/referrals/${i.id}`));
    });

    it("a supervisor's today and queue: approvals with age; an approval leaves the queue for every supervisor", async () => {
      const sup = await h().login('supervisor.ntt');
      const s = await today(sup);
      for (const k of ['screeningApprovals', 'closureApprovals', 'leadTransfers', 'teamLateServices'])
        expect(s.has(k)).toBe(true);
      const queue = (await sup.get('/api/approvals')).json();
      expect(queue.counts.screening).toBe(s.get('screeningApprovals')!.count);
      const pending = await sql<{ n: number }>`
      select count(*) as n from screenings sc join cases c on c.id = sc.case_id
      where sc.approval_status = 'pending' and sc.decided_at is not null and c.stage <> 'closed'
        and c.lead_agency_id = (select agency_id from users where username = 'supervisor.ntt')`.execute(db());
      expect(queue.counts.screening).toBe(Number(pending.rows[0]!.n));
      const screenings = queue.items.filter((a: { kind: string }) => a.kind === 'screening');
      expect(screenings.length).toBeGreaterThan(0);
      // Oldest first, each with its age in days.
      const at = queue.items.map((a: { requestedAt: string }) => a.requestedAt);
      expect([...at].sort()).toEqual(at);
      expect(screenings[0].ageDays).toBeGreaterThanOrEqual(0);
      const filtered = (await sup.get('/api/approvals?kind=closure')).json();
      expect(filtered.items.every((a: { kind: string }) => a.kind === 'closure')).toBe(true);
      expect(filtered.counts.screening).toBe(queue.counts.screening);
      expect((await sup.get('/api/approvals?kind=everything')).statusCode).toBe(400);
      const target = screenings.find((a: { mine: boolean }) => !a.mine);
      const approve = await sup.post(`/api/screenings/${target.id}/approve`, { approve: true });
      expect(approve.statusCode, approve.body).toBe(200);
      const sup2 = await h().provision('supervisor3.ntt', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['supervisor']);
      const after = (await sup2.get('/api/approvals')).json();
      expect(after.counts.screening).toBe(queue.counts.screening - 1);
      expect(after.items.some((a: { id: string }) => a.id === target.id)).toBe(false);
    });

    it("following a supervisor's approvals count lands on the case list filtered to them (awaitingApproval)", async () => {
      const cw = await h().login('caseworker.ntt');
      const sup = await h().login('supervisor.ntt');
      // One of each waiting on top of the demo's: a screening decided, a closure requested.
      const [screened, closing] = [await cw.post('/api/cases', intake), await cw.post('/api/cases', intake)];
      const screening = await cw.post(`/api/cases/${screened.json().id}/screenings`, {
        toolVersion: 1,
        answers: { 'd4.excessive_working_hours': true },
        acts: ['recruitment'],
      });
      expect(screening.statusCode, screening.body).toBe(201);
      const decided = await cw.post(`/api/screenings/${screening.json().id}/decide`, {
        status: screening.json().recommendation,
        decidedByOrg: 'NonPoliceGovernmentalOrganization',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const close = await cw.post(`/api/cases/${closing.json().id}/close`, { reason: 'moved_away' });
      expect(close.statusCode, close.body).toBe(200);

      const s = await today(sup);
      const queue = (await sup.get('/api/approvals?limit=100')).json() as {
        items: { kind: string; caseId: string }[];
      };
      const listed = async (query: string) => {
        // Open cases, as the web's list asks by default (the queue holds only open cases).
        const res = await sup.get(`/api/cases?${query}&open=true&limit=200`);
        expect(res.statusCode, res.body).toBe(200);
        return (res.json().items as { id: string }[]).map((c) => c.id).sort();
      };
      const waiting = (kind: string) => [...new Set(queue.items.filter((a) => a.kind === kind).map((a) => a.caseId))];
      for (const [key, kind, created] of [
        ['screeningApprovals', 'screening', screened.json().id],
        ['closureApprovals', 'closure', closing.json().id],
      ] as const) {
        const section = s.get(key)!;
        expect(section.href).toBe(`/cases?awaitingApproval=${kind}`);
        // The list behind the link holds exactly the cases of the queue, and its total is the home page's count.
        const ids = await listed(section.href.split('?')[1]!);
        expect(ids).toContain(created);
        expect(ids).toEqual(waiting(kind).sort());
        const count = (await sup.get(`/api/cases/count?awaitingApproval=${kind}&open=true`)).json();
        expect(count.count).toBe(section.count);
      }
      // "Any approval": both kinds; other filters still apply; a case worker sees only her own.
      expect(await listed('awaitingApproval=any')).toEqual(
        [...new Set([...waiting('screening'), ...waiting('closure')])].sort(),
      );
      expect((await sup.get('/api/cases?awaitingApproval=closure&open=false')).json().items).toEqual([]);
      const hers = await listed('awaitingApproval=closure');
      const cwId = await userId('caseworker.ntt');
      const cwOwn = (await cw.get('/api/cases?awaitingApproval=closure&limit=200')).json().items as { id: string }[];
      for (const c of cwOwn) {
        expect(hers).toContain(c.id);
        const member = await sql<{ n: number }>`
          select count(*) as n from case_members where case_id = ${c.id} and user_id = ${cwId}`.execute(db());
        expect(Number(member.rows[0]!.n)).toBe(1);
      }
      expect(cwOwn.map((c) => c.id)).toContain(closing.json().id);
      const bad = await sup.get('/api/cases?awaitingApproval=soon');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('query.awaitingApproval');
    });

    it('the team view: open cases, late services and tasks per member, from the agency only', async () => {
      const sup = await h().login('supervisor.ntt');
      const res = await sup.get('/api/team');
      expect(res.statusCode, res.body).toBe(200);
      const team = res.json();
      const cwId = await userId('caseworker.ntt');
      const me = team.members.find((m: { userId: string }) => m.userId === cwId);
      const open = await sql<{ n: number; late: number }>`
      select count(*) as n, sum(c.late_services) as late from cases c join case_members m on m.case_id = c.id
      where m.user_id = ${cwId} and c.stage <> 'closed'`.execute(db());
      expect(me).toMatchObject({ username: 'caseworker.ntt', openCases: Number(open.rows[0]!.n) });
      expect(me.lateServices).toBe(Number(open.rows[0]!.late ?? 0));
      expect(me.roles).toEqual(['case_worker']);
      // Nobody from another agency, nobody who cannot work cases (the shelter, the intake officer).
      const names = team.members.map((m: { username: string }) => m.username);
      expect(names).not.toContain('provider.shelter');
      expect(names).not.toContain('intake.ntt');
      expect(names).not.toContain('programme.jabar');
    });

    it("bulk reassignment: audited per case, conditional (a replay moves nothing), the new worker's scope follows", async () => {
      const sup = await h().login('supervisor.ntt');
      const cw = await h().login('caseworker.ntt');
      const cw2 = await h().provision('caseworker3.ntt', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['case_worker']);
      const [fromUserId, toUserId] = [await userId('caseworker.ntt'), await userId('caseworker3.ntt')];
      const mine = (await cw.get('/api/cases?open=true&limit=3')).json().items.map((c: { id: string }) => c.id);
      expect(mine).toHaveLength(3);
      const [a, b] = mine;
      // A case of another agency is "not found", exactly like a missing one.
      const other = await sql<{ id: string }>`
      select id from cases where lead_agency_id <> (select agency_id from users where username = 'supervisor.ntt')
      limit 1`.execute(db());
      const missing = '0190c0de-0000-7000-8000-00000000dead';
      const body = { caseIds: [a, b, other.rows[0]!.id, missing], fromUserId, toUserId };
      expect((await cw.post('/api/cases/bulk-reassign', body)).statusCode).toBe(403);
      const shelterId = await userId('provider.shelter');
      const bad = await sup.post('/api/cases/bulk-reassign', { ...body, toUserId: shelterId });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['toUserId']);
      const same = await sup.post('/api/cases/bulk-reassign', { ...body, toUserId: fromUserId });
      expect(same.json().errors.map((e: { field: string }) => e.field)).toEqual(['toUserId']);
      const auditBefore = await sql<{ n: number }>`
      select count(*) as n from audit_events where action = 'cases.reassign'`.execute(db());
      const res = await sup.post('/api/cases/bulk-reassign', body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().reassigned).toEqual([a, b]);
      expect(res.json().skipped).toEqual([
        { caseId: other.rows[0]!.id, reason: 'not_found' },
        { caseId: missing, reason: 'not_found' },
      ]);
      const audit = await sql<{ n: number }>`
      select count(*) as n from audit_events where action = 'cases.reassign'`.execute(db());
      expect(Number(audit.rows[0]!.n) - Number(auditBefore.rows[0]!.n)).toBe(2);
      expect((await cw2.get(`/api/cases/${a}`)).statusCode).toBe(200);
      expect((await cw.get(`/api/cases/${a}`)).statusCode).toBe(404);
      // The replay finds the memberships gone: nothing moves, nothing is audited.
      const replay = await sup.post('/api/cases/bulk-reassign', { ...body, caseIds: [a, b] });
      expect(replay.json()).toEqual({
        reassigned: [],
        skipped: [
          { caseId: a, reason: 'not_member' },
          { caseId: b, reason: 'not_member' },
        ],
      });
      const audit2 = await sql<{ n: number }>`
      select count(*) as n from audit_events where action = 'cases.reassign'`.execute(db());
      expect(Number(audit2.rows[0]!.n)).toBe(Number(audit.rows[0]!.n));
      // The new worker is told.
      const alerts = (await cw2.get('/api/alerts?kind=case_assigned'))
        .json()
        .items.map((x: { entityId: string }) => x.entityId);
      expect(alerts.sort()).toEqual([a, b].sort());
    });

    it("the case list finds a case by its sequence number alone and lists a member's caseload (assignedTo)", async () => {
      const sup = await h().login('supervisor.ntt');
      const [first] = (await sup.get('/api/cases?limit=1')).json().items as { id: string; caseNumber: string }[];
      const seq = first!.caseNumber.split('/').at(-1)!;
      const short = String(Number(seq));
      for (const q of [seq, short.length >= 2 ? short : seq, first!.caseNumber.split('/').slice(1).join('/')]) {
        const found = (await sup.get(`/api/cases?caseNumber=${encodeURIComponent(q)}&limit=200`)).json().items;
        expect(
          found.map((c: { id: string }) => c.id),
          q,
        ).toContain(first!.id);
        for (const c of found) expect(c.caseNumber.endsWith(seq) || c.caseNumber.includes(q), q).toBe(true);
      }
      const cwId = await userId('caseworker.ntt');
      const theirs = (await sup.get(`/api/cases?assignedTo=${cwId}&open=true&limit=200`)).json().items;
      const direct = await sql<{ n: number }>`
        select count(*) as n from cases c join case_members m on m.case_id = c.id
        where m.user_id = ${cwId} and c.stage <> 'closed'`.execute(db());
      expect(theirs.length).toBe(Number(direct.rows[0]!.n));
      expect((await sup.get('/api/cases?assignedTo=someone')).json().errors[0].field).toBe('query.assignedTo');
    });

    it('a count stops at its cap (100, shown as "100+") and agrees with the database below it', async () => {
      const cw = await h().login('caseworker.ntt');
      const cwId = await userId('caseworker.ntt');
      const openTasksDue = async () =>
        Number(
          (
            await sql<{ n: number }>`
            select count(*) as n from case_tasks k join cases c on c.id = k.case_id
            where k.status = 'open' and k.due_at <= ${new Date(h().clock.now().getTime() + 86_400_000).toISOString()}
              and c.stage <> 'closed'
              and exists (select 1 from case_members m where m.case_id = c.id and m.user_id = ${cwId})`.execute(db())
          ).rows[0]!.n,
        );
      const before = await openTasksDue();
      const section = (await today(cw)).get('tasksDue')! as Section & { countCapped: boolean };
      expect(section.count).toBe(Math.min(before, 100));
      expect(section.countCapped).toBe(before > 100);
      // Enough due tasks on one of her open cases to pass the cap (through the API, as a worker adds them).
      const caseId = (await cw.get('/api/cases?assignedToMe=true&open=true&limit=1')).json().items[0].id;
      for (let i = before; i <= 100; i++) {
        const r = await cw.post(`/api/cases/${caseId}/tasks`, { title: `Call back ${i}`, dueAt: now() });
        expect(r.statusCode, r.body).toBe(201);
      }
      expect(await openTasksDue()).toBeGreaterThan(100);
      const capped = (await today(cw)).get('tasksDue')! as Section & { countCapped: boolean };
      expect(capped.count).toBe(100);
      expect(capped.countCapped).toBe(true);
      expect(capped.items.length).toBe(5);
    });

    it("the DPO's today: break-the-glass grants to review; other roles never see it", async () => {
      const dpo = await h().login('dpo');
      const s = await today(dpo);
      expect([...s.keys()]).toEqual(['breakGlassToReview']);
      const grants = await sql<{ n: number }>`
      select count(*) as n from access_grants where granted_at >= ${new Date(h().clock.now().getTime() - 7 * 86_400_000).toISOString()}`.execute(
        db(),
      );
      expect(s.get('breakGlassToReview')!.count).toBe(Number(grants.rows[0]!.n));
    });
  },
  { seed: false },
);
