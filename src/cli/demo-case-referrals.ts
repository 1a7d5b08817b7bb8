import type { TAgency } from '../modules/agencies/index.js';
import { addRelative, minorAt, relativeCreateSchema } from '../modules/cases/index.js';
import {
  consentCreateSchema,
  consentWithdrawSchema,
  createConsent,
  withdrawConsent,
} from '../modules/consent/index.js';
import {
  acceptReferral,
  completeReferral,
  createReferral,
  declineReferral,
  recordServicesDelivered,
  referralCreateSchema,
  referralReasonSchema,
  revokeReferral,
  servicesDeliveredSchema,
} from '../modules/referrals/index.js';
import { serviceRequestUpdateSchema, statutoryServiceTypes, updateServiceRequest } from '../modules/services/index.js';
import {
  activeReferral,
  type CaseRun,
  CONSENT_WORDING,
  type ConsentDraw,
  type ConsentEntry,
  guardians,
  type Outcome,
  openStatuses,
  type ReferralEntry,
  type ReferralItem,
  type ReferralKind,
  valid,
} from './demo-actors.js';
import { scheduleService, scheduleStay } from './demo-case-services.js';
import { DAY, HOUR } from './demo-random.js';
import {
  declineReasons,
  deliveryNotes,
  missionFor,
  referralNotes,
  revokeReasons,
  withdrawalReasons,
} from './demo-referrals.js';

/* Consents, referrals and their course for one case's history (scheduled by demo-case.ts). */

/** A referral's reason (revoked, declined) as its body schema reads it. */
export const referralReason = (reason: string) => valid(referralReasonSchema, { reason }).reason;

/** What the victim (or a child's parent or guardian) agrees to share with a referral recipient. */
export function drawConsent(c: CaseRun, kind: ReferralKind): ConsentDraw {
  const { x } = c;
  const groups = ['age_band', 'sex', 'languages', 'needs'];
  if (x.chance(kind === 'shelter' ? 0.45 : 0.25)) groups.push('risk_notes');
  if (kind === 'iom') groups.push('nationality', 'origin_region');
  else if (x.chance(0.25)) groups.push('origin_region');
  if (x.chance(0.2)) groups.push('exploitation_types');
  if (x.chance(0.15)) groups.push('case_summary');
  // Identity only where the victim explicitly agreed that this recipient may know who they are.
  if (x.chance(kind === 'iom' ? 0.35 : 0.06)) {
    groups.push('identity_name');
    if (x.chance(0.3)) groups.push('identity_contact');
  }
  return {
    groups,
    // Agreeing once to the shelter's later help (training, a small business) saves asking again.
    anticipate: kind === 'shelter' && x.chance(0.4) ? ['vocational_training', 'economic_empowerment'] : [],
    relationship: x.weighted(guardians),
  };
}

/** What a guardian is as a relative of the case. */
const relativeKind: Record<string, string> = {
  parent: 'parent',
  grandparent: 'grandparent',
  legal_guardian: 'guardian',
  adult_sibling: 'sibling',
  other_relative: 'other_family',
};
/**
 * Who gives consent: the victim, or while she is under 18 a parent or guardian (Law 27/2022 Art. 25) — her
 * age when she consents, so a child victim who has turned 18 consents herself. A guardian other than a state
 * guardian is a relative recorded on the case (once).
 */
const giver = async (c: CaseRun, relationship: string) => {
  const { run, v, state, worker } = c;
  if (!minorAt({ birthYear: v.birthYear }, new Date(run.clock.at)).minor) return { givenBy: 'victim' };
  if (relationship === 'state_guardian') return { givenBy: 'guardian', guardianRelationship: relationship };
  if (!state.guardian) {
    const family = v.fullName.split(' ').at(-1) ?? '';
    const body = {
      relationship: relativeKind[relationship] ?? 'other_family',
      person: { sex: 'Feminine', regionCode: v.regionCode },
      identity: { fullName: `${relationship === 'parent' ? 'Ibu' : 'Wali'} ${family}`.trim() },
    };
    const added = await addRelative(worker(), state.caseId!, valid(relativeCreateSchema, body));
    state.guardian = { personId: added.personId, relationship };
  }
  return {
    givenBy: 'guardian',
    guardianRelationship: state.guardian.relationship,
    guardianPersonId: state.guardian.personId,
  };
};

/** Records a consent on the case, given by the victim or (while she is a child) her guardian, on the demo's wording. */
async function recordConsent(c: CaseRun, relationship: string, body: Record<string, unknown>) {
  const given = { ...body, ...(await giver(c, relationship)), wordingVersion: CONSENT_WORDING, wordingLocale: 'id' };
  return createConsent(c.worker(), c.state.caseId!, valid(consentCreateSchema, given));
}

/** The active referral consent for the agency that covers the services, recorded now if there is none. */
export async function ensureConsent(
  c: CaseRun,
  provider: TAgency,
  types: string[],
  draw: ConsentDraw,
): Promise<ConsentEntry> {
  const { state } = c;
  const covering = state.consents.find(
    (c) => c.active && c.agencyId === provider.id && types.every((t) => c.types.has(t)),
  );
  if (covering) return covering;
  const serviceTypes = [...new Set([...types, ...draw.anticipate])];
  const created = await recordConsent(c, draw.relationship, {
    purpose: 'referral',
    recipientAgencyId: provider.id,
    serviceTypes,
    fieldGroups: draw.groups,
  });
  const consent = { id: created.id, agencyId: provider.id, types: new Set(serviceTypes), active: true };
  state.consents.push(consent);
  return consent;
}

/**
 * A referral of service requests to the agency that provides them, under the victim's consent, and its
 * course: most are accepted within a day or two, delivered and completed by the recipient (the requests
 * become delivered through the referral, never also by the case team); some are declined, revoked by the
 * sender, ended by a withdrawn consent, or not answered yet.
 */
export function scheduleReferral(
  c: CaseRun,
  provider: TAgency,
  items: ReferralItem[],
  kind: ReferralKind,
  fresh?: { waiting: boolean },
) {
  const { run, h, v, x, state, until, worker } = c;
  const { now, at, as, receivers } = run;
  const receiver = receivers.get(provider.id)!;
  const applied = items.map((i) => i.appliedAt);
  const consentAt = Math.min(...applied) - x.between(0.1, 2) * HOUR;
  const sentAt = Math.max(...applied) + x.between(0.3, 8) * HOUR;
  const draw = drawConsent(c, kind);
  const urgent = kind === 'shelter' && (v.isChild || items.some((i) => i.entry.type === 'shelter')) && x.chance(0.7);
  const note = x.pick(referralNotes[kind]);
  const recent = sentAt > now - 12 * DAY;
  let outcome: Outcome = fresh
    ? fresh.waiting
      ? 'unanswered'
      : 'accept'
    : x.weighted<Outcome>([
        ['accept', 80],
        ['decline', 8],
        ['revoke', 5],
        ['unanswered', recent ? 45 : 3],
        ['withdraw', run.withdrawals < 3 ? 5 : 0],
      ]);
  if (outcome === 'unanswered' && h.closeRequestedAt !== undefined) outcome = 'revoke';
  const answerAt =
    sentAt + (urgent ? x.between(1, 20) * HOUR : (x.chance(0.12) ? x.between(3.5, 7) : x.between(0.2, 2.5)) * DAY);
  const declineReason = x.pick(declineReasons);
  const revokeReason = x.pick(revokeReasons);
  if (sentAt >= until) return;

  const ref: ReferralEntry = { id: '', status: 'sent', consentId: '', entries: items.map((i) => i.entry) };
  at(consentAt, async () => {
    ref.consentId = (
      await ensureConsent(
        c,
        provider,
        ref.entries.map((e) => e.type),
        draw,
      )
    ).id;
  });
  at(sentAt, async () => {
    const body = {
      recipientAgencyId: provider.id,
      serviceRequestIds: ref.entries.map((e) => e.id),
      urgency: urgent ? 'urgent' : 'normal',
      reason: kind === 'iom' ? 'MigrationOrChangeOfLocation' : 'AdditionalServicesRequired',
      note,
      consentId: ref.consentId,
    };
    const created = await createReferral(worker(), state.caseId!, valid(referralCreateSchema, body));
    ref.id = created.id;
    state.referrals.push(ref);
  });
  const recipient = () => as(receiver);
  /** A step of the referral that runs only while it is in one of these statuses (the case may end it first). */
  const when = (t: number, statuses: ReferralEntry['status'][], run: () => Promise<void>) => {
    if (t >= until) return false;
    at(t, async () => {
      if (statuses.includes(ref.status)) await run();
    });
    return true;
  };
  /** After a referral ended without the service, the case team cancels the requests it held. */
  const cancelOpen = (t: number, reason: string) => {
    if (t >= until) return;
    at(t, async () => {
      if (!['revoked', 'declined', 'withdrawn'].includes(ref.status)) return;
      for (const e of ref.entries.filter((q) => openStatuses.includes(q.status))) {
        await updateServiceRequest(worker(), e.id, valid(serviceRequestUpdateSchema, { status: 'cancelled', reason }));
        e.status = 'cancelled';
      }
    });
  };
  const revokeAt = (t: number) => {
    const scheduled = when(t, ['sent', 'accepted', 'in_progress'], async () => {
      await revokeReferral(worker(), ref.id, referralReason(revokeReason));
      ref.status = 'revoked';
    });
    if (scheduled) cancelOpen(t + x.between(0.2, 4) * HOUR, revokeReason);
  };

  if (outcome === 'unanswered') return;
  if (outcome === 'revoke' && x.chance(0.6)) {
    revokeAt(sentAt + x.between(2, 30) * HOUR);
    return;
  }
  if (outcome === 'decline') {
    const declined = when(answerAt, ['sent'], async () => {
      await declineReferral(recipient(), ref.id, referralReason(declineReason));
      ref.status = 'declined';
    });
    if (declined)
      cancelOpen(
        answerAt + x.between(2, 30) * HOUR,
        'Rujukan ditolak penyedia; kebutuhan dibahas ulang dalam rencana layanan.',
      );
    return;
  }
  const accepted = when(answerAt, ['sent'], async () => {
    await acceptReferral(recipient(), ref.id);
    ref.status = 'accepted';
    for (const e of ref.entries) if (e.status === 'requested') e.status = 'accepted';
  });
  if (!accepted) return;
  if (outcome === 'revoke') {
    revokeAt(answerAt + x.between(0.5, 4) * DAY);
    return;
  }
  if (outcome === 'withdraw') {
    const t = answerAt + x.between(1, 8) * DAY;
    const reason = v.isChild ? withdrawalReasons[1] : x.chance(0.5) ? withdrawalReasons[0] : withdrawalReasons[2];
    const withdrawn = when(t, ['accepted', 'in_progress'], async () => {
      await withdrawConsent(worker(), ref.consentId, valid(consentWithdrawSchema, { reason }).reason);
      for (const c of state.consents) if (c.id === ref.consentId) c.active = false;
      for (const other of state.referrals)
        if (other.consentId === ref.consentId && activeReferral(other)) other.status = 'withdrawn';
    });
    if (withdrawn) {
      run.withdrawals += 1;
      cancelOpen(t + x.between(1, 6) * HOUR, 'Persetujuan berbagi data dicabut; layanan rujukan dihentikan.');
    }
    return;
  }
  // Accepted: the recipient records each service as given, then completes the referral.
  const deliveries = items
    .map((i) => {
      const days = i.late && statutoryServiceTypes.has(i.entry.type as never) ? x.between(8, 14) : x.between(1, 6);
      const deliveredAt = Math.max(i.appliedAt + days * DAY, answerAt + x.between(0.2, 1) * DAY);
      const notes = deliveryNotes[i.entry.type as keyof typeof deliveryNotes] ?? ['Layanan telah diberikan.'];
      return {
        entry: i.entry,
        deliveredAt,
        recordedAt: deliveredAt + x.between(1, 20) * HOUR,
        note: x.pick(notes),
      };
    })
    .sort((a, b) => a.recordedAt - b.recordedAt);
  let last = answerAt;
  for (const d of deliveries) {
    const recorded = when(d.recordedAt, ['accepted', 'in_progress'], async () => {
      const body = {
        items: [{ serviceRequestId: d.entry.id, deliveredAt: new Date(d.deliveredAt).toISOString(), note: d.note }],
      };
      await recordServicesDelivered(recipient(), ref.id, valid(servicesDeliveredSchema, body));
      d.entry.status = 'delivered';
      ref.status = 'in_progress';
    });
    if (!recorded) return;
    if (d.entry.type === 'shelter') scheduleStay(c, provider, d.entry, d.deliveredAt, d.recordedAt);
    last = d.recordedAt;
  }
  when(last + x.between(0.5, 6) * DAY, ['in_progress'], async () => {
    await completeReferral(recipient(), ref.id);
    ref.status = 'completed';
  });
}

/** A fresh request to the shelter in the last days, referred at once (most still wait for an answer). */
export function scheduleRecentReferral(c: CaseRun, t0: number, waiting: boolean) {
  const { run, h, x, team } = c;
  const { now } = run;
  const later = h.stage === 'reintegration' || h.stage === 'follow_up';
  const type = x.pick(
    later
      ? ['vocational_training', 'economic_empowerment', 'psychosocial_counselling']
      : ['psychosocial_counselling', 'shelter'],
  );
  const entry = scheduleService(c, type, 'victim', team.shelter, t0, now, 'referral');
  scheduleReferral(c, team.shelter, [{ entry, appliedAt: t0, late: false }], later ? 'reintegration' : 'shelter', {
    waiting,
  });
}

/** Cross-border consent for the Indonesian mission where the victim was exploited, sometimes also for IOM. */
export function scheduleInternationalConsents(c: CaseRun, t: number) {
  const { run, v, x, until } = c;
  const { at, iom } = run;
  if (t >= until) return;
  const mission = missionFor(v.destination.country, v.destination.city);
  const groups = ['age_band', 'sex', 'nationality', 'exploitation_types', 'case_summary'];
  // The mission needs the name to issue travel documents and claim unpaid wages.
  if (x.chance(0.6)) groups.push('identity_name');
  const relationship = x.weighted(guardians);
  const withIom = x.chance(0.4);
  const iomAt = t + x.between(0.2, 3) * HOUR;
  at(t, async () => {
    await recordConsent(c, relationship, {
      purpose: 'cross_border_transfer',
      recipientName: mission,
      fieldGroups: groups,
    });
  });
  if (withIom && iomAt < until) {
    at(iomAt, async () => {
      await recordConsent(c, relationship, {
        purpose: 'international_sharing',
        recipientAgencyId: iom.id,
        fieldGroups: ['age_band', 'sex', 'nationality', 'origin_region', 'needs', 'exploitation_types'],
      });
    });
  }
}
