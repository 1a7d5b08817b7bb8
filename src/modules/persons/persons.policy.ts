import { hasActiveGrant, inScope, type Permission, requireAccess, requireActor } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { type IdentityField, identityFields } from './persons.schema.js';
import type { PersonRow } from './persons.store.js';

/**
 * The one vault decision (Law 21/2007 Art. 44): who may see a person's record and identity is decided here,
 * from the person's cases as they are NOW — their lead agency, their current team, break-the-glass grants on
 * the person or the case — and from live referrals whose consent covers identity for the recipient agency.
 * Never from who first recorded the person or which agency first held her: a removed team member or a case's
 * former lead agency loses access the moment the team or the lead changes.
 */

/** Who may do what with persons; the vault decision below says which person and which identity fields. */
export const personPermissions = {
  create: 'persons.create',
  read: 'persons.read',
  /** Seeing identity fields (Law 21/2007 Art. 44: identity is kept confidential). */
  reveal: 'persons.identity.reveal',
  updateIdentity: 'persons.identity.update',
} as const satisfies Record<string, Permission>;
export type PersonPermission = (typeof personPermissions)[keyof typeof personPermissions];

/** Recording a person, and the duplicate check that comes with it. */
export const requireCreatePerson = (ctx: Context) => requireAccess(ctx, personPermissions.create);

/** One way an agency reaches a person. Modules that hold persons register a source of these. */
export interface PersonHolder {
  /** The record through which the holder reaches the person. */
  via: { type: 'case' | 'referral'; id: string };
  /** `case`: the lead agency (scope decides); `referral`: the recipient agency (its members with the permission). */
  agencyId: string;
  regionCode: string | null;
  teamUserIds: readonly string[];
  /** Identity fields this path may show; undefined means every field. */
  fields?: readonly IdentityField[];
  /** A referral path opens identity only (never the masked record), for members holding one of these. */
  permissions?: readonly Permission[];
}

/** Cases (lead agency, team) and referrals (consented recipients) say who holds a person: `persons.holders`. */
export type PersonHolderSource = (db: Executor, personId: string) => Promise<PersonHolder[]>;

/** The cases say who holds many persons at once (person id → her case holders): `persons.caseHolders`. */
export type PersonCaseHoldersSource = (
  db: Executor,
  personIds: readonly string[],
) => Promise<Map<string, PersonHolder[]>>;

export async function personHolders(ctx: Context, db: Executor, personId: string): Promise<PersonHolder[]> {
  return (await Promise.all(ctx.hooks.all('persons.holders').map((s) => s(db, personId)))).flat();
}

/** A person on no case yet (just recorded, e.g. a contact): the recording agency holds her until a case does. */
function recordingHolder(row: PersonRow): PersonHolder {
  return {
    via: { type: 'case', id: row.id },
    agencyId: row.owner_agency_id,
    regionCode: row.region_code,
    teamUserIds: [row.created_by],
  };
}

/** The case paths of a person (or the recording agency while she is on no case). */
export async function casePaths(ctx: Context, db: Executor, row: PersonRow): Promise<PersonHolder[]> {
  return (await casePathsOf(ctx, db, [row])).get(row.id) ?? [recordingHolder(row)];
}

/** The case paths of many persons in a few queries whatever their number (the duplicate check's matches). */
export async function casePathsOf(
  ctx: Context,
  db: Executor,
  rows: readonly PersonRow[],
): Promise<Map<string, PersonHolder[]>> {
  const held = await ctx.hooks.one('persons.caseHolders')(
    db,
    rows.map((r) => r.id),
  );
  const out = new Map<string, PersonHolder[]>();
  for (const row of rows) {
    const holders = held.get(row.id) ?? [];
    out.set(row.id, holders.length > 0 ? holders : [recordingHolder(row)]);
  }
  return out;
}

export type IdentityDecision = { fields: ReadonlySet<IdentityField>; via: PersonHolder['via'][] };

/**
 * May the caller, with this permission, reach the person (and which identity fields)? Anything else is a
 * 404 exactly like a missing record. `identity` adds consented referral paths (identity only, never the
 * record) and names the fields each path allows.
 */
export async function decidePersonAccess(
  ctx: Context,
  row: PersonRow,
  permission: PersonPermission,
  options: { identity?: boolean; db?: Executor } = {},
): Promise<IdentityDecision> {
  const actor = requireActor(ctx);
  const db = options.db ?? ctx.database.db;
  const all = await personHolders(ctx, db, row.id);
  const cases = all.filter((h) => h.via.type === 'case');
  const paths = cases.length > 0 ? cases : [recordingHolder(row)];
  const fields = new Set<IdentityField>();
  const via: PersonHolder['via'][] = [];
  const allow = (h: PersonHolder) => {
    for (const f of h.fields ?? identityFields) fields.add(f);
    via.push(h.via);
  };
  const scope = actor.permissions.get(permission);
  if (scope) {
    for (const h of paths) {
      const resource = { type: 'person', id: row.id, ...h };
      if (inScope(actor, scope, resource)) allow(h);
    }
    if (via.length === 0) {
      // Break-the-glass on the person or on one of her cases; it never adds a permission the role lacks.
      const now = ctx.clock.now();
      if (await hasActiveGrant(db, actor.userId, 'person', row.id, now)) {
        for (const h of paths) allow({ ...h, fields: undefined });
      } else {
        for (const h of cases)
          if (await hasActiveGrant(db, actor.userId, 'case', h.via.id, now)) allow({ ...h, fields: undefined });
      }
    }
  }
  if (options.identity) {
    for (const h of all) {
      if (h.via.type !== 'referral' || h.agencyId !== actor.agencyId) continue;
      if (h.permissions?.some((p) => actor.permissions.has(p))) allow(h);
    }
  }
  if (via.length === 0) throw notFound();
  return { fields, via };
}
