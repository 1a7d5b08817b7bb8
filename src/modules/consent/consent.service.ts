import { type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, type Tx, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { isBeyondClockSkew } from '../../platform/time.js';
import { findActiveAgency, findAgencyRow } from '../agencies/index.js';
import { raiseAlerts } from '../alerts/index.js';
import { caseTeamIds, guardianCandidate, recordTimeline, victimMinorAt } from '../cases/index.js';
import { agencyTypes } from '../reference/index.js';
import { userSummaries } from '../users/index.js';
import { requireManageConsents, requireReadConsents } from './consent.policy.js';
import {
  fieldGroups as allFieldGroups,
  type ConsentPurpose,
  type ConsentStatus,
  type FieldGroup,
  identityFieldGroups,
  type TConsent,
  type TConsentCreate,
  type TConsentListQuery,
  type TWording,
} from './consent.schema.js';
import {
  type ConsentRow,
  insertConsent,
  selectActiveConsentsOfCases,
  selectActiveConsentsToAgency,
  selectActiveReferralConsents,
  selectConsent,
  selectConsentLocked,
  selectConsents,
  withdrawIfActive,
} from './consent.store.js';
import { currentWording, findWording } from './consent-wording.v1.js';

/** Recording and withdrawing consents needs this permission on the case; reading them needs cases.read. */
const ENC = 'consents';
/** Times given by a device may run a little ahead of the server. */

/** Purposes that name a recipient outside the case's own agency. */
const recipientPurposes: ReadonlySet<ConsentPurpose> = new Set([
  'referral',
  'international_sharing',
  'cross_border_transfer',
]);

/* ---------- hooks other modules provide (consent.hooks.ts) ---------- */

/** Where an attachment belongs and what kind it is (asked of the attachments module). */
export type EvidenceLookup = (
  db: Executor,
  attachmentId: string,
) => Promise<{ caseId: string; kind: string } | undefined>;

export interface WithdrawnConsent {
  id: string;
  caseId: string;
  caseNumber: string;
  purpose: ConsentPurpose;
  recipientAgencyId: string | null;
}
/**
 * A module that shares data under consents stops sharing when one is withdrawn. It reads what it needs first
 * (outside the transaction) and returns the writes to run inside the withdrawal's transaction.
 */
export type ConsentWithdrawalHook = (ctx: Context, consent: WithdrawnConsent) => Promise<(tx: Tx) => Promise<void>>;

/* ---------- presenting ---------- */

const json = <T>(ctx: Context, v: unknown): T => ctx.database.adapter.fromJson<T>(v);

interface Names {
  agencies: Map<string, string>;
  users: Map<string, { displayName: string }>;
}

/** The recipient agencies' and the recorders' names of some consents. */
async function namesOf(ctx: Context, rows: ConsentRow[]): Promise<Names> {
  const unique = [...new Set(rows.map((r) => r.recipient_agency_id).filter((id): id is string => id !== null))];
  const agencies = await Promise.all(unique.map((id) => findAgencyRow(ctx, id)));
  return {
    agencies: new Map(unique.map((id, i) => [id, agencies[i]?.name ?? ''])),
    users: await userSummaries(
      ctx.database.db,
      rows.map((r) => r.recorded_by),
    ),
  };
}

function present(ctx: Context, row: ConsentRow, names: Names): TConsent {
  return {
    id: row.id,
    caseId: row.case_id,
    purpose: row.purpose,
    recipientAgency: row.recipient_agency_id
      ? { id: row.recipient_agency_id, name: names.agencies.get(row.recipient_agency_id) ?? '' }
      : null,
    recipientName: row.recipient_name,
    serviceTypes: json(ctx, row.service_types),
    fieldGroups: json(ctx, row.field_groups),
    givenBy: row.given_by as TConsent['givenBy'],
    guardianRelationship: row.guardian_relationship as TConsent['guardianRelationship'],
    guardianPersonId: row.guardian_person_id ?? null,
    givenAt: row.given_at,
    wordingVersion: row.wording_version,
    wordingLocale: row.wording_locale as TConsent['wordingLocale'],
    evidenceAttachmentId: row.evidence_attachment_id,
    status: row.status,
    withdrawnAt: row.withdrawn_at,
    withdrawalReason: ctx.keyring.decryptNullable(ENC, 'withdrawal_reason_enc', row.id, row.withdrawal_reason_enc),
    recordedBy: row.recorded_by,
    recordedByName: names.users.get(row.recorded_by)?.displayName ?? null,
    createdAt: row.created_at,
  };
}

/* ---------- recording ---------- */

/** Checks the recipient named for the purpose; returns the agency's name when it is an agency of this instance. */
async function checkRecipient(ctx: Context, input: TConsentCreate, leadAgencyId: string, issues: FieldIssue[]) {
  const { purpose } = input;
  if (!recipientPurposes.has(purpose)) {
    if (input.recipientAgencyId) issues.push({ field: 'recipientAgencyId', code: 'not_applicable' });
    if (input.recipientName) issues.push({ field: 'recipientName', code: 'not_applicable' });
    return;
  }
  if (purpose === 'referral') {
    if (!input.recipientAgencyId) issues.push({ field: 'recipientAgencyId', code: 'required' });
    if (input.recipientName) issues.push({ field: 'recipientName', code: 'not_applicable' });
  } else if (!input.recipientAgencyId === !input.recipientName) {
    // Exactly one: an agency of this instance, or a named counterpart outside it.
    issues.push({ field: input.recipientAgencyId ? 'recipientName' : 'recipientAgencyId', code: 'recipient_one_of' });
  }
  if (!input.recipientAgencyId) return;
  const agency = await findActiveAgency(ctx, input.recipientAgencyId);
  if (!agency) {
    issues.push({ field: 'recipientAgencyId', code: 'agency_not_active' });
    return;
  }
  if (agency.id === leadAgencyId) issues.push({ field: 'recipientAgencyId', code: 'recipient_is_lead_agency' });
  const group = agencyTypes[agency.type as keyof typeof agencyTypes]?.group;
  if (purpose === 'international_sharing' && group !== 'international')
    issues.push({ field: 'recipientAgencyId', code: 'agency_not_international' });
  // Law 27/2022 Art. 56: a transfer abroad; an Indonesian agency of this instance is not one.
  if (purpose === 'cross_border_transfer' && agency.countryCode === 'ID')
    issues.push({ field: 'recipientAgencyId', code: 'agency_not_foreign' });
}

/** Records a consent given by the victim, or for a child by a parent or guardian, for one purpose. */
export async function createConsent(ctx: Context, caseId: string, input: TConsentCreate): Promise<TConsent> {
  const actor = requireActor(ctx);
  const kase = await requireManageConsents(ctx, caseId);
  if (kase.stage === 'closed') throw new AppError('conflict', 'case_closed');
  const issues: FieldIssue[] = [];
  await checkRecipient(ctx, input, kase.lead_agency_id, issues);
  if (input.purpose === 'referral' && !input.serviceTypes?.length)
    issues.push({ field: 'serviceTypes', code: 'required' });
  if (input.purpose !== 'referral' && input.serviceTypes)
    issues.push({ field: 'serviceTypes', code: 'not_applicable' });
  // Statistics are anonymous: identity can never be among what is counted.
  if (input.purpose === 'statistics' && input.fieldGroups.some((g) => identityFieldGroups.has(g)))
    issues.push({ field: 'fieldGroups', code: 'identity_not_allowed' });
  const givenAt = input.givenAt ? new Date(input.givenAt) : ctx.clock.now();
  if (isBeyondClockSkew(givenAt, ctx.clock.now())) issues.push({ field: 'givenAt', code: 'in_future' });
  // Law 27/2022 Art. 25(2): a child's data is processed with the consent of the child's parent or guardian. Her
  // age when she consents decides, not the case's child flag: trafficked at 16 and now 19, she consents herself.
  // No age on record: presumed a child (Law 35/2014) until her age is assessed.
  const { minor } = await victimMinorAt(ctx, kase, givenAt);
  if (minor && input.givenBy !== 'guardian') issues.push({ field: 'givenBy', code: 'guardian_required' });
  if (!minor && input.givenBy === 'guardian') issues.push({ field: 'givenBy', code: 'victim_is_adult' });
  if (input.givenBy === 'guardian' && !input.guardianRelationship)
    issues.push({ field: 'guardianRelationship', code: 'required' });
  if (input.givenBy === 'victim' && input.guardianRelationship)
    issues.push({ field: 'guardianRelationship', code: 'not_applicable' });
  if (input.givenBy === 'victim' && input.guardianPersonId)
    issues.push({ field: 'guardianPersonId', code: 'not_applicable' });
  // The guardian is a recorded relative of the case (a state guardian is an official, not a relative), and one
  // who is a suspect or related to the trafficker cannot consent for the child: their interest conflicts with the
  // child's (Law 23/2002 as amended by Law 35/2014: parental authority and guardianship serve the child's best
  // interest; Law 21/2007 Art. 44: the victim's identity is kept from those who threaten her).
  if (input.givenBy === 'guardian' && input.guardianRelationship && input.guardianRelationship !== 'state_guardian') {
    if (!input.guardianPersonId) issues.push({ field: 'guardianPersonId', code: 'required' });
    else {
      const guardian = await guardianCandidate(ctx.database.db, caseId, input.guardianPersonId);
      if (!guardian) issues.push({ field: 'guardianPersonId', code: 'guardian_not_relative' });
      else if (guardian.suspect) issues.push({ field: 'guardianPersonId', code: 'guardian_suspect' });
      else if (guardian.relatedToTrafficker)
        issues.push({ field: 'guardianPersonId', code: 'guardian_related_to_trafficker' });
    }
  } else if (input.guardianPersonId && input.guardianRelationship === 'state_guardian')
    issues.push({ field: 'guardianPersonId', code: 'not_applicable' });
  // Art. 22(4): the person saw a known text; the version recorded is the one shown.
  if (!findWording(input.wordingVersion))
    issues.push({
      field: 'wordingVersion',
      code: 'wording_version_unknown',
      params: { version: input.wordingVersion },
    });
  if (input.evidenceAttachmentId) {
    const evidence = await ctx.hooks.one('consent.evidence')(ctx.database.db, input.evidenceAttachmentId);
    if (!evidence || evidence.caseId !== caseId)
      issues.push({ field: 'evidenceAttachmentId', code: 'attachment_not_of_case' });
    else if (evidence.kind !== 'consent_evidence')
      issues.push({ field: 'evidenceAttachmentId', code: 'attachment_not_consent_evidence' });
  }
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  // Stored in a canonical order, without duplicates.
  const groups = allFieldGroups.filter((g) => input.fieldGroups.includes(g));
  const services = [...new Set(input.serviceTypes ?? [])];
  const row: ConsentRow = {
    id,
    case_id: caseId,
    purpose: input.purpose,
    recipient_agency_id: input.recipientAgencyId ?? null,
    recipient_name: input.recipientName ?? null,
    service_types: ctx.database.adapter.toJson(services),
    field_groups: ctx.database.adapter.toJson(groups),
    given_by: input.givenBy,
    guardian_relationship: input.guardianRelationship ?? null,
    guardian_person_id: input.guardianPersonId ?? null,
    given_at: givenAt.toISOString(),
    wording_version: input.wordingVersion,
    wording_locale: input.wordingLocale,
    evidence_attachment_id: input.evidenceAttachmentId ?? null,
    status: 'active',
    withdrawn_at: null,
    withdrawn_by: null,
    withdrawal_reason_enc: null,
    recorded_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  const details = {
    caseId,
    purpose: input.purpose,
    recipientAgencyId: row.recipient_agency_id,
    recipientNamed: row.recipient_name !== null,
    serviceTypes: services,
    fieldGroups: groups,
    givenBy: input.givenBy,
    guardianRelationship: row.guardian_relationship,
    guardianPersonId: row.guardian_person_id,
    wordingVersion: input.wordingVersion,
    wordingLocale: input.wordingLocale,
    evidence: row.evidence_attachment_id !== null,
    // Always checked against the attachments module now (a needed hook: start-up stops without it).
    evidenceVerified: row.evidence_attachment_id !== null,
  };
  await transact(ctx, async (tx) => {
    await insertConsent(tx, row);
    await appendAudit(tx, ctx, { action: 'consents.create', entityType: 'consent', entityId: id, details });
    await recordTimeline(tx, ctx, caseId, 'consent.given', {
      consentId: id,
      purpose: input.purpose,
      recipientAgencyId: row.recipient_agency_id,
      fieldGroups: groups,
      givenBy: input.givenBy,
    });
  });
  return present(ctx, row, await namesOf(ctx, [row]));
}

/**
 * Withdraws a consent at once (Law 27/2022 Art. 9: the right to withdraw; Art. 40: processing under it stops).
 * Modules sharing under it stop in the same transaction; the case team is alerted; audited.
 */
export async function withdrawConsent(ctx: Context, id: string, reason: string): Promise<TConsent> {
  const actor = requireActor(ctx);
  const row = await selectConsent(ctx.database.db, id);
  if (!row) throw notFound();
  const kase = await requireManageConsents(ctx, row.case_id);
  if (row.status !== 'active') throw new AppError('conflict', 'consent_not_active');
  const withdrawn: WithdrawnConsent = {
    id,
    caseId: row.case_id,
    caseNumber: kase.case_number,
    purpose: row.purpose,
    recipientAgencyId: row.recipient_agency_id,
  };
  const runs = await Promise.all(ctx.hooks.all('consent.withdrawal').map((hook) => hook(ctx, withdrawn)));
  const team = (await caseTeamIds(ctx.database.db, row.case_id)).filter((u) => u !== actor.userId);
  const now = ctx.clock.now().toISOString();
  const patch = {
    withdrawn_at: now,
    withdrawn_by: actor.userId,
    withdrawal_reason_enc: ctx.keyring.encrypt(ENC, 'withdrawal_reason_enc', id, reason),
    updated_at: now,
  };
  await transact(ctx, async (tx) => {
    if (!(await withdrawIfActive(tx, id, patch))) throw new AppError('conflict', 'consent_not_active');
    for (const run of runs) await run(tx);
    await appendAudit(tx, ctx, {
      action: 'consents.withdraw',
      entityType: 'consent',
      entityId: id,
      details: { caseId: row.case_id, purpose: row.purpose, recipientAgencyId: row.recipient_agency_id },
    });
    await recordTimeline(tx, ctx, row.case_id, 'consent.withdrawn', { consentId: id, purpose: row.purpose });
    await raiseAlerts(tx, ctx, team, {
      kind: 'consent_withdrawn',
      entityType: 'case',
      entityId: row.case_id,
      params: { caseNumber: kase.case_number, purpose: row.purpose },
    });
  });
  const updated: ConsentRow = { ...row, ...patch, status: 'withdrawn' };
  return present(ctx, updated, await namesOf(ctx, [updated]));
}

const consentCursor = z.tuple([z.string()]);

/** A case's consents, newest first (anyone who may read the case may see what the victim agreed to). */
export async function listConsents(ctx: Context, caseId: string, q: TConsentListQuery) {
  await requireReadConsents(ctx, caseId);
  const rows = await selectConsents(ctx.database.db, {
    caseId,
    purpose: q.purpose,
    status: q.status,
    after: decodeCursor(q.cursor, consentCursor)?.[0],
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const names = await namesOf(ctx, page);
  const last = page.at(-1);
  return {
    items: page.map((r) => present(ctx, r, names)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** The wording to show for a purpose (current version unless one is named), in Indonesian and English. */
export function getWording(ctx: Context, purpose: ConsentPurpose, version?: string): TWording {
  requireActor(ctx);
  const current = currentWording();
  const w = version ? findWording(version) : current;
  if (!w)
    throw new AppError('validation', 'validation', {}, [
      { field: 'query.version', code: 'wording_version_unknown', params: { version } },
    ]);
  const p = w.purposes[purpose];
  const paragraphs = [w.intro, p.body, w.child, w.rights, w.legal];
  return {
    version: w.version,
    current: w.version === current.version,
    effectiveFrom: w.effectiveFrom,
    purpose,
    title: p.title,
    paragraphs: { id: paragraphs.map((t) => t.id), en: paragraphs.map((t) => t.en) },
    fieldGroups: allFieldGroups.map((key) => ({ key, label: w.fieldGroups[key] })),
    placeholders: ['agency', 'recipient', 'services', 'fields'],
  };
}

/* ---------- for modules that share under a consent ---------- */

/** What a sharing module needs to know about a consent. */
export interface SharingConsent {
  id: string;
  caseId: string;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  recipientAgencyId: string | null;
  serviceTypes: string[];
  fieldGroups: FieldGroup[];
}

const toSharing = (adapter: Context['database']['adapter'], r: ConsentRow): SharingConsent => ({
  id: r.id,
  caseId: r.case_id,
  purpose: r.purpose,
  status: r.status,
  recipientAgencyId: r.recipient_agency_id,
  serviceTypes: adapter.fromJson<string[]>(r.service_types),
  fieldGroups: adapter.fromJson<FieldGroup[]>(r.field_groups),
});

/** A consent as it stands now (no access check: the caller decides who sees what it shares). */
export async function consentForSharing(ctx: Context, id: string, db: Executor = ctx.database.db) {
  const row = await selectConsent(db, id);
  return row ? toSharing(ctx.database.adapter, row) : undefined;
}

/** The same inside a transaction, holding the consent's row so a concurrent withdrawal waits for it. */
export async function lockConsentForSharing(tx: Tx, ctx: Context, id: string) {
  const row = await selectConsentLocked(tx, id, ctx.database.adapter.name === 'postgres');
  return row ? toSharing(ctx.database.adapter, row) : undefined;
}

export type ReferralCoverage =
  | { covered: true; consent: SharingConsent }
  | {
      covered: false;
      /** Field issue code for `consentId`. */
      code:
        | 'consent_missing'
        | 'consent_missing_services'
        | 'consent_not_found'
        | 'consent_not_active'
        | 'consent_wrong_recipient';
      missing: string[];
      consentId: string | null;
    };

/**
 * The active referral consent of the case for this agency that covers every service type (the newest, or the
 * one named); otherwise what is missing.
 */
export async function findCoveringReferralConsent(
  ctx: Context,
  q: { caseId: string; recipientAgencyId: string; serviceTypes: string[]; consentId?: string },
): Promise<ReferralCoverage> {
  const db = ctx.database.db;
  const missingFrom = (c: SharingConsent) => q.serviceTypes.filter((t) => !c.serviceTypes.includes(t));
  if (q.consentId) {
    const c = await consentForSharing(ctx, q.consentId);
    const base = { covered: false as const, missing: q.serviceTypes, consentId: q.consentId };
    if (!c || c.caseId !== q.caseId) return { ...base, code: 'consent_not_found' };
    if (c.status !== 'active') return { ...base, code: 'consent_not_active' };
    if (c.purpose !== 'referral' || c.recipientAgencyId !== q.recipientAgencyId)
      return { ...base, code: 'consent_wrong_recipient' };
    const missing = missingFrom(c);
    return missing.length === 0
      ? { covered: true, consent: c }
      : { ...base, code: 'consent_missing_services', missing };
  }
  const candidates = (await selectActiveReferralConsents(db, q.caseId, q.recipientAgencyId)).map((r) =>
    toSharing(ctx.database.adapter, r),
  );
  if (candidates.length === 0)
    return { covered: false, code: 'consent_missing', missing: q.serviceTypes, consentId: null };
  const ranked = candidates
    .map((c) => ({ c, missing: missingFrom(c) }))
    .sort((a, b) => a.missing.length - b.missing.length);
  const best = ranked[0]!;
  if (best.missing.length === 0) return { covered: true, consent: best.c };
  return { covered: false, code: 'consent_missing_services', missing: best.missing, consentId: best.c.id };
}

/** The consents table's encrypted column, for key rotation. */
export const consentEncryptedColumns = [{ table: 'consents', idColumn: 'id', columns: ['withdrawal_reason_enc'] }];

/**
 * The field groups the active referral consents of a case give this agency (their union); empty when none.
 * Read at the moment of each request, so a withdrawal hides what it covered at once (Law 27/2022 Art. 9, 40).
 */
export async function consentedGroupsFor(ctx: Context, caseId: string, agencyId: string): Promise<FieldGroup[]> {
  const rows = await selectActiveReferralConsents(ctx.database.db, caseId, agencyId);
  const groups = new Set<FieldGroup>();
  for (const r of rows) for (const g of ctx.database.adapter.fromJson<FieldGroup[]>(r.field_groups)) groups.add(g);
  return [...groups];
}

/** Cases whose active referral consents give this agency the field group (newest first, at most `limit`). */
export async function casesSharedWithAgency(
  ctx: Context,
  agencyId: string,
  group: FieldGroup,
  limit = 500,
): Promise<string[]> {
  const rows = await selectActiveConsentsToAgency(ctx.database.db, agencyId, limit);
  const out = new Set<string>();
  for (const r of rows)
    if (ctx.database.adapter.fromJson<FieldGroup[]>(r.field_groups).includes(group)) out.add(r.case_id);
  return [...out];
}

/**
 * For bulk exchange: the field groups that active consents of the given purposes give each case (their union),
 * only for cases that have one. Read at the moment of each call, so a withdrawal stops the next export at once
 * (Law 27/2022 Art. 9, 40).
 */
export async function activeConsentGroupsOfCases(
  ctx: Context,
  caseIds: readonly string[],
  purposes: readonly ConsentPurpose[],
): Promise<Map<string, Set<FieldGroup>>> {
  const out = new Map<string, Set<FieldGroup>>();
  if (caseIds.length === 0 || purposes.length === 0) return out;
  const parsed = new Map<string, FieldGroup[]>();
  for (const [caseId, , json] of await selectActiveConsentsOfCases(ctx.database.db, caseIds, purposes)) {
    let groups = out.get(caseId);
    if (!groups) {
      groups = new Set();
      out.set(caseId, groups);
    }
    let list = parsed.get(json);
    if (!list) {
      list = ctx.database.adapter.fromJson<FieldGroup[]>(json);
      parsed.set(json, list);
    }
    for (const g of list) groups.add(g);
  }
  return out;
}

/** Separators of the consent cell: ASCII unit (purpose | field groups) and record (between consents). */
const US = '\u001f';
const RS = '\u001e';

/**
 * For a bulk exchange reading cases in its own statement: the condition "the case in `caseIdColumn` holds an active
 * consent of one of the purposes", and a cell with those consents (`purpose US field-groups-JSON`, RS between
 * them; null when none), both correlated on that column. Read with the page, so a withdrawal stops the next page
 * at once (Law 27/2022 Art. 9, 40). The JSON never holds a separator: JSON text escapes control characters.
 */
export function activeConsentsOfCase(caseIdColumn: string, purposes: readonly ConsentPurpose[]) {
  const of = sql`from consents k where k.case_id = ${sql.ref(caseIdColumn)} and k.status = 'active'
    and k.purpose in (${sql.join(purposes.length > 0 ? [...purposes] : [''])})`;
  return {
    // A probe per case (LIMIT … OFFSET 0 keeps PostgreSQL from turning EXISTS into a merge semi-join): the export
    // walks cases in id order a page at a time, and the semi-join re-read every consent from the first case on each
    // page (93 ms for page 500 of 2,000 at 1,000,000 cases; the probe: 8 ms, the same on every page).
    exists: sql<SqlBool>`exists (select 1 ${of} limit 1 offset 0)`,
    cell: sql<
      string | null
    >`(select string_agg(k.purpose || ${sql.lit(US)} || cast(k.field_groups as text), ${sql.lit(RS)}) ${of})`,
  };
}

/**
 * Reads such a cell: calls `each` once per consent with its purpose and field groups. The sets are read-only and
 * shared: consents naming the same field groups get the same set (an export's consents share a few lists).
 */
export function consentCellReader(
  ctx: Context,
): (cell: string, each: (purpose: ConsentPurpose, groups: ReadonlySet<FieldGroup>) => void) => void {
  const shared = new Map<string, ReadonlySet<FieldGroup>>();
  return (cell, each) => {
    for (let at = 0; at < cell.length; ) {
      let end = cell.indexOf(RS, at);
      if (end === -1) end = cell.length;
      const us = cell.indexOf(US, at);
      const json = cell.slice(us + 1, end);
      let groups = shared.get(json);
      if (!groups) {
        groups = new Set(ctx.database.adapter.fromJson<FieldGroup[]>(json));
        if (shared.size >= 1000) shared.clear();
        shared.set(json, groups);
      }
      each(cell.slice(at, us) as ConsentPurpose, groups);
      at = end + 1;
    }
  };
}
