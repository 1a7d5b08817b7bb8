/** What other modules may ask of cases: facts without access, access checks, holders of a person, key rotation. */
import type { Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { PersonHolder } from '../persons/index.js';
import { accessActorsOf, supervisorsOf } from '../users/index.js';
import { casePermissions, mayOpenCase } from './cases.policy.js';
import { caseResource, loadCase } from './cases.record.js';
import type { CaseStage } from './cases.schema.js';
import { selectCase, selectCasesByIds, selectCasesOfPersons } from './cases.store.js';

const P = casePermissions;

/** Break-the-glass resolver for cases. */
export async function resolveCaseResource(db: Executor, id: string) {
  const row = await selectCase(db, id);
  if (!row) return undefined;
  return { ...(await caseResource(db, row)), supervisorUserIds: await supervisorsOf(db, row.lead_agency_id) };
}

/**
 * Who among some users may open a case an alert points at (the `alerts.audience` of case alerts, provided in the
 * manifest): the decision itself is the policy's `mayOpenCase`.
 */
export async function caseAlertAudience(ctx: Context, db: Executor, userIds: string[], caseId: string) {
  const resource = await resolveCaseResource(db, caseId);
  const may = new Set<string>();
  if (!resource) return may;
  for (const actor of await accessActorsOf(ctx, db, userIds))
    if (await mayOpenCase(ctx, db, actor, resource)) may.add(actor.userId);
  return may;
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
  return (await caseHoldersOfPersons(db, [personId])).get(personId) ?? [];
}

/** The same for many persons at once (hook `persons.caseHolders`): one query, whatever their number. */
export async function caseHoldersOfPersons(
  db: Executor,
  personIds: readonly string[],
): Promise<Map<string, PersonHolder[]>> {
  // Her cases with their teams and the transfer each lead agency received, in one statement (issue 8).
  const byPerson = await selectCasesOfPersons(db, personIds);
  const out = new Map<string, PersonHolder[]>();
  for (const [personId, rows] of byPerson)
    out.set(
      personId,
      rows.map((r) => ({
        via: { type: 'case' as const, id: r.id },
        agencyId: r.lead_agency_id,
        regionCode: r.region_code,
        teamUserIds: r.team,
        // A lead agency that received the case by transfer gets the identity its consent covered (Art. 44).
        ...(r.received_groups !== null ? { fields: identityFieldsOfGroups(r.received_groups) } : {}),
      })),
    );
  return out;
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
