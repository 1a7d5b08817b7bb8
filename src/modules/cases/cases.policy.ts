import {
  can,
  hasActiveGrant,
  inScope,
  type Permission,
  requireAccess,
  type ScopedResource,
} from '../../platform/access.js';
import type { Actor, Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';

/**
 * Who may do what with a case, as named abilities. Services ask these (or pass one of `casePermissions` to
 * `loadCase`); they never spell a permission string themselves.
 */
export const casePermissions = {
  read: 'cases.read',
  create: 'cases.create',
  /** Working on a case: notes, tasks, team, lifecycle, relatives. */
  update: 'cases.update',
  /** Supervision: approvals, closure, restricted notes, reassignment, lead transfers. */
  approve: 'cases.approve',
  /** A summary that shows identity fields. */
  revealIdentity: 'persons.identity.reveal',
} as const satisfies Record<string, Permission>;

/** Opening a case. */
export const requireCreateCase = (ctx: Context) => requireAccess(ctx, casePermissions.create);

/** Supervising cases at all (the approval queues, bulk reassignment, deciding lead transfers). */
export const requireSupervision = (ctx: Context) => requireAccess(ctx, casePermissions.approve);

/** A restricted note is read by its author and by supervisors (cases.approve) only. */
export const canReadNote = (ctx: Context, note: { sensitivity: string; author_user_id: string }) =>
  note.sensitivity !== 'restricted' || note.author_user_id === ctx.actor?.userId || can(ctx, casePermissions.approve);

/**
 * Whether a user (not the caller: an alert's recipient) may open a case: in the scope of her `cases.read`, or
 * holding an active break-the-glass grant to it. An alert about a case reaches only such users (`alerts.audience`).
 */
export async function mayOpenCase(
  ctx: Pick<Context, 'clock'>,
  db: Executor,
  actor: Actor,
  resource: ScopedResource,
): Promise<boolean> {
  const scope = actor.permissions.get(casePermissions.read);
  if (!scope) return false;
  return inScope(actor, scope, resource) || hasActiveGrant(db, actor.userId, 'case', resource.id, ctx.clock.now());
}

/** A supervisor reassigns only the cases within her approval scope; anything else is skipped as not found. */
export function maySuperviseCase(actor: Actor, resource: ScopedResource): boolean {
  const scope = actor.permissions.get(casePermissions.approve);
  return scope !== undefined && inScope(actor, scope, resource);
}

/** The new assignee of a bulk reassignment works in the supervisor's agency and may work cases. */
export const mayBeAssigned = (supervisor: Actor, assignee: Actor) =>
  assignee.agencyId === supervisor.agencyId && assignee.permissions.has(casePermissions.update);

/** A lead transfer is approved at request when a supervisor of the sending (lead) agency asks for it. */
export const approvesOwnTransfer = (ctx: Context, leadAgencyId: string) =>
  ctx.actor?.agencyId === leadAgencyId && can(ctx, casePermissions.approve);

/** The identity fields in a case summary need the right to reveal identity. */
export const requireIdentityInSummary = (ctx: Context) => requireAccess(ctx, casePermissions.revealIdentity);

/** What the risk-response deadline job may do: read the cases it alerts about. */
export const responseJobPermissions: readonly Permission[] = [casePermissions.read];
