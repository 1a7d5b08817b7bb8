import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import {
  alertsOf,
  atProsecution,
  DAY,
  dateIn,
  dueBothWays,
  fieldMessages,
  legalActors,
  missingId,
  restitutionOrdered,
  timelineKinds,
} from '../../../test/support/legal.js';
import { legalHoldsPerson } from './index.js';
import { checkLegalDue } from './legal.jobs.js';

describeEachDatabase('legal: protection, the victim informed and the figures', (h) => {
  it('an LPSK officer grants the protection the case worker requested; outsiders see nothing of it', async () => {
    let a = await legalActors(h());
    const { proceedingId, cases } = await atProsecution(h(), a);
    const { cw, lpsk, outsider } = a;
    const req = await cw.post('/api/protection/measures', {
      caseId: cases[1],
      proceedingId,
      type: 'lpsk_physical',
      agencyId: a.lpskAgency,
      threatLevel: 'high',
      threatAssessment: 'Keluarga perekrut mendatangi rumah korban',
      childChecklist: ['closed_hearing', 'no_face_to_face_with_defendant'],
    });
    expect(req.statusCode, req.body).toBe(201);
    const m = req.json();
    expect(m).toMatchObject({ status: 'requested', type: 'lpsk_physical', respondBy: null });
    expect(await alertsOf(lpsk, 'protection_requested', m.id)).toHaveLength(1);
    const mine = (await lpsk.get('/api/protection/measures?limit=100')).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(m.id);
    // The case worker cannot grant; the outsider cannot even see it.
    expect(
      (
        await cw.patch(`/api/protection/measures/${m.id}`, {
          version: 1,
          status: 'granted',
          grantedOn: dateIn(h(), 0),
        })
      ).statusCode,
    ).toBe(403);
    const missing = await outsider.get(`/api/protection/measures/${missingId}`);
    const hidden = await outsider.get(`/api/protection/measures/${m.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    const early = fieldMessages(
      await lpsk.patch(`/api/protection/measures/${m.id}`, {
        version: 1,
        status: 'granted',
        grantedOn: dateIn(h(), -3),
      }),
    );
    expect(early.grantedOn?.code).toBe('before_request');
    const granted = await lpsk.patch(`/api/protection/measures/${m.id}`, {
      version: 1,
      status: 'granted',
      grantedOn: dateIn(h(), 0),
      reviewOn: dateIn(h(), 30),
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({
      status: 'granted',
      grantedOn: dateIn(h(), 0),
      reviewOn: dateIn(h(), 30),
      version: 2,
    });
    expect(
      (await lpsk.patch(`/api/protection/measures/${m.id}`, { version: 1, reviewOn: dateIn(h(), 40) })).statusCode,
    ).toBe(409);
    expect(await timelineKinds(cw, cases[1])).toEqual(
      expect.arrayContaining(['legal.protection_requested', 'legal.protection_granted']),
    );
    // TPKS temporary protection by the police must be answered within 1×24 hours: alerted after that.
    const tpks = await cw.post('/api/protection/measures', {
      caseId: cases[0],
      type: 'tpks_temporary',
      agencyId: a.policeAgency,
      threatLevel: 'severe',
    });
    expect(tpks.statusCode, tpks.body).toBe(201);
    expect(Math.abs(Date.parse(tpks.json().respondBy) - h().clock.now().getTime() - DAY)).toBeLessThan(5_000);
    h().clock.advance(DAY + 60_000);
    await checkLegalDue(h().operator());
    a = await legalActors(h());
    expect(await alertsOf(a.police, 'protection_response_overdue', tpks.json().id)).toHaveLength(1);
    // The provider and the victims' service agency find the same measures either way; of this test's
    // victims, exactly the review of the granted measure and the overdue response are due.
    const due = await dueBothWays(h(), [a.lpskAgency, a.policeAgency, a.uptdAgency, a.prosecutorAgency]);
    const ours = due.filter((r) => (cases as string[]).includes(r.case_id));
    expect(new Set(ours.map((r) => `${r.kind}:${r.id}`))).toEqual(
      new Set([`protection_review:${m.id}`, `protection_response:${tpks.json().id}`]),
    );
  });

  it('the victim informed (Art. 36): logged with who told her; silence past the configured days alerts her case team', async () => {
    let a = await legalActors(h());
    const { proceedingId, cases } = await restitutionOrdered(h(), a);
    const { cw, police } = a;
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
      reportedOn: dateIn(h(), -1),
      law: 'tpks',
      exploitationType: 'SexualExploitation',
      victims: [{ caseId: cases[0], role: 'witness' }],
    });
    expect(second.statusCode, second.body).toBe(201);
    h().clock.advance(31 * DAY);
    await checkLegalDue(h().operator());
    a = await legalActors(h());
    const aboutOurs = async () => [
      ...(await alertsOf(a.cw, 'victim_not_informed', proceedingId)),
      ...(await alertsOf(a.cw, 'victim_not_informed', second.json().id)),
    ];
    expect((await aboutOurs()).map((x) => x.entityId)).toEqual([second.json().id]);
    await checkLegalDue(h().operator());
    expect(await aboutOurs()).toHaveLength(1);
  });

  it('figures for evaluation are facts with definitions; an open proceeding holds its suspect against erasure', async () => {
    // The figures count everything in a period: this test moves a year on and counts only its own period,
    // where it opens two proceedings and takes one to a conviction with restitution paid in full.
    h().clock.advance(365 * DAY);
    const a = await legalActors(h());
    const from = dateIn(h(), -60);
    const to = dateIn(h(), 1);
    const { claimId, suspectPersonId } = await restitutionOrdered(h(), a);
    const paid = await a.cw.post(`/api/restitution/claims/${claimId}/payments`, {
      paidOn: dateIn(h(), 0),
      amount: 9_000_000,
      evidence: 'Kuitansi 19/PN.Kpg',
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const open = await atProsecution(h(), a);
    // The second is open at prosecution (reported 30 days ago): its suspect is held against erasure.
    expect(await legalHoldsPerson(h().operator(), open.suspectPersonId)).not.toBeNull();

    const supervisor = await h().login('supervisor.ntt');
    const res = await supervisor.get(`/api/legal/figures?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const facts = Object.fromEntries(
      (res.json().facts as { key: string; value: number; breakdown?: unknown }[]).map((f) => [f.key, f]),
    );
    expect(facts.investigations?.value).toBe(2);
    expect(facts.prosecutions?.value).toBe(2);
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
    expect((await a.cw.get(`/api/legal/figures?from=${from}&to=${to}`)).statusCode).toBe(403);
    // The first proceeding is final: its suspect is no longer held by it.
    expect(await legalHoldsPerson(h().operator(), suspectPersonId)).toBeNull();
  });
});
