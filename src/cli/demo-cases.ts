import { sql } from 'kysely';
import type { TAgency } from '../modules/agencies/index.js';
import { REINTEGRATION_QUESTIONNAIRE } from '../modules/assessments/index.js';
import {
  type CaseStage,
  checkOverdueResponses,
  createCase,
  minorAt,
  RISK_RESPONSE_TASK,
  type TCaseCreate,
  transitionCase,
} from '../modules/cases/index.js';
import { checkOverdueActionItems } from '../modules/conferences/index.js';
import { listRegions } from '../modules/reference/index.js';
import { checkOverdueReferrals } from '../modules/referrals/index.js';
import { delphiV1 } from '../modules/screening/index.js';
import {
  checkOverdueServiceRequests,
  checkShelterOverstays,
  requestService,
  statutoryServiceTypes,
  updateServiceRequest,
} from '../modules/services/index.js';
import { insertUserWithRoles } from '../modules/users/index.js';
import { type Context, transact } from '../platform/context.js';
import {
  activeReferral,
  type CaseState,
  CHARTER_STAY,
  CONSENT_WORDING,
  type ConsentDraw,
  type ConsentEntry,
  type DemoUser,
  demoCaseUsers,
  demoStageCounts,
  type ExitReason,
  guardians,
  ModuleRoutes,
  type Outcome,
  openStatuses,
  type ReferralEntry,
  type ReferralItem,
  type ReferralKind,
  type RequestEntry,
  type SimClock,
  type StayEntry,
  type Step,
  stayExits,
  type Team,
  userContext,
  wibDate,
} from './demo-actors.js';
import { drawAnswers, drawReintegrationAnswers, drawScreeningAnswers, questionnaire } from './demo-answers.js';
import { type History, lastStepAt, planHistory, shiftHistory } from './demo-history.js';
import { DAY, HOUR, Rng } from './demo-random.js';
import {
  actionItemTexts,
  closingRevokeReason,
  conferenceDecisions,
  declineReasons,
  deliveryNotes,
  demoDirectoryOffers,
  missionFor,
  referralNotes,
  revokeReasons,
  shelterExitNotes,
  withdrawalReasons,
} from './demo-referrals.js';
import { drawVictim, loadGeoWithNames, type Victim } from './demo-victims.js';

export { type DemoUser, demoCaseUsers, demoStageCounts, SimClock, userContext } from './demo-actors.js';
export {
  drawAnswers,
  drawReintegrationAnswers,
  drawScreeningAnswers,
  questionnaire,
  type ScreeningAnswers,
} from './demo-answers.js';
export { type Geo, loadGeo } from './demo-geo.js';
export { type History, lastStepAt, planHistory, shiftHistory } from './demo-history.js';
export { DAY, drawName, drawPhone, Rng } from './demo-random.js';
export { drawVictim, loadGeoWithNames, type Victim, wibYear } from './demo-victims.js';

/*
 * Realistic demo cases. The first half of this file draws victims, journeys and case histories from
 * distributions that follow Indonesian trafficking data (origin provinces, destinations, exploitation
 * types, names); `pulih demo` (synthetic.ts) reuses it. The second half plays case histories through the
 * module services, in time order, with the demo users of the right agencies acting.
 */

/**
 * Seeds `n` demo cases spread over every stage, created and moved through the module services by the
 * demo users of the right agencies, in time order on a simulated clock (audit trail, timelines, alerts
 * and late services are the real thing). Requires the demo agencies and users of demo-seed.ts.
 */
export async function seedDemoCases(
  base: Context,
  options: {
    /** The simulated clock every step runs on (the contexts' clock). */
    clock: SimClock;
    /** The real present: every history ends before it. */
    now: number;
    agencies: Map<string, TAgency>;
    users: Map<string, DemoUser>;
    cases: number;
    seed?: number;
  },
): Promise<Map<CaseStage, number>> {
  const { clock, now, agencies, users, cases: n } = options;
  const rng = new Rng(options.seed ?? 2007);
  const geo = await loadGeoWithNames();
  const agency = (key: string) => {
    const a = agencies.get(key);
    if (!a) throw new Error(`demo agency ${key} missing`);
    return a;
  };
  const user = (name: string) => {
    const u = users.get(name);
    if (!u) throw new Error(`demo user ${name} missing`);
    return u;
  };
  const teams: Record<'ntt' | 'jabar' | 'kalbar', Team> = {
    ntt: {
      worker: user('caseworker.ntt'),
      supervisor: user('supervisor.ntt'),
      lead: agency('uptd_ntt'),
      shelter: agency('shelter_ntt'),
      police: agency('police_ntt'),
    },
    jabar: {
      worker: user('caseworker.jabar'),
      supervisor: user('supervisor.jabar'),
      lead: agency('uptd_jabar'),
      shelter: agency('shelter_jabar'),
      police: agency('police_jabar'),
    },
    kalbar: {
      worker: user('caseworker.kalbar'),
      supervisor: user('supervisor.kalbar'),
      lead: agency('uptd_kalbar'),
      shelter: agency('shelter_kalbar'),
      police: agency('police_kalbar'),
    },
  };
  const iom = agency('iom');
  const lpsk = agency('lpsk');
  const teamFor = (v: Victim): Team => {
    if (v.provinceCode === '53') return teams.ntt;
    if (v.provinceCode === '61') return teams.kalbar;
    if (['32', '36', '31'].includes(v.provinceCode)) return teams.jabar;
    // Returnees from Malaysia and brides from China come home through Pontianak; the rest through Jakarta.
    return v.destination.country === 'MY' || v.destination.country === 'CN' ? teams.kalbar : teams.jabar;
  };
  // Who answers referrals at each receiving agency (the police Unit PPA has no referral staff in the demo).
  const receivers = new Map<string, DemoUser>([
    [agency('shelter_ntt').id, user('provider.shelter')],
    [agency('shelter_jabar').id, user('provider.jabar')],
    [agency('shelter_kalbar').id, user('provider.kalbar')],
    [iom.id, user('partner.iom')],
    [lpsk.id, user('provider.lpsk')],
  ]);
  // Action items are completed by the assigned agency's staff where it has some, else by the case team.
  const assignees = new Map<string, DemoUser>([...receivers, [agency('police_ntt').id, user('legal.ntt')]]);
  /** Draws of the issue-4 features (directory, consents, referrals, conferences): a stream of their own. */
  const extra = new Rng(((options.seed ?? 2007) * 7919) ^ 0x5bd1e995);
  let withdrawals = 0;
  /** Draws of shelter stays: a stream of their own, so the histories above stay as they were. */
  const stays = new Rng(((options.seed ?? 2007) * 104_729) ^ 0x27d4eb2f);
  /** Open stays left past their planned exit (the demo shows one overstay). */
  let overstays = 0;
  const contexts = new Map<string, Context>();
  const as = (u: DemoUser) => {
    let c = contexts.get(u.id);
    if (!c) {
      c = userContext(base, u, clock);
      contexts.set(u.id, c);
    }
    return c;
  };

  const counts = demoStageCounts(n);
  const targets: CaseStage[] = [];
  for (const [stage, c] of counts) for (let i = 0; i < c; i++) targets.push(stage);
  // Deterministic shuffle.
  for (let i = targets.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [targets[i], targets[j]] = [targets[j]!, targets[i]!];
  }

  const routes = await ModuleRoutes.open();
  const steps: Step[] = [];
  let order = 0;
  const at = (t: number, run: () => Promise<void>) => steps.push({ at: t, order: order++, run });

  // The service directory: each agency publishes its services soon after it joins; shelters update their free
  // beds now and then, the last time shortly before the present.
  const provinces = (await listRegions()).map((r) => r.code);
  const publishedFrom = clock.at;
  demoDirectoryOffers(provinces).forEach((offer, i) => {
    const url = `/api/agencies/${agency(offer.agency).id}/services/${offer.type}`;
    const publisher = user(offer.publisher);
    at(publishedFrom + extra.between(1, 20) * DAY + i * 60_000, async () => {
      await routes.call(as(publisher), 'PUT', url, offer.entry);
    });
    const beds = offer.type === 'shelter' ? offer.entry.capacity : undefined;
    if (beds) {
      for (const ago of [extra.between(60, 120) * DAY, extra.between(2, 30) * HOUR]) {
        const free = offer.agency === 'shelter_kalbar' ? 0 : extra.int(offer.agency === 'shelter_ntt' ? 2 : 0, 8);
        at(now - ago, async () => {
          await routes.call(as(publisher), 'PUT', url, { ...offer.entry, capacity: { total: beds.total, free } });
        });
      }
    }
  });

  // Open cases past protection: some get a fresh referral in the last days (the inboxes' unanswered ones).
  const openCases: { team: Team; lastStep: number; refer: (t0: number, waiting: boolean) => void }[] = [];
  const openAfterProtection = new Set<CaseStage>(['protection', 'repatriation', 'reintegration', 'follow_up']);
  const lastOpen = targets.findLastIndex((t) => openAfterProtection.has(t));
  let nttOpen = 0;

  for (const [index, target] of targets.entries()) {
    // Plan the whole history from a provisional intake, then shift it to end a little before now.
    const abroad = rng.chance(0.72);
    const closeAsNotVictim = target === 'closed' && rng.chance(0.12);
    const plan = planHistory(new Rng(rng.int(1, 2 ** 31)), 0, target, Number.POSITIVE_INFINITY, {
      abroad,
      closeAsNotVictim,
    });
    const lateOpen = target === 'protection' && rng.chance(0.35);
    const idle =
      target === 'intake' || target === 'screening'
        ? rng.between(0.1, 4) * DAY
        : lateOpen
          ? rng.between(10, 20) * DAY
          : target === 'closed'
            ? rng.between(2, 240) * DAY
            : rng.between(1, 30) * DAY;
    const h = shiftHistory(plan, Math.round(now - idle - lastStepAt(plan)));
    // A victim whose journey matches the plan (abroad or not), drawn for the shifted intake date.
    let victim = drawVictim(rng, geo, h.intakeAt);
    for (let i = 0; i < 50 && victim.abroad !== abroad; i++) victim = drawVictim(rng, geo, h.intakeAt);
    // The Kupang shelter's inbox always has something to show: at least one open NTT case past protection.
    if (index === lastOpen && nttOpen === 0) {
      for (let i = 0; i < 500 && (victim.provinceCode !== '53' || victim.abroad !== abroad); i++)
        victim = drawVictim(rng, geo, h.intakeAt);
    }
    const team = teamFor(victim);
    if (openAfterProtection.has(target) && team === teams.ntt) nttOpen += 1;
    scheduleCase(h, victim, team, lateOpen);
  }
  scheduleRecentReferrals();

  /** Fresh shelter referrals in the last days on some open cases of each team (more in NTT, the demo's home). */
  function scheduleRecentReferrals() {
    for (const team of Object.values(teams)) {
      const list = openCases.filter((c) => c.team === team);
      for (let i = list.length - 1; i > 0; i--) {
        const j = extra.int(0, i);
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      const n = team === teams.ntt ? Math.max(2, Math.ceil(list.length * 0.3)) : Math.ceil(list.length * 0.12);
      for (const [i, c] of list.slice(0, n).entries()) {
        const t0 = Math.max(c.lastStep + HOUR, now - extra.between(9 * HOUR, 6 * DAY));
        // The first of each team always waits for an answer (the inbox is never without one).
        if (t0 < now - 9 * HOUR) c.refer(t0, i === 0 || extra.chance(0.75));
      }
    }
  }

  function scheduleCase(h: History, v: Victim, team: Team, lateOpen: boolean) {
    const r = new Rng(rng.int(1, 2 ** 31));
    /** Draws of consents, referrals and conferences (kept apart so the rest of the history stays as planned). */
    const x = new Rng(extra.int(1, 2 ** 31));
    /** Draws of this case's shelter stays. */
    const s = new Rng(stays.int(1, 2 ** 31));
    /** The stay open at this point of the history (one at a time per case). */
    let currentStay: StayEntry | undefined;
    const worker = () => as(team.worker);
    const supervisor = () => as(team.supervisor);
    const state: CaseState = { isChild: v.isChild, requests: [], consents: [], referrals: [] };
    const caseUrl = () => `/api/cases/${state.caseId}`;
    /** Steps of the case stop before it is closed (or before the present). */
    const until = h.closeRequestedAt ?? now;
    /** Whether this victim agrees to be referred to an agency (asked once per agency). */
    const agreesTo = new Map<string, boolean>();
    const refers = (provider: TAgency) => {
      if (!receivers.has(provider.id)) return false;
      if (!agreesTo.has(provider.id)) agreesTo.set(provider.id, x.chance(0.36));
      return agreesTo.get(provider.id)!;
    };
    const input: TCaseCreate = {
      person: {
        sex: v.sex,
        birthYear: v.birthYear,
        citizenship: 'ID',
        regionCode: v.regionCode,
        languages: v.languages,
        ...(v.education ? { education: v.education as never } : {}),
        maritalStatus: v.maritalStatus as never,
      },
      identity: { fullName: v.fullName, ...(v.phone ? { phones: [v.phone] } : {}) },
      referralSource: v.referralSource as TCaseCreate['referralSource'],
      intakeAt: new Date(h.intakeAt).toISOString(),
      summary: v.summary,
      riskLevel: v.riskLevel,
      profile: {
        exploitationTypes: v.exploitationTypes as never,
        methodsOfControl: v.methodsOfControl as never,
        recruitmentMethods: v.recruitmentMethods as never,
        recruitmentWebsites: v.recruitmentWebsites as never,
        exploitationWebsites: v.exploitationWebsites as never,
        sexExploitationTypes: v.sexExploitationTypes as never,
        vulnerabilities: v.vulnerabilities as never,
        relationshipToTrafficker: v.relationshipToTrafficker as never,
        forcedLabourIndustry: v.forcedLabourIndustry as never,
        exploitationCountry: v.destination.country,
        ageWhenTrafficked: v.ageWhenTrafficked,
      },
      events: v.events as TCaseCreate['events'],
    };
    at(h.intakeAt + r.between(0.05, 1.5) * HOUR, async () => {
      const created = await createCase(worker(), input);
      state.caseId = created.id;
      state.isChild = created.isChild;
      // The team responds within the charter's target for the risk level: the response task is done.
      const tasks = await routes.call<{ id: string; kind: string; status: string }[]>(
        worker(),
        'GET',
        `${caseUrl()}/tasks`,
      );
      for (const task of tasks.filter((t) => t.kind === RISK_RESPONSE_TASK && t.status === 'open'))
        await routes.call(worker(), 'POST', `${caseUrl()}/tasks/${task.id}/complete`);
    });
    if (h.screeningAt === undefined) return;
    const sheet = drawScreeningAnswers(r, h.victim, v.isChild);
    at(h.screeningAt, async () => {
      const s = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/screenings`, {
        toolVersion: delphiV1.version,
        answers: sheet.answers,
        acts: sheet.acts,
      });
      state.screeningId = s.id;
    });
    if (h.decidedAt !== undefined) {
      const status = h.victim ? 'PossibleVictimOfTrafficking' : 'NotAVictimOfTrafficking';
      at(h.decidedAt, async () => {
        await routes.call(worker(), 'POST', `/api/screenings/${state.screeningId}/decide`, {
          status,
          decidedByOrg: 'NonPoliceGovernmentalOrganization',
        });
      });
    }
    if (h.approvedAt !== undefined) {
      at(h.approvedAt, async () => {
        await routes.call(supervisor(), 'POST', `/api/screenings/${state.screeningId}/approve`, { approve: true });
      });
    }
    if (h.protectionAt !== undefined) {
      const p = h.protectionAt;
      at(p, async () => {
        await transitionCase(worker(), state.caseId!, 'protection');
      });
      if (r.chance(0.7)) {
        const needs = drawAnswers(r, questionnaire('needs_individual'), r.between(0.5, 0.85));
        at(p + r.between(1, 30) * HOUR, async () => {
          await routes.call(worker(), 'POST', `${caseUrl()}/assessments`, {
            questionnaire: 'needs_individual',
            version: questionnaire('needs_individual').version,
            kind: 'baseline',
            answers: needs,
          });
        });
      }
      // Services of the protection stage: emergency aid and rehabilitation within the 7 statutory days.
      const wanted: [string, string, TAgency][] = [];
      if (v.abroad || r.chance(0.4)) wanted.push(['emergency_first_aid', 'social_worker', team.lead]);
      wanted.push([r.chance(0.5) ? 'health_rehabilitation' : 'social_rehabilitation', 'victim', team.lead]);
      if (r.chance(0.6)) wanted.push(['psychosocial_counselling', 'social_worker', team.shelter]);
      if (v.isChild || r.chance(0.3)) wanted.push(['shelter', 'social_worker', team.shelter]);
      if (r.chance(0.3)) wanted.push(['legal_aid', 'victim', r.chance(0.5) ? lpsk : team.police]);
      const end = h.closeRequestedAt ?? now;
      // Services of agencies that take referrals go to them by referral when the victim agrees (one per agency).
      const groups = new Map<TAgency, ReferralItem[]>();
      wanted.forEach(([type, applicant, provider], i) => {
        const appliedAt = p + r.between(0.1, 2) * DAY + i * HOUR;
        const late = lateOpen && i === 0;
        const course = late ? 'open' : r.chance(0.15) ? 'late' : 'on_time';
        if (course !== 'open' && refers(provider)) {
          const entry = scheduleService(type, applicant, provider, appliedAt, end, 'referral');
          groups.set(provider, [...(groups.get(provider) ?? []), { entry, appliedAt, late: course === 'late' }]);
        } else scheduleService(type, applicant, provider, appliedAt, end, course);
      });
      for (const [provider, items] of groups) {
        scheduleReferral(provider, items, provider === iom ? 'iom' : provider === lpsk ? 'legal' : 'shelter');
      }
      // Victims exploited abroad may agree that the mission there or IOM learn about their case.
      if (v.abroad && x.chance(0.12)) scheduleInternationalConsents(p + x.between(0.5, 8) * DAY);
      if (x.chance(0.2)) scheduleConference(p + x.between(4, 21) * DAY, 'protection');
    }
    if (h.repatriationAt !== undefined) {
      const t = h.repatriationAt;
      at(t, async () => {
        await transitionCase(worker(), state.caseId!, 'repatriation');
      });
      const type = v.abroad ? 'repatriation_from_abroad' : 'repatriation_domestic';
      const provider = v.abroad ? iom : team.lead;
      const appliedAt = t + r.between(1, 12) * HOUR;
      if (refers(provider)) {
        // IOM brings the victim home; sometimes it is also asked to trace the family.
        const items: ReferralItem[] = [
          {
            entry: scheduleService(type, 'social_worker', provider, appliedAt, until, 'referral'),
            appliedAt,
            late: false,
          },
        ];
        if (x.chance(0.3)) {
          const tracing = appliedAt + x.between(0.2, 2) * HOUR;
          const entry = scheduleService('family_tracing', 'social_worker', provider, tracing, until, 'referral');
          items.push({ entry, appliedAt: tracing, late: false });
        }
        scheduleReferral(provider, items, 'iom');
      } else scheduleService(type, 'social_worker', provider, appliedAt, until, 'on_time');
    }
    if (h.reintegrationAt !== undefined) {
      const t = h.reintegrationAt;
      at(t, async () => {
        await transitionCase(worker(), state.caseId!, 'reintegration');
      });
      const end = h.closeRequestedAt ?? now;
      scheduleService('social_reintegration', 'victim', team.lead, t + r.between(1, 20) * HOUR, end, 'on_time');
      if (r.chance(0.5)) {
        const kind = r.chance(0.5) ? 'economic_empowerment' : 'vocational_training';
        const appliedAt = t + r.between(2, 10) * DAY;
        if (refers(team.shelter)) {
          const entry = scheduleService(kind, 'victim', team.shelter, appliedAt, end, 'referral');
          scheduleReferral(team.shelter, [{ entry, appliedAt, late: false }], 'reintegration');
        } else scheduleService(kind, 'victim', team.shelter, appliedAt, end, 'on_time');
      }
      if (x.chance(0.25)) scheduleConference(t + x.between(3, 20) * DAY, 'reintegration');
    }
    if (h.baselineAt !== undefined) {
      const base = drawReintegrationAnswers(r, r.between(0.3, 0.5), false);
      at(h.baselineAt, async () => {
        await routes.call(worker(), 'POST', `${caseUrl()}/assessments`, {
          questionnaire: REINTEGRATION_QUESTIONNAIRE,
          version: questionnaire(REINTEGRATION_QUESTIONNAIRE).version,
          kind: 'baseline',
          answers: base.answers,
        });
      });
    }
    for (const f of h.followUps) {
      const final = f.month === 12 && h.closureReason === 'reintegrated';
      const level = f.month === 3 ? r.between(0.45, 0.65) : f.month === 6 ? r.between(0.55, 0.8) : r.between(0.7, 0.9);
      const survey = drawReintegrationAnswers(r, level, final ? true : undefined);
      at(f.at, async () => {
        await routes.call(worker(), 'POST', `${caseUrl()}/assessments`, {
          questionnaire: REINTEGRATION_QUESTIONNAIRE,
          version: questionnaire(REINTEGRATION_QUESTIONNAIRE).version,
          kind: 'follow_up',
          followUpMonth: f.month,
          answers: survey.answers,
        });
        // The survey closes its own follow-up task (assessments module).
      });
    }
    if (h.followUpStageAt !== undefined) {
      at(h.followUpStageAt, async () => {
        await transitionCase(worker(), state.caseId!, 'follow_up');
      });
    }
    if (h.closeRequestedAt === undefined && h.protectionAt !== undefined) {
      openCases.push({ team, lastStep: lastStepAt(h), refer: scheduleRecentReferral });
    }
    if (h.closeRequestedAt !== undefined) {
      const reason = h.closureReason ?? 'other';
      // Referrals still running end before the case closes: the lead agency revokes them.
      at(h.closeRequestedAt - x.between(0.5, 3) * HOUR, async () => {
        for (const ref of state.referrals.filter(activeReferral)) {
          await routes.call(worker(), 'POST', `/api/referrals/${ref.id}/revoke`, { reason: closingRevokeReason });
          ref.status = 'revoked';
        }
      });
      at(h.closeRequestedAt, async () => {
        const open = state.requests.filter((q) => ['requested', 'accepted', 'in_progress'].includes(q.status));
        await routes.call(worker(), 'POST', `${caseUrl()}/close`, {
          reason,
          ...(open.length > 0
            ? { openServicesReason: 'Korban pindah domisili; layanan dilanjutkan lembaga setempat.' }
            : {}),
        });
      });
      at(h.closedAt!, async () => {
        await routes.call(supervisor(), 'POST', `${caseUrl()}/approve-closure`, { approve: true });
      });
    }

    /** A service request and its course: on time, delivered late, or still open past its due time. */
    function scheduleService(
      type: string,
      applicant: string,
      provider: TAgency,
      appliedAt: number,
      until: number,
      course: 'on_time' | 'late' | 'open' | 'referral',
    ): RequestEntry {
      const entry: RequestEntry = { id: '', type, status: 'requested', provider };
      // An application planned after the case closed (or after the present) is never made.
      if (appliedAt >= until || appliedAt >= now) return entry;
      at(appliedAt, async () => {
        const created = await requestService(worker(), state.caseId!, {
          type: type as never,
          applicant: applicant as never,
          providerAgencyId: provider.id,
        });
        entry.id = created.id;
        state.requests.push(entry);
      });
      // A referred request moves with its referral (the recipient accepts and records delivery).
      if (course === 'referral') return entry;
      const move = (t: number, status: string, patch: Record<string, string> = {}) => {
        if (t >= until || t >= now) return false;
        at(t, async () => {
          await updateServiceRequest(worker(), entry.id, { status: status as never, ...patch });
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
      if (move(delivered, 'delivered') && type === 'shelter') scheduleStay(provider, entry, delivered, delivered);
      return entry;
    }

    /**
     * A shelter stay after the shelter service was delivered (directly or through a referral). The case team
     * records it (services.manage on the case; the shelter's staff are not on the case team): admitted at the
     * delivery for the charter's 7 days, some extended once, most leaving within weeks for a reason — at the
     * latest when the case moves on to repatriation or reintegration, or before it is closed. Stays of current
     * cases may still be open at the present (their planned exit extended past it, except one overstay).
     */
    function scheduleStay(facility: TAgency, entry: RequestEntry, admittedAt: number, recordedAt: number) {
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
      const moveOn = [h.repatriationAt, h.reintegrationAt].filter(
        (t): t is number => t !== undefined && t > admittedAt,
      );
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
        if (entry.status !== 'delivered' || currentStay?.open) return;
        const created = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/shelter-stays`, {
          facilityAgencyId: facility.id,
          admittedAt: new Date(admittedAt).toISOString(),
          plannedExitAt: new Date(initialExit).toISOString(),
        });
        stay.id = created.id;
        stay.open = true;
        currentStay = stay;
      });
      for (const e of extensions) {
        at(e.at, async () => {
          if (!stay.open) return;
          await routes.call(worker(), 'PATCH', `/api/shelter-stays/${stay.id}`, {
            plannedExitAt: new Date(e.to).toISOString(),
          });
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
        if (mayOverstay && overstays === 0 && finalPlan < now - DAY) {
          overstays += 1;
          return;
        }
        await routes.call(worker(), 'POST', `/api/shelter-stays/${stay.id}/exit`, {
          exitAt: new Date(exitAt).toISOString(),
          reason,
          ...(note ? { note } : {}),
        });
        stay.open = false;
      });
    }

    /** What the victim (or a child's parent or guardian) agrees to share with a referral recipient. */
    function drawConsent(kind: ReferralKind): ConsentDraw {
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
    const giver = async (relationship: string) => {
      if (!minorAt({ birthYear: v.birthYear }, new Date(clock.at)).minor) return { givenBy: 'victim' };
      if (relationship === 'state_guardian') return { givenBy: 'guardian', guardianRelationship: relationship };
      if (!state.guardian) {
        const family = v.fullName.split(' ').at(-1) ?? '';
        const added = await routes.call<{ personId: string }>(worker(), 'POST', `${caseUrl()}/relatives`, {
          relationship: relativeKind[relationship] ?? 'other_family',
          person: { sex: 'Feminine', regionCode: v.regionCode },
          identity: { fullName: `${relationship === 'parent' ? 'Ibu' : 'Wali'} ${family}`.trim() },
        });
        state.guardian = { personId: added.personId, relationship };
      }
      return {
        givenBy: 'guardian',
        guardianRelationship: state.guardian.relationship,
        guardianPersonId: state.guardian.personId,
      };
    };

    /** The active referral consent for the agency that covers the services, recorded now if there is none. */
    async function ensureConsent(provider: TAgency, types: string[], draw: ConsentDraw): Promise<ConsentEntry> {
      const covering = state.consents.find(
        (c) => c.active && c.agencyId === provider.id && types.every((t) => c.types.has(t)),
      );
      if (covering) return covering;
      const serviceTypes = [...new Set([...types, ...draw.anticipate])];
      const created = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/consents`, {
        purpose: 'referral',
        recipientAgencyId: provider.id,
        serviceTypes,
        fieldGroups: draw.groups,
        ...(await giver(draw.relationship)),
        wordingVersion: CONSENT_WORDING,
        wordingLocale: 'id',
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
    function scheduleReferral(
      provider: TAgency,
      items: ReferralItem[],
      kind: ReferralKind,
      fresh?: { waiting: boolean },
    ) {
      const receiver = receivers.get(provider.id)!;
      const applied = items.map((i) => i.appliedAt);
      const consentAt = Math.min(...applied) - x.between(0.1, 2) * HOUR;
      const sentAt = Math.max(...applied) + x.between(0.3, 8) * HOUR;
      const draw = drawConsent(kind);
      const urgent =
        kind === 'shelter' && (v.isChild || items.some((i) => i.entry.type === 'shelter')) && x.chance(0.7);
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
            ['withdraw', withdrawals < 3 ? 5 : 0],
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
            provider,
            ref.entries.map((e) => e.type),
            draw,
          )
        ).id;
      });
      at(sentAt, async () => {
        const created = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/referrals`, {
          recipientAgencyId: provider.id,
          serviceRequestIds: ref.entries.map((e) => e.id),
          urgency: urgent ? 'urgent' : 'normal',
          reason: kind === 'iom' ? 'MigrationOrChangeOfLocation' : 'AdditionalServicesRequired',
          note,
          consentId: ref.consentId,
        });
        ref.id = created.id;
        state.referrals.push(ref);
      });
      const recipient = () => as(receiver);
      const url = () => `/api/referrals/${ref.id}`;
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
            await updateServiceRequest(worker(), e.id, { status: 'cancelled', reason });
            e.status = 'cancelled';
          }
        });
      };
      const revokeAt = (t: number) => {
        const scheduled = when(t, ['sent', 'accepted', 'in_progress'], async () => {
          await routes.call(worker(), 'POST', `${url()}/revoke`, { reason: revokeReason });
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
          await routes.call(recipient(), 'POST', `${url()}/decline`, { reason: declineReason });
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
        await routes.call(recipient(), 'POST', `${url()}/accept`);
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
          await routes.call(worker(), 'POST', `/api/consents/${ref.consentId}/withdraw`, { reason });
          for (const c of state.consents) if (c.id === ref.consentId) c.active = false;
          for (const other of state.referrals)
            if (other.consentId === ref.consentId && activeReferral(other)) other.status = 'withdrawn';
        });
        if (withdrawn) {
          withdrawals += 1;
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
          await routes.call(recipient(), 'POST', `${url()}/services-delivered`, {
            items: [{ serviceRequestId: d.entry.id, deliveredAt: new Date(d.deliveredAt).toISOString(), note: d.note }],
          });
          d.entry.status = 'delivered';
          ref.status = 'in_progress';
        });
        if (!recorded) return;
        if (d.entry.type === 'shelter') scheduleStay(provider, d.entry, d.deliveredAt, d.recordedAt);
        last = d.recordedAt;
      }
      when(last + x.between(0.5, 6) * DAY, ['in_progress'], async () => {
        await routes.call(recipient(), 'POST', `${url()}/complete`);
        ref.status = 'completed';
      });
    }

    /** A fresh request to the shelter in the last days, referred at once (most still wait for an answer). */
    function scheduleRecentReferral(t0: number, waiting: boolean) {
      const later = h.stage === 'reintegration' || h.stage === 'follow_up';
      const type = x.pick(
        later
          ? ['vocational_training', 'economic_empowerment', 'psychosocial_counselling']
          : ['psychosocial_counselling', 'shelter'],
      );
      const entry = scheduleService(type, 'victim', team.shelter, t0, now, 'referral');
      scheduleReferral(team.shelter, [{ entry, appliedAt: t0, late: false }], later ? 'reintegration' : 'shelter', {
        waiting,
      });
    }

    /** Cross-border consent for the Indonesian mission where the victim was exploited, sometimes also for IOM. */
    function scheduleInternationalConsents(t: number) {
      if (t >= until) return;
      const mission = missionFor(v.destination.country, v.destination.city);
      const groups = ['age_band', 'sex', 'nationality', 'exploitation_types', 'case_summary'];
      // The mission needs the name to issue travel documents and claim unpaid wages.
      if (x.chance(0.6)) groups.push('identity_name');
      const relationship = x.weighted(guardians);
      const withIom = x.chance(0.4);
      const iomAt = t + x.between(0.2, 3) * HOUR;
      at(t, async () => {
        await routes.call(worker(), 'POST', `${caseUrl()}/consents`, {
          purpose: 'cross_border_transfer',
          recipientName: mission,
          fieldGroups: groups,
          ...(await giver(relationship)),
          wordingVersion: CONSENT_WORDING,
          wordingLocale: 'id',
        });
      });
      if (withIom && iomAt < until) {
        at(iomAt, async () => {
          await routes.call(worker(), 'POST', `${caseUrl()}/consents`, {
            purpose: 'international_sharing',
            recipientAgencyId: iom.id,
            fieldGroups: ['age_band', 'sex', 'nationality', 'origin_region', 'needs', 'exploitation_types'],
            ...(await giver(relationship)),
            wordingVersion: CONSENT_WORDING,
            wordingLocale: 'id',
          });
        });
      }
    }

    /**
     * A case conference: the agencies present, what they decided, and action items with due dates. Most items
     * are done by the assigned agency (or the case team) around their due date; on open cases some are not,
     * and the overdue job alerts about them. A case that closes finishes its items first.
     */
    function scheduleConference(heldAt: number, stage: 'protection' | 'reintegration') {
      if (heldAt >= until - DAY) return;
      const closes = h.closeRequestedAt !== undefined;
      const heldOn = wibDate(heldAt);
      const present: { agency: TAgency; role: keyof typeof actionItemTexts }[] = [{ agency: team.lead, role: 'lead' }];
      if (x.chance(0.75)) present.push({ agency: team.shelter, role: 'shelter' });
      if (x.chance(0.6)) present.push({ agency: team.police, role: 'police' });
      if (v.abroad && x.chance(0.6)) present.push({ agency: iom, role: 'iom' });
      if (x.chance(0.15)) present.push({ agency: lpsk, role: 'lpsk' });
      const assigned = present.filter((_, i) => x.chance(i === 0 ? 0.6 : 0.7));
      if (assigned.length === 0) assigned.push(present.at(-1)!);
      const decisions = x.pick(conferenceDecisions[stage]);
      const items = assigned.map((p) => {
        const dueOn = wibDate(heldAt + x.int(7, 30) * DAY);
        const dueAt = Date.parse(`${dueOn}T00:00:00+07:00`) + DAY;
        let doneAt: number | undefined = Math.max(dueAt - x.between(-6, 12) * DAY, heldAt + x.between(2, 48) * HOUR);
        const done = closes || x.chance(0.75);
        if (doneAt >= until) doneAt = closes ? until - x.between(2, 20) * HOUR : undefined;
        return {
          agency: p.agency,
          description: x.pick(actionItemTexts[p.role]),
          dueOn,
          doneAt: done && doneAt !== undefined && doneAt > heldAt ? doneAt : undefined,
          id: '',
        };
      });
      const conference = { id: '' };
      at(heldAt, async () => {
        const created = await routes.call<{ id: string; actionItems: { id: string }[] }>(
          worker(),
          'POST',
          `${caseUrl()}/conferences`,
          {
            heldOn,
            agencyIds: present.map((p) => p.agency.id),
            decisions,
            actionItems: items.map((i) => ({ agencyId: i.agency.id, description: i.description, dueOn: i.dueOn })),
          },
        );
        conference.id = created.id;
        created.actionItems.forEach((item, i) => {
          items[i]!.id = item.id;
        });
      });
      for (const item of items) {
        if (item.doneAt === undefined) continue;
        const by = assignees.get(item.agency.id) ?? team.worker;
        at(item.doneAt, async () => {
          await routes.call(as(by), 'POST', `/api/conferences/${conference.id}/action-items/${item.id}/complete`);
        });
      }
    }
  }

  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  try {
    for (const step of steps) {
      clock.set(step.at);
      await step.run();
    }
  } finally {
    await routes.close();
  }
  return counts;
}

/** Creates the extra demo users that demo cases need (one password hash for all). */
export async function insertDemoCaseUsers(
  ctx: Context,
  agencies: Map<string, TAgency>,
  passwordHash: string,
): Promise<DemoUser[]> {
  const created: DemoUser[] = [];
  for (const u of demoCaseUsers) {
    const agency = agencies.get(u.agency);
    if (!agency) throw new Error(`demo agency ${u.agency} missing`);
    const row = await transact(ctx, (tx) =>
      insertUserWithRoles(tx, ctx, {
        username: u.username,
        displayName: u.displayName,
        agencyId: agency.id,
        roles: [...u.roles],
        locale: 'id',
        timeZone: 'Asia/Jakarta',
        passwordHash,
        mustChangePassword: false,
      }),
    );
    created.push({ id: row.id, username: row.username, agency, roles: [...u.roles] });
  }
  return created;
}

/**
 * Runs a bulk load with SQLite's `synchronous = NORMAL` (WAL stays consistent; only the last commits could
 * be lost on a power cut, which a re-run repairs), then restores FULL. PostgreSQL is left as it is.
 */
export async function withRelaxedSync<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  if (ctx.database.adapter.name !== 'sqlite') return fn();
  await sql`pragma synchronous = normal`.execute(ctx.database.db);
  try {
    return await fn();
  } finally {
    await sql`pragma synchronous = full`.execute(ctx.database.db);
  }
}

/**
 * After the simulated history the overdue jobs run once at the real time: alerts for late services, referrals
 * nobody answered in time and conference action items past their due date.
 */
export async function runOverdueCheck(ctx: Context): Promise<number> {
  const services = await checkOverdueServiceRequests(ctx);
  const referrals = await checkOverdueReferrals(ctx);
  const actionItems = await checkOverdueActionItems(ctx);
  const stays = await checkShelterOverstays(ctx);
  const responses = await checkOverdueResponses(ctx);
  return services + referrals + actionItems + stays + responses;
}
