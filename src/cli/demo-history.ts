import type { CaseStage } from '../modules/cases/index.js';
import { DAY, type Rng } from './demo-random.js';
import type { Weighted } from './demo-scenarios.js';

/** The history planner: when each step of a demo case happened, up to the stage it reached. */
/* ---------- case histories ---------- */

/** When each step of a case happened (ms), up to the stage the case has reached. */
export interface History {
  stage: CaseStage;
  intakeAt: number;
  screeningAt?: number;
  decidedAt?: number;
  approvedAt?: number;
  /** Decision approved: identified (victim) or not_victim. */
  victim: boolean;
  protectionAt?: number;
  repatriationAt?: number;
  reintegrationAt?: number;
  baselineAt?: number;
  followUps: { month: 3 | 6 | 12; at: number }[];
  followUpStageAt?: number;
  closeRequestedAt?: number;
  closedAt?: number;
  closureReason?: string;
  closureFrom?: CaseStage;
}

export const closureReasonsOther: Weighted = [
  ['lost_contact', 4],
  ['transferred', 3],
  ['moved_away', 2],
  ['declined_services', 2],
  ['deceased', 0.2],
  ['other', 0.5],
];

/**
 * Plans every milestone of a case from its intake, then keeps the part that lies before `until`.
 * `target` is the stage the case should reach (it stops earlier when time runs out).
 */
export function planHistory(
  rng: Rng,
  intakeAt: number,
  target: CaseStage,
  until: number,
  options: { abroad: boolean; closeAsNotVictim?: boolean },
): History {
  const h: History = { stage: 'intake', intakeAt, victim: true, followUps: [] };
  const fits = (t: number) => t < until;
  const d = (lo: number, hi: number) => Math.round(rng.between(lo, hi) * DAY);
  const notVictimPath = target === 'not_victim' || (target === 'closed' && options.closeAsNotVictim === true);
  if (target === 'intake') return h;
  const screeningAt = intakeAt + d(0.1, 3);
  if (!fits(screeningAt)) return h;
  Object.assign(h, { stage: 'screening', screeningAt });
  const decidedAt = screeningAt + d(0.3, 3);
  const approvedAt = decidedAt + d(0.1, 2);
  if (target === 'screening') {
    if (rng.chance(0.4) && fits(decidedAt)) h.decidedAt = decidedAt;
    return h;
  }
  if (!fits(approvedAt)) return h;
  Object.assign(h, {
    decidedAt,
    approvedAt,
    victim: !notVictimPath,
    stage: notVictimPath ? 'not_victim' : 'identified',
  });
  if (notVictimPath) {
    if (target !== 'closed') return h;
    const closeRequestedAt = approvedAt + d(1, 20);
    const closedAt = closeRequestedAt + d(0.2, 5);
    if (!fits(closedAt)) return h;
    return {
      ...h,
      stage: 'closed',
      closeRequestedAt,
      closedAt,
      closureReason: 'not_victim',
      closureFrom: 'not_victim',
    };
  }
  if (target === 'identified') return h;
  const protectionAt = approvedAt + d(0.05, 2);
  if (!fits(protectionAt)) return h;
  Object.assign(h, { stage: 'protection', protectionAt });
  if (target === 'protection') return h;
  const early = target === 'closed' && rng.chance(0.2); // closed before reintegration (transfer, lost contact, ...)
  if (early) return closeNow(h, protectionAt + d(10, 60), fits, rng, d);
  let at = protectionAt;
  if (target === 'repatriation' || (options.abroad ? rng.chance(0.85) : rng.chance(0.35))) {
    const repatriationAt = protectionAt + d(5, 30);
    if (!fits(repatriationAt)) return h;
    Object.assign(h, { stage: 'repatriation', repatriationAt });
    at = repatriationAt;
  }
  if (target === 'repatriation') return h;
  const reintegrationAt = at + d(7, 45);
  if (!fits(reintegrationAt)) return h;
  Object.assign(h, { stage: 'reintegration', reintegrationAt, baselineAt: reintegrationAt + d(0.1, 5) });
  if (!fits(h.baselineAt!)) h.baselineAt = undefined;
  if (target === 'reintegration' || !h.baselineAt) return h;
  const baseline = h.baselineAt;
  const fu3 = baseline + d(88, 100);
  if (!fits(fu3)) return h;
  h.followUps.push({ month: 3, at: fu3 });
  const followUpStageAt = fu3 + d(0.1, 3);
  if (!fits(followUpStageAt)) return h;
  Object.assign(h, { stage: 'follow_up', followUpStageAt });
  const fu6 = baseline + d(178, 192);
  if (fits(fu6)) h.followUps.push({ month: 6, at: fu6 });
  if (target === 'follow_up') {
    const fu12 = baseline + d(360, 375);
    if (fits(fu12) && rng.chance(0.5)) h.followUps.push({ month: 12, at: fu12 });
    return h;
  }
  // Closed: after the 12-month survey says sustainably reintegrated, or for another reason earlier.
  if (rng.chance(0.82)) {
    const fu12 = baseline + d(360, 375);
    const closeRequestedAt = fu12 + d(1, 20);
    const closedAt = closeRequestedAt + d(0.2, 5);
    if (!fits(closedAt)) return h;
    h.followUps = h.followUps.filter((f) => f.month !== 12 && f.at < fu12);
    h.followUps.push({ month: 12, at: fu12 });
    return {
      ...h,
      stage: 'closed',
      closeRequestedAt,
      closedAt,
      closureReason: 'reintegrated',
      closureFrom: 'follow_up',
    };
  }
  return closeNow(h, (h.followUps.at(-1)?.at ?? followUpStageAt) + d(5, 40), fits, rng, d);
}

export function closeNow(
  h: History,
  closeRequestedAt: number,
  fits: (t: number) => boolean,
  rng: Rng,
  d: (lo: number, hi: number) => number,
): History {
  const closedAt = closeRequestedAt + d(0.2, 5);
  if (!fits(closedAt)) return h;
  h.followUps = h.followUps.filter((f) => f.at < closeRequestedAt);
  return {
    ...h,
    stage: 'closed',
    closeRequestedAt,
    closedAt,
    closureReason: rng.weighted(closureReasonsOther),
    closureFrom: h.stage,
  };
}

/** The same history moved in time by `ms`. */
export function shiftHistory(h: History, ms: number): History {
  const m = (t: number | undefined) => (t === undefined ? undefined : t + ms);
  return {
    ...h,
    intakeAt: h.intakeAt + ms,
    screeningAt: m(h.screeningAt),
    decidedAt: m(h.decidedAt),
    approvedAt: m(h.approvedAt),
    protectionAt: m(h.protectionAt),
    repatriationAt: m(h.repatriationAt),
    reintegrationAt: m(h.reintegrationAt),
    baselineAt: m(h.baselineAt),
    followUps: h.followUps.map((f) => ({ month: f.month, at: f.at + ms })),
    followUpStageAt: m(h.followUpStageAt),
    closeRequestedAt: m(h.closeRequestedAt),
    closedAt: m(h.closedAt),
  };
}

/** The time the last planned step of a history happens. */
export function lastStepAt(h: History): number {
  return Math.max(
    h.intakeAt,
    h.screeningAt ?? 0,
    h.decidedAt ?? 0,
    h.approvedAt ?? 0,
    h.protectionAt ?? 0,
    h.repatriationAt ?? 0,
    h.reintegrationAt ?? 0,
    h.baselineAt ?? 0,
    h.followUpStageAt ?? 0,
    ...h.followUps.map((f) => f.at),
    h.closedAt ?? 0,
  );
}
