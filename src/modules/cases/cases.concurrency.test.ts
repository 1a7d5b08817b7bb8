import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { fixture } from '../../../test/support/fixture.js';
import { describeEachDatabase, type Harness } from '../../../test/support/harness.js';
import { translate } from '../../platform/i18n/index.js';

/*
 * Two conflicting requests about one case, fired at the same moment (Promise.all over HTTP): exactly one
 * wins, the other gets 409 with a clear localised message, and only the winner leaves an audit event.
 * On PostgreSQL both requests really run at once on two connections; before each change checked its
 * precondition inside its transaction, both succeeded there.
 */

const intake = (n: number) => ({
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 1998, regionCode: '53.71', citizenship: 'ID', languages: ['id'] },
  identity: { fullName: `Korban Uji Serentak ${n}` },
});

async function auditCount(h: Harness, caseOrTransferId: string, action: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from audit_events
    where entity_id = ${caseOrTransferId} and action = ${action}`.execute(h.services.database.db);
  return Number(r.rows[0]!.n);
}

const sentIn = new WeakMap<LightMyRequestResponse, 'id' | 'en'>();
/** The expected text in the language the request asked for. */
const languageOf = (res: LightMyRequestResponse, id: string, en: string) => (sentIn.get(res) === 'en' ? en : id);
/** The title the loser must carry for whichever code it got, in its own language (no branch left unchecked). */
const titleFor = (res: LightMyRequestResponse, code: string) =>
  translate(sentIn.get(res) === 'en' ? 'en' : 'id', `error.${code}.title`);

/** Fires both at once; returns [winner, loser] and checks there is exactly one of each (the loser a 409). */
async function race(
  a: () => Promise<LightMyRequestResponse>,
  b: () => Promise<LightMyRequestResponse>,
): Promise<[LightMyRequestResponse, LightMyRequestResponse]> {
  const results = await Promise.all([a(), b()]);
  // By convention the first request comes from the supervisor working in Indonesian, the second in English.
  sentIn.set(results[0], 'id');
  sentIn.set(results[1], 'en');
  const won = results.filter((r) => r.statusCode === 200 || r.statusCode === 201);
  const lost = results.filter((r) => r.statusCode === 409);
  expect(
    results.map((r) => r.statusCode),
    results.map((r) => r.body.slice(0, 200)).join('\n'),
  ).toHaveLength(2);
  expect(won, `winners: ${results.map((r) => `${r.statusCode} ${r.body.slice(0, 120)}`).join(' | ')}`).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(lost[0]!.headers['content-type']).toMatch(/application\/problem\+json/);
  return [won[0]!, lost[0]!];
}

describeEachDatabase('case changes under concurrency: one winner, a 409 for the loser, one audit event', (h) => {
  let n = 0;
  const newCase = async () => {
    const { cw } = await team();
    const res = await cw.post('/api/cases', intake(++n));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; leadAgencyId: string };
  };
  /*
   * The loser's code: on PostgreSQL both requests read the case before either writes, so the loser is
   * stopped by the conditional update inside its transaction (the first code); SQLite runs one request of
   * this process after the other, so there the loser usually sees the winner's change already when it
   * reads (the second code). Either way: one winner and a 409.
   */
  const raceCodes = (inTransaction: string, afterCommit: string) => [inTransaction, afterCommit];

  // The case worker and two supervisors of the lead agency, made on first use and only read by the tests.
  const team = fixture(async () => {
    const cw = await h().login('caseworker.ntt');
    // Two supervisors of the lead agency: one works in Indonesian, the other chose English.
    const supA = await h().login('supervisor.ntt');
    const supB = await h().provision('sup2.ntt', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['supervisor']);
    expect((await supB.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    const users = (await supA.get('/api/users?limit=100')).json().items as { id: string; username: string }[];
    const intakeOfficerId = users.find((u) => u.username === 'intake.ntt')!.id;
    return { cw, supA, supB, intakeOfficerId };
  });

  it('the same transition twice at once: one moves the case, the other is told in its own language', async () => {
    const { supA, supB } = await team();
    const c = await newCase();
    const [won, lost] = await race(
      () => supA.post(`/api/cases/${c.id}/transition`, { to: 'screening' }),
      () => supB.post(`/api/cases/${c.id}/transition`, { to: 'screening' }),
    );
    expect(won.json().stage).toBe('screening');
    const problem = lost.json();
    expect(raceCodes('case_changed', 'transition_not_allowed')).toContain(problem.code);
    expect(problem.title).toBe(titleFor(lost, problem.code));
    expect(titleFor(lost, 'case_changed')).toBe(
      languageOf(lost, 'Kasus baru saja diubah oleh pengguna lain', 'Someone else has just changed this case'),
    );
    expect(problem.title).not.toMatch(/^error\./);
    expect(await auditCount(h(), c.id, 'cases.transition')).toBe(1);
  });

  it('two closure requests at once: one is pending, the other hears a closure is already requested', async () => {
    const { supA, supB } = await team();
    const c = await newCase();
    const [, lost] = await race(
      () => supA.post(`/api/cases/${c.id}/close`, { reason: 'moved_away' }),
      () => supB.post(`/api/cases/${c.id}/close`, { reason: 'lost_contact' }),
    );
    expect(lost.json()).toMatchObject({
      code: 'closure_pending',
      title: languageOf(lost, 'Penutupan sudah diajukan', 'Closure already requested'),
    });
    expect(await auditCount(h(), c.id, 'cases.close')).toBe(1);
  });

  it('two supervisors approve and reject the same closure at once: one decides', async () => {
    const { cw, supA, supB } = await team();
    const c = await newCase();
    expect((await cw.post(`/api/cases/${c.id}/close`, { reason: 'moved_away' })).statusCode).toBe(200);
    const [won, lost] = await race(
      () => supA.post(`/api/cases/${c.id}/approve-closure`, { approve: true }),
      () => supB.post(`/api/cases/${c.id}/approve-closure`, { approve: false, note: 'Not yet: services open' }),
    );
    const problem = lost.json();
    expect([...raceCodes('closure_already_decided', 'no_closure_requested'), 'case_closed']).toContain(problem.code);
    expect(problem.title).toBe(titleFor(lost, problem.code));
    expect(titleFor(lost, 'closure_already_decided')).toBe(
      languageOf(lost, 'Pengajuan penutupan sudah diputuskan', 'Closure request already decided'),
    );
    // The case is as the winner left it.
    const now = (await cw.get(`/api/cases/${c.id}`)).json();
    expect(now).toMatchObject(
      won.json().stage === 'closed'
        ? { stage: 'closed', closureRequested: true }
        : { stage: 'intake', closureRequested: false },
    );
    expect(await auditCount(h(), c.id, 'cases.approveClosure')).toBe(1);
    expect(await auditCount(h(), c.id, 'cases.close')).toBe(1);
  });

  it('two reopens of a closed case at once: reopened once', async () => {
    const { cw, supA, supB } = await team();
    const c = await newCase();
    await cw.post(`/api/cases/${c.id}/close`, { reason: 'moved_away' });
    expect((await supA.post(`/api/cases/${c.id}/approve-closure`, { approve: true })).json().stage).toBe('closed');
    const reason = 'She came back to the office and asked for help';
    const [won, lost] = await race(
      () => supA.post(`/api/cases/${c.id}/reopen`, { reason }),
      () => supB.post(`/api/cases/${c.id}/reopen`, { reason }),
    );
    expect(won.json()).toMatchObject({ stage: 'intake', reopenedCount: 1 });
    expect(raceCodes('case_already_reopened', 'case_not_closed')).toContain(lost.json().code);
    expect((await cw.get(`/api/cases/${c.id}`)).json().reopenedCount).toBe(1);
    expect(await auditCount(h(), c.id, 'cases.reopen')).toBe(1);
  });

  it('the same member added twice at once, then removed twice at once: one change each', async () => {
    const { supA, supB, intakeOfficerId } = await team();
    const c = await newCase();
    const [won, lost] = await race(
      () => supA.post(`/api/cases/${c.id}/members`, { userId: intakeOfficerId, role: 'member' }),
      () => supB.post(`/api/cases/${c.id}/members`, { userId: intakeOfficerId, role: 'member' }),
    );
    expect(raceCodes('team_changed', 'member_already_on_team')).toContain(lost.json().code);
    expect(lost.json().title).toBe(
      lost.json().code === 'team_changed'
        ? languageOf(lost, 'Tim kasus baru saja diubah', 'The case team has just changed')
        : languageOf(lost, 'Sudah menjadi anggota tim', 'Already on the team'),
    );
    expect(won.json().team.filter((m: { userId: string }) => m.userId === intakeOfficerId)).toEqual([
      expect.objectContaining({ role: 'member' }),
    ]);
    expect(await auditCount(h(), c.id, 'cases.members.add')).toBe(1);

    // Removal: one removes; the other finds the member gone — 409 if it raced, 404 if it read afterwards.
    const removals = await Promise.all([
      supA.request('DELETE', `/api/cases/${c.id}/members/${intakeOfficerId}`),
      supB.request('DELETE', `/api/cases/${c.id}/members/${intakeOfficerId}`),
    ]);
    expect(removals.map((r) => r.statusCode).sort()).toEqual([200, expect.any(Number)]);
    const loser = removals.find((r) => r.statusCode !== 200)!;
    expect([404, 409]).toContain(loser.statusCode);
    expect(loser.json().code).toBe(loser.statusCode === 409 ? 'team_changed' : 'not_found');
    expect(await auditCount(h(), c.id, 'cases.members.remove')).toBe(1);
  });

  it('lead transfer: two requests at once make one pending transfer; accept and decline at once answer it once', async () => {
    const { supA, supB } = await team();
    const c = await newCase();
    const jabar = await h().provision('sup.jabar', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
    const jabar2 = await h().provision('sup2.jabar', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
    const jabarId = (await jabar.get('/api/auth/me')).json().agency.id;
    const reason = 'Family moved to Bandung, services continue there';
    const [requested, lostRequest] = await race(
      () => supA.post(`/api/cases/${c.id}/transfer-lead`, { toAgencyId: jabarId, reason }),
      () => supB.post(`/api/cases/${c.id}/transfer-lead`, { toAgencyId: jabarId, reason }),
    );
    expect(lostRequest.json()).toMatchObject({
      code: 'transfer_pending',
      title: languageOf(lostRequest, 'Pengalihan sedang menunggu', 'A transfer is already pending'),
    });
    expect(await auditCount(h(), c.id, 'cases.transferLead')).toBe(1);
    const pending = await sql<{ n: number }>`select count(*) as n from case_lead_transfers
      where case_id = ${c.id} and status = 'pending'`.execute(h().services.database.db);
    expect(Number(pending.rows[0]!.n)).toBe(1);

    const transferId = requested.json().id;
    const [answer, lostAnswer] = await race(
      () => jabar.post(`/api/lead-transfers/${transferId}/accept`),
      () => jabar2.post(`/api/lead-transfers/${transferId}/decline`, { reason: 'We have no shelter place now' }),
    );
    expect(lostAnswer.json().code).toBe('transfer_not_pending');
    const accepted = answer.json().status !== 'declined';
    const row = await sql<{ status: string; lead: string }>`select t.status, c.lead_agency_id as lead
      from case_lead_transfers t join cases c on c.id = t.case_id where t.id = ${transferId}`.execute(
      h().services.database.db,
    );
    expect(row.rows[0]).toEqual({
      status: accepted ? 'accepted' : 'declined',
      lead: accepted ? jabarId : c.leadAgencyId,
    });
    expect((await auditCount(h(), c.id, 'cases.acceptLead')) + (await auditCount(h(), c.id, 'cases.declineLead'))).toBe(
      1,
    );
  });
});

describeEachDatabase(
  'case changes document their 409',
  (h) => {
    it('lists 409 problem+json for every case change that can lose a race', async () => {
      const doc = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
      };
      const changes = [
        ['/api/cases/{id}/transition', 'post'],
        ['/api/cases/{id}/close', 'post'],
        ['/api/cases/{id}/approve-closure', 'post'],
        ['/api/cases/{id}/reopen', 'post'],
        ['/api/cases/{id}/members', 'post'],
        ['/api/cases/{id}/members/{userId}', 'delete'],
        ['/api/cases/{id}/transfer-lead', 'post'],
        ['/api/lead-transfers/{id}/accept', 'post'],
        ['/api/lead-transfers/{id}/decline', 'post'],
      ] as const;
      for (const [path, method] of changes) {
        const conflict = doc.paths[path]?.[method]?.responses?.['409'];
        expect(conflict?.content?.['application/problem+json'], `${method} ${path}`).toBeDefined();
      }
    });
  },
  { seed: false },
);
