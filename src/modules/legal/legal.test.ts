import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { type DueRow, selectDue } from './due.store.js';
import { legalHoldsPerson } from './index.js';
import { checkLegalDue } from './legal.jobs.js';

const DAY = 86_400_000;
const missingId = '01a22a15-0000-7000-8000-00000000abcd';
type Alert = {
  kind: string;
  entityType: string | null;
  entityId: string | null;
  params: Record<string, unknown>;
  resolvedAt?: string | null;
};

async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}
async function alertsOf(client: Client, kind: string): Promise<Alert[]> {
  const res = await client.get('/api/alerts?limit=200');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Alert[]).filter((a) => a.kind === kind);
}
async function timelineKinds(client: Client, caseId: string): Promise<string[]> {
  return (await client.get(`/api/cases/${caseId}/timeline?limit=200`))
    .json()
    .items.map((i: { kind: string }) => i.kind);
}
/** Field errors of a response in a language, as field → message. */
function fieldMessages(res: { statusCode: number; body: string; json(): unknown }) {
  expect(res.statusCode, res.body).toBe(400);
  const errors = (res.json() as { errors?: { field: string; code: string; message: string }[] }).errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.field, { code: e.code, message: e.message }]));
}

describeEachDatabase('legal: proceedings, the restitution chain, protection and the victim informed', (h) => {
  let cw: Client;
  let police: Client;
  let prosecutor: Client;
  let lpsk: Client;
  let outsider: Client;
  const cases: string[] = [];
  let policeAgency = '';
  let prosecutorAgency = '';
  let lpskAgency = '';
  let proceedingId = '';
  let defendantId = '';
  let suspectPersonId = '';
  let claimId = '';
  let guardianPersonId = '';
  /** Sessions end after 12 hours: everyone logs in again after the clock moves. */
  const relogin = async () => {
    cw = await h().login('caseworker.ntt');
    police = await h().login('police.ntt');
    prosecutor = await h().login('prosecutor.ntt');
    lpsk = await h().login('lpsk.officer');
    outsider = await h().login('liaison.jabar');
  };
  /** The user's saved language wins over Accept-Language. */
  const speak = async (client: Client, locale: 'id' | 'en') => {
    expect((await client.patch('/api/auth/me', { locale })).statusCode).toBe(200);
    client.locale = locale;
  };
  /**
   * Both ways of finding a due-list page — from the agency's proceedings (few) and from the due index in order
   * (many) — give the same rows, whole and page by page. Returns every agency's rows.
   */
  const dueBothWays = async (agencyIds: string[]): Promise<DueRow[]> => {
    const db = h().services.database;
    const all: DueRow[] = [];
    for (const agencyId of agencyIds) {
      const few = await selectDue(db, { agencyId, limit: 50 }, 1000);
      expect(await selectDue(db, { agencyId, limit: 50 }, 0)).toEqual(few);
      const paged: DueRow[] = [];
      for (const fewProceedings of [1000, 0]) {
        paged.length = 0;
        let after: { dueAt: string; id: string } | undefined;
        for (;;) {
          const [row] = await selectDue(db, { agencyId, limit: 1, after }, fewProceedings);
          if (!row) break;
          paged.push(row);
          after = { dueAt: row.due_at, id: row.id };
        }
        expect(paged).toEqual(few);
      }
      all.push(...few);
    }
    return all;
  };
  const dateIn = (days: number) => new Date(h().clock.now().getTime() + days * DAY).toISOString().slice(0, 10);

  it('police open a proceeding for two victims of one recruiter, only for cases shared with them by consent', async () => {
    cw = await h().login('caseworker.ntt');
    police = await h().login('police.ntt');
    prosecutor = await h().login('prosecutor.ntt');
    lpsk = await h().login('lpsk.officer');
    // Another agency's legal liaison: holds the legal permissions, but nothing of these cases is shared with it.
    outsider = await h().provision('liaison.jabar', 'Unit PPA Polda Jawa Barat', ['legal_liaison']);
    policeAgency = await agencyId(cw, 'Unit PPA Polda NTT');
    prosecutorAgency = await agencyId(cw, 'Kejaksaan Tinggi');
    lpskAgency = await agencyId(cw, 'Lembaga Perlindungan Saksi');
    for (const [name, birthYear] of [
      ['Korban Pertama', 1998],
      ['Korban Kedua', 2012],
      ['Korban Ketiga', 2000],
    ] as const) {
      const res = await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear, regionCode: '53.71' },
        identity: { fullName: name },
      });
      expect(res.statusCode, res.body).toBe(201);
      cases.push(res.json().id);
    }
    const mother = await cw.post(`/api/cases/${cases[1]}/relatives`, {
      relationship: 'parent',
      person: { sex: 'Feminine' },
      identity: { fullName: 'Ibu Korban Kedua' },
    });
    expect(mother.statusCode, mother.body).toBe(201);
    guardianPersonId = mother.json().personId;
    for (const caseId of cases.slice(0, 2)) {
      const res = await cw.post(`/api/cases/${caseId}/consents`, {
        purpose: 'referral',
        recipientAgencyId: policeAgency,
        serviceTypes: ['legal_aid'],
        fieldGroups: ['sex', 'legal'],
        givenBy: caseId === cases[1] ? 'guardian' : 'victim',
        ...(caseId === cases[1] ? { guardianRelationship: 'parent', guardianPersonId } : {}),
        wordingVersion: 'v1',
        wordingLocale: 'id',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const body = {
      reportNumber: 'LP/B/123/VI/2026/SPKT/POLDA NTT',
      policeUnit: 'Subdit IV Renakta Ditreskrimum Polda NTT',
      reportedOn: dateIn(-30),
      law: 'ptppo',
      exploitationType: 'ForcedLabour',
      victims: [
        { caseId: cases[0], role: 'reporter_witness', accompaniedBy: 'Pendamping UPTD PPA' },
        { caseId: cases[1], role: 'witness' },
      ],
      suspects: [
        {
          person: { sex: 'Masculine', identity: { fullName: 'Perekrut Satu', nik: '5371010101800001' } },
          rolesInProcess: ['RecruiterOrIntermediary'],
        },
      ],
      charges: [{ law: 'uu_21_2007', article: 'Pasal 2 ayat (1)', suspectIndex: 0 }],
    };
    // The third case was never shared with the police: refused like a case that does not exist.
    const refused = await police.post('/api/legal/proceedings', {
      ...body,
      victims: [
        { caseId: cases[2], role: 'witness' },
        { caseId: missingId, role: 'witness' },
      ],
    });
    const errors = fieldMessages(refused);
    expect(errors['victims.0.caseId']?.code).toBe('case_not_shared');
    expect(errors['victims.1.caseId']?.code).toBe('case_not_shared');

    const shared = await police.get('/api/legal/shared-cases');
    expect(shared.statusCode, shared.body).toBe(200);
    expect(
      shared
        .json()
        .items.map((i: { caseId: string }) => i.caseId)
        .sort(),
    ).toEqual(cases.slice(0, 2).sort());
    expect((await cw.get('/api/legal/shared-cases')).statusCode).toBe(403);
    const res = await police.post('/api/legal/proceedings', body);
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    proceedingId = p.id;
    expect(p.stage).toBe('report');
    expect(p.victims.map((v: { caseId: string }) => v.caseId)).toEqual(cases.slice(0, 2));
    expect(p.victims[1].isChild).toBe(true);
    expect(p.victims[0].accompaniedBy).toBe('Pendamping UPTD PPA');
    expect(p.parties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'police', agency: expect.objectContaining({ id: policeAgency }) }),
        expect.objectContaining({ role: 'victim_service' }),
      ]),
    );
    expect(p.defendants).toHaveLength(1);
    expect(p.defendants[0].rolesInProcess).toEqual(['RecruiterOrIntermediary']);
    defendantId = p.defendants[0].id;
    suspectPersonId = p.defendants[0].personId;
    // Identity lives in the vault: never in the proceeding, readable only by an audited reveal.
    expect(res.body).not.toContain('Perekrut Satu');
    expect(res.body).not.toContain('5371010101800001');
    const reveal = await police.post(`/api/persons/${suspectPersonId}/identity/reveal`, {
      purpose: 'Pemanggilan tersangka untuk pemeriksaan',
      fields: ['fullName'],
    });
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(reveal.json().fullName).toBe('Perekrut Satu');
    const stored = await sql<{
      n: number;
    }>`select count(*) as n from audit_events where action = 'persons.identity.reveal' and entity_id = ${suspectPersonId}`.execute(
      h().services.database.db,
    );
    expect(Number(stored.rows[0]!.n)).toBe(1);
    expect(await timelineKinds(cw, cases[0]!)).toContain('legal.proceeding_opened');
  });

  it("another agency's legal liaison gets the same 404 as for a missing proceeding; the case worker sees it", async () => {
    const missing = await outsider.get(`/api/legal/proceedings/${missingId}`);
    const forbidden = await outsider.get(`/api/legal/proceedings/${proceedingId}`);
    expect(missing.statusCode).toBe(404);
    expect(forbidden.statusCode).toBe(404);
    expect(forbidden.body).toBe(missing.body);
    expect((await outsider.get('/api/legal/proceedings')).json().items).toEqual([]);
    expect((await outsider.get(`/api/cases/${cases[0]}/legal`)).statusCode).toBe(404);
    const hearing = await outsider.post(`/api/legal/proceedings/${proceedingId}/hearings`, {
      heldOn: dateIn(-1),
      court: 'PN Kupang',
    });
    expect(hearing.statusCode).toBe(404);
    expect(hearing.body).toBe(missing.body);
    // The victim's case worker sees the proceeding through her case (not as a party with legal powers).
    const seen = await cw.get(`/api/legal/proceedings/${proceedingId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().abilities).toEqual({ manage: false, recordRestitution: true, inform: true });
    expect((await police.get('/api/legal/proceedings')).json().items.map((i: { id: string }) => i.id)).toContain(
      proceedingId,
    );
  });

  it('stages advance from the stage the caller saw (the loser gets 409); the prosecutor joins as a party', async () => {
    const advance = (client: Client, from: string, to: string, on = dateIn(-20)) =>
      client.post(`/api/legal/proceedings/${proceedingId}/stage`, { from, to, on });
    expect((await advance(police, 'report', 'prosecution')).json().errors[0].code).toBe('stage_not_allowed');
    expect((await advance(police, 'report', 'investigation')).statusCode).toBe(200);
    const loser = await advance(police, 'report', 'investigation');
    expect(loser.statusCode).toBe(409);
    expect(loser.json().code).toBe('stage_changed');
    expect((await advance(police, 'investigation', 'file_complete', dateIn(-15))).statusCode).toBe(200);
    // Not yet a party: the prosecutor cannot see it.
    expect((await prosecutor.get(`/api/legal/proceedings/${proceedingId}`)).statusCode).toBe(404);
    const current = (await police.get(`/api/legal/proceedings/${proceedingId}`)).json();
    const updated = await police.patch(`/api/legal/proceedings/${proceedingId}`, {
      version: current.version,
      courtName: 'Pengadilan Negeri Kupang',
      addParties: [
        { agencyId: prosecutorAgency, role: 'prosecutor' },
        { agencyId: lpskAgency, role: 'lpsk' },
      ],
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const stale = await police.patch(`/api/legal/proceedings/${proceedingId}`, {
      version: current.version,
      courtName: 'PN lain',
    });
    expect(stale.statusCode).toBe(409);
    expect((await advance(prosecutor, 'file_complete', 'prosecution', dateIn(-10))).statusCode).toBe(200);
    const p = (await prosecutor.get(`/api/legal/proceedings/${proceedingId}`)).json();
    expect(p.stage).toBe('prosecution');
    expect(p.defendants[0].status).toBe('defendant');
    expect(p.stageHistory.map((s: { stage: string }) => s.stage)).toEqual([
      'report',
      'investigation',
      'file_complete',
      'prosecution',
    ]);
  });

  it('a child victim never testifies in person in open court (Art. 38–40), in both languages', async () => {
    const body = { heldOn: dateIn(-5), court: 'PN Kupang', caseId: cases[1], testimonyMode: 'in_person' };
    const id = fieldMessages(await prosecutor.post(`/api/legal/proceedings/${proceedingId}/hearings`, body));
    expect(id.testimonyMode?.code).toBe('child_testimony_mode');
    expect(id.testimonyMode?.message).toContain('Pasal 38–40');
    await speak(prosecutor, 'en');
    const en = fieldMessages(await prosecutor.post(`/api/legal/proceedings/${proceedingId}/hearings`, body));
    expect(en.testimonyMode?.message).toContain('Art. 38–40');
    await speak(prosecutor, 'id');
    const ok = await prosecutor.post(`/api/legal/proceedings/${proceedingId}/hearings`, {
      ...body,
      testimonyMode: 'audio_visual',
      accompaniedBy: 'Pekerja sosial UPTD PPA',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().hearings[0]).toMatchObject({
      testimonyMode: 'audio_visual',
      accompaniedBy: 'Pekerja sosial UPTD PPA',
    });
  });

  it('the case worker files a claim; a verdict before the report is refused in id and en; the verdict orders restitution', async () => {
    const claim = await cw.post(`/api/legal/proceedings/${proceedingId}/claims`, {
      caseId: cases[0],
      filedOn: dateIn(-8),
      components: [
        { kind: 'lost_income_property', amount: 6_000_000 },
        { kind: 'suffering', amount: 3_000_000 },
        { kind: 'medical_psychological', amount: 1_000_000 },
      ],
    });
    expect(claim.statusCode, claim.body).toBe(201);
    const c = claim.json().claims[0];
    claimId = c.id;
    expect(c).toMatchObject({ claimedAmount: 10_000_000, status: 'claimed', chain: 'ptppo', steps: [] });
    // LPSK (a party now) assesses the claim.
    const assessed = await lpsk.post(`/api/restitution/claims/${claimId}/assessment`, {
      assessedOn: dateIn(-6),
      amount: 9_000_000,
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json().claims[0].lpskAssessedAmount).toBe(9_000_000);

    const verdict = {
      defendantId,
      instance: 'first_instance',
      decidedOn: dateIn(-40),
      outcome: 'convicted',
      sentenceMonths: 60,
      fineAmount: 120_000_000,
      restitutionOrdered: true,
      restitutionAmount: 9_000_000,
      finalOn: dateIn(0),
    };
    const id = fieldMessages(await prosecutor.post(`/api/legal/proceedings/${proceedingId}/verdicts`, verdict));
    expect(id.decidedOn).toEqual({
      code: 'verdict_before_report',
      message: 'Tanggal putusan sebelum tanggal laporan polisi.',
    });
    await speak(prosecutor, 'en');
    const en = fieldMessages(await prosecutor.post(`/api/legal/proceedings/${proceedingId}/verdicts`, verdict));
    expect(en.decidedOn?.message).toBe('The verdict date is before the police report.');
    await speak(prosecutor, 'id');
    // The case worker may not record verdicts.
    expect(
      (await cw.post(`/api/legal/proceedings/${proceedingId}/verdicts`, { ...verdict, decidedOn: dateIn(-2) }))
        .statusCode,
    ).toBe(403);

    const res = await prosecutor.post(`/api/legal/proceedings/${proceedingId}/verdicts`, {
      ...verdict,
      decidedOn: dateIn(-2),
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.stage).toBe('final');
    expect(p.open).toBe(false);
    expect(p.defendants[0].status).toBe('convicted');
    const ordered = p.claims[0];
    expect(ordered).toMatchObject({ status: 'ordered', orderedAmount: 9_000_000, outstandingAmount: 9_000_000 });
    // The chain as data: the notice of the final verdict taken as given on the final date, payment due 14 days later.
    expect(ordered.steps.map((s: { step: string; status: string }) => [s.step, s.status])).toEqual([
      ['final_verdict_notice', 'done'],
      ['payment_due', 'pending'],
    ]);
    expect(ordered.next.step).toBe('payment_due');
    expect(ordered.next.dueAt).toBe(new Date(Date.parse(`${dateIn(14)}T00:00:00+07:00`) + DAY).toISOString());
    expect(ordered.offered).toEqual([]);
  });

  it('a payment above the amount is refused with a field error in both languages and changes nothing', async () => {
    const body = { paidOn: dateIn(0), amount: 9_500_000, evidence: 'Slip setoran PN Kupang 0001' };
    const id = fieldMessages(await cw.post(`/api/restitution/claims/${claimId}/payments`, body));
    expect(id.amount).toEqual({
      code: 'payment_above_outstanding',
      message: 'Pembayaran melebihi sisa restitusi (Rp 9000000).',
    });
    await speak(cw, 'en');
    const en = fieldMessages(await cw.post(`/api/restitution/claims/${claimId}/payments`, body));
    expect(en.amount?.message).toBe('The payment is more than the restitution outstanding (Rp 9000000).');
    await speak(cw, 'id');
    const future = fieldMessages(
      await cw.post(`/api/restitution/claims/${claimId}/payments`, { ...body, amount: 1, paidOn: dateIn(3) }),
    );
    expect(future.paidOn?.code).toBe('in_future');
    const p = (await cw.get(`/api/legal/proceedings/${proceedingId}`)).json();
    expect(p.claims[0].paidAmount).toBe(0);
    expect(p.claims[0].payments).toEqual([]);
  });

  it('15 days on without payment: alert, the victim notice offered and recorded; a partial then a full payment close the chain', async () => {
    h().clock.advance(13 * DAY);
    await checkLegalDue(h().operator());
    await relogin();
    expect(await alertsOf(cw, 'restitution_unpaid')).toEqual([]);
    h().clock.advance(2 * DAY);
    expect(await checkLegalDue(h().operator())).toBeGreaterThanOrEqual(1);
    await relogin();
    // A second run alerts nobody again.
    await checkLegalDue(h().operator());
    const alerts = await alertsOf(cw, 'restitution_unpaid');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      entityType: 'legal_proceeding',
      entityId: proceedingId,
      params: expect.objectContaining({ claimId, step: 'payment_due', next: 'victim_notice_to_court' }),
    });
    expect(await alertsOf(prosecutor, 'restitution_unpaid')).toHaveLength(1);
    expect(await alertsOf(outsider, 'restitution_unpaid')).toHaveLength(0);

    let c = (await cw.get(`/api/legal/proceedings/${proceedingId}`)).json().claims[0];
    expect(c.status).toBe('defaulted');
    expect(c.offered).toEqual(['victim_notice_to_court']);
    expect(c.steps[1]).toMatchObject({ step: 'payment_due', status: 'missed' });
    const due = (await prosecutor.get('/api/restitution/due')).json().items;
    expect(due).toEqual([
      expect.objectContaining({ kind: 'restitution_step', claimId, step: 'victim_notice_to_court', overdue: true }),
    ]);
    expect((await outsider.get('/api/restitution/due')).json().items).toEqual([]);
    // The victim's service agency sees the step through her case (one batched access check per page): her team
    // and her agency's supervisor do; a case worker of the same agency who is not on her team does not (`own`).
    const stepsOf = async (client: Client) =>
      ((await client.get('/api/restitution/due')).json().items as { kind: string; claimId: string }[]).filter(
        (i) => i.kind === 'restitution_step',
      );
    expect(await stepsOf(cw)).toEqual([expect.objectContaining({ claimId, step: 'victim_notice_to_court' })]);
    // From another address: the login throttle counts per user and address.
    const supervisor = await h().login('supervisor.ntt', undefined, '10.13.0.1');
    expect(await stepsOf(supervisor)).toEqual([expect.objectContaining({ claimId })]);
    const notOnTeam = await h().provision(
      'caseworker.noteam',
      'UPTD PPA Provinsi Nusa Tenggara Timur',
      ['case_worker'],
      '10.13.0.2',
    );
    expect(await stepsOf(notOnTeam)).toEqual([]);
    const uptd = await agencyId(cw, 'UPTD PPA Provinsi Nusa Tenggara Timur');
    const everyone = await dueBothWays([policeAgency, prosecutorAgency, lpskAgency, uptd]);
    expect(everyone.filter((r) => r.kind === 'restitution_step' && r.claim_id === claimId)).not.toEqual([]);

    // Only the offered step can be recorded.
    const wrong = fieldMessages(
      await cw.post(`/api/restitution/claims/${claimId}/steps`, { step: 'seizure_auction', occurredOn: dateIn(0) }),
    );
    expect(wrong.step?.code).toBe('step_not_offered');
    const notice = await cw.post(`/api/restitution/claims/${claimId}/steps`, {
      step: 'victim_notice_to_court',
      occurredOn: dateIn(0),
      note: 'Surat pemberitahuan korban diterima PN Kupang',
    });
    expect(notice.statusCode, notice.body).toBe(201);
    c = notice.json().claims[0];
    // The action the alert asked for is done: resolved for the case worker and the prosecutor alike.
    expect((await alertsOf(cw, 'restitution_unpaid'))[0]?.resolvedAt).toBeTruthy();
    expect((await alertsOf(prosecutor, 'restitution_unpaid'))[0]?.resolvedAt).toBeTruthy();
    expect(c.next).toMatchObject({ step: 'court_warning', dueAt: null });
    expect(c.offered).toEqual(['court_warning']);
    const kinds = await timelineKinds(cw, cases[0]!);
    expect(kinds).toEqual(expect.arrayContaining(['legal.restitution_unpaid', 'legal.restitution_step']));

    const partial = await cw.post(`/api/restitution/claims/${claimId}/payments`, {
      paidOn: dateIn(0),
      amount: 4_000_000,
      evidence: 'Kuitansi 17/PN.Kpg',
    });
    expect(partial.statusCode, partial.body).toBe(201);
    c = partial.json().claims[0];
    expect(c).toMatchObject({ paidAmount: 4_000_000, outstandingAmount: 5_000_000, status: 'defaulted' });
    const full = await cw.post(`/api/restitution/claims/${claimId}/payments`, {
      paidOn: dateIn(0),
      amount: 5_000_000,
      evidence: 'Kuitansi 18/PN.Kpg',
    });
    expect(full.statusCode, full.body).toBe(201);
    c = full.json().claims[0];
    expect(c).toMatchObject({ paidAmount: 9_000_000, outstandingAmount: 0, status: 'paid', next: null, offered: [] });
    expect(c.steps.at(-1)).toMatchObject({ step: 'court_warning', status: 'met' });
    expect((await prosecutor.get('/api/restitution/due')).json().items).toEqual([]);
    const again = await cw.post(`/api/restitution/claims/${claimId}/payments`, {
      paidOn: dateIn(0),
      amount: 1,
      evidence: 'x',
    });
    expect(again.statusCode).toBe(409);
  });

  it('an LPSK officer grants the protection the case worker requested; outsiders see nothing of it', async () => {
    const req = await cw.post('/api/protection/measures', {
      caseId: cases[1],
      proceedingId,
      type: 'lpsk_physical',
      agencyId: lpskAgency,
      threatLevel: 'high',
      threatAssessment: 'Keluarga perekrut mendatangi rumah korban',
      childChecklist: ['closed_hearing', 'no_face_to_face_with_defendant'],
    });
    expect(req.statusCode, req.body).toBe(201);
    const m = req.json();
    expect(m).toMatchObject({ status: 'requested', type: 'lpsk_physical', respondBy: null });
    expect(await alertsOf(lpsk, 'protection_requested')).toHaveLength(1);
    const mine = (await lpsk.get('/api/protection/measures')).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(m.id);
    // The case worker cannot grant; the outsider cannot even see it.
    expect(
      (await cw.patch(`/api/protection/measures/${m.id}`, { version: 1, status: 'granted', grantedOn: dateIn(0) }))
        .statusCode,
    ).toBe(403);
    const missing = await outsider.get(`/api/protection/measures/${missingId}`);
    const hidden = await outsider.get(`/api/protection/measures/${m.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    const early = fieldMessages(
      await lpsk.patch(`/api/protection/measures/${m.id}`, { version: 1, status: 'granted', grantedOn: dateIn(-3) }),
    );
    expect(early.grantedOn?.code).toBe('before_request');
    const granted = await lpsk.patch(`/api/protection/measures/${m.id}`, {
      version: 1,
      status: 'granted',
      grantedOn: dateIn(0),
      reviewOn: dateIn(30),
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ status: 'granted', grantedOn: dateIn(0), reviewOn: dateIn(30), version: 2 });
    expect(
      (await lpsk.patch(`/api/protection/measures/${m.id}`, { version: 1, reviewOn: dateIn(40) })).statusCode,
    ).toBe(409);
    expect(await timelineKinds(cw, cases[1]!)).toEqual(
      expect.arrayContaining(['legal.protection_requested', 'legal.protection_granted']),
    );
    // TPKS temporary protection by the police must be answered within 1×24 hours: alerted after that.
    const tpks = await cw.post('/api/protection/measures', {
      caseId: cases[0],
      type: 'tpks_temporary',
      agencyId: policeAgency,
      threatLevel: 'severe',
    });
    expect(tpks.statusCode, tpks.body).toBe(201);
    expect(Math.abs(Date.parse(tpks.json().respondBy) - h().clock.now().getTime() - DAY)).toBeLessThan(5_000);
    h().clock.advance(DAY + 60_000);
    await checkLegalDue(h().operator());
    await relogin();
    expect(await alertsOf(police, 'protection_response_overdue')).toHaveLength(1);
    // The provider and the victims' service agency find the same measures either way.
    const uptd = await agencyId(cw, 'UPTD PPA Provinsi Nusa Tenggara Timur');
    const due = await dueBothWays([lpskAgency, policeAgency, uptd, prosecutorAgency]);
    expect(new Set(due.map((r) => r.kind))).toEqual(new Set(['protection_review', 'protection_response']));
  });

  it('legal data reaches a referral recipient only while a consent covers it; withdrawal hides it at once', async () => {
    const shelter = await h().login('provider.shelter');
    const shelterAgency = await agencyId(cw, 'Rumah Aman Kupang');
    const missing = await shelter.get(`/api/cases/${missingId}/legal`);
    expect((await shelter.get(`/api/cases/${cases[1]}/legal`)).body).toBe(missing.body);
    const consent = await cw.post(`/api/cases/${cases[1]}/consents`, {
      purpose: 'referral',
      recipientAgencyId: shelterAgency,
      serviceTypes: ['shelter'],
      fieldGroups: ['age_band', 'legal'],
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId,
      wordingVersion: 'v1',
      wordingLocale: 'id',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const shared = await shelter.get(`/api/cases/${cases[1]}/legal`);
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json().proceedings.map((p: { id: string }) => p.id)).toEqual([proceedingId]);
    expect(shared.json().measures).toHaveLength(1);
    const view = (await shelter.get(`/api/legal/proceedings/${proceedingId}`)).json();
    // Only her victim: the other victim is counted, never shown; no claim of the other victim.
    expect(view.victims.map((v: { caseId: string }) => v.caseId)).toEqual([cases[1]]);
    expect(view.otherVictims).toBe(1);
    expect(view.claims).toEqual([]);
    expect(view.abilities).toEqual({ manage: false, recordRestitution: false, inform: false });

    const withdrawn = await cw.post(`/api/consents/${consent.json().id}/withdraw`, { reason: 'Korban menarik izin' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const after = await shelter.get(`/api/cases/${cases[1]}/legal`);
    expect(after.statusCode).toBe(404);
    expect(after.body).toBe(missing.body);
    const gone = await shelter.get(`/api/legal/proceedings/${proceedingId}`);
    expect(gone.statusCode).toBe(404);
  });

  it('the victim informed (Art. 36): logged with who told her; silence past the configured days alerts her case team', async () => {
    const bad = fieldMessages(
      await cw.post(`/api/legal/proceedings/${proceedingId}/informed`, {
        caseId: cases[2],
        informedAt: h().clock.now().toISOString(),
        channel: 'phone',
        topics: ['verdict'],
        summary: 'x',
      }),
    );
    expect(bad.caseId?.code).toBe('not_a_victim');
    const res = await cw.post(`/api/legal/proceedings/${proceedingId}/informed`, {
      caseId: cases[0],
      informedAt: h().clock.now().toISOString(),
      channel: 'in_person',
      topics: ['verdict', 'restitution'],
      summary: 'Korban diberi tahu putusan dan pembayaran restitusi lunas',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items[0]).toMatchObject({
      caseId: cases[0],
      channel: 'in_person',
      informedBy: 'Yohana Manajer Kasus',
      summary: 'Korban diberi tahu putusan dan pembayaran restitusi lunas',
    });
    // The proceeding is final (closed): no alert about it. Open a second one and let 31 days pass.
    const second = await police.post('/api/legal/proceedings', {
      reportNumber: 'LP/B/200/VII/2026',
      policeUnit: 'Unit PPA Polres Kupang',
      reportedOn: dateIn(-1),
      law: 'tpks',
      exploitationType: 'SexualExploitation',
      victims: [{ caseId: cases[0], role: 'witness' }],
    });
    expect(second.statusCode, second.body).toBe(201);
    h().clock.advance(31 * DAY);
    await checkLegalDue(h().operator());
    await relogin();
    const alerts = await alertsOf(cw, 'victim_not_informed');
    expect(alerts.map((a) => a.entityId)).toEqual([second.json().id]);
    await checkLegalDue(h().operator());
    expect(await alertsOf(cw, 'victim_not_informed')).toHaveLength(1);
  });

  it('figures for evaluation are facts with definitions; an open proceeding holds its suspect against erasure', async () => {
    const supervisor = await h().login('supervisor.ntt');
    const from = dateIn(-400);
    const to = dateIn(1);
    const res = await supervisor.get(`/api/legal/figures?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const facts = Object.fromEntries(
      (res.json().facts as { key: string; value: number; breakdown?: unknown }[]).map((f) => [f.key, f]),
    );
    expect(facts.investigations?.value).toBe(2);
    expect(facts.prosecutions?.value).toBe(1);
    expect(facts.convictions).toMatchObject({
      value: 1,
      breakdown: [{ dimensions: { sex: 'Masculine', exploitationType: 'ForcedLabour' }, value: 1 }],
    });
    expect(facts.restitution_ordered_amount?.value).toBe(9_000_000);
    expect(facts.restitution_paid_share?.value).toBe(1);
    expect(facts.days_report_to_verdict_median?.value).toBe(28);
    // A task-force analyst (aggregates only) never sees a count below the small-cell threshold.
    const analyst = await h().login('analyst.national');
    const national = (await analyst.get(`/api/legal/figures?from=${from}&to=${to}`)).json().facts as {
      key: string;
      value: number | null;
      breakdown?: unknown[];
    }[];
    expect(national.find((f) => f.key === 'convictions')).toMatchObject({ value: null, breakdown: [] });
    expect(national.find((f) => f.key === 'restitution_ordered_amount')?.value).toBe(9_000_000);
    expect((await cw.get(`/api/legal/figures?from=${from}&to=${to}`)).statusCode).toBe(403);
    // The first proceeding is final: its suspect is no longer held by it.
    expect(await legalHoldsPerson(h().operator(), suspectPersonId)).toBeNull();
  });
});
