import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import {
  alertsOf,
  atProsecution,
  DAY,
  dateIn,
  dueBothWays,
  fieldMessages,
  fieldMessagesInBoth,
  legalActors,
  restitutionOrdered,
  timelineKinds,
  verdictBody,
} from '../../../test/support/legal.js';
import { provisionOnce } from '../../../test/support/provision.js';
import { checkLegalDue } from './legal.jobs.js';

type DueItem = { kind: string; caseId: string; claimId: string | null; step: string | null; overdue: boolean };

describeEachDatabase('legal: the restitution chain', (h) => {
  it('the case worker files a claim; a verdict before the report is refused in id and en; the verdict orders restitution', async () => {
    const a = await legalActors(h());
    const p = await atProsecution(h(), a);
    const { cw, lpsk, prosecutor } = a;
    const { proceedingId } = p;
    const claim = await cw.post(`/api/legal/proceedings/${proceedingId}/claims`, {
      caseId: p.cases[0],
      filedOn: dateIn(h(), -8),
      components: [
        { kind: 'lost_income_property', amount: 6_000_000 },
        { kind: 'suffering', amount: 3_000_000 },
        { kind: 'medical_psychological', amount: 1_000_000 },
      ],
    });
    expect(claim.statusCode, claim.body).toBe(201);
    const c = claim.json().claims[0];
    const claimId = c.id;
    expect(c).toMatchObject({ claimedAmount: 10_000_000, status: 'claimed', chain: 'ptppo', steps: [] });
    // LPSK (a party now) assesses the claim.
    const assessed = await lpsk.post(`/api/restitution/claims/${claimId}/assessment`, {
      assessedOn: dateIn(h(), -6),
      amount: 9_000_000,
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json().claims[0].lpskAssessedAmount).toBe(9_000_000);

    const verdict = verdictBody(h(), p, -40);
    const { id, en } = await fieldMessagesInBoth(prosecutor, () =>
      prosecutor.post(`/api/legal/proceedings/${proceedingId}/verdicts`, verdict),
    );
    expect(id.decidedOn).toEqual({
      code: 'verdict_before_report',
      message: 'Tanggal putusan sebelum tanggal laporan polisi.',
    });
    expect(en.decidedOn?.message).toBe('The verdict date is before the police report.');
    // The case worker may not record verdicts.
    expect((await cw.post(`/api/legal/proceedings/${proceedingId}/verdicts`, verdictBody(h(), p))).statusCode).toBe(
      403,
    );

    const res = await prosecutor.post(`/api/legal/proceedings/${proceedingId}/verdicts`, verdictBody(h(), p));
    expect(res.statusCode, res.body).toBe(201);
    const decided = res.json();
    expect(decided.stage).toBe('final');
    expect(decided.open).toBe(false);
    expect(decided.defendants[0].status).toBe('convicted');
    const ordered = decided.claims[0];
    expect(ordered).toMatchObject({ status: 'ordered', orderedAmount: 9_000_000, outstandingAmount: 9_000_000 });
    // The chain as data: the notice of the final verdict taken as given on the final date, payment due 14 days later.
    expect(ordered.steps.map((s: { step: string; status: string }) => [s.step, s.status])).toEqual([
      ['final_verdict_notice', 'done'],
      ['payment_due', 'pending'],
    ]);
    expect(ordered.next.step).toBe('payment_due');
    expect(ordered.next.dueAt).toBe(new Date(Date.parse(`${dateIn(h(), 14)}T00:00:00+07:00`) + DAY).toISOString());
    expect(ordered.offered).toEqual([]);
  });

  it('a payment above the amount is refused with a field error in both languages and changes nothing', async () => {
    const a = await legalActors(h());
    const { proceedingId, claimId } = await restitutionOrdered(h(), a);
    const { cw } = a;
    const body = { paidOn: dateIn(h(), 0), amount: 9_500_000, evidence: 'Slip setoran PN Kupang 0001' };
    const { id, en } = await fieldMessagesInBoth(cw, () =>
      cw.post(`/api/restitution/claims/${claimId}/payments`, body),
    );
    expect(id.amount).toEqual({
      code: 'payment_above_outstanding',
      message: 'Pembayaran melebihi sisa restitusi (Rp 9000000).',
    });
    expect(en.amount?.message).toBe('The payment is more than the restitution outstanding (Rp 9000000).');
    const future = fieldMessages(
      await cw.post(`/api/restitution/claims/${claimId}/payments`, { ...body, amount: 1, paidOn: dateIn(h(), 3) }),
    );
    expect(future.paidOn?.code).toBe('in_future');
    const p = (await cw.get(`/api/legal/proceedings/${proceedingId}`)).json();
    expect(p.claims[0].paidAmount).toBe(0);
    expect(p.claims[0].payments).toEqual([]);
  });

  it('15 days on without payment: alert, the victim notice offered and recorded; a partial then a full payment close the chain', async () => {
    let a = await legalActors(h());
    const { proceedingId, claimId, cases } = await restitutionOrdered(h(), a);
    h().clock.advance(13 * DAY);
    await checkLegalDue(h().operator());
    a = await legalActors(h());
    expect(await alertsOf(a.cw, 'restitution_unpaid', proceedingId)).toEqual([]);
    h().clock.advance(2 * DAY);
    expect(await checkLegalDue(h().operator())).toBeGreaterThanOrEqual(1);
    a = await legalActors(h());
    const { cw, prosecutor, outsider } = a;
    // A second run alerts nobody again.
    await checkLegalDue(h().operator());
    const alerts = await alertsOf(cw, 'restitution_unpaid', proceedingId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      entityType: 'legal_proceeding',
      entityId: proceedingId,
      params: expect.objectContaining({ claimId, step: 'payment_due', next: 'victim_notice_to_court' }),
    });
    expect(await alertsOf(prosecutor, 'restitution_unpaid', proceedingId)).toHaveLength(1);
    expect(await alertsOf(outsider, 'restitution_unpaid', proceedingId)).toHaveLength(0);

    let c = (await cw.get(`/api/legal/proceedings/${proceedingId}`)).json().claims[0];
    expect(c.status).toBe('defaulted');
    expect(c.offered).toEqual(['victim_notice_to_court']);
    expect(c.steps[1]).toMatchObject({ step: 'payment_due', status: 'missed' });
    // This proceeding's items on a due list (other tests' proceedings have theirs).
    const dueOf = async (client: Client) =>
      ((await client.get('/api/restitution/due?limit=100')).json().items as DueItem[]).filter((i) =>
        cases.includes(i.caseId),
      );
    expect(await dueOf(prosecutor)).toEqual([
      expect.objectContaining({ kind: 'restitution_step', claimId, step: 'victim_notice_to_court', overdue: true }),
    ]);
    expect((await outsider.get('/api/restitution/due')).json().items).toEqual([]);
    // The victim's service agency sees the step through her case (one batched access check per page): her team
    // and her agency's supervisor do; a case worker of the same agency who is not on her team does not (`own`).
    const stepsOf = async (client: Client) => (await dueOf(client)).filter((i) => i.kind === 'restitution_step');
    expect(await stepsOf(cw)).toEqual([expect.objectContaining({ claimId, step: 'victim_notice_to_court' })]);
    // From another address: the login throttle counts per user and address.
    const supervisor = await h().login('supervisor.ntt', undefined, '10.13.0.1');
    expect(await stepsOf(supervisor)).toEqual([expect.objectContaining({ claimId })]);
    const notOnTeam = await provisionOnce(
      h(),
      'caseworker.noteam',
      'UPTD PPA Provinsi Nusa Tenggara Timur',
      ['case_worker'],
      '10.13.0.2',
    );
    // She is on no team at all: nothing of anyone's restitution is hers to see.
    expect(
      ((await notOnTeam.get('/api/restitution/due?limit=100')).json().items as DueItem[]).filter(
        (i) => i.kind === 'restitution_step',
      ),
    ).toEqual([]);
    const everyone = await dueBothWays(h(), [a.policeAgency, a.prosecutorAgency, a.lpskAgency, a.uptdAgency]);
    expect(everyone.filter((r) => r.kind === 'restitution_step' && r.claim_id === claimId)).not.toEqual([]);

    // Only the offered step can be recorded.
    const wrong = fieldMessages(
      await cw.post(`/api/restitution/claims/${claimId}/steps`, {
        step: 'seizure_auction',
        occurredOn: dateIn(h(), 0),
      }),
    );
    expect(wrong.step?.code).toBe('step_not_offered');
    const notice = await cw.post(`/api/restitution/claims/${claimId}/steps`, {
      step: 'victim_notice_to_court',
      occurredOn: dateIn(h(), 0),
      note: 'Surat pemberitahuan korban diterima PN Kupang',
    });
    expect(notice.statusCode, notice.body).toBe(201);
    c = notice.json().claims[0];
    // The action the alert asked for is done: resolved for the case worker and the prosecutor alike.
    expect((await alertsOf(cw, 'restitution_unpaid', proceedingId))[0]?.resolvedAt).toBeTruthy();
    expect((await alertsOf(prosecutor, 'restitution_unpaid', proceedingId))[0]?.resolvedAt).toBeTruthy();
    expect(c.next).toMatchObject({ step: 'court_warning', dueAt: null });
    expect(c.offered).toEqual(['court_warning']);
    const kinds = await timelineKinds(cw, cases[0]);
    expect(kinds).toEqual(expect.arrayContaining(['legal.restitution_unpaid', 'legal.restitution_step']));

    const partial = await cw.post(`/api/restitution/claims/${claimId}/payments`, {
      paidOn: dateIn(h(), 0),
      amount: 4_000_000,
      evidence: 'Kuitansi 17/PN.Kpg',
    });
    expect(partial.statusCode, partial.body).toBe(201);
    c = partial.json().claims[0];
    expect(c).toMatchObject({ paidAmount: 4_000_000, outstandingAmount: 5_000_000, status: 'defaulted' });
    const full = await cw.post(`/api/restitution/claims/${claimId}/payments`, {
      paidOn: dateIn(h(), 0),
      amount: 5_000_000,
      evidence: 'Kuitansi 18/PN.Kpg',
    });
    expect(full.statusCode, full.body).toBe(201);
    c = full.json().claims[0];
    expect(c).toMatchObject({ paidAmount: 9_000_000, outstandingAmount: 0, status: 'paid', next: null, offered: [] });
    expect(c.steps.at(-1)).toMatchObject({ step: 'court_warning', status: 'met' });
    expect(await dueOf(prosecutor)).toEqual([]);
    const again = await cw.post(`/api/restitution/claims/${claimId}/payments`, {
      paidOn: dateIn(h(), 0),
      amount: 1,
      evidence: 'x',
    });
    expect(again.statusCode).toBe(409);
  });
});
