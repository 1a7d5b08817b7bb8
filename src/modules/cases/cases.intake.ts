/** Intake and the case's recorded facts: a new case, its trafficking profile and HTCDS events. */
import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';
import { yearInWib } from '../../platform/time.js';
import { findActiveAgency } from '../agencies/index.js';
import { getPerson, insertPersonRecord, nameTokensOfPerson } from '../persons/index.js';
import { findRegion, isCountryCode } from '../reference/index.js';
import { assertOpen, changeCase } from './cases.change.js';
import { casePermissions, requireCreateCase } from './cases.policy.js';
import { getCase } from './cases.read.js';
import { loadCase, recordTimeline } from './cases.record.js';
import { scheduleRiskResponse } from './cases.response.js';
import {
  type AttributeKey,
  attributeFields,
  type TCaseCreate,
  type TCaseDetail,
  type TCaseEventInput,
  type TCaseUpdate,
  type TTraffickingProfile,
} from './cases.schema.js';
import {
  type CaseRow,
  insertCase,
  insertEvent,
  nextCaseSeq,
  replaceAttribute,
  replaceCaseNameTokens,
  upsertMember,
} from './cases.store.js';
import { ageFactsOf } from './cases.victim-age.js';
import { type AgeFacts, childStatusAt } from './child-status.js';

const P = casePermissions;
const ENC = 'cases';

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
  const year = yearInWib(intake);
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
    // The case list finds her by name through the case's own postings: her name tokens, copied (migration 0144).
    await replaceCaseNameTokens(tx, [id], await nameTokensOfPerson(tx, person.id));
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
