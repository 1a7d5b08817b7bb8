import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { loadMasterKey, reencryptAll } from '../../platform/crypto.js';
import { encryptedColumns } from '../../server.js';
import { screeningEncryptedColumns } from './index.js';

const childIntake = {
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 2010, regionCode: '53.71', citizenship: 'ID' },
  identity: { fullName: 'Test Person' },
  profile: { exploitationTypes: ['ForcedLabour'], ageWhenTrafficked: 15 },
};
const adultIntake = {
  ...childIntake,
  person: { ...childIntake.person, birthYear: 1990 },
  identity: { fullName: 'Adult Person' },
  profile: { exploitationTypes: ['ForcedLabour'], ageWhenTrafficked: 30 },
};

const yes = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, true]));
const D = {
  1: ['d1.deceived_nature_of_job', 'd1.deceived_wages'],
  4: ['d4.excessive_working_hours', 'd4.low_or_no_salary'],
  5: ['d5.confiscation_of_documents', 'd5.debt_bondage'],
  6: ['d6.dependency_on_exploiters', 'd6.economic_reasons', 'd6.past_difficulties'],
} as const;
const dims = (...ids: (keyof typeof D)[]) => yes(...ids.flatMap((d) => D[d]));

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describeEachDatabase('screening: indicators, recommendation, decision and approval', (h) => {
  // Every test logs in and makes the cases and screenings it needs: any test runs alone and in any order.
  const actors = async () => ({ cw: await h().login('caseworker.ntt'), sup: await h().login('supervisor.ntt') });
  const newCase = async (cw: Client, body: unknown) => {
    const res = await cw.post('/api/cases', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(h().services.database.db))
        .rows[0]!.n,
    );
  const uncleNotes = 'Recruited by an uncle who promised restaurant work.';
  /** A child case screened once (dimension 4 positive, the child rule recommends victim), with notes. */
  const screenedChild = async (cw: Client) => {
    const caseId = await newCase(cw, childIntake);
    const res = await cw.post(`/api/cases/${caseId}/screenings`, {
      toolVersion: 1,
      answers: { ...dims(4), 'd2.threats_of_violence': false },
      acts: ['recruitment', 'transport'],
      notes: uncleNotes,
    });
    expect(res.statusCode, res.body).toBe(201);
    return { caseId, screeningId: res.json().id as string, screening: res.json() };
  };
  /** ... and decided as the recommendation says, by the case worker (approval pending). */
  const decidedChild = async (cw: Client) => {
    const s = await screenedChild(cw);
    const res = await cw.post(`/api/screenings/${s.screeningId}/decide`, {
      status: 'PossibleVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
    });
    expect(res.statusCode, res.body).toBe(200);
    return s;
  };
  /** ... and approved by the supervisor (the case is identified). */
  const approvedChild = async (cw: Client, sup: Client) => {
    const s = await decidedChild(cw);
    const res = await sup.post(`/api/screenings/${s.screeningId}/approve`, {
      approve: true,
      note: 'Checked with the team.',
    });
    expect(res.statusCode, res.body).toBe(200);
    return s;
  };

  it('serves the current indicator set as versioned data with labels in both languages', async () => {
    const { cw } = await actors();
    const res = await cw.get('/api/screening/tools/current');
    expect(res.statusCode, res.body).toBe(200);
    const tool = res.json();
    expect(tool.version).toBe(1);
    expect(tool.dimensions.map((d: { id: number }) => d.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tool.dimensions.flatMap((d: { indicators: unknown[] }) => d.indicators)).toHaveLength(65);
    const first = tool.dimensions[0].indicators[0];
    expect(first).toMatchObject({ id: 'd1.deceived_nature_of_job', weight: 'S' });
    expect(first.label).toBe(first.labels.id);
    expect(tool.acts.map((a: { id: string }) => a.id)).toContain('recruitment');
    expect(tool.rules.adult.allOf).toEqual([[1, 2, 3], [4], [5, 6]]);
    // The user's saved language decides the label; both languages always travel in `labels`.
    expect((await cw.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    try {
      expect((await cw.get('/api/screening/tools/current')).json().dimensions[0].label).toBe('Deceptive recruitment');
    } finally {
      expect((await cw.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
    }
    // Stored once in the table, not in code paths of the scoring.
    const stored = await sql<{ version: number }>`select version from screening_tools`.execute(
      h().services.database.db,
    );
    expect(stored.rows.map((r) => Number(r.version))).toEqual([1]);
  });

  it('screens a child case: the child rule recommends victim, the case moves to screening, notes are encrypted', async () => {
    const { cw } = await actors();
    const childCase = await newCase(cw, childIntake);
    expect((await cw.get(`/api/cases/${childCase}`)).json()).toMatchObject({ isChild: true, stage: 'intake' });
    const res = await cw.post(`/api/cases/${childCase}/screenings`, {
      toolVersion: 1,
      answers: { ...dims(4), 'd2.threats_of_violence': false },
      acts: ['recruitment', 'transport'],
      notes: uncleNotes,
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      caseId: childCase,
      toolVersion: 1,
      rule: 'child',
      presumedVictim: true,
      recommendation: 'PossibleVictimOfTrafficking',
      acts: ['recruitment', 'transport'],
      notes: 'Recruited by an uncle who promised restaurant work.',
      decision: null,
      approval: null,
    });
    expect(s.dimensions.find((d: { dimension: number }) => d.dimension === 4)).toMatchObject({
      strong: 1,
      medium: 1,
      positive: true,
    });
    expect(s.dimensions.filter((d: { positive: boolean }) => d.positive)).toHaveLength(1);
    expect((await cw.get(`/api/cases/${childCase}`)).json().stage).toBe('screening');
    const raw = await sql<{ notes_enc: string }>`select notes_enc from screenings where id = ${s.id}`.execute(
      h().services.database.db,
    );
    expect(raw.rows[0]!.notes_enc).not.toContain('uncle');
    expect(encryptedColumns).toContainEqual(
      expect.objectContaining({ table: 'screenings', columns: expect.arrayContaining(['notes_enc']) }),
    );
  });

  it('refuses unknown indicators, acts and tool versions naming the field, and writes nothing', async () => {
    const { cw } = await actors();
    const childCase = await newCase(cw, childIntake);
    const before = await count('screenings');
    const badIndicator = await cw.post(`/api/cases/${childCase}/screenings`, {
      toolVersion: 1,
      answers: { 'd9.made_up': true, 'd4.hazardous_work': true },
      acts: ['teleportation'],
    });
    expect(badIndicator.statusCode).toBe(400);
    expect(fields(badIndicator.json())).toEqual(['acts.0', 'answers.d9.made_up']);
    expect(
      badIndicator
        .json()
        .errors.map((e: { code: string }) => e.code)
        .sort(),
    ).toEqual(['act_unknown', 'indicator_unknown']);
    const badVersion = await cw.post(`/api/cases/${childCase}/screenings`, { toolVersion: 99, answers: {} });
    expect(badVersion.statusCode).toBe(400);
    expect(badVersion.json().errors[0]).toMatchObject({ field: 'toolVersion', code: 'screening_tool_unknown' });
    const badType = await cw.post(`/api/cases/${childCase}/screenings`, {
      toolVersion: 1,
      answers: { 'd4.hazardous_work': 'yes' },
      extra: 1,
    });
    expect(badType.statusCode).toBe(400);
    expect(fields(badType.json())).toEqual(['answers.d4.hazardous_work', 'extra']);
    expect(await count('screenings')).toBe(before);
  });

  it('hides screenings from users of another agency (404, same as a missing case)', async () => {
    const { cw } = await actors();
    const { caseId: childCase, screeningId: firstScreening } = await screenedChild(cw);
    const missing = '01a22a15-0000-7000-8000-00000000beef';
    for (const username of ['legal.ntt', 'provider.shelter', 'programme.jabar']) {
      const other = await h().login(username);
      const list = await other.get(`/api/cases/${childCase}/screenings`);
      expect(list.statusCode, username).toBe(404);
      expect(list.body).toBe((await other.get(`/api/cases/${missing}/screenings`)).body);
      expect((await other.post(`/api/cases/${childCase}/screenings`, { toolVersion: 1, answers: {} })).statusCode).toBe(
        404,
      );
      const decide = await other.post(`/api/screenings/${firstScreening}/decide`, {
        status: 'PossibleVictimOfTrafficking',
        decidedByOrg: 'Police',
      });
      expect(decide.statusCode, username).toBe(404);
      expect((await other.post(`/api/screenings/${firstScreening}/approve`, { approve: true })).statusCode).toBe(404);
    }
    expect(
      (
        await cw.post(`/api/screenings/${missing}/decide`, {
          status: 'PossibleVictimOfTrafficking',
          decidedByOrg: 'NGO',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lets a person decide: a decision differing from the recommendation needs a rationale of 20 characters', async () => {
    const { cw, sup } = await actors();
    const { caseId: childCase, screeningId: firstScreening } = await screenedChild(cw);
    const differing = await cw.post(`/api/screenings/${firstScreening}/decide`, {
      status: 'NotAVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
      rationale: 'Too short',
    });
    expect(differing.statusCode).toBe(400);
    expect(differing.json().errors[0]).toMatchObject({ field: 'rationale', code: 'rationale_required' });
    const badEnum = await cw.post(`/api/screenings/${firstScreening}/decide`, { status: 'Maybe', decidedByOrg: 'NGO' });
    expect(fields(badEnum.json())).toEqual(['status']);
    const res = await cw.post(`/api/screenings/${firstScreening}/decide`, {
      status: 'PossibleVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().decision).toMatchObject({
      status: 'PossibleVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
      differsFromRecommendation: false,
      rationale: null,
    });
    expect(res.json().approval).toMatchObject({ status: 'pending', by: null });
    const again = await cw.post(`/api/screenings/${firstScreening}/decide`, {
      status: 'PossibleVictimOfTrafficking',
      decidedByOrg: 'NGO',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('screening_decision_pending');
    const alerts = (await sup.get(`/api/alerts?limit=200&entityId=${childCase}`)).json().items;
    expect(alerts).toContainEqual(
      expect.objectContaining({ kind: 'screening_approval_needed', entityType: 'case', entityId: childCase }),
    );
    // Still not identified until a supervisor approves.
    expect((await cw.get(`/api/cases/${childCase}`)).json()).toMatchObject({
      stage: 'screening',
      traffickingStatus: null,
    });
  });

  it('needs a supervisor to approve: the case becomes identified with the HTCDS status and deciding organisation', async () => {
    const { cw, sup } = await actors();
    const { caseId: childCase, screeningId: firstScreening } = await decidedChild(cw);
    // A case worker lacks cases.approve: the approval endpoint does not exist for them.
    expect((await cw.post(`/api/screenings/${firstScreening}/approve`, { approve: true })).statusCode).toBe(404);
    const res = await sup.post(`/api/screenings/${firstScreening}/approve`, {
      approve: true,
      note: 'Checked with the team.',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().approval).toMatchObject({ status: 'approved', note: 'Checked with the team.' });
    const c = (await cw.get(`/api/cases/${childCase}`)).json();
    expect(c).toMatchObject({
      stage: 'identified',
      traffickingStatus: 'PossibleVictimOfTrafficking',
      statusDecidedByOrg: 'NonPoliceGovernmentalOrganization',
    });
    expect(c.identifiedAt).not.toBeNull();
    const twice = await sup.post(`/api/screenings/${firstScreening}/approve`, { approve: true });
    expect(twice.json().code).toBe('screening_already_approved');
    expect((await cw.get(`/api/alerts?limit=200&entityId=${childCase}`)).json().items).toContainEqual(
      expect.objectContaining({ kind: 'screening_approved', entityId: childCase }),
    );
    const timeline = (await cw.get(`/api/cases/${childCase}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['screening.created', 'screening.decided', 'screening.approved']));
    expect(JSON.stringify(timeline)).not.toContain('uncle');
    const audit = await sql<{
      action: string;
      details: unknown;
    }>`select action, details from audit_events where action like 'screenings.%' and entity_id = ${childCase} order by seq`.execute(
      h().services.database.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['screenings.create', 'screenings.decide', 'screenings.approve']);
    expect(JSON.stringify(audit.rows)).not.toContain('Checked with the team');
  });

  it('keeps the history on re-screening, newest first; a superseded screening cannot be decided', async () => {
    const { cw, sup } = await actors();
    const { caseId: childCase, screeningId: firstScreening } = await approvedChild(cw, sup);
    const again = await cw.post(`/api/cases/${childCase}/screenings`, {
      toolVersion: 1,
      answers: dims(4, 5),
      acts: ['harbouring'],
    });
    expect(again.statusCode, again.body).toBe(201);
    const list = (await cw.get(`/api/cases/${childCase}/screenings`)).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([again.json().id, firstScreening]);
    expect(list.items[1]).toMatchObject({ approval: { status: 'approved' }, notes: expect.stringContaining('uncle') });
    const page1 = (await cw.get(`/api/cases/${childCase}/screenings?limit=1`)).json();
    expect(page1.items).toHaveLength(1);
    const page2 = (await cw.get(`/api/cases/${childCase}/screenings?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].id).toBe(firstScreening);
    expect((await cw.get(`/api/cases/${childCase}`)).json().stage).toBe('identified');
    const old = await cw.post(`/api/screenings/${firstScreening}/decide`, {
      status: 'PossibleVictimOfTrafficking',
      decidedByOrg: 'NGO',
    });
    expect(old.statusCode).toBe(409);
    expect(old.json().code).toBe('screening_already_approved');
  });

  it('does not let the decider approve their own decision (four eyes)', async () => {
    const { cw, sup } = await actors();
    const caseId = await newCase(cw, childIntake);
    const s = (await sup.post(`/api/cases/${caseId}/screenings`, { toolVersion: 1, answers: {}, acts: [] })).json();
    expect(s.recommendation).toBe('NotAVictimOfTrafficking');
    const decided = await sup.post(`/api/screenings/${s.id}/decide`, {
      status: 'NotAVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const own = await sup.post(`/api/screenings/${s.id}/approve`, { approve: true });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('screening_self_approval');
    expect((await cw.get(`/api/cases/${caseId}`)).json()).toMatchObject({
      stage: 'screening',
      traffickingStatus: null,
    });
    // A decision may not be approved before it exists.
    const fresh = (await cw.post(`/api/cases/${caseId}/screenings`, { toolVersion: 1, answers: {} })).json();
    expect((await sup.post(`/api/screenings/${fresh.id}/approve`, { approve: true })).json().code).toBe(
      'screening_not_decided',
    );
    // The older pending decision was superseded by the re-screening.
    expect((await cw.get(`/api/cases/${caseId}/screenings`)).json().items).toHaveLength(2);
  });

  it('applies the adult rule: means must be shown; a differing decision with rationale; approval moves to not_victim', async () => {
    const { cw, sup } = await actors();
    const caseId = await newCase(cw, adultIntake);
    expect((await cw.get(`/api/cases/${caseId}`)).json().isChild).toBe(false);
    const weak = await cw.post(`/api/cases/${caseId}/screenings`, {
      toolVersion: 1,
      answers: dims(4, 5),
      acts: ['recruitment'],
    });
    expect(weak.json()).toMatchObject({
      rule: 'adult',
      presumedVictim: false,
      recommendation: 'NotAVictimOfTrafficking',
    });
    const strong = await cw.post(`/api/cases/${caseId}/screenings`, {
      toolVersion: 1,
      answers: dims(1, 4, 6),
      acts: ['recruitment'],
    });
    const s = strong.json();
    expect(s).toMatchObject({ rule: 'adult', presumedVictim: true, recommendation: 'PossibleVictimOfTrafficking' });
    expect(
      s.dimensions.filter((d: { positive: boolean }) => d.positive).map((d: { dimension: number }) => d.dimension),
    ).toEqual([1, 4, 6]);
    const missing = await cw.post(`/api/screenings/${s.id}/decide`, {
      status: 'NotAVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
    });
    expect(missing.statusCode).toBe(400);
    expect(fields(missing.json())).toEqual(['rationale']);
    const rationale = 'Wages were paid in full; the person left the job freely.';
    const decided = await cw.post(`/api/screenings/${s.id}/decide`, {
      status: 'NotAVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
      rationale,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().decision).toMatchObject({ differsFromRecommendation: true, rationale });
    const raw = await sql<{ rationale_enc: string }>`select rationale_enc from screenings where id = ${s.id}`.execute(
      h().services.database.db,
    );
    expect(raw.rows[0]!.rationale_enc).not.toContain('Wages');
    // Rejected first: the decider is told and may decide again.
    const rejected = await sup.post(`/api/screenings/${s.id}/approve`, {
      approve: false,
      note: 'Interview the employer.',
    });
    expect(rejected.json().approval.status).toBe('rejected');
    expect((await cw.get(`/api/cases/${caseId}`)).json().traffickingStatus).toBeNull();
    expect((await cw.get(`/api/alerts?limit=200&entityId=${caseId}`)).json().items).toContainEqual(
      expect.objectContaining({ kind: 'screening_rejected', entityId: caseId }),
    );
    const redecided = await cw.post(`/api/screenings/${s.id}/decide`, {
      status: 'NotAVictimOfTrafficking',
      decidedByOrg: 'NonPoliceGovernmentalOrganization',
      rationale,
    });
    expect(redecided.json().approval).toMatchObject({ status: 'pending', note: null });
    expect((await sup.post(`/api/screenings/${s.id}/approve`, { approve: true })).statusCode).toBe(200);
    expect((await cw.get(`/api/cases/${caseId}`)).json()).toMatchObject({
      stage: 'not_victim',
      traffickingStatus: 'NotAVictimOfTrafficking',
    });
    const kinds = (await cw.get(`/api/cases/${caseId}/timeline`)).json().items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['screening.rejected', 'screening.approved']));
  });

  it('refuses to screen a closed case', async () => {
    const { cw, sup } = await actors();
    const caseId = await newCase(cw, adultIntake);
    expect((await cw.post(`/api/cases/${caseId}/close`, { reason: 'moved_away' })).statusCode).toBe(200);
    expect((await sup.post(`/api/cases/${caseId}/approve-closure`, { approve: true })).json().stage).toBe('closed');
    const res = await cw.post(`/api/cases/${caseId}/screenings`, { toolVersion: 1, answers: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('case_closed');
  });
  it('re-encrypts notes, rationales and approval notes on key rotation; they still read back', async () => {
    const { cw, sup } = await actors();
    // Notes and an approval note of this test's own; re-screened, so the first screening is second in the list.
    const { caseId: childCase } = await approvedChild(cw, sup);
    const rescreened = await cw.post(`/api/cases/${childCase}/screenings`, { toolVersion: 1, answers: dims(4, 5) });
    expect(rescreened.statusCode, rescreened.body).toBe(201);
    const { services, config } = h();
    await services.keyring.addFieldKey(services.database.db, loadMasterKey(config), h().clock.now());
    const changed = await reencryptAll(services.database.db, services.keyring, screeningEncryptedColumns, () => {});
    expect(changed).toBeGreaterThan(0);
    const rows = await sql<{
      notes_enc: string | null;
    }>`select notes_enc from screenings where notes_enc is not null`.execute(services.database.db);
    for (const r of rows.rows) expect(r.notes_enc!.startsWith(`v${services.keyring.activeKeyVersion}.`)).toBe(true);
    const list = (await cw.get(`/api/cases/${childCase}/screenings`)).json();
    expect(list.items[1].notes).toContain('uncle');
  });
});
