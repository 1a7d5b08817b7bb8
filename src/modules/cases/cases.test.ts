import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { scopeOutsiders } from '../../../test/support/outsiders.js';

const girl = {
  referralSource: 'mission_abroad',
  person: { sex: 'Feminine', birthYear: 2010, regionCode: '53.71', citizenship: 'ID', languages: ['id'] },
  identity: {
    fullName: 'Siti Nurhayati Ndolu',
    nik: '5371014709100003',
    phones: ['081234567890'],
    dateOfBirth: '2010-09-07',
  },
  summary: 'Recruited by a neighbour with a promise of work in a restaurant.',
  riskLevel: 'high',
  profile: {
    exploitationTypes: ['ForcedLabour', 'Servitude'],
    methodsOfControl: ['WithholdsDocuments', 'DebtBondage'],
    recruitmentMethods: ['ThroughFriendsOrSocialEvents'],
    forcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
    exploitationCountry: 'MY',
    relationshipToTrafficker: 'Acquainted',
  },
  events: [
    { type: 'Recruitment', countryCode: 'ID', regionCode: '53.71', startedOn: '2025-03-01' },
    { type: 'Exploitation', countryCode: 'MY', city: 'Johor Bahru', startedOn: '2025-04-01', endedOn: '2026-10-15' },
  ],
};

describeEachDatabase('case intake and the case file', (h) => {
  /**
   * The first two cases of the fresh database, taken in before any test runs (so their numbers are known and
   * any test runs alone). Tests that change a case's state make their own case with newCase().
   */
  const intake: { first?: LightMyRequestResponse; second?: LightMyRequestResponse } = {};
  const first = () => intake.first!.json() as { id: string; caseNumber: string };
  beforeAll(async () => {
    const cw = await h().login('caseworker.ntt');
    intake.first = await cw.post('/api/cases', girl);
    intake.second = await cw.post('/api/cases', { ...girl, identity: { fullName: 'Maria Bria' }, events: [] });
  });
  const newCase = async () => {
    const created = await (await h().login('caseworker.ntt')).post('/api/cases', {
      ...girl,
      identity: { fullName: 'Yuliana Taopan' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  };

  it('takes in a child victim: readable case number, child flag, HTCDS profile, identity kept out of the case', async () => {
    const res = intake.first!;
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.caseNumber).toMatch(/^UPTDPPANTT\/\d{4}\/00001$/);
    expect(c).toMatchObject({ stage: 'intake', isChild: true, riskLevel: 'high', referralSource: 'mission_abroad' });
    expect(c.profile.exploitationTypes).toEqual(['ForcedLabour', 'Servitude']);
    expect(c.profile.forcedLabourIndustry).toBe('T_ActivitiesOfHouseholdsAsEmployers');
    expect(c.events).toHaveLength(2);
    expect(c.team).toEqual([expect.objectContaining({ username: 'caseworker.ntt', role: 'lead' })]);
    expect(c.person.initials).toBe('S.N.N.');
    expect(res.body).not.toContain('Nurhayati');
    expect(res.body).not.toContain('5371014709100003');
    expect(intake.second!.json().caseNumber).toMatch(/\/00002$/);
  });

  it('refuses an intake without identity or with bad values, naming the fields, and writes nothing', async () => {
    const cw = await h().login('caseworker.ntt');
    const before = (await sql<{ n: number }>`select count(*) as n from cases`.execute(h().services.database.db))
      .rows[0]!.n;
    const res = await cw.post('/api/cases', { referralSource: 'family' });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['identity', 'person']);
    const bad = await cw.post('/api/cases', {
      ...girl,
      profile: { exploitationTypes: ['Slavery'] },
      events: [{ type: 'Transit', countryCode: 'ZZ' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('profile.exploitationTypes.0');
    const badCountry = await cw.post('/api/cases', { ...girl, events: [{ type: 'Transit', countryCode: 'ZZ' }] });
    expect(badCountry.json().errors[0]).toMatchObject({ field: 'events.0.countryCode', code: 'country_unknown' });
    const after = (await sql<{ n: number }>`select count(*) as n from cases`.execute(h().services.database.db)).rows[0]!
      .n;
    expect(Number(after)).toBe(Number(before));
  });

  it('scopes the case: holders of cases.read outside the scope (another agency, a colleague off the team) get the same 404 as a missing case', async () => {
    const missing = '01a22a15-0000-7000-8000-00000000beef';
    const caseId = first().id;
    const outsiders = await scopeOutsiders(h(), ['cases.read', 'cases.update']);
    // Police (no cases.read at all) is refused too, but that alone would prove nothing about the scope.
    const police = { label: 'police liaison without cases.read', client: await h().login('legal.ntt') };
    for (const { label, client } of [...outsiders, police]) {
      const hidden = await client.get(`/api/cases/${caseId}`);
      expect(hidden.statusCode, label).toBe(404);
      expect(hidden.body, label).toBe((await client.get(`/api/cases/${missing}`)).body);
      for (const path of ['timeline', 'notes', 'tasks'])
        expect((await client.get(`/api/cases/${caseId}/${path}`)).statusCode, `${label} ${path}`).toBe(404);
      expect((await client.patch(`/api/cases/${caseId}`, { riskLevel: 'low' })).statusCode, label).toBe(404);
      const note = await client.post(`/api/cases/${caseId}/notes`, {
        body: 'Not mine to write',
        sensitivity: 'normal',
      });
      expect(note.statusCode, label).toBe(404);
      const listed = (await client.get('/api/cases?limit=100')).json().items ?? [];
      expect(
        listed.map((c: { id: string }) => c.id),
        label,
      ).not.toContain(caseId);
    }
    // Nothing changed.
    const cw = await h().login('caseworker.ntt');
    const after = (await cw.get(`/api/cases/${caseId}`)).json();
    expect(after.riskLevel).toBe('high');
    expect((await cw.get(`/api/cases/${caseId}/notes`)).json().items).toEqual([]);
    // The lead agency's supervisor sees it; the colleague sees a case once she is on its team (the own scope).
    const supervisor = await h().login('supervisor.ntt');
    expect((await supervisor.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    const colleague = outsiders.find((o) => o.username === 'scope.caseworker2.ntt')!;
    const second = intake.second!.json().id as string;
    expect(
      (await cw.post(`/api/cases/${second}/members`, { userId: colleague.userId, role: 'member' })).statusCode,
    ).toBe(200);
    expect((await colleague.client.get(`/api/cases/${second}`)).statusCode).toBe(200);
    expect((await colleague.client.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    const analyst = await h().login('analyst.national');
    expect((await analyst.get('/api/cases')).statusCode).toBe(403);
  });

  it('lists with filters and keyset pages, searches by case number and by name through vault tokens only within scope', async () => {
    const cw = await h().login('caseworker.ntt');
    const caseId = first().id;
    const allRes = await cw.get('/api/cases?limit=1');
    expect(allRes.statusCode, allRes.body).toBe(200);
    const all = allRes.json();
    expect(all.items).toHaveLength(1);
    const next = (await cw.get(`/api/cases?limit=1&cursor=${all.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(all.items[0].id);
    expect(
      (await cw.get('/api/cases?child=true&exploitationType=Servitude')).json().items.map((c: { id: string }) => c.id),
    ).toContain(caseId);
    expect((await cw.get('/api/cases?exploitationType=OrganRemoval')).json().items).toHaveLength(0);
    expect((await cw.get('/api/cases?caseNumber=UPTDPPANTT')).json().items.length).toBe(2);
    // A case number by any distinctive part: the sequence alone, year and sequence, the number in full.
    const number = (await cw.get(`/api/cases/${caseId}`)).json().caseNumber as string;
    const [, year, seq] = number.split('/');
    for (const part of [String(Number(seq)), seq!, `${year}/${Number(seq)}`, number, number.toLowerCase()]) {
      const found = (await cw.get(`/api/cases?caseNumber=${encodeURIComponent(part)}`)).json().items;
      expect(
        found.map((c: { id: string }) => c.id),
        part,
      ).toEqual([caseId]);
    }
    expect((await cw.get(`/api/cases?caseNumber=${Number(seq) + 900}`)).json().items).toHaveLength(0);
    expect((await cw.get('/api/cases?caseNumber=UPTD%25')).json().items.length).toBe(2);
    // Origin by province (a range of codes) and by regency (exact).
    expect((await cw.get('/api/cases?regionCode=53')).json().items.map((c: { id: string }) => c.id)).toContain(caseId);
    expect((await cw.get('/api/cases?regionCode=52')).json().items).toHaveLength(0);
    // Spelling variants find the same person; the name never travels to the database in clear.
    const byName = (await cw.post('/api/cases/search', { name: 'Sity Noerhajati' })).json();
    expect(byName.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    // A name never goes in a URL (logs, proxies, browser history): the list refuses it (issue 10 item 6).
    const inUrl = await cw.get('/api/cases?name=Siti%20Nurhayati');
    expect(inUrl.statusCode).toBe(400);
    expect(inUrl.body).not.toContain('Siti');
    const police = await h().login('legal.ntt');
    expect((await police.post('/api/cases/search', { name: 'Siti Nurhayati' })).json().items).toHaveLength(0);
    expect((await cw.get('/api/cases?stage=bogus')).statusCode).toBe(400);
  });

  it('records notes with sensitivity, tasks with due dates, and one timeline of everything', async () => {
    let cw = await h().login('caseworker.ntt');
    const caseId = await newCase();
    const note = await cw.post(`/api/cases/${caseId}/notes`, {
      body: 'Victim prefers a female interpreter.',
      sensitivity: 'sensitive',
    });
    expect(note.statusCode).toBe(201);
    const restricted = await cw.post(`/api/cases/${caseId}/notes`, {
      body: 'Threat from the recruiter reported.',
      sensitivity: 'restricted',
    });
    expect(restricted.statusCode).toBe(201);
    const notes = (await cw.get(`/api/cases/${caseId}/notes`)).json().items;
    expect(notes.map((n: { body: string }) => n.body)).toContain('Threat from the recruiter reported.');
    const stored = (await sql<{ body_enc: string }>`select body_enc from case_notes`.execute(h().services.database.db))
      .rows;
    for (const r of stored) expect(r.body_enc).not.toContain('interpreter');
    const task = await cw.post(`/api/cases/${caseId}/tasks`, {
      title: 'Call the family',
      dueAt: new Date(h().clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(task.json()).toMatchObject({ status: 'open', overdue: false });
    h().clock.advance(2 * 86_400_000);
    cw = await h().login('caseworker.ntt'); // two days later: the old session has idled out
    expect((await cw.get(`/api/cases/${caseId}/tasks`)).json()[0].overdue).toBe(true);
    expect((await cw.post(`/api/cases/${caseId}/tasks/${task.json().id}/complete`)).json().status).toBe('done');
    const timeline = (await cw.get(`/api/cases/${caseId}/timeline`)).json().items.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(
      expect.arrayContaining(['case.created', 'note.created', 'task.created', 'task.completed']),
    );
    expect(JSON.stringify(timeline)).not.toContain('interpreter');
  });

  it('walks the lifecycle: transitions check their rules; closure needs a supervisor; reopening is audited', async () => {
    const cw = await h().login('caseworker.ntt');
    const caseId = await newCase();
    expect((await cw.post(`/api/cases/${caseId}/transition`, { to: 'protection' })).json().code).toBe(
      'transition_not_allowed',
    );
    expect((await cw.post(`/api/cases/${caseId}/transition`, { to: 'screening' })).json().stage).toBe('screening');
    // Identification needs an approved screening decision.
    const early = await cw.post(`/api/cases/${caseId}/transition`, { to: 'identified' });
    expect(early.statusCode).toBe(409);
    const closing = await cw.post(`/api/cases/${caseId}/close`, {
      reason: 'moved_away',
      note: 'Family moved to Kalimantan.',
    });
    expect(closing.json().closureRequested).toBe(true);
    expect((await cw.post(`/api/cases/${caseId}/approve-closure`, { approve: true })).statusCode).toBe(404);
    const supervisor = await h().login('supervisor.ntt');
    const alerts = (await supervisor.get('/api/alerts')).json().items;
    expect(
      alerts.some(
        (a: { kind: string; entityId: string }) => a.kind === 'closure_approval_needed' && a.entityId === caseId,
      ),
    ).toBe(true);
    const closed = await supervisor.post(`/api/cases/${caseId}/approve-closure`, { approve: true });
    expect(closed.json()).toMatchObject({ stage: 'closed' });
    expect((await cw.patch(`/api/cases/${caseId}`, { riskLevel: 'low' })).json().code).toBe('case_closed');
    expect((await cw.post(`/api/cases/${caseId}/reopen`, { reason: 'short' })).statusCode).toBe(400);
    const reopened = await cw.post(`/api/cases/${caseId}/reopen`, {
      reason: 'Victim returned and asked for help again',
    });
    expect(reopened.json()).toMatchObject({ stage: 'screening', reopenedCount: 1 });
    const audit = (
      await sql<{ action: string }>`select action from audit_events where entity_id = ${caseId} order by seq`.execute(
        h().services.database.db,
      )
    ).rows.map((r) => r.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'cases.create',
        'cases.transition',
        'cases.close',
        'cases.approveClosure',
        'cases.reopen',
      ]),
    );
  });
});

describeEachDatabase('duplicate check at intake', (h) => {
  it('finds the same person across agencies without showing the other record', async () => {
    const ntt = await h().login('caseworker.ntt');
    const first = await ntt.post('/api/cases', girl);
    expect(first.statusCode).toBe(201);

    // A police officer in another agency takes in "the same" girl with spelling variants.
    const admin = await h().login('admin');
    const agencies = (await admin.get('/api/agencies?q=Jawa%20Barat&type=uptd_ppa')).json().items;
    const created = (
      await admin.post('/api/users', {
        username: 'cw.jabar',
        displayName: 'Case Worker Jabar',
        agencyId: agencies[0].id,
        roles: ['case_worker'],
      })
    ).json();
    const { Client } = await import('../../../test/support/harness.js');
    const jabar = new Client(h().app);
    await jabar.post('/api/auth/login', { username: 'cw.jabar', password: created.temporaryPassword });
    await jabar.post('/api/auth/password', {
      currentPassword: created.temporaryPassword,
      newPassword: 'durian-montok-sepeda-biru',
    });

    const check = await jabar.post('/api/persons/duplicates/check', {
      fullName: 'Sity Noerhajati',
      birthYear: 2010,
      sex: 'Feminine',
      regionCode: '53.01',
    });
    expect(check.statusCode).toBe(200);
    const [match] = check.json().matches;
    expect(match.person).toBeUndefined();
    expect(match.heldBy.agencyName).toBe('UPTD PPA Provinsi Nusa Tenggara Timur');
    expect(match.reasons).toBeUndefined();
    expect(match.score).toBeUndefined();
    expect(JSON.stringify(check.json())).not.toContain(first.json().personId);

    // Exact NIK through the blind index.
    const byNik = (await jabar.post('/api/persons/duplicates/check', { nik: '5371014709100003' })).json().matches;
    expect(Object.keys(byNik[0])).toEqual(['heldBy']);
    // A different person does not match.
    expect(
      (
        await jabar.post('/api/persons/duplicates/check', {
          fullName: 'Budi Santoso',
          birthYear: 1980,
          sex: 'Masculine',
        })
      ).json().matches,
    ).toHaveLength(0);

    // Within scope the match is shown, and linking creates a second case for the same person.
    const own = (
      await ntt.post('/api/persons/duplicates/check', { fullName: 'Siti Nurhayati', birthYear: 2010 })
    ).json().matches;
    expect(own[0].person.id).toBe(first.json().personId);
    const linked = await ntt.post('/api/cases', { referralSource: 'self', existingPersonId: first.json().personId });
    expect(linked.statusCode).toBe(201);
    expect(linked.json().personId).toBe(first.json().personId);
    // Linking a person outside scope is a 404.
    expect(
      (await jabar.post('/api/cases', { referralSource: 'self', existingPersonId: first.json().personId })).statusCode,
    ).toBe(404);

    const decisions = (
      await sql<{
        details: unknown;
      }>`select details from audit_events where action = 'persons.duplicates.decision' order by seq`.execute(
        h().services.database.db,
      )
    ).rows.map((r) => h().services.database.adapter.fromJson<{ decision: string }>(r.details).decision);
    expect(decisions).toEqual(['new', 'linked']);
    // The database holds no plaintext name tokens.
    const tokens = (
      await sql<{ token: string }>`select token from person_name_tokens`.execute(h().services.database.db)
    ).rows.map((r) => r.token);
    expect(tokens.join(' ')).not.toMatch(/siti|nurhayati/i);
  });
});

describeEachDatabase('family members and contacts', (h) => {
  it('records a threatened parent as a protected person the case team may reveal, invisible to other agencies', async () => {
    const cw = await h().login('caseworker.ntt');
    const caseId = (await cw.post('/api/cases', girl)).json().id;
    const missing = await cw.post(`/api/cases/${caseId}/relatives`, { relationship: 'parent' });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['identity', 'person']);
    const added = await cw.post(`/api/cases/${caseId}/relatives`, {
      relationship: 'parent',
      threatened: true,
      isContact: true,
      person: { sex: 'Feminine', birthYear: 1985, regionCode: '53.71' },
      identity: { fullName: 'Yohana Ndolu', phones: ['081299998888'] },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ relationship: 'parent', threatened: true, initials: 'Y.N.' });
    expect(added.body).not.toContain('Yohana');
    const list = (await cw.get(`/api/cases/${caseId}/relatives`)).json();
    expect(list).toHaveLength(1);
    const personId = list[0].personId;
    // The case team may reveal the relative's identity (audited); other agencies get 404.
    const revealed = await cw.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'Call the mother about the return',
      fields: ['phones'],
    });
    expect(revealed.json()).toEqual({ phones: ['081299998888'] });
    const police = await h().login('legal.ntt');
    expect((await police.get(`/api/cases/${caseId}/relatives`)).statusCode).toBe(404);
    expect((await police.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    // The relative's phone is also found by the duplicate check's blind index, never stored in clear.
    const rows = (
      await sql<{ phones_enc: string }>`select phones_enc from person_identities where person_id = ${personId}`.execute(
        h().services.database.db,
      )
    ).rows;
    expect(rows[0]?.phones_enc).not.toContain('0812');
  });
});

describeEachDatabase('lead-agency transfer', (h) => {
  it('moves the lead only when a supervisor of the receiving agency accepts; until then they see a summary only', async () => {
    const cw = await h().login('caseworker.ntt');
    const c = (await cw.post('/api/cases', girl)).json();
    const jabarSupervisor = await h().provision('sup.jabar', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
    const jabarId = (await jabarSupervisor.get('/api/auth/me')).json().agency.id;
    expect(
      (
        await cw.post(`/api/cases/${c.id}/transfer-lead`, {
          toAgencyId: c.leadAgencyId,
          reason: 'Family moved to Bandung',
        })
      ).statusCode,
    ).toBe(400);
    const transfer = await cw.post(`/api/cases/${c.id}/transfer-lead`, {
      toAgencyId: jabarId,
      reason: 'Family moved to Bandung',
    });
    expect(transfer.statusCode, transfer.body).toBe(201);
    expect(
      (
        await cw.post(`/api/cases/${c.id}/transfer-lead`, { toAgencyId: jabarId, reason: 'Family moved to Bandung' })
      ).json().code,
    ).toBe('transfer_pending');
    // A case worker's request waits for a supervisor of her own agency (issue 10: every transfer approved).
    expect(transfer.json().status).toBe('awaiting_approval');
    expect((await jabarSupervisor.get('/api/lead-transfers/incoming')).json()).toEqual([]);
    const ntt = await h().login('supervisor.ntt');
    expect((await ntt.post(`/api/lead-transfers/${transfer.json().id}/approve`)).statusCode).toBe(200);

    // Before accepting, the receiving supervisor sees the request but not the case.
    expect((await jabarSupervisor.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    const incoming = (await jabarSupervisor.get('/api/lead-transfers/incoming')).json();
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatchObject({ caseNumber: c.caseNumber, isChild: true, reason: 'Family moved to Bandung' });
    expect(JSON.stringify(incoming)).not.toContain('Nurhayati');
    const alerts = (await jabarSupervisor.get('/api/alerts')).json().items;
    expect(alerts.some((a: { kind: string }) => a.kind === 'lead_transfer_requested')).toBe(true);
    // Nobody else can decide it.
    const nttSupervisor = await h().login('supervisor.ntt');
    expect((await nttSupervisor.post(`/api/lead-transfers/${transfer.json().id}/accept`)).statusCode).toBe(404);

    const accepted = await jabarSupervisor.post(`/api/lead-transfers/${transfer.json().id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      leadAgencyId: jabarId,
      team: [expect.objectContaining({ username: 'sup.jabar', role: 'supervisor' })],
    });
    // The old team handed over.
    expect((await cw.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await jabarSupervisor.post(`/api/lead-transfers/${transfer.json().id}/accept`)).json().code).toBe(
      'transfer_not_pending',
    );
    const audit = (
      await sql<{
        action: string;
      }>`select action from audit_events where entity_id = ${c.id} and action in ('cases.transferLead', 'cases.acceptLead') order by seq`.execute(
        h().services.database.db,
      )
    ).rows;
    expect(audit.map((a) => a.action)).toEqual(['cases.transferLead', 'cases.acceptLead']);
  });
});
