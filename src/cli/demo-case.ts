import type { TAgency } from '../modules/agencies/index.js';
import { assessmentCreateSchema, createAssessment, REINTEGRATION_QUESTIONNAIRE } from '../modules/assessments/index.js';
import {
  approveClosure,
  approveClosureSchema,
  caseCreateSchema,
  closeCase,
  closeSchema,
  completeTask,
  createCase,
  listTasks,
  RISK_RESPONSE_TASK,
  type TCaseCreate,
  transitionCase,
} from '../modules/cases/index.js';
import { revokeReferral } from '../modules/referrals/index.js';
import {
  approveScreening,
  createScreening,
  decideScreening,
  delphiV1,
  screeningApproveSchema,
  screeningCreateSchema,
  screeningDecideSchema,
} from '../modules/screening/index.js';
import type { CaseRun, CaseState, DemoRun, ReferralItem, Team } from './demo-actors.js';
import { activeReferral, valid } from './demo-actors.js';
import { drawAnswers, drawReintegrationAnswers, drawScreeningAnswers, questionnaire } from './demo-answers.js';
import { scheduleConference } from './demo-case-conference.js';
import {
  referralReason,
  scheduleInternationalConsents,
  scheduleRecentReferral,
  scheduleReferral,
} from './demo-case-referrals.js';
import { scheduleService } from './demo-case-services.js';
import { type History, lastStepAt } from './demo-history.js';
import { DAY, HOUR, Rng } from './demo-random.js';
import { closingRevokeReason } from './demo-referrals.js';
import type { Victim } from './demo-victims.js';

/**
 * Schedules the history of one case on the seed's steps: intake and the response task, screening, decision and
 * approval, the stages with their services, referrals, shelter stays, consents, conferences and assessments, and
 * the closure. `r` draws the history's own steps; the referral and stay draws come from streams of their own.
 */
export function scheduleCase(run: DemoRun, r: Rng, h: History, v: Victim, team: Team, lateOpen: boolean) {
  const { now, at, as, iom, lpsk, receivers } = run;
  /** Draws of consents, referrals and conferences (kept apart so the rest of the history stays as planned). */
  const x = new Rng(run.extra.int(1, 2 ** 31));
  /** Draws of this case's shelter stays. */
  const s = new Rng(run.stays.int(1, 2 ** 31));
  const state: CaseState = { isChild: v.isChild, requests: [], consents: [], referrals: [] };
  const c: CaseRun = {
    run,
    h,
    v,
    team,
    lateOpen,
    r,
    x,
    s,
    state,
    until: h.closeRequestedAt ?? now,
    worker: () => as(team.worker),
    supervisor: () => as(team.supervisor),
  };
  const { worker, supervisor, until } = c;
  /** An assessment of the case, checked against its body schema as the route would. */
  const assess = (body: object) => createAssessment(worker(), state.caseId!, valid(assessmentCreateSchema, body));
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
    const created = await createCase(worker(), valid(caseCreateSchema, input));
    state.caseId = created.id;
    state.isChild = created.isChild;
    // The team responds within the charter's target for the risk level: the response task is done.
    const tasks = await listTasks(worker(), created.id);
    for (const task of tasks.filter((t) => t.kind === RISK_RESPONSE_TASK && t.status === 'open'))
      await completeTask(worker(), created.id, task.id);
  });
  if (h.screeningAt === undefined) return;
  const sheet = drawScreeningAnswers(r, h.victim, v.isChild);
  at(h.screeningAt, async () => {
    const body = { toolVersion: delphiV1.version, answers: sheet.answers, acts: sheet.acts };
    const s = await createScreening(worker(), state.caseId!, valid(screeningCreateSchema, body));
    state.screeningId = s.id;
  });
  if (h.decidedAt !== undefined) {
    const status = h.victim ? 'PossibleVictimOfTrafficking' : 'NotAVictimOfTrafficking';
    at(h.decidedAt, async () => {
      const body = { status, decidedByOrg: 'NonPoliceGovernmentalOrganization' };
      await decideScreening(worker(), state.screeningId!, valid(screeningDecideSchema, body));
    });
  }
  if (h.approvedAt !== undefined) {
    at(h.approvedAt, async () => {
      await approveScreening(supervisor(), state.screeningId!, valid(screeningApproveSchema, { approve: true }));
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
        await assess({
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
        const entry = scheduleService(c, type, applicant, provider, appliedAt, end, 'referral');
        groups.set(provider, [...(groups.get(provider) ?? []), { entry, appliedAt, late: course === 'late' }]);
      } else scheduleService(c, type, applicant, provider, appliedAt, end, course);
    });
    for (const [provider, items] of groups) {
      scheduleReferral(c, provider, items, provider === iom ? 'iom' : provider === lpsk ? 'legal' : 'shelter');
    }
    // Victims exploited abroad may agree that the mission there or IOM learn about their case.
    if (v.abroad && x.chance(0.12)) scheduleInternationalConsents(c, p + x.between(0.5, 8) * DAY);
    if (x.chance(0.2)) scheduleConference(c, p + x.between(4, 21) * DAY, 'protection');
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
          entry: scheduleService(c, type, 'social_worker', provider, appliedAt, until, 'referral'),
          appliedAt,
          late: false,
        },
      ];
      if (x.chance(0.3)) {
        const tracing = appliedAt + x.between(0.2, 2) * HOUR;
        const entry = scheduleService(c, 'family_tracing', 'social_worker', provider, tracing, until, 'referral');
        items.push({ entry, appliedAt: tracing, late: false });
      }
      scheduleReferral(c, provider, items, 'iom');
    } else scheduleService(c, type, 'social_worker', provider, appliedAt, until, 'on_time');
  }
  if (h.reintegrationAt !== undefined) {
    const t = h.reintegrationAt;
    at(t, async () => {
      await transitionCase(worker(), state.caseId!, 'reintegration');
    });
    const end = h.closeRequestedAt ?? now;
    scheduleService(c, 'social_reintegration', 'victim', team.lead, t + r.between(1, 20) * HOUR, end, 'on_time');
    if (r.chance(0.5)) {
      const kind = r.chance(0.5) ? 'economic_empowerment' : 'vocational_training';
      const appliedAt = t + r.between(2, 10) * DAY;
      if (refers(team.shelter)) {
        const entry = scheduleService(c, kind, 'victim', team.shelter, appliedAt, end, 'referral');
        scheduleReferral(c, team.shelter, [{ entry, appliedAt, late: false }], 'reintegration');
      } else scheduleService(c, kind, 'victim', team.shelter, appliedAt, end, 'on_time');
    }
    if (x.chance(0.25)) scheduleConference(c, t + x.between(3, 20) * DAY, 'reintegration');
  }
  if (h.baselineAt !== undefined) {
    const base = drawReintegrationAnswers(r, r.between(0.3, 0.5), false);
    at(h.baselineAt, async () => {
      await assess({
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
      await assess({
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
    run.openCases.push({
      team,
      lastStep: lastStepAt(h),
      refer: (t0, waiting) => scheduleRecentReferral(c, t0, waiting),
    });
  }
  if (h.closeRequestedAt !== undefined) {
    const reason = h.closureReason ?? 'other';
    // Referrals still running end before the case closes: the lead agency revokes them.
    at(h.closeRequestedAt - x.between(0.5, 3) * HOUR, async () => {
      for (const ref of state.referrals.filter(activeReferral)) {
        await revokeReferral(worker(), ref.id, referralReason(closingRevokeReason));
        ref.status = 'revoked';
      }
    });
    at(h.closeRequestedAt, async () => {
      const open = state.requests.filter((q) => ['requested', 'accepted', 'in_progress'].includes(q.status));
      const body = {
        reason,
        ...(open.length > 0
          ? { openServicesReason: 'Korban pindah domisili; layanan dilanjutkan lembaga setempat.' }
          : {}),
      };
      await closeCase(worker(), state.caseId!, valid(closeSchema, body));
    });
    at(h.closedAt!, async () => {
      const body = valid(approveClosureSchema, { approve: true });
      await approveClosure(supervisor(), state.caseId!, body.approve, body.note);
    });
  }
}
