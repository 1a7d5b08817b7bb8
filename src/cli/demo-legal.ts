import type { TAgency } from '../modules/agencies/index.js';
import { type CaseStage, listCases, listRelatives } from '../modules/cases/index.js';
import { createConsent } from '../modules/consent/index.js';
import {
  advanceStage,
  assessClaim,
  checkLegalDue,
  createClaim,
  createHearing,
  createMeasure,
  createProceeding,
  getProceeding,
  type ProceedingStage,
  recordPayment,
  recordStep,
  recordVerdict,
  recordVictimInformed,
  updateMeasure,
  updateProceeding,
} from '../modules/legal/index.js';
import type { Clock } from '../platform/clock.js';
import type { Context } from '../platform/context.js';
import { dateInZone } from '../platform/time.js';
import { DAY, type DemoUser, userContext } from './demo-cases.js';

/** Suspects' names (stored in the vault only) and the roles HTCDS gives them in the process. */
const suspects: { name: string; sex: 'Masculine' | 'Feminine'; roles: string[] }[] = [
  { name: 'Yohanes Bria Tefa', sex: 'Masculine', roles: ['RecruiterOrIntermediary'] },
  { name: 'Maria Goreti Nahak', sex: 'Feminine', roles: ['RecruiterOrIntermediary', 'BrokerTravelAgent'] },
  { name: 'Stefanus Lake', sex: 'Masculine', roles: ['Transporter'] },
  { name: 'Agustinus Neno', sex: 'Masculine', roles: ['HarbouredIndividual', 'Exploiter'] },
  { name: 'Fransiska Seran', sex: 'Feminine', roles: ['RecruiterOrIntermediary'] },
  { name: 'Hendrikus Taolin', sex: 'Masculine', roles: ['SoldIndividual'] },
  { name: 'Benediktus Kase', sex: 'Masculine', roles: ['Exploiter'] },
  { name: 'Yosefina Abi', sex: 'Feminine', roles: ['BrokerTravelAgent'] },
  { name: 'Daniel Nope', sex: 'Masculine', roles: ['RecruiterOrIntermediary', 'Transporter'] },
  { name: 'Kornelis Manu', sex: 'Masculine', roles: ['ControlledIndividual'] },
  { name: 'Paulus Leki', sex: 'Masculine', roles: ['Exploiter'] },
  { name: 'Theresia Bani', sex: 'Feminine', roles: ['RecruiterOrIntermediary'] },
];

const order: ProceedingStage[] = [
  'report',
  'preliminary_investigation',
  'investigation',
  'file_complete',
  'prosecution',
  'first_instance_verdict',
];

/** What each demo proceeding ends as: its stage and, once final, what happened to the restitution. */
const plans: { stage: ProceedingStage; restitution?: 'paid' | 'partly_paid' | 'defaulted' | 'due'; victims: number }[] =
  [
    { stage: 'report', victims: 1 },
    { stage: 'preliminary_investigation', victims: 1 },
    { stage: 'investigation', victims: 2 },
    { stage: 'file_complete', victims: 1 },
    { stage: 'prosecution', victims: 1 },
    { stage: 'first_instance_verdict', victims: 1 },
    { stage: 'appeal', victims: 1 },
    { stage: 'cassation', victims: 1 },
    { stage: 'final', restitution: 'paid', victims: 2 },
    { stage: 'final', restitution: 'partly_paid', victims: 1 },
    { stage: 'final', restitution: 'defaulted', victims: 1 },
    { stage: 'final', restitution: 'due', victims: 1 },
    { stage: 'stopped', victims: 1 },
  ];

/** Which plans a small demo keeps first: the restitution outcomes, then a verdict, SP3 and the early stages. */
const priority = (p: (typeof plans)[number]) =>
  p.restitution ? ['paid', 'defaulted', 'partly_paid', 'due'].indexOf(p.restitution) : p.stage === 'stopped' ? 5 : 6;

/** The calendar date in WIB of a simulated instant, as the legal records write their dates. */
const dateOf = (ms: number) => dateInZone(ms, 'WIB');

/**
 * Demo law enforcement in NTT, played through the legal services: victims' consents to share legal data with
 * the police, proceedings in every stage (one stopped by SP3), suspects in the vault, hearings (children by
 * audio-visual link), verdicts, restitution paid, partly paid, defaulted (the chain up to the auction) and still
 * due, protection measures (granted by LPSK, requested, ended) and the log of what victims were told.
 * Runs in the present: dates lie in the past, so the due job sees the deadlines that passed.
 */
export async function seedDemoLegal(
  base: Context,
  o: { users: Map<string, DemoUser>; agencies: Map<string, TAgency>; clock: Clock },
): Promise<number> {
  const now = base.clock.now().getTime();
  const as = (username: string) => {
    const u = o.users.get(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return userContext(base, u, base.clock);
  };
  const supervisor = await as('supervisor.ntt');
  const police = await as('police.ntt');
  const prosecutor = await as('prosecutor.ntt');
  const lpsk = await as('lpsk.officer');
  const policeAgency = o.agencies.get('police_ntt')!;
  const prosecutorAgency = o.agencies.get('prosecutor_ntt')!;
  const lpskAgency = o.agencies.get('lpsk')!;
  const court = o.agencies.get('court_kupang')!;

  // Identified victims of the NTT team whose cases are still open.
  const cases: { id: string; isChild: boolean; guardian?: { personId: string; parent: boolean } }[] = [];
  for (const stage of ['protection', 'repatriation', 'reintegration', 'follow_up'] as CaseStage[]) {
    const page = await listCases(supervisor, { stage, limit: 20, sort: 'oldest' } as never);
    for (const c of page.items as { id: string; isChild: boolean }[]) {
      // A child's consent comes from her parent or guardian on record (Law 27/2022 Art. 25); without one, skip her.
      const guardian = c.isChild
        ? (await listRelatives(supervisor, c.id)).find(
            (r) => !r.suspect && (r.relationship === 'parent' || r.relationship === 'guardian'),
          )
        : undefined;
      if (c.isChild && !guardian) continue;
      cases.push({
        id: c.id,
        isChild: c.isChild,
        guardian: guardian && { personId: guardian.personId, parent: guardian.relationship === 'parent' },
      });
    }
  }
  // A small demo (tests seed a few dozen cases) plays as many plans as it has victims for, one victim each.
  const need = plans.reduce((s, p) => s + p.victims, 0);
  const played =
    cases.length >= need
      ? plans
      : [...plans]
          .sort((a, b) => priority(a) - priority(b))
          .slice(0, cases.length)
          .map((p) => ({ ...p, victims: 1 }));
  if (cases.length === 0) return 0;

  let next = 0;
  let made = 0;
  for (const [i, plan] of played.entries()) {
    const victims = cases.slice(next, next + plan.victims);
    next += plan.victims;
    for (const v of victims)
      await createConsent(supervisor, v.id, {
        purpose: 'referral',
        recipientAgencyId: policeAgency.id,
        serviceTypes: ['legal_aid'],
        fieldGroups: ['age_band', 'sex', 'legal'],
        givenBy: v.isChild ? 'guardian' : 'victim',
        ...(v.guardian
          ? {
              guardianRelationship: v.guardian.parent ? ('parent' as const) : ('legal_guardian' as const),
              guardianPersonId: v.guardian.personId,
            }
          : {}),
        wordingVersion: 'v1',
        wordingLocale: 'id',
      } as never);
    const s = suspects[i % suspects.length]!;
    // A year of history for the final ones, less for those still under investigation.
    const span = plan.stage === 'final' ? 330 : plan.stage === 'stopped' ? 200 : 20 + i * 25;
    let day = now - span * DAY;
    const report = await createProceeding(police, {
      reportNumber: `LP/B/${100 + i}/${['I', 'III', 'V', 'VII', 'IX', 'XI'][i % 6]}/2026/SPKT/POLDA NTT`,
      policeUnit: 'Subdit IV Renakta Ditreskrimum Polda NTT',
      reportedOn: dateOf(day),
      law: i % 5 === 3 ? 'tpks' : 'ptppo',
      exploitationType: i % 5 === 3 ? 'SexualExploitation' : i % 2 === 0 ? 'ForcedLabour' : 'Servitude',
      victims: victims.map((v, k) => ({
        caseId: v.id,
        role: k === 0 ? 'reporter_witness' : 'witness',
        ...(v.isChild ? { accompaniedBy: 'Pekerja sosial UPTD PPA NTT' } : {}),
      })),
      suspects: [{ person: { sex: s.sex, identity: { fullName: s.name } }, rolesInProcess: s.roles as never }],
      charges: [{ law: 'uu_21_2007', article: i % 3 === 0 ? 'Pasal 2 ayat (1)' : 'Pasal 4', suspectIndex: 0 }],
      parties: [],
    } as never);
    made += 1;
    const id = report.id;
    let stage: ProceedingStage = 'report';
    const move = async (ctx: Context, to: ProceedingStage, after: number) => {
      day = Math.min(day + after * DAY, now - DAY);
      await advanceStage(ctx, id, { from: stage, to, on: dateOf(day) });
      stage = to;
    };
    if (plan.stage === 'stopped') {
      await move(police, 'preliminary_investigation', 14);
      day += 60 * DAY;
      await advanceStage(police, id, {
        from: stage,
        to: 'stopped',
        on: dateOf(day),
        stoppedReason: 'insufficient_evidence',
        note: 'Saksi kunci tidak dapat ditemukan',
      });
      continue;
    }
    const target = order.indexOf(plan.stage) === -1 ? order.length - 1 : order.indexOf(plan.stage);
    for (const to of order.slice(1, Math.min(target, 3) + 1)) await move(police, to, 21);
    if (target < 4) {
      await recordVictimInformed(supervisor, id, {
        caseId: victims[0]!.id,
        informedAt: new Date(day + DAY).toISOString(),
        channel: 'in_person',
        topics: ['stage', 'rights'],
        summary: 'Korban diberi tahu bahwa laporannya sedang diselidiki dan haknya atas restitusi.',
      });
      continue;
    }
    // From prosecution on: the prosecutor's office and the court are parties.
    const current = await getProceeding(police, id);
    await updateProceeding(police, id, {
      version: current.version,
      courtName: court.name,
      addParties: [
        { agencyId: prosecutorAgency.id, role: 'prosecutor' },
        { agencyId: court.id, role: 'court' },
        { agencyId: lpskAgency.id, role: 'lpsk' },
      ],
    });
    const defendantId = current.defendants[0]!.id;
    // Restitution claims are filed before the verdict (PERMA 1/2022 Art. 5).
    for (const v of victims)
      await createClaim(supervisor, id, {
        caseId: v.id,
        filedOn: dateOf(day - 7 * DAY),
        components: [
          { kind: 'lost_income_property', amount: 8_000_000 + i * 500_000 },
          { kind: 'suffering', amount: 5_000_000 },
          { kind: 'medical_psychological', amount: 1_500_000 },
          { kind: 'transport', amount: 750_000 },
        ],
      } as never);
    for (const c of (await getProceeding(police, id)).claims)
      await assessClaim(lpsk, c.id, { assessedOn: dateOf(day), amount: Math.round(c.claimedAmount * 0.9) });
    await move(prosecutor, 'prosecution', 30);
    day = Math.min(day + 21 * DAY, now - 2 * DAY);
    await createHearing(prosecutor, id, {
      heldOn: dateOf(day),
      court: court.name,
      caseId: victims[0]!.id,
      testimonyMode: victims[0]!.isChild ? 'audio_visual' : 'closed_session',
      accompaniedBy: 'Pendamping UPTD PPA NTT',
    });
    await recordVictimInformed(supervisor, id, {
      caseId: victims[0]!.id,
      informedAt: new Date(day + DAY).toISOString(),
      channel: 'phone',
      topics: ['hearing'],
      summary: 'Korban diberi tahu jadwal sidang dan bahwa ia dapat bersaksi tanpa bertemu terdakwa.',
    });
    if (plan.stage === 'prosecution') continue;
    const restitutionAmount = (await getProceeding(police, id)).claims.reduce(
      (sum, c) => sum + (c.lpskAssessedAmount ?? c.claimedAmount),
      0,
    );
    const final = plan.stage === 'final';
    // The final ones: the verdict became final long enough ago for the chain to have run, except the one still due.
    const decided = final
      ? plan.restitution === 'due'
        ? now - 8 * DAY
        : now - 90 * DAY
      : Math.min(day + 30 * DAY, now - DAY);
    await recordVerdict(prosecutor, id, {
      defendantId,
      instance: 'first_instance',
      decidedOn: dateOf(decided),
      outcome: 'convicted',
      sentenceMonths: 48 + i * 6,
      fineAmount: 120_000_000,
      restitutionOrdered: true,
      restitutionAmount,
      ...(final ? { finalOn: dateOf(decided + 2 * DAY) } : {}),
    });
    if (plan.stage === 'appeal' || plan.stage === 'cassation')
      await advanceStage(prosecutor, id, {
        from: 'first_instance_verdict',
        to: plan.stage,
        on: dateOf(Math.min(decided + 7 * DAY, now - DAY)),
      });
    if (!final) continue;
    const claims = (await getProceeding(police, id)).claims;
    if (plan.restitution === 'paid') {
      for (const c of claims)
        await recordPayment(supervisor, c.id, {
          paidOn: dateOf(decided + 10 * DAY),
          amount: c.orderedAmount ?? 0,
          evidence: `Slip setoran Kepaniteraan PN Kupang ${i}-${c.caseId.slice(-4)}`,
        });
    }
    if (plan.restitution === 'partly_paid')
      await recordPayment(supervisor, claims[0]!.id, {
        paidOn: dateOf(decided + 12 * DAY),
        amount: Math.round((claims[0]!.orderedAmount ?? 0) * 0.4),
        evidence: 'Kuitansi pembayaran sebagian di PN Kupang',
      });
    // The due job notices missed deadlines; the defaulted chain then runs on to the seizure and auction.
    await checkLegalDue(base);
    if (plan.restitution === 'defaulted') {
      const c = claims[0]!;
      await recordStep(supervisor, c.id, { step: 'victim_notice_to_court', occurredOn: dateOf(decided + 20 * DAY) });
      await recordStep(prosecutor, c.id, { step: 'court_warning', occurredOn: dateOf(decided + 27 * DAY) });
      await checkLegalDue(base);
      await recordStep(prosecutor, c.id, { step: 'seizure_auction', occurredOn: dateOf(decided + 50 * DAY) });
    }
    await recordVictimInformed(supervisor, id, {
      caseId: victims[0]!.id,
      informedAt: new Date(decided + 3 * DAY).toISOString(),
      channel: 'in_person',
      topics: ['verdict', 'restitution'],
      summary: 'Korban diberi tahu putusan dan jumlah restitusi yang harus dibayar terpidana.',
    });
  }

  // Protection: granted by LPSK (reviewed), a safe house requested, police protection ended, TPKS temporary.
  const protect = (k: number) => cases[k % cases.length]!.id;
  const m1 = await createMeasure(supervisor, {
    caseId: protect(0),
    type: 'lpsk_physical',
    agencyId: lpskAgency.id,
    threatLevel: 'high',
    threatAssessment: 'Keluarga tersangka berulang kali mendatangi rumah korban.',
    reviewOn: dateOf(now + 30 * DAY),
  });
  await updateMeasure(lpsk, m1.id, { version: m1.version, status: 'granted', grantedOn: dateOf(now) });
  await createMeasure(supervisor, {
    caseId: protect(1),
    type: 'safe_house',
    agencyId: lpskAgency.id,
    threatLevel: 'medium',
    threatAssessment: 'Perekrut masih berada di desa korban.',
  });
  const m3 = await createMeasure(supervisor, {
    caseId: protect(2),
    type: 'police_protection',
    agencyId: policeAgency.id,
    threatLevel: 'medium',
  });
  const g3 = await updateMeasure(police, m3.id, { version: m3.version, status: 'granted', grantedOn: dateOf(now) });
  await updateMeasure(police, m3.id, {
    version: g3.version,
    status: 'ended',
    endedOn: dateOf(now),
    endReason: 'Terdakwa sudah ditahan',
  });
  await createMeasure(supervisor, {
    caseId: protect(3),
    type: 'tpks_temporary',
    agencyId: policeAgency.id,
    threatLevel: 'severe',
  });
  void o.clock;
  return made;
}
