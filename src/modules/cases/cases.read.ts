/** Reading cases: the case file, the list with its count, and the timeline. */
import { z } from 'zod';
import { requireActor, scopeFilter } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { logRead } from '../../platform/read-log.js';
import { agencyFacts } from '../agencies/index.js';
import { type PersonNameFilter, personNameFilter, personsByIds, personWithAgeFacts } from '../persons/index.js';
import { userSummaries } from '../users/index.js';
import { allowedTransitions } from './cases.change.js';
import { selectCases } from './cases.list.store.js';
import { casePermissions } from './cases.policy.js';
import { loadCase, loadCaseWithTeam, processingRestriction } from './cases.record.js';
import {
  attributeFields,
  type TCaseDetail,
  type TCaseListItem,
  type TCaseListQuery,
  type TCaseSummary,
} from './cases.schema.js';
import { type CaseRow, selectAttributes, selectEvents, selectTimeline } from './cases.store.js';
import { victimMinorFrom } from './cases.victim-age.js';
import type { ChildBasis } from './child-status.js';

const P = casePermissions;
const ENC = 'cases';

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
  const { row, members } = await loadCaseWithTeam(ctx, id, P.read);
  // Who opened her file (the DPO's read access log; buffered, off the request's path).
  logRead(ctx, { kind: 'case', caseId: id, personId: row.person_id });
  const db = ctx.database.db;
  // Side by side, never one after another, and as few as they can be: on PostgreSQL every query is a round trip
  // (issue 8). The team came with the case; the person with her age facts; the agency's name from its short cache.
  const [{ person, age }, agency, attributes, events, users, restricted] = await Promise.all([
    personWithAgeFacts(ctx, row.person_id),
    agencyFacts(db, row.lead_agency_id),
    selectAttributes(db, id),
    selectEvents(db, id),
    userSummaries(
      db,
      members.map((m) => m.user_id),
    ),
    processingRestriction(ctx, row.person_id, db),
  ]);
  const ageNow = victimMinorFrom(age, row, ctx.clock.now());
  const values = (attribute: string) => attributes.filter((a) => a.attribute === attribute).map((a) => a.value);
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
    ageNow,
    allowedTransitions: allowedTransitions(row),
    processingRestrictedSince: restricted?.since ?? null,
    createdAt: row.created_at,
  };
}

export const caseCursor = z.tuple([z.string()]);
/** The deadline sort's position: the last row's next deadline (null when it had none) and its id. */
const deadlineCursor = z.tuple([z.string().nullable(), z.string()]);

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
    awaitingApproval: awaitingFilter(ctx, q.awaitingApproval),
    scope,
    userId: actor.userId,
    sort: 'newest',
    limit: CASE_COUNT_CAP + 1,
  });
  return { count: Math.min(rows.length, CASE_COUNT_CAP), capped: rows.length > CASE_COUNT_CAP };
}

/** The "awaiting approval" filter: which parts it asks for (the screening part from the screening module). */
function awaitingFilter(ctx: Context, kind: TCaseListQuery['awaitingApproval']) {
  if (!kind) return undefined;
  return {
    closure: kind !== 'screening',
    screeningCaseIds: kind === 'closure' ? undefined : ctx.hooks.one('cases.screeningsAwaiting')(ctx.database.db),
  };
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

/** The case list: filters, scope applied in SQL, keyset pages; name search only through vault tokens. */
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
    ...listFilter(q),
    awaitingApproval: awaitingFilter(ctx, q.awaitingApproval),
    ...nameFilter(ctx, q.sort, byName),
    sort: q.sort,
    ...(q.sort === 'deadline' ? deadlinePosition(q.cursor) : { after: decodeCursor(q.cursor, caseCursor)?.[0] }),
    limit: q.limit + 1,
    withLead: true,
  });
  const pageRows = rows.slice(0, q.limit);
  const ids = pageRows.map((r) => r.id);
  const db = ctx.database.db;
  // The lead workers came with the page; one query each for the rest of it (never per row), side by side:
  // identity masks, the leads' names, next deadlines.
  const leadIds = [...new Set(pageRows.flatMap((r) => (r.lead_user_id ? [r.lead_user_id] : [])))];
  const [persons, names, deadlines] = await Promise.all([
    personsByIds(
      ctx,
      pageRows.map((r) => r.person_id),
    ),
    userSummaries(db, leadIds),
    ctx.hooks.one('cases.nextDeadlines')(db, ids),
  ]);
  const now = ctx.clock.now().toISOString();
  const items = pageRows.map(({ lead_user_id: lead, ...r }) => {
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

/**
 * How the list finds a name: newest or oldest first, through the cases' own name postings in case order (issue 8:
 * a common name no longer sorts all its persons' cases); the deadline sort through the persons' postings.
 */
function nameFilter(ctx: Context, sort: TCaseListQuery['sort'], byName: PersonNameFilter | undefined) {
  if (!byName) return {};
  if (sort !== 'deadline') return byName.postings ? { namePostings: byName.postings } : { personIds: [] as string[] };
  return {
    personIds: byName.kind === 'ids' ? byName.ids : undefined,
    personQuery: byName.kind === 'persons' ? byName.persons : undefined,
    inSubqueryDrivesOnKeyOnly: ctx.database.adapter.inSubqueryDrivesOnKeyOnly,
    personCondition: byName.kind === 'condition' ? byName.condition : undefined,
  };
}

function deadlinePosition(cursor: string | undefined): { after?: string; afterDue?: string | null } {
  const c = decodeCursor(cursor, deadlineCursor);
  return c ? { afterDue: c[0], after: c[1] } : {};
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
