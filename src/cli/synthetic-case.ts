import { REINTEGRATION_FOLLOW_UP_MONTHS } from '../modules/assessments/index.js';
import type { CaseStage } from '../modules/cases/index.js';
import { NAME_KEYS_VERSION, sealIdentityField } from '../modules/persons/index.js';
import { delphiV1 } from '../modules/screening/index.js';
import { statutoryServiceTypes } from '../modules/services/index.js';
import type { Context } from '../platform/context.js';
import { DAY, type History, type questionnaire, type Rng, type Victim } from './demo-cases.js';

export { NoAgenciesError } from './synthetic-agencies.js';

import type { AgencyInfo, Directory, Person } from './synthetic-agencies.js';
import { type Batch, newId, type Row } from './synthetic-insert.js';
import {
  addMonths,
  initialsOf,
  iso,
  MINUTE,
  type NameHasher,
  normalisePhone,
  type SurveyTemplate,
  type screeningTemplates,
  type surveyTemplates,
} from './synthetic-plan.js';
/** One synthetic case's rows, in the shapes createCase and the screening, services and assessments modules write. */
export interface CaseInput {
  ctx: Context;
  rng: Rng;
  victim: Victim;
  lead: AgencyInfo;
  history: History;
  caseNumber: string;
  pseudonym: string;
  operator: Person;
  names: NameHasher;
  screenings: ReturnType<typeof screeningTemplates>;
  surveys: ReturnType<typeof surveyTemplates>;
  reintegration: ReturnType<typeof questionnaire>;
  taskTitles: Map<number, string>;
  directory: Directory;
  asOf: number;
}

/** All rows of one case, in the shapes createCase and the screening, services and assessments modules write. */
export function writeCase(batch: Batch, c: CaseInput) {
  const { ctx, rng, victim: v, lead, history: h, asOf } = c;
  const k = ctx.keyring;
  const a = ctx.database.adapter;
  const worker = lead.leads.length > 0 ? rng.pick(lead.leads) : c.operator;
  const supervisor =
    lead.supervisors.filter((s) => s.id !== worker.id).length > 0
      ? rng.pick(lead.supervisors.filter((s) => s.id !== worker.id))
      : null;
  const personId = newId();
  const caseId = newId();
  const createdAt = h.intakeAt + Math.floor(rng.between(5, 90) * MINUTE);
  const created = iso(createdAt);
  // Timeline entries are collected, then written in time order (their UUIDv7 ids sort the case's timeline).
  const entries: { at: number; kind: string; params: Row; actor: Person }[] = [];
  const timeline = (at: number, kind: string, params: Row, actor: Person = worker) =>
    entries.push({ at, kind, params, actor });

  // The person and the identity vault: name and phone encrypted, the rest of the identity left empty.
  batch.add('persons', {
    id: personId,
    pseudonym: c.pseudonym,
    owner_agency_id: lead.agency.id,
    region_code: v.regionCode,
    sex: v.sex,
    birth_year: v.birthYear,
    initials: initialsOf(v.fullName),
    age_estimated: null,
    citizenship: 'ID',
    languages: a.toJson(v.languages),
    disability: null,
    education: v.education,
    marital_status: v.maritalStatus,
    children_count: null,
    created_by: worker.id,
    created_at: created,
    updated_at: created,
  });
  // Her identity under her own data key, as the vault writes it (persons.keys.ts).
  const personKey = k.newSubjectKey('person_data_keys', personId);
  batch.add('person_data_keys', { person_id: personId, key_enc: personKey.wrapped, created_at: created });
  batch.add('person_identities', {
    person_id: personId,
    full_name_enc: sealIdentityField(personKey.key, personId, 'full_name_enc', v.fullName),
    aliases_enc: null,
    date_of_birth_enc: null,
    nik_enc: null,
    passport_enc: null,
    phones_enc: v.phone ? sealIdentityField(personKey.key, personId, 'phones_enc', JSON.stringify([v.phone])) : null,
    address_enc: null,
    key_version: k.activeKeyVersion,
    updated_at: created,
    name_keys_version: NAME_KEYS_VERSION,
  });
  // Her name postings, and the same tokens keyed by her case (the case list's name search, migration 0144).
  for (const token of c.names.hashes(v.fullName, v.birthYear)) {
    batch.add('person_name_tokens', { token, person_id: personId });
    batch.add('case_name_tokens', { token, case_id: caseId });
  }
  if (v.phone)
    batch.add('person_identifiers', {
      kind: 'phone',
      bidx: k.blindIndex('phone', normalisePhone(v.phone)),
      person_id: personId,
    });

  // Screening, decision and four-eyes approval.
  const decider = worker;
  const approver = supervisor ?? c.operator;
  let traffickingStatus: string | null = null;
  let decidedAt: string | null = null;
  if (h.screeningAt !== undefined) {
    const set = h.victim ? c.screenings.victim : c.screenings.other;
    const t = rng.pick(set[v.isChild ? 1 : 0]);
    const screeningId = newId();
    const decided = h.decidedAt !== undefined;
    const approved = h.approvedAt !== undefined;
    const status = h.victim
      ? rng.chance(0.15)
        ? 'ActualVictimOfTrafficking'
        : 'PossibleVictimOfTrafficking'
      : 'NotAVictimOfTrafficking';
    batch.add('screenings', {
      id: screeningId,
      case_id: caseId,
      tool_version: delphiV1.version,
      is_child: v.isChild ? 1 : 0,
      answers: t.answers,
      acts: t.acts,
      dimension_results: t.dimensions,
      presumed_victim: t.presumed,
      recommendation: t.recommendation,
      notes_enc: null,
      created_by: worker.id,
      created_at: iso(h.screeningAt),
      decision_status: decided ? status : null,
      decided_by_org: decided ? lead.decidedByOrg : null,
      rationale_enc: null,
      decided_by: decided ? decider.id : null,
      decided_at: decided ? iso(h.decidedAt!) : null,
      approval_status: approved ? 'approved' : decided ? 'pending' : null,
      approved_by: approved ? approver.id : null,
      approved_at: approved ? iso(h.approvedAt!) : null,
      approval_note_enc: null,
    });
    const created = {
      screeningId,
      toolVersion: delphiV1.version,
      rule: t.rule,
      positiveDimensions: t.positive,
      recommendation: t.recommendation,
    };
    timeline(h.screeningAt, 'screening.created', created);
    timeline(h.screeningAt, 'case.stage', { from: 'intake', to: 'screening' });
    if (decided) {
      timeline(h.decidedAt!, 'screening.decided', {
        screeningId,
        status,
        decidedByOrg: lead.decidedByOrg,
        differsFromRecommendation: status !== t.recommendation,
      });
    }
    if (approved) {
      traffickingStatus = status;
      decidedAt = iso(h.approvedAt!);
      timeline(
        h.approvedAt!,
        'case.stage',
        { from: 'screening', to: h.victim ? 'identified' : 'not_victim' },
        approver,
      );
      timeline(
        h.approvedAt!,
        'screening.approved',
        { screeningId, approve: true, status, decidedByOrg: lead.decidedByOrg },
        approver,
      );
    }
  }

  // Stage moves.
  const move = (at: number | undefined, from: CaseStage, to: CaseStage) => {
    if (at !== undefined) timeline(at, 'case.stage', { from, to });
  };
  move(h.protectionAt, 'identified', 'protection');
  move(h.repatriationAt, 'protection', 'repatriation');
  move(h.reintegrationAt, h.repatriationAt !== undefined ? 'repatriation' : 'protection', 'reintegration');
  move(h.followUpStageAt, 'reintegration', 'follow_up');

  // Services: statutory ones are due 7 days after the application (Law 21/2007 Art. 52(1), 53).
  const until = Math.min(asOf, h.closeRequestedAt ?? asOf);
  let late = 0;
  let openAtClose = 0;
  // The case's next statutory deadline (cases.next_due_at): its open request due soonest.
  let nextDue: number | null = null;
  const service = (type: string, applicant: string, provider: AgencyInfo, appliedAt: number) => {
    if (appliedAt >= until) return;
    const id = newId();
    const statutory = statutoryServiceTypes.has(type as never);
    const dueAt = statutory ? appliedAt + 7 * DAY : null;
    const acceptedAt = appliedAt + rng.between(0.2, 1.5) * DAY;
    const slow = statutory && rng.chance(0.15);
    const deliveredAt = Math.max(
      acceptedAt + 0.2 * DAY,
      appliedAt + (slow ? rng.between(8, 14) : rng.between(1, 6)) * DAY,
    );
    const cancelled = rng.chance(0.04);
    let status = 'requested';
    let closedAt: number | null = null;
    let delivered: number | null = null;
    if (acceptedAt < until) status = 'accepted';
    if (deliveredAt < until) {
      status = cancelled ? 'cancelled' : 'delivered';
      closedAt = deliveredAt;
      delivered = cancelled ? null : deliveredAt;
    }
    const open = status === 'requested' || status === 'accepted';
    const isLate = open && dueAt !== null && dueAt < asOf;
    if (isLate) late++;
    if (open) openAtClose++;
    if (open && dueAt !== null && (nextDue === null || dueAt < nextDue)) nextDue = dueAt;
    batch.add('service_requests', {
      id,
      case_id: caseId,
      type,
      applicant,
      applied_at: iso(appliedAt),
      due_at: dueAt === null ? null : iso(dueAt),
      provider_agency_id: provider.agency.id,
      status,
      status_reason_enc: null,
      note_enc: null,
      delivered_at: delivered === null ? null : iso(delivered),
      closed_at: closedAt === null ? null : iso(closedAt),
      // The overdue job (every 5 minutes) has already alerted requests past their due time.
      overdue_alerted_at: isLate ? iso(dueAt! + rng.between(0, 5) * MINUTE) : null,
      created_by: worker.id,
      created_at: iso(appliedAt),
      updated_at: iso(closedAt ?? (status === 'accepted' ? acceptedAt : appliedAt)),
    });
    timeline(appliedAt, 'service.requested', {
      requestId: id,
      type,
      applicant,
      providerAgencyId: provider.agency.id,
      dueAt: dueAt === null ? null : iso(dueAt),
    });
    if (status !== 'requested')
      timeline(acceptedAt, 'service.status', {
        requestId: id,
        type,
        from: 'requested',
        to: 'accepted',
        wasLate: false,
      });
    if (closedAt !== null) {
      const wasLate = dueAt !== null && closedAt > dueAt;
      timeline(closedAt, 'service.status', {
        requestId: id,
        type,
        from: 'accepted',
        to: status,
        wasLate,
        ...(status === 'delivered' ? { deliveredLate: wasLate } : {}),
      });
    }
    if (isLate)
      timeline(dueAt! + 5 * MINUTE, 'service.overdue', { requestId: id, type, dueAt: iso(dueAt!) }, c.operator);
  };
  const providers = (lead.province ? c.directory.providers.get(lead.province) : undefined) ?? [];
  const provider = () => (providers.length > 0 && rng.chance(0.6) ? rng.pick(providers) : lead);
  if (h.protectionAt !== undefined) {
    const p = h.protectionAt;
    if (v.abroad || rng.chance(0.4))
      service('emergency_first_aid', 'social_worker', lead, p + rng.between(0.1, 1) * DAY);
    service(
      rng.chance(0.5) ? 'health_rehabilitation' : 'social_rehabilitation',
      'victim',
      provider(),
      p + rng.between(0.2, 2) * DAY,
    );
    if (rng.chance(0.5))
      service('psychosocial_counselling', 'social_worker', provider(), p + rng.between(0.5, 4) * DAY);
    if (v.isChild || rng.chance(0.25)) service('shelter', 'social_worker', provider(), p + rng.between(0.1, 1) * DAY);
    if (rng.chance(0.25)) {
      const legal = c.directory.legal.length > 0 ? rng.pick(c.directory.legal) : lead;
      service('legal_aid', 'victim', legal, p + rng.between(1, 10) * DAY);
    }
  }
  if (h.repatriationAt !== undefined) {
    const helpers = c.directory.repatriation;
    const who = v.abroad && helpers.length > 0 ? rng.pick(helpers) : lead;
    service(
      v.abroad ? 'repatriation_from_abroad' : 'repatriation_domestic',
      'social_worker',
      who,
      h.repatriationAt + rng.between(0.05, 0.5) * DAY,
    );
  }
  if (h.reintegrationAt !== undefined) {
    service('social_reintegration', 'victim', lead, h.reintegrationAt + rng.between(0.05, 1) * DAY);
    if (rng.chance(0.4))
      service(
        rng.chance(0.5) ? 'economic_empowerment' : 'vocational_training',
        'victim',
        provider(),
        h.reintegrationAt + rng.between(2, 10) * DAY,
      );
  }

  // Reintegration surveys (IOM): a baseline schedules follow-ups at 3, 6 and 12 months.
  if (h.baselineAt !== undefined) {
    const survey = (at: number, kind: 'baseline' | 'follow_up', month: number | null, t: SurveyTemplate) => {
      const id = newId();
      batch.add('assessments', {
        id,
        case_id: caseId,
        questionnaire_key: c.reintegration.key,
        questionnaire_version: c.reintegration.version,
        type: c.reintegration.type,
        level: c.reintegration.level,
        kind,
        follow_up_month: month,
        taken_at: iso(at),
        answers: t.answers,
        composite_score: t.composite,
        sustainable: t.sustainable,
        band: null,
        notes_enc: null,
        recorded_by: worker.id,
        created_at: iso(at),
      });
      for (const [dimension, score] of t.scores)
        batch.add('assessment_scores', { assessment_id: id, dimension, score });
      timeline(at, 'assessment.recorded', {
        assessmentId: id,
        questionnaire: c.reintegration.key,
        version: c.reintegration.version,
        type: c.reintegration.type,
        level: c.reintegration.level,
        kind,
        followUpMonth: month,
        composite: t.composite,
        sustainable: t.sustainable === null ? null : t.sustainable === 1,
        band: null,
      });
    };
    survey(h.baselineAt, 'baseline', null, rng.pick(c.surveys.baseline));
    const doneByMonth = new Map(h.followUps.map((f) => [f.month, f.at]));
    for (const month of REINTEGRATION_FOLLOW_UP_MONTHS) {
      const taskId = newId();
      const dueAt = addMonths(h.baselineAt, month);
      const doneAt = doneByMonth.get(month);
      batch.add('case_tasks', {
        id: taskId,
        case_id: caseId,
        title: '',
        title_enc: k.encrypt('case_tasks', 'title_enc', taskId, c.taskTitles.get(month)!),
        kind: 'reintegration_follow_up',
        due_at: iso(dueAt),
        assigned_user_id: worker === c.operator ? null : worker.id,
        status: doneAt !== undefined ? 'done' : 'open',
        done_at: doneAt !== undefined ? iso(doneAt) : null,
        created_by: worker.id,
        created_at: iso(h.baselineAt),
      });
      timeline(h.baselineAt, 'task.created', { taskId, kind: 'reintegration_follow_up', dueAt: iso(dueAt) });
      if (doneAt !== undefined) {
        const final = month === 12 && h.closureReason === 'reintegrated';
        survey(doneAt, 'follow_up', month, rng.pick(final ? c.surveys.final : c.surveys[month as 3 | 6 | 12]));
        timeline(doneAt, 'task.completed', { taskId, kind: 'reintegration_follow_up' });
      }
    }
  }

  // Closure: requested by the lead, approved by a supervisor.
  if (h.closeRequestedAt !== undefined) {
    timeline(h.closeRequestedAt, 'case.closure.requested', { reason: h.closureReason, openItems: openAtClose });
    timeline(h.closedAt!, 'case.closed', { reason: h.closureReason }, approver);
  }

  // The case itself, in its final state.
  const stageChangedAt =
    h.closedAt ??
    h.followUpStageAt ??
    h.reintegrationAt ??
    h.repatriationAt ??
    h.protectionAt ??
    h.approvedAt ??
    h.screeningAt ??
    createdAt;
  const lastAt = Math.max(stageChangedAt, createdAt, ...h.followUps.map((f) => f.at));
  batch.add('cases', {
    id: caseId,
    case_number: c.caseNumber,
    case_seq: Number(c.caseNumber.slice(c.caseNumber.lastIndexOf('/') + 1)),
    lead_agency_id: lead.agency.id,
    person_id: personId,
    region_code: v.regionCode,
    stage: h.stage,
    stage_changed_at: iso(stageChangedAt),
    is_child: v.isChild ? 1 : 0,
    referral_source: v.referralSource,
    intake_at: iso(h.intakeAt),
    identified_at: h.victim && h.approvedAt !== undefined ? iso(h.approvedAt) : null,
    closed_at: h.closedAt !== undefined ? iso(h.closedAt) : null,
    trafficking_status: traffickingStatus,
    status_decided_by_org: traffickingStatus ? lead.decidedByOrg : null,
    status_decided_at: decidedAt,
    risk_level: v.riskLevel,
    relationship_to_trafficker: v.relationshipToTrafficker,
    forced_labour_industry: v.forcedLabourIndustry,
    exploitation_country: v.destination.country,
    age_when_trafficked: v.ageWhenTrafficked,
    late_services: late,
    next_due_at: nextDue === null ? null : iso(nextDue),
    summary_enc: null,
    closure_reason: h.closureReason ?? null,
    closure_note_enc: null,
    closure_requested_by: h.closeRequestedAt !== undefined ? worker.id : null,
    closure_requested_at: h.closeRequestedAt !== undefined ? iso(h.closeRequestedAt) : null,
    closure_from_stage: h.closureFrom ?? null,
    reopened_count: 0,
    created_by: worker.id,
    created_at: created,
    updated_at: iso(lastAt),
  });
  const attributes: [string, string[]][] = [
    ['vic_TypeOfExploitation', v.exploitationTypes],
    ['vic_MethodsOfControl', v.methodsOfControl],
    ['vic_MethodOfRecruitment', v.recruitmentMethods],
    ['vic_RecruitmentWebsitesAndApps', v.recruitmentWebsites],
    ['vic_ExploitationWebsitesAndApps', v.exploitationWebsites],
    ['vic_TypeOfSexExploitation', v.sexExploitationTypes],
    ['vic_Vulnerabilities', v.vulnerabilities],
  ];
  for (const [attribute, values] of attributes)
    for (const value of new Set(values)) batch.add('case_attributes', { case_id: caseId, attribute, value });
  if (worker !== c.operator)
    batch.add('case_members', { case_id: caseId, user_id: worker.id, role: 'lead', added_at: created });
  if (supervisor && rng.chance(0.25))
    batch.add('case_members', { case_id: caseId, user_id: supervisor.id, role: 'supervisor', added_at: created });
  for (const e of v.events) {
    batch.add('case_events', {
      id: newId(),
      case_id: caseId,
      type: e.type,
      country_code: e.countryCode,
      region_code: e.regionCode ?? null,
      city: e.city ?? null,
      started_on: e.startedOn,
      ended_on: e.endedOn ?? null,
      description_enc: null,
      created_at: created,
    });
  }
  timeline(createdAt, 'case.created', {
    caseNumber: c.caseNumber,
    isChild: v.isChild,
    referralSource: v.referralSource,
  });
  entries.sort((x, y) => x.at - y.at);
  for (const e of entries) {
    batch.add('case_timeline', {
      id: newId(),
      case_id: caseId,
      at: iso(e.at),
      actor_user_id: e.actor.id,
      actor_username: e.actor.username,
      kind: e.kind,
      params: a.toJson(e.params),
    });
  }
  batch.audits.push({ caseId, caseNumber: c.caseNumber, isChild: v.isChild });
}
