import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { type Permission, requireActor, scopeFilter } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { logRead } from '../../platform/read-log.js';
import { findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import {
  getPerson,
  insertPersonRecord,
  type PersonHolder,
  personAgeFacts,
  personById,
  personNameFilter,
  personsByIds,
} from '../persons/index.js';
import { findRegion, isCountryCode } from '../reference/index.js';
import { supervisorsOf, userSummaries, userSummary } from '../users/index.js';
import { canReadNote, casePermissions, requireCreateCase } from './cases.policy.js';
import {
  caseResource,
  caseSupervisorIds,
  caseTeamIds,
  loadCase,
  processingRestriction,
  recordTimeline,
  scheduleTask,
  taskTitle,
} from './cases.record.js';
import { RISK_RESPONSE_TASK, respondedTo, scheduleRiskResponse } from './cases.response.js';
import {
  type AttributeKey,
  attributeFields,
  type CaseStage,
  type TCaseCreate,
  type TCaseDetail,
  type TCaseEventInput,
  type TCaseListItem,
  type TCaseListQuery,
  type TCaseSummary,
  type TCaseUpdate,
  type TRelativeCreate,
  type TRelativeUpdate,
  type TTraffickingProfile,
} from './cases.schema.js';
import {
  type CaseExpectation,
  type CaseRow,
  deleteMember,
  insertCase,
  insertEvent,
  insertMemberIfAbsent,
  insertNote,
  insertRelative,
  nextCaseSeq,
  replaceAttribute,
  selectAcceptedTransfers,
  selectAttributes,
  selectCase,
  selectCases,
  selectCasesByIds,
  selectCasesOfPerson,
  selectCasesOfVictim,
  selectEvents,
  selectLeadMembers,
  selectMemberIds,
  selectMembers,
  selectNotes,
  selectRelative,
  selectRelatives,
  selectTask,
  selectTasks,
  selectTimeline,
  updateCaseIf,
  updateCaseRow,
  updateMemberRoleIf,
  updateRelativeRow,
  updateTaskRow,
  upsertMember,
} from './cases.store.js';
import { type AgeBasis, type AgeFacts, type ChildBasis, childStatusAt, minorAt } from './child-status.js';

export { caseResource, caseSupervisorIds, caseTeamIds, loadCase, recordTimeline, scheduleTask };

const P = casePermissions;
const ENC = 'cases';

/* ---------- scope ---------- */

/** Scope facts of a case: led by an agency, placed in the person's origin region, worked by its team. */
/* ---------- lifecycle rules ---------- */

const transitions: Record<CaseStage, CaseStage[]> = {
  intake: ['screening'],
  screening: ['identified', 'not_victim'],
  identified: ['protection'],
  not_victim: ['screening'],
  protection: ['repatriation', 'reintegration'],
  repatriation: ['reintegration', 'protection'],
  reintegration: ['follow_up', 'protection'],
  follow_up: ['reintegration', 'protection'],
  closed: [],
};

/** Stages the case may move to now: identification needs an approved screening decision. */
function allowedTransitions(row: CaseRow): CaseStage[] {
  if (row.closure_requested_at) return [];
  return transitions[row.stage].filter((to) => {
    if (to === 'identified')
      return (
        row.trafficking_status === 'ActualVictimOfTrafficking' ||
        row.trafficking_status === 'PossibleVictimOfTrafficking'
      );
    if (to === 'not_victim') return row.trafficking_status === 'NotAVictimOfTrafficking';
    return true;
  });
}

/** A case's victim's age facts: the stored ones, or those of an intake not yet written. */
async function ageFactsOf(ctx: Context, personId: string, db: Executor = ctx.database.db): Promise<AgeFacts> {
  return personAgeFacts(ctx, personId, db);
}

/**
 * Whether the case's victim is under 18 at a moment (e.g. when she gives consent): her age then, not the child
 * flag of the case (Law 27/2022 Art. 25: a child's consent is given by a parent or guardian; at 18 she gives her
 * own). With no age recorded she is presumed a child (Law 35/2014), unless she was already 18 when trafficked.
 */
export async function victimMinorAt(
  ctx: Context,
  row: Pick<CaseRow, 'person_id' | 'age_when_trafficked'>,
  at: Date,
  db: Executor = ctx.database.db,
): Promise<{ minor: boolean; basis: AgeBasis | 'age_when_trafficked' }> {
  const status = minorAt(await ageFactsOf(ctx, row.person_id, db), at);
  if (status.basis === 'unknown' && row.age_when_trafficked != null && row.age_when_trafficked >= 18)
    return { minor: false, basis: 'age_when_trafficked' };
  return status;
}

/**
 * Recomputes the child flag of every case in which the person is the victim, inside the caller's transaction,
 * after her date of birth, birth year or age estimate was corrected (registered with persons in server.ts).
 */
export async function recomputeChildStatus(tx: Tx, ctx: Context, personId: string): Promise<void> {
  const facts = await ageFactsOf(ctx, personId, tx);
  for (const c of await selectCasesOfVictim(tx, personId)) {
    const status = childStatusAt(new Date(c.intake_at), facts, c.age_when_trafficked);
    if ((c.is_child === 1) === status.isChild && c.child_basis === status.basis) continue;
    await updateCaseRow(tx, c.id, {
      is_child: status.isChild ? 1 : 0,
      child_basis: status.basis,
      updated_at: ctx.clock.now().toISOString(),
    });
    await appendAudit(tx, ctx, {
      action: 'cases.childStatus',
      entityType: 'case',
      entityId: c.id,
      details: { isChild: status.isChild, basis: status.basis, was: c.is_child === 1 },
    });
    await recordTimeline(tx, ctx, c.id, 'case.child_status', { isChild: status.isChild, basis: status.basis });
  }
}

/** Case numbers read like AGENCY/2026/00042: unique per lead agency and year (WIB calendar). */
function agencyCode(shortName: string | null, name: string): string {
  const code = (shortName ?? name)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 16);
  return code || 'PULIH';
}

async function validateEvents(events: TCaseEventInput[], prefix: string): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  for (const [i, e] of events.entries()) {
    if (!isCountryCode(e.countryCode)) issues.push({ field: `${prefix}.${i}.countryCode`, code: 'country_unknown' });
    if (e.regionCode && (e.countryCode !== 'ID' || !(await findRegion(e.regionCode))))
      issues.push({ field: `${prefix}.${i}.regionCode`, code: 'region_unknown' });
    if (e.startedOn && e.endedOn && e.endedOn < e.startedOn)
      issues.push({ field: `${prefix}.${i}.endedOn`, code: 'date_order' });
  }
  return issues;
}

async function writeEvents(tx: Tx, ctx: Context, caseId: string, events: TCaseEventInput[]) {
  const now = ctx.clock.now().toISOString();
  for (const e of events) {
    const id = uuidv7();
    await insertEvent(tx, {
      id,
      case_id: caseId,
      type: e.type,
      country_code: e.countryCode,
      region_code: e.regionCode ?? null,
      city: e.city ?? null,
      started_on: e.startedOn ?? null,
      ended_on: e.endedOn ?? null,
      description_enc: ctx.keyring.encryptNullable('case_events', 'description_enc', id, e.description),
      created_at: now,
    });
  }
}

async function writeProfile(tx: Tx, caseId: string, profile: TTraffickingProfile) {
  for (const [key, attribute] of Object.entries(attributeFields) as [AttributeKey, string][]) {
    const values = profile[key];
    if (values !== undefined) await replaceAttribute(tx, caseId, attribute, values);
  }
}

/* ---------- intake ---------- */

/** Intake: a new case for a new person (identity into the vault) or for a person already on record. */
export async function createCase(
  ctx: Context,
  input: TCaseCreate,
  options: {
    /** Runs inside the case's transaction (e.g. a tip marked converted): it throws, and no case is created. */
    within?: (tx: Tx, created: { id: string; caseNumber: string }) => Promise<void>;
  } = {},
): Promise<TCaseDetail> {
  const actor = requireActor(ctx);
  await requireCreateCase(ctx);
  const issues: FieldIssue[] = [];
  if (!input.existingPersonId && !input.identity) issues.push({ field: 'identity', code: 'required' });
  if (!input.existingPersonId && !input.person) issues.push({ field: 'person', code: 'required' });
  if (input.profile?.exploitationCountry && !isCountryCode(input.profile.exploitationCountry)) {
    issues.push({ field: 'profile.exploitationCountry', code: 'country_unknown' });
  }
  issues.push(...(await validateEvents(input.events ?? [], 'events')));
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
  // Linking to an existing person needs that person in the caller's scope (404 otherwise).
  const existing = input.existingPersonId ? await getPerson(ctx, input.existingPersonId) : undefined;
  const agency = await findActiveAgency(ctx, actor.agencyId);
  if (!agency) throw new AppError('validation', 'agency_not_found');
  const intake = input.intakeAt ? new Date(input.intakeAt) : ctx.clock.now();
  const year = new Date(intake.getTime() + 7 * 3_600_000).getUTCFullYear();
  const dob = input.identity?.dateOfBirth;
  const facts: AgeFacts = existing
    ? await ageFactsOf(ctx, existing.id)
    : {
        dateOfBirth: dob,
        birthYear: input.person?.birthYear ?? (dob ? Number(dob.slice(0, 4)) : null),
        ageEstimated: input.person?.ageEstimated,
        ageEstimatedAt: ctx.clock.now().toISOString(),
      };
  // Law 21/2007 Art. 1(5), Law 35/2014: under 18 when trafficked or at intake, or presumed when no age is known.
  const { isChild, basis: childBasis } = childStatusAt(intake, facts, input.profile?.ageWhenTrafficked);
  const id = uuidv7();
  await transact(ctx, async (tx) => {
    const person =
      existing ?? (await insertPersonRecord(tx, ctx, { ...input.person!, identity: input.identity! }, actor.agencyId));
    const seq = await nextCaseSeq(tx, agency.id, year);
    const now = ctx.clock.now().toISOString();
    const p = input.profile ?? {};
    const row: CaseRow = {
      id,
      case_number: `${agencyCode(agency.shortName, agency.name)}/${year}/${String(seq).padStart(5, '0')}`,
      case_seq: seq,
      lead_agency_id: agency.id,
      person_id: person.id,
      region_code: person.regionCode ?? agency.regionCode,
      stage: 'intake',
      stage_changed_at: now,
      is_child: isChild ? 1 : 0,
      child_basis: childBasis,
      referral_source: input.referralSource,
      intake_at: intake.toISOString(),
      identified_at: null,
      closed_at: null,
      trafficking_status: null,
      status_decided_by_org: null,
      status_decided_at: null,
      risk_level: input.riskLevel ?? null,
      relationship_to_trafficker: p.relationshipToTrafficker ?? null,
      forced_labour_industry: p.forcedLabourIndustry ?? null,
      exploitation_country: p.exploitationCountry ?? null,
      age_when_trafficked: p.ageWhenTrafficked ?? null,
      late_services: 0,
      next_due_at: null,
      summary_enc: ctx.keyring.encryptNullable(ENC, 'summary_enc', id, input.summary),
      closure_reason: null,
      closure_note_enc: null,
      closure_requested_by: null,
      closure_requested_at: null,
      closure_from_stage: null,
      reopened_count: 0,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await insertCase(tx, row);
    await writeProfile(tx, id, p);
    await writeEvents(tx, ctx, id, input.events ?? []);
    await upsertMember(tx, { case_id: id, user_id: actor.userId, role: 'lead', added_at: now });
    // Risk-level response target (local service charter, DOMAIN.md §2): a task due intake + target, alerted when late.
    if (input.riskLevel) await scheduleRiskResponse(tx, ctx, id, input.riskLevel, intake, actor.userId);
    await appendAudit(tx, ctx, {
      action: 'persons.duplicates.decision',
      entityType: 'person',
      entityId: person.id,
      details: { decision: existing ? 'linked' : 'new', caseId: id },
    });
    await appendAudit(tx, ctx, {
      action: 'cases.create',
      entityType: 'case',
      entityId: id,
      details: { caseNumber: row.case_number, isChild, childBasis, personLinked: Boolean(existing) },
    });
    await recordTimeline(tx, ctx, id, 'case.created', {
      caseNumber: row.case_number,
      isChild,
      childBasis,
      referralSource: input.referralSource,
    });
    await options.within?.(tx, { id, caseNumber: row.case_number });
  });
  return getCase(ctx, id);
}

/* ---------- reading ---------- */

const toSummary = (r: CaseRow & { initials: string | null; sex: string | null }): TCaseSummary => ({
  id: r.id,
  caseNumber: r.case_number,
  stage: r.stage,
  leadAgencyId: r.lead_agency_id,
  personId: r.person_id,
  initials: r.initials,
  sex: r.sex,
  isChild: r.is_child === 1,
  regionCode: r.region_code,
  riskLevel: r.risk_level,
  traffickingStatus: r.trafficking_status,
  lateServices: r.late_services,
  closureRequested: r.closure_requested_at !== null,
  intakeAt: r.intake_at,
  updatedAt: r.updated_at,
});

/** The case file (identity masked: pseudonym and initials only). */
export async function getCase(ctx: Context, id: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.read);
  // Who opened her file (the DPO's read access log; buffered, off the request's path).
  logRead(ctx, { kind: 'case', caseId: id, personId: row.person_id });
  const db = ctx.database.db;
  const [person, agency, attributes, events, members, restricted] = await Promise.all([
    personById(ctx, row.person_id),
    findAgencyRow(ctx, row.lead_agency_id),
    selectAttributes(db, id),
    selectEvents(db, id),
    selectMembers(db, id),
    processingRestriction(db, row.person_id),
  ]);
  const values = (attribute: string) => attributes.filter((a) => a.attribute === attribute).map((a) => a.value);
  const users = await userSummaries(
    db,
    members.map((m) => m.user_id),
  );
  const k = ctx.keyring;
  return {
    ...toSummary({ ...row, initials: person?.initials ?? null, sex: person?.sex ?? null }),
    leadAgency: { id: row.lead_agency_id, name: agency?.name ?? '' },
    person: {
      pseudonym: person?.pseudonym ?? '',
      initials: person?.initials ?? null,
      sex: person?.sex ?? null,
      birthYear: person?.birthYear ?? null,
      ageEstimated: person?.ageEstimated ?? null,
      citizenship: person?.citizenship ?? null,
      regionCode: person?.regionCode ?? null,
      languages: person?.languages ?? [],
      disability: person?.disability ?? null,
    },
    referralSource: row.referral_source,
    identifiedAt: row.identified_at,
    closedAt: row.closed_at,
    statusDecidedByOrg: row.status_decided_by_org,
    statusDecidedAt: row.status_decided_at,
    summary: k.decryptNullable(ENC, 'summary_enc', id, row.summary_enc),
    profile: {
      exploitationTypes: values(attributeFields.exploitationTypes),
      methodsOfControl: values(attributeFields.methodsOfControl),
      recruitmentMethods: values(attributeFields.recruitmentMethods),
      recruitmentWebsites: values(attributeFields.recruitmentWebsites),
      exploitationWebsites: values(attributeFields.exploitationWebsites),
      sexExploitationTypes: values(attributeFields.sexExploitationTypes),
      vulnerabilities: values(attributeFields.vulnerabilities),
      relationshipToTrafficker: row.relationship_to_trafficker,
      forcedLabourIndustry: row.forced_labour_industry,
      exploitationCountry: row.exploitation_country,
      ageWhenTrafficked: row.age_when_trafficked,
    },
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      countryCode: e.country_code,
      regionCode: e.region_code,
      city: e.city,
      startedOn: e.started_on,
      endedOn: e.ended_on,
      description: k.decryptNullable('case_events', 'description_enc', e.id, e.description_enc),
    })),
    team: members.map((m) => ({
      userId: m.user_id,
      username: users.get(m.user_id)?.username ?? '',
      displayName: users.get(m.user_id)?.displayName ?? '',
      role: m.role,
    })),
    closure:
      row.closure_requested_at || row.closed_at
        ? {
            reason: row.closure_reason,
            requestedAt: row.closure_requested_at,
            requestedBy: row.closure_requested_by,
            note: k.decryptNullable(ENC, 'closure_note_enc', id, row.closure_note_enc),
          }
        : null,
    reopenedCount: row.reopened_count,
    childBasis: (row.child_basis as ChildBasis | null | undefined) ?? null,
    ageNow: await victimMinorAt(ctx, row, ctx.clock.now()),
    allowedTransitions: allowedTransitions(row),
    processingRestrictedSince: restricted?.since ?? null,
    createdAt: row.created_at,
  };
}

const caseCursor = z.tuple([z.string()]);
/** The deadline sort's position: the last row's next deadline (null when it had none) and its id. */
const deadlineCursor = z.tuple([z.string().nullable(), z.string()]);

/** The case list: filters, scope applied in SQL, keyset pages; name search only through vault tokens. */
/**
 * The next statutory deadline of some cases (the open service request due soonest of each), from the services
 * module through the `cases.nextDeadlines` hook (it depends on this module, not the other way round).
 */
export interface NextDeadline {
  requestId: string;
  type: string;
  dueAt: string;
}

/** The case list's total, counted up to this many (one bounded walk of the same index as the page). */
export const CASE_COUNT_CAP = 1000;

/** How many cases in scope match the filters, up to CASE_COUNT_CAP: a request of its own so rows never wait. */
export async function countCases(
  ctx: Context,
  q: Omit<TCaseListQuery, 'name' | 'cursor' | 'limit' | 'sort'>,
): Promise<{ count: number; capped: boolean }> {
  const actor = requireActor(ctx);
  const scope = await scopeFilter(ctx, P.read);
  const rows = await selectCases(ctx.database.db, {
    ...listFilter(q),
    scope,
    userId: actor.userId,
    sort: 'newest',
    limit: CASE_COUNT_CAP + 1,
  });
  return { count: Math.min(rows.length, CASE_COUNT_CAP), capped: rows.length > CASE_COUNT_CAP };
}

const listFilter = (q: Omit<TCaseListQuery, 'name' | 'cursor' | 'limit' | 'sort'>) => ({
  stage: q.stage,
  open: q.open === undefined ? undefined : q.open === 'true',
  agencyId: q.agencyId,
  regionCode: q.regionCode,
  child: q.child === undefined ? undefined : q.child === 'true',
  exploitationType: q.exploitationType,
  late: q.late === 'true',
  assignedToMe: q.assignedToMe === 'true',
  assignedTo: q.assignedTo,
  caseNumber: q.caseNumber,
});

export async function listCases(
  ctx: Context,
  q: TCaseListQuery,
): Promise<{ items: TCaseListItem[]; nextCursor: string | null }> {
  const actor = requireActor(ctx);
  const scope = await scopeFilter(ctx, P.read);
  const byName = q.name ? await personNameFilter(ctx, q.name) : undefined;
  const rows = await selectCases(ctx.database.db, {
    scope,
    userId: actor.userId,
    stage: q.stage,
    open: q.open === undefined ? undefined : q.open === 'true',
    agencyId: q.agencyId,
    regionCode: q.regionCode,
    child: q.child === undefined ? undefined : q.child === 'true',
    exploitationType: q.exploitationType,
    late: q.late === 'true',
    assignedToMe: q.assignedToMe === 'true',
    assignedTo: q.assignedTo,
    caseNumber: q.caseNumber,
    personIds: byName?.kind === 'ids' ? byName.ids : undefined,
    personCondition: byName?.kind === 'condition' ? byName.condition : undefined,
    sort: q.sort,
    ...(q.sort === 'deadline' ? deadlinePosition(q.cursor) : { after: decodeCursor(q.cursor, caseCursor)?.[0] }),
    limit: q.limit + 1,
  });
  const pageRows = rows.slice(0, q.limit);
  const ids = pageRows.map((r) => r.id);
  const db = ctx.database.db;
  // One query each for the page (never per row): identity masks, lead workers, next deadlines.
  const [persons, leads, deadlines] = await Promise.all([
    personsByIds(
      ctx,
      pageRows.map((r) => r.person_id),
    ),
    selectLeadMembers(db, ids),
    ctx.hooks.one('cases.nextDeadlines')(db, ids),
  ]);
  const names = await userSummaries(db, [...new Set(leads.values())]);
  const now = ctx.clock.now().toISOString();
  const items = pageRows.map((r) => {
    const lead = leads.get(r.id);
    const next = deadlines.get(r.id);
    return {
      ...toSummary({
        ...r,
        initials: persons.get(r.person_id)?.initials ?? null,
        sex: persons.get(r.person_id)?.sex ?? null,
      }),
      assignedWorker: lead ? { userId: lead, displayName: names.get(lead)?.displayName ?? '' } : null,
      nextDeadline: next ? { ...next, late: next.dueAt < now } : null,
    };
  });
  const last = items[items.length - 1];
  if (q.name) {
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, { action: 'cases.searchByName', details: { results: items.length } }),
    );
  }
  const lastRow = pageRows[pageRows.length - 1];
  const more = rows.length > q.limit && last && lastRow;
  const nextCursor = !more
    ? null
    : q.sort === 'deadline'
      ? encodeCursor([lastRow.next_due_at ?? null, lastRow.id])
      : encodeCursor([last.id]);
  return { items, nextCursor };
}

function deadlinePosition(cursor: string | undefined): { after?: string; afterDue?: string | null } {
  const c = decodeCursor(cursor, deadlineCursor);
  return c ? { afterDue: c[0], after: c[1] } : {};
}

/* ---------- changing ---------- */

function assertOpen(row: CaseRow): void {
  if (row.stage === 'closed') throw new AppError('conflict', 'case_closed');
}

/**
 * The 409 for a change that lost a race: the case is no longer as the caller read it. Says what the other
 * change did where that is clear (closed, closure requested), else that the case changed meanwhile.
 */
async function changedMeanwhile(tx: Tx, id: string): Promise<AppError> {
  const now = await selectCase(tx, id);
  if (now?.stage === 'closed') return new AppError('conflict', 'case_closed');
  if (now?.closure_requested_at) return new AppError('conflict', 'closure_pending');
  return new AppError('conflict', 'case_changed');
}

/**
 * Writes a lifecycle change inside the caller's transaction only if the case is still as expected (the
 * precondition checked in the same statement); otherwise throws the loser's 409, so the transaction rolls
 * back and no audit event is written.
 */
export async function changeCase(
  tx: Tx,
  id: string,
  expect: CaseExpectation,
  patch: Partial<CaseRow>,
  lost: (tx: Tx, id: string) => Promise<AppError> = changedMeanwhile,
): Promise<void> {
  if (!(await updateCaseIf(tx, id, expect, patch))) throw await lost(tx, id);
}

/** Precondition of any change to a case's team: still open and still led by the agency the caller read. */
const openUnderLead = (row: CaseRow): CaseExpectation => ({ stage: 'open', leadAgencyId: row.lead_agency_id });
const teamChanged = async () => new AppError('conflict', 'team_changed');

export async function updateCase(ctx: Context, id: string, input: TCaseUpdate): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (input.profile?.exploitationCountry && !isCountryCode(input.profile.exploitationCountry)) {
    throw new AppError('validation', 'validation', {}, [
      { field: 'profile.exploitationCountry', code: 'country_unknown' },
    ]);
  }
  await transact(ctx, async (tx) => {
    const patch: Partial<CaseRow> = { updated_at: ctx.clock.now().toISOString() };
    if (input.summary !== undefined)
      patch.summary_enc = ctx.keyring.encryptNullable(ENC, 'summary_enc', id, input.summary);
    if (input.riskLevel !== undefined) patch.risk_level = input.riskLevel;
    // A risk level set or raised now: respond within its target from now (an earlier due time is kept).
    if (input.riskLevel && input.riskLevel !== row.risk_level)
      await scheduleRiskResponse(tx, ctx, id, input.riskLevel, ctx.clock.now(), ctx.actor?.userId ?? null);
    const p = input.profile;
    if (p) {
      if (p.relationshipToTrafficker !== undefined) patch.relationship_to_trafficker = p.relationshipToTrafficker;
      if (p.forcedLabourIndustry !== undefined) patch.forced_labour_industry = p.forcedLabourIndustry;
      if (p.exploitationCountry !== undefined) patch.exploitation_country = p.exploitationCountry;
      if (p.ageWhenTrafficked !== undefined) {
        patch.age_when_trafficked = p.ageWhenTrafficked;
        // Art. 1(5): trafficked under 18 is a child victim; the flag follows a corrected age either way.
        const status = childStatusAt(
          new Date(row.intake_at),
          await ageFactsOf(ctx, row.person_id, tx),
          p.ageWhenTrafficked,
        );
        patch.is_child = status.isChild ? 1 : 0;
        patch.child_basis = status.basis;
      }
      await writeProfile(tx, id, p);
    }
    // Still open when written: a closure approved meanwhile wins and this edit rolls back.
    await changeCase(tx, id, { stage: 'open' }, patch);
    const changed = [
      ...Object.keys(input).filter((k) => k !== 'profile'),
      ...Object.keys(p ?? {}).map((k) => `profile.${k}`),
    ];
    await appendAudit(tx, ctx, { action: 'cases.update', entityType: 'case', entityId: id, details: { changed } });
    await recordTimeline(tx, ctx, id, 'case.updated', { changed });
  });
  return getCase(ctx, id);
}

/** Adds HTCDS trafficking events (recruitment / transit / exploitation) to a case. */
export async function addCaseEvents(ctx: Context, id: string, events: TCaseEventInput[]): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  const issues = await validateEvents(events, 'events');
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
  await transact(ctx, async (tx) => {
    await changeCase(tx, id, { stage: 'open' }, { updated_at: ctx.clock.now().toISOString() });
    await writeEvents(tx, ctx, id, events);
    await appendAudit(tx, ctx, {
      action: 'cases.events.add',
      entityType: 'case',
      entityId: id,
      details: { count: events.length },
    });
    await recordTimeline(tx, ctx, id, 'case.events.added', { types: events.map((e) => e.type) });
  });
  return getCase(ctx, id);
}

/** Moves the case along its lifecycle; each transition checks its rules. */
export async function transitionCase(ctx: Context, id: string, to: CaseStage, reason?: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (!allowedTransitions(row).includes(to)) {
    throw new AppError('conflict', 'transition_not_allowed', { from: row.stage, to });
  }
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    // Still in the stage read, no closure requested meanwhile, and (for identification) still decided so.
    const decided =
      to === 'identified' || to === 'not_victim' ? { traffickingStatuses: [row.trafficking_status!] } : {};
    await changeCase(
      tx,
      id,
      { stage: row.stage, closureRequestedAt: null, ...decided },
      {
        stage: to,
        stage_changed_at: now,
        updated_at: now,
        ...(to === 'identified' && !row.identified_at ? { identified_at: now } : {}),
      },
    );
    await appendAudit(tx, ctx, {
      action: 'cases.transition',
      entityType: 'case',
      entityId: id,
      purpose: reason,
      details: { from: row.stage, to },
    });
    await recordTimeline(tx, ctx, id, 'case.stage', { from: row.stage, to });
  });
  return getCase(ctx, id);
}

/** Requests closure; open service requests need a reason; a supervisor must approve. */
export async function closeCase(
  ctx: Context,
  id: string,
  input: { reason: string; note?: string; openServicesReason?: string },
): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (row.closure_requested_at) throw new AppError('conflict', 'closure_pending');
  // Every unmet condition is reported at once, so the user fixes the request in one go.
  const problems: FieldIssue[] = [];
  let code: string | undefined;
  const reasonHolds = ctx.hooks.all('cases.closureReasonGuard').find((g) => g.reason === input.reason)?.holds;
  if (reasonHolds && !(await reasonHolds(ctx.database.db, id))) {
    code = `closure_reason_${input.reason}`;
    problems.push({ field: 'reason', code: 'closure_reason_unmet' });
  }
  let open = 0;
  for (const guard of ctx.hooks.all('cases.closeGuard')) open += await guard(ctx.database.db, id);
  if (open > 0 && !input.openServicesReason) {
    code ??= 'open_services';
    problems.push({ field: 'openServicesReason', code: 'required' });
  }
  if (code) throw new AppError('conflict', code, { count: open }, problems);
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    await changeCase(
      tx,
      id,
      { stage: row.stage, closureRequestedAt: null },
      {
        closure_reason: input.reason,
        closure_note_enc: ctx.keyring.encryptNullable(ENC, 'closure_note_enc', id, input.note),
        closure_requested_by: ctx.actor!.userId,
        closure_requested_at: now,
        updated_at: now,
      },
    );
    await appendAudit(tx, ctx, {
      action: 'cases.close',
      entityType: 'case',
      entityId: id,
      purpose: input.openServicesReason,
      details: { reason: input.reason, openItems: open },
    });
    await recordTimeline(tx, ctx, id, 'case.closure.requested', { reason: input.reason, openItems: open });
    await raiseAlerts(
      tx,
      ctx,
      (await caseSupervisorIds(tx, row)).filter((u) => u !== ctx.actor!.userId),
      {
        kind: 'closure_approval_needed',
        entityType: 'case',
        entityId: id,
        params: { caseNumber: row.case_number },
      },
    );
  });
  return getCase(ctx, id);
}

/** A supervisor approves (the case closes) or rejects a closure request. */
export async function approveClosure(ctx: Context, id: string, approve: boolean, note?: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.approve);
  assertOpen(row);
  if (!row.closure_requested_at) throw new AppError('conflict', 'no_closure_requested');
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    // Only this very request, still undecided: of two supervisors answering at once, one decides.
    const expect: CaseExpectation = { stage: row.stage, closureRequestedAt: row.closure_requested_at };
    const decided = async () => new AppError('conflict', 'closure_already_decided');
    await changeCase(
      tx,
      id,
      expect,
      approve
        ? { stage: 'closed', stage_changed_at: now, closed_at: now, closure_from_stage: row.stage, updated_at: now }
        : {
            closure_requested_at: null,
            closure_requested_by: null,
            closure_reason: null,
            closure_note_enc: null,
            updated_at: now,
          },
      decided,
    );
    await resolveAlerts(tx, ctx, alertActionKey.closureApproval(id));
    await appendAudit(tx, ctx, {
      action: 'cases.approveClosure',
      entityType: 'case',
      entityId: id,
      purpose: note,
      details: { approve },
    });
    await recordTimeline(tx, ctx, id, approve ? 'case.closed' : 'case.closure.rejected', {
      reason: row.closure_reason,
    });
    if (row.closure_requested_by && row.closure_requested_by !== ctx.actor!.userId) {
      await raiseAlerts(tx, ctx, [row.closure_requested_by], {
        kind: approve ? 'closure_approved' : 'closure_rejected',
        entityType: 'case',
        entityId: id,
        params: { caseNumber: row.case_number },
      });
    }
  });
  return getCase(ctx, id);
}

/** Reopens a closed case (audited with the reason; supervisors alerted). */
export async function reopenCase(ctx: Context, id: string, reason: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  if (row.stage !== 'closed') throw new AppError('conflict', 'case_not_closed');
  const back = (row.closure_from_stage as CaseStage | null) ?? 'protection';
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    await changeCase(
      tx,
      id,
      { stage: 'closed', closedAt: row.closed_at },
      {
        stage: back,
        stage_changed_at: now,
        closed_at: null,
        closure_requested_at: null,
        closure_requested_by: null,
        closure_reason: null,
        closure_note_enc: null,
        reopened_count: row.reopened_count + 1,
        updated_at: now,
      },
      async () => new AppError('conflict', 'case_already_reopened'),
    );
    await appendAudit(tx, ctx, {
      action: 'cases.reopen',
      entityType: 'case',
      entityId: id,
      purpose: reason,
      details: { to: back },
    });
    await recordTimeline(tx, ctx, id, 'case.reopened', { to: back });
    await raiseAlerts(
      tx,
      ctx,
      (await caseSupervisorIds(tx, row)).filter((u) => u !== ctx.actor!.userId),
      {
        kind: 'case_reopened',
        entityType: 'case',
        entityId: id,
        params: { caseNumber: row.case_number },
      },
    );
  });
  return getCase(ctx, id);
}

/* ---------- team, notes, tasks, timeline ---------- */

export async function addMember(ctx: Context, id: string, userId: string, role: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  const user = await userSummary(ctx.database.db, userId);
  // Team members come from the lead agency; other agencies join through referrals.
  if (user?.status !== 'active' || user.agencyId !== row.lead_agency_id) {
    throw new AppError('validation', 'validation', {}, [{ field: 'userId', code: 'member_not_in_agency' }]);
  }
  const current = (await selectMembers(ctx.database.db, id)).find((m) => m.user_id === userId);
  // Adding someone already on the team in that role changes nothing: say so rather than log a second add.
  if (current?.role === role) throw new AppError('conflict', 'member_already_on_team');
  await transact(ctx, async (tx) => {
    const now = ctx.clock.now().toISOString();
    // The case row lock serialises team changes; each change also expects the member as read.
    await changeCase(tx, id, openUnderLead(row), { updated_at: now });
    const written = current
      ? await updateMemberRoleIf(tx, id, userId, current.role, role)
      : await insertMemberIfAbsent(tx, { case_id: id, user_id: userId, role, added_at: now });
    if (!written) throw await teamChanged();
    await appendAudit(tx, ctx, {
      action: 'cases.members.add',
      entityType: 'case',
      entityId: id,
      details: { userId, role },
    });
    await recordTimeline(tx, ctx, id, 'case.member.added', { username: user.username, role });
    await raiseAlerts(
      tx,
      ctx,
      [userId].filter((u) => u !== ctx.actor!.userId),
      { kind: 'case_assigned', entityType: 'case', entityId: id, params: { caseNumber: row.case_number, role } },
    );
  });
  return getCase(ctx, id);
}

export async function removeMember(ctx: Context, id: string, userId: string): Promise<TCaseDetail> {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (!(await selectMemberIds(ctx.database.db, id)).includes(userId)) throw notFound();
  await transact(ctx, async (tx) => {
    await changeCase(tx, id, openUnderLead(row), { updated_at: ctx.clock.now().toISOString() });
    // Was on the team when read: gone now means someone removed them meanwhile.
    if ((await deleteMember(tx, id, userId)) === 0) throw await teamChanged();
    await appendAudit(tx, ctx, {
      action: 'cases.members.remove',
      entityType: 'case',
      entityId: id,
      details: { userId },
    });
    await recordTimeline(tx, ctx, id, 'case.member.removed', { userId });
  });
  return getCase(ctx, id);
}

export async function createNote(
  ctx: Context,
  id: string,
  body: string,
  sensitivity: 'normal' | 'sensitive' | 'restricted',
) {
  const row = await loadCase(ctx, id, P.update);
  const noteId = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    await insertNote(tx, {
      id: noteId,
      case_id: row.id,
      author_user_id: ctx.actor!.userId,
      sensitivity,
      body_enc: ctx.keyring.encrypt('case_notes', 'body_enc', noteId, body),
      created_at: now,
    });
    await appendAudit(tx, ctx, {
      action: 'notes.create',
      entityType: 'case',
      entityId: id,
      details: { noteId, sensitivity },
    });
    await recordTimeline(tx, ctx, id, 'note.created', { noteId, sensitivity });
  });
  return { id: noteId, authorUserId: ctx.actor!.userId, sensitivity, body, createdAt: now };
}

/** Notes, newest first; restricted notes only for their author and supervisors. */
export async function listNotes(ctx: Context, id: string, cursor?: string, limit = 50) {
  const kase = await loadCase(ctx, id, P.read);
  logRead(ctx, { kind: 'case_notes', caseId: id, personId: kase.person_id });
  const before = decodeCursor(cursor, caseCursor)?.[0];
  const rows = await selectNotes(ctx.database.db, id, before, limit + 1);
  const visible = rows
    .slice(0, limit)
    .filter((n) => canReadNote(ctx, n))
    .map((n) => ({
      id: n.id,
      authorUserId: n.author_user_id,
      sensitivity: n.sensitivity,
      body: ctx.keyring.decrypt('case_notes', 'body_enc', n.id, n.body_enc),
      createdAt: n.created_at,
    }));
  const last = rows.slice(0, limit).at(-1);
  return { items: visible, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

const toTask = (ctx: Context, t: Awaited<ReturnType<typeof selectTasks>>[number]) => ({
  id: t.id,
  title: taskTitle(ctx.keyring, t),
  kind: t.kind,
  dueAt: t.due_at,
  assignedUserId: t.assigned_user_id,
  status: t.status,
  doneAt: t.done_at,
  overdue: t.status === 'open' && t.due_at !== null && t.due_at < ctx.clock.now().toISOString(),
  createdAt: t.created_at,
});

export async function createTask(
  ctx: Context,
  id: string,
  input: { title: string; dueAt?: string; assignedUserId?: string },
) {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (input.assignedUserId) {
    const team = await selectMemberIds(ctx.database.db, id);
    if (!team.includes(input.assignedUserId))
      throw new AppError('validation', 'validation', {}, [{ field: 'assignedUserId', code: 'member_not_in_team' }]);
  }
  const task = await transact(ctx, async (tx) => {
    const t = await scheduleTask(tx, ctx, id, {
      title: input.title,
      kind: 'manual',
      dueAt: input.dueAt ? new Date(input.dueAt).toISOString() : null,
      assignedUserId: input.assignedUserId,
    });
    await appendAudit(tx, ctx, { action: 'tasks.create', entityType: 'case', entityId: id, details: { taskId: t.id } });
    return t;
  });
  return toTask(ctx, task);
}

export async function listTasks(ctx: Context, id: string) {
  await loadCase(ctx, id, P.read);
  return (await selectTasks(ctx.database.db, id)).map((t) => toTask(ctx, t));
}

export async function completeTask(ctx: Context, id: string, taskId: string) {
  await loadCase(ctx, id, P.update);
  return transact(ctx, async (tx) => {
    const task = await selectTask(tx, id, taskId);
    if (!task) throw notFound();
    if (task.status !== 'open') throw new AppError('conflict', 'task_not_open');
    const now = ctx.clock.now().toISOString();
    await updateTaskRow(tx, taskId, { status: 'done', done_at: now });
    await appendAudit(tx, ctx, { action: 'tasks.complete', entityType: 'case', entityId: id, details: { taskId } });
    await recordTimeline(tx, ctx, id, 'task.completed', { taskId, kind: task.kind });
    if (task.kind === RISK_RESPONSE_TASK) await respondedTo(tx, ctx, taskId);
    return toTask(ctx, { ...task, status: 'done', done_at: now });
  });
}

/**
 * Completes, as part of the caller's transaction, the case's open tasks of one kind that fall due at one
 * time: work recorded elsewhere that is what the task asked for (a follow-up survey closes its follow-up task).
 */
export async function completeDueTasks(tx: Tx, ctx: Context, caseId: string, kind: string, dueAt: string) {
  const now = ctx.clock.now().toISOString();
  const open = (await selectTasks(tx, caseId)).filter(
    (task) =>
      task.status === 'open' &&
      task.kind === kind &&
      task.due_at !== null &&
      Date.parse(task.due_at) === Date.parse(dueAt),
  );
  for (const task of open) {
    await updateTaskRow(tx, task.id, { status: 'done', done_at: now });
    await recordTimeline(tx, ctx, caseId, 'task.completed', { taskId: task.id, kind: task.kind });
  }
  return open.length;
}

export async function listTimeline(ctx: Context, id: string, cursor?: string, limit = 100) {
  await loadCase(ctx, id, P.read);
  const rows = await selectTimeline(ctx.database.db, id, decodeCursor(cursor, caseCursor)?.[0], limit + 1);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: r.at,
    actorUsername: r.actor_username,
    kind: r.kind,
    params: ctx.database.adapter.fromJson<Record<string, unknown>>(r.params ?? '{}') ?? {},
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

/**
 * Adds a family member or contact: a person in the vault with the same protection as the victim
 * (Art. 44 extends to family up to the second degree when threatened). Identity is never returned.
 */
export async function addRelative(ctx: Context, id: string, input: TRelativeCreate) {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (!input.existingPersonId && (!input.identity || !input.person)) {
    throw new AppError('validation', 'validation', {}, [
      ...(input.identity ? [] : [{ field: 'identity', code: 'required' }]),
      ...(input.person ? [] : [{ field: 'person', code: 'required' }]),
    ]);
  }
  const existing = input.existingPersonId ? await getPerson(ctx, input.existingPersonId) : undefined;
  if (existing?.id === row.person_id)
    throw new AppError('validation', 'validation', {}, [{ field: 'existingPersonId', code: 'invalid' }]);
  const now = ctx.clock.now().toISOString();
  const person = await transact(ctx, async (tx) => {
    const p =
      existing ??
      (await insertPersonRecord(tx, ctx, { ...input.person!, identity: input.identity! }, row.lead_agency_id));
    await insertRelative(tx, {
      case_id: id,
      person_id: p.id,
      relationship: input.relationship,
      is_contact: input.isContact ? 1 : 0,
      threatened: input.threatened ? 1 : 0,
      suspect: input.suspect ? 1 : 0,
      related_to_trafficker: input.relatedToTrafficker ? 1 : 0,
      added_at: now,
    });
    await appendAudit(tx, ctx, {
      action: 'cases.relatives.add',
      entityType: 'case',
      entityId: id,
      details: {
        personId: p.id,
        relationship: input.relationship,
        threatened: input.threatened,
        suspect: input.suspect,
        relatedToTrafficker: input.relatedToTrafficker,
      },
    });
    await recordTimeline(tx, ctx, id, 'relative.added', {
      relationship: input.relationship,
      threatened: input.threatened,
    });
    return p;
  });
  return {
    personId: person.id,
    pseudonym: person.pseudonym,
    initials: person.initials,
    sex: person.sex,
    birthYear: person.birthYear,
    relationship: input.relationship,
    isContact: input.isContact,
    threatened: input.threatened,
    suspect: input.suspect,
    relatedToTrafficker: input.relatedToTrafficker,
    addedAt: now,
  };
}

/** Records what was learned about a relative (threatened, suspect, related to the trafficker); audited. */
export async function updateRelative(ctx: Context, id: string, personId: string, input: TRelativeUpdate) {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);
  const patch = Object.fromEntries(
    Object.entries({
      threatened: flag(input.threatened),
      suspect: flag(input.suspect),
      related_to_trafficker: flag(input.relatedToTrafficker),
      is_contact: flag(input.isContact),
    }).filter(([, v]) => v !== undefined),
  );
  await transact(ctx, async (tx) => {
    if (!(await updateRelativeRow(tx, id, personId, patch))) throw notFound();
    await appendAudit(tx, ctx, {
      action: 'cases.relatives.update',
      entityType: 'case',
      entityId: id,
      details: { personId, ...input },
    });
    await recordTimeline(tx, ctx, id, 'relative.updated', { changed: Object.keys(input) });
  });
  return (await listRelatives(ctx, id)).find((r) => r.personId === personId)!;
}

/**
 * For consent: the case's relative a guardian's consent names, with what bars her or him from consenting for
 * the child (recorded as a suspect, or related to the trafficker). Undefined when not a relative of the case.
 */
export async function guardianCandidate(db: Executor, caseId: string, personId: string) {
  const r = await selectRelative(db, caseId, personId);
  if (!r) return undefined;
  return {
    personId: r.person_id,
    relationship: r.relationship,
    suspect: r.suspect === 1,
    relatedToTrafficker: r.related_to_trafficker === 1,
  };
}

export async function listRelatives(ctx: Context, id: string) {
  await loadCase(ctx, id, P.read);
  const rows = await selectRelatives(ctx.database.db, id);
  const persons = await personsByIds(
    ctx,
    rows.map((r) => r.person_id),
  );
  return rows.map((r) => {
    const p = persons.get(r.person_id);
    return {
      personId: r.person_id,
      pseudonym: p?.pseudonym ?? '',
      initials: p?.initials ?? null,
      sex: p?.sex ?? null,
      birthYear: p?.birthYear ?? null,
      relationship: r.relationship as TRelativeCreate['relationship'],
      isContact: r.is_contact === 1,
      threatened: r.threatened === 1,
      suspect: r.suspect === 1,
      relatedToTrafficker: r.related_to_trafficker === 1,
      addedAt: r.added_at,
    };
  });
}

/* ---------- called by other modules inside their transactions ---------- */

/**
 * Records an approved identification decision (HTCDS vic_TraffickingStatus + deciding organisation type).
 * An approved victim decision identifies the case; "not a victim" moves it to not_victim.
 */
export async function recordTraffickingDecision(
  tx: Tx,
  ctx: Context,
  caseId: string,
  decision: { status: string; decidedByOrg: string },
) {
  const row = await selectCase(tx, caseId);
  if (!row) throw notFound();
  const now = ctx.clock.now().toISOString();
  const patch: Partial<CaseRow> = {
    trafficking_status: decision.status,
    status_decided_by_org: decision.decidedByOrg,
    status_decided_at: now,
    updated_at: now,
  };
  const early =
    row.stage === 'intake' || row.stage === 'screening' || row.stage === 'not_victim' || row.stage === 'identified';
  if (early) {
    const to: CaseStage = decision.status === 'NotAVictimOfTrafficking' ? 'not_victim' : 'identified';
    if (to !== row.stage) {
      patch.stage = to;
      patch.stage_changed_at = now;
      if (to === 'identified' && !row.identified_at) patch.identified_at = now;
      await recordTimeline(tx, ctx, caseId, 'case.stage', { from: row.stage, to });
    }
  }
  // The stage it moves from must still be the one read (a concurrent move loses the caller's transaction).
  await changeCase(tx, caseId, { stage: row.stage }, patch);
}

/** Moves a case in intake to screening when a screening starts. */
export async function markScreeningStarted(tx: Tx, ctx: Context, caseId: string) {
  const now = ctx.clock.now().toISOString();
  // Conditional: of two screenings started at once, one moves the case.
  if (
    await updateCaseIf(tx, caseId, { stage: 'intake' }, { stage: 'screening', stage_changed_at: now, updated_at: now })
  ) {
    await recordTimeline(tx, ctx, caseId, 'case.stage', { from: 'intake', to: 'screening' });
  }
}

/** The number of late statutory service requests shown on the case and in the "late" filter. */
export async function setLateServices(tx: Tx, caseId: string, count: number) {
  await updateCaseRow(tx, caseId, { late_services: count });
}

/** The case's next statutory deadline (the deadline sort of the case list), set by the services module. */
export async function setNextDeadline(tx: Tx, caseId: string, dueAt: string | null) {
  await updateCaseRow(tx, caseId, { next_due_at: dueAt });
}

/** Break-the-glass resolver for cases. */
export async function resolveCaseResource(db: Executor, id: string) {
  const row = await selectCase(db, id);
  if (!row) return undefined;
  return { ...(await caseResource(db, row)), supervisorUserIds: await supervisorsOf(db, row.lead_agency_id) };
}

/** What another module may know about a case without seeing it (no access check: the caller decides). */
export interface CaseFacts {
  id: string;
  caseNumber: string;
  leadAgencyId: string;
  personId: string;
  isChild: boolean;
  stage: CaseStage;
}

export async function caseFacts(db: Executor, id: string): Promise<CaseFacts | undefined> {
  const row = await selectCase(db, id);
  return row
    ? {
        id: row.id,
        caseNumber: row.case_number,
        leadAgencyId: row.lead_agency_id,
        personId: row.person_id,
        isChild: row.is_child === 1,
        stage: row.stage,
      }
    : undefined;
}

/** The same for many cases in one query (lists that show case numbers). */
export async function caseFactsMany(db: Executor, ids: string[]): Promise<Map<string, CaseFacts>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await selectCasesByIds(db, unique);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        caseNumber: row.case_number,
        leadAgencyId: row.lead_agency_id,
        personId: row.person_id,
        isChild: row.is_child === 1,
        stage: row.stage,
      },
    ]),
  );
}

/** Whether the caller may read (or, with cases.update, work on) the case, without throwing. */
export async function canAccessCase(ctx: Context, id: string, permission: Permission = P.read): Promise<boolean> {
  try {
    await loadCase(ctx, id, permission);
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.kind === 'not_found' || error.kind === 'forbidden')) return false;
    throw error;
  }
}

/**
 * Who holds a person through her cases, for the persons vault decision: each case's lead agency, region and
 * current team — never the agency that first recorded her, nor a removed member.
 */
export async function caseHoldersOfPerson(db: Executor, personId: string): Promise<PersonHolder[]> {
  const rows = await selectCasesOfPerson(db, personId);
  const transfers = await selectAcceptedTransfers(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    // A lead agency that received the case by transfer gets the identity its consent covered (Art. 44).
    const received = transfers.find((t) => t.case_id === r.id && t.to_agency_id === r.lead_agency_id);
    return {
      via: { type: 'case' as const, id: r.id },
      agencyId: r.lead_agency_id,
      regionCode: r.region_code,
      teamUserIds: r.team,
      ...(received ? { fields: identityFieldsOfGroups(received.identity_groups) } : {}),
    };
  });
}

/** Identity fields a transfer's consented groups carry (the same groups a referral's consent uses). */
export function identityFieldsOfGroups(json: string | null): PersonHolder['fields'] {
  const groups = json ? (JSON.parse(json) as string[]) : [];
  if (groups.includes('identity_all')) return undefined;
  return [
    ...(groups.includes('identity_name') ? (['fullName', 'aliases'] as const) : []),
    ...(groups.includes('identity_contact') ? (['phones', 'address'] as const) : []),
  ];
}

/** Encrypted columns of the case tables, for key rotation. */
export const caseEncryptedColumns = [
  { table: 'cases', idColumn: 'id', columns: ['summary_enc', 'closure_note_enc'] },
  { table: 'case_events', idColumn: 'id', columns: ['description_enc'] },
  { table: 'case_notes', idColumn: 'id', columns: ['body_enc'] },
  { table: 'case_tasks', idColumn: 'id', columns: ['title_enc'] },
  { table: 'case_lead_transfers', idColumn: 'id', columns: ['reason_enc', 'decline_reason_enc'] },
];
