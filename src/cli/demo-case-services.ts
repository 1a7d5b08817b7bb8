import type { TAgency } from '../modules/agencies/index.js';
import {
  admitToShelter,
  exitShelter,
  extendShelterStay,
  requestService,
  serviceRequestCreateSchema,
  serviceRequestUpdateSchema,
  shelterAdmitSchema,
  shelterExitSchema,
  shelterExtendSchema,
  statutoryServiceTypes,
  updateServiceRequest,
} from '../modules/services/index.js';
import {
  type CaseRun,
  CHARTER_STAY,
  type ExitReason,
  type RequestEntry,
  type StayEntry,
  stayExits,
  valid,
} from './demo-actors.js';
import { DAY, HOUR } from './demo-random.js';
import { shelterExitNotes } from './demo-referrals.js';

/** A service request and its course: on time, delivered late, or still open past its due time. */
export function scheduleService(
  c: CaseRun,
  type: string,
  applicant: string,
  provider: TAgency,
  appliedAt: number,
  until: number,
  course: 'on_time' | 'late' | 'open' | 'referral',
): RequestEntry {
  const { run, r, state, worker } = c;
  const { now, at } = run;
  const entry: RequestEntry = { id: '', type, status: 'requested', provider };
  // An application planned after the case closed (or after the present) is never made.
  if (appliedAt >= until || appliedAt >= now) return entry;
  at(appliedAt, async () => {
    const body = { type, applicant, providerAgencyId: provider.id };
    const created = await requestService(worker(), state.caseId!, valid(serviceRequestCreateSchema, body));
    entry.id = created.id;
    state.requests.push(entry);
  });
  // A referred request moves with its referral (the recipient accepts and records delivery).
  if (course === 'referral') return entry;
  const move = (t: number, status: string, patch: Record<string, string> = {}) => {
    if (t >= until || t >= now) return false;
    at(t, async () => {
      await updateServiceRequest(worker(), entry.id, valid(serviceRequestUpdateSchema, { status, ...patch }));
      entry.status = status;
    });
    return true;
  };
  const statutory = statutoryServiceTypes.has(type as never);
  if (course === 'open') {
    if (r.chance(0.5)) move(appliedAt + r.between(0.5, 2) * DAY, 'accepted');
    return entry;
  }
  const accepted = appliedAt + r.between(0.2, 1.5) * DAY;
  if (!move(accepted, 'accepted')) return entry;
  const days = course === 'late' && statutory ? r.between(8, 14) : r.between(1, 6);
  const delivered = Math.max(appliedAt + days * DAY, accepted + r.between(0.2, 1) * DAY);
  if (r.chance(0.4) && move(accepted + (delivered - accepted) / 2, 'in_progress')) {
    /* in progress half-way */
  }
  if (r.chance(0.05)) {
    move(delivered, 'cancelled', { reason: 'Korban menolak layanan setelah konseling.' });
    return entry;
  }
  if (move(delivered, 'delivered') && type === 'shelter') scheduleStay(c, provider, entry, delivered, delivered);
  return entry;
}

/**
 * A shelter stay after the shelter service was delivered (directly or through a referral). The case team
 * records it (services.manage on the case; the shelter's staff are not on the case team): admitted at the
 * delivery for the charter's 7 days, some extended once, most leaving within weeks for a reason — at the
 * latest when the case moves on to repatriation or reintegration, or before it is closed. Stays of current
 * cases may still be open at the present (their planned exit extended past it, except one overstay).
 */
export function scheduleStay(
  c: CaseRun,
  facility: TAgency,
  entry: RequestEntry,
  admittedAt: number,
  recordedAt: number,
) {
  const { run, h, s, until, worker } = c;
  const { now, at } = run;
  const limit = Math.min(until, now);
  const admitStep = Math.max(recordedAt, admittedAt) + s.between(0.1, 3) * HOUR;
  if (admitStep >= limit) return;
  const stay: StayEntry = { id: '', open: false };
  const initialExit = admittedAt + CHARTER_STAY;
  /** Extensions of the planned exit: when recorded, and to when. */
  const extensions: { at: number; to: number }[] = [];
  if (s.chance(0.4)) {
    extensions.push({ at: initialExit - s.between(4, 36) * HOUR, to: initialExit + s.int(1, 5) * 7 * DAY });
  }
  const planned = () => extensions.at(-1)?.to ?? initialExit;
  // How the stay ends if nothing cuts it short.
  let reason: ExitReason = s.weighted(stayExits);
  const length = planned() - admittedAt;
  let exitAt =
    reason === 'planned_exit'
      ? planned() + s.between(-8, 4) * HOUR
      : reason === 'left_voluntarily' || reason === 'absconded'
        ? admittedAt + s.between(0.15, 0.9) * length
        : admittedAt + s.between(0.5, 1) * length;
  // The person leaves the shelter when the case moves on (home, or back to the family).
  const moveOn = [h.repatriationAt, h.reintegrationAt].filter((t): t is number => t !== undefined && t > admittedAt);
  const next = moveOn.length > 0 ? Math.min(...moveOn) : undefined;
  if (next !== undefined && exitAt > next - 2 * HOUR) {
    exitAt = Math.max(admittedAt + HOUR, next - s.between(2, 30) * HOUR);
    reason = next === h.repatriationAt ? 'repatriated' : 'reintegrated';
  }
  let exitStep: number | undefined = exitAt + s.between(0.3, 12) * HOUR;
  if (exitStep >= limit) {
    if (h.closeRequestedAt !== undefined) {
      // The case is about to close: the stay ends first.
      exitStep = until - s.between(3.5, 12) * HOUR;
      if (exitStep <= admitStep) exitStep = (admitStep + until) / 2;
      exitAt = Math.max(admittedAt, Math.min(exitAt, exitStep - s.between(0.2, 2) * HOUR));
      if (reason !== 'reintegrated' && reason !== 'repatriated') {
        reason = h.closureReason === 'reintegrated' ? 'reintegrated' : s.weighted(stayExits);
      }
    } else if (exitAt < limit && exitAt + HOUR < limit) {
      exitStep = (exitAt + limit) / 2;
    } else exitStep = undefined;
  }
  const last = exitStep ?? limit;
  // An extension is recorded while the person is still there (and never after the present).
  while (extensions.length > 0 && (extensions.at(-1)!.at >= last || extensions.at(-1)!.at <= admitStep)) {
    extensions.pop();
  }
  if (exitStep === undefined && planned() < now) {
    // Still there at the present: the planned exit was moved past it.
    const after = Math.max(admitStep, extensions.at(-1)?.at ?? admitStep) + 0.1 * HOUR;
    const extendAt = Math.max(after, Math.min(planned() - s.between(4, 36) * HOUR, now - HOUR));
    const to = admittedAt + Math.ceil((now - admittedAt + s.between(2, 10) * DAY) / (7 * DAY)) * 7 * DAY;
    if (extendAt < now) extensions.push({ at: extendAt, to });
  }
  at(admitStep, async () => {
    if (entry.status !== 'delivered' || c.currentStay?.open) return;
    const body = {
      facilityAgencyId: facility.id,
      admittedAt: new Date(admittedAt).toISOString(),
      plannedExitAt: new Date(initialExit).toISOString(),
    };
    const created = await admitToShelter(worker(), c.state.caseId!, valid(shelterAdmitSchema, body));
    stay.id = created.id;
    stay.open = true;
    c.currentStay = stay;
  });
  for (const e of extensions) {
    at(e.at, async () => {
      if (!stay.open) return;
      const body = valid(shelterExtendSchema, { plannedExitAt: new Date(e.to).toISOString() });
      await extendShelterStay(worker(), stay.id, body.plannedExitAt);
    });
  }
  if (exitStep === undefined) return;
  const note = s.chance(0.6) ? s.pick(shelterExitNotes[reason]) : undefined;
  // On a current case, a stay that was to end in the last two weeks may not have ended: the first such
  // stay (as the history plays; a planned stay may never be admitted) stays open past its planned exit.
  const mayOverstay = h.closeRequestedAt === undefined && next === undefined && exitAt > now - 14 * DAY;
  const finalPlan = planned();
  at(exitStep, async () => {
    if (!stay.open) return;
    if (mayOverstay && run.overstays === 0 && finalPlan < now - DAY) {
      run.overstays += 1;
      return;
    }
    const body = { exitAt: new Date(exitAt).toISOString(), reason, ...(note ? { note } : {}) };
    await exitShelter(worker(), stay.id, valid(shelterExitSchema, body));
    stay.open = false;
  });
}
