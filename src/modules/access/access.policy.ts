import { inScope, type Permission, requireAccess, type ScopedResource } from '../../platform/access.js';
import type { Actor, Context } from '../../platform/context.js';

/** Who may break the glass, and where (DESIGN §4). */
export const accessPermissions = {
  breakGlass: 'access.breakGlass',
  /** Outside the caller's own jurisdiction: a role setting no built-in role holds. */
  breakGlassAnywhere: 'access.breakGlass.anywhere',
} as const satisfies Record<string, Permission>;

export const requireBreakGlass = (ctx: Context) => requireAccess(ctx, accessPermissions.breakGlass);

/** A record already within the caller's scope needs no emergency grant. */
export function breakGlassNeeded(actor: Actor, resource: ScopedResource): boolean {
  const scope = actor.permissions.get(accessPermissions.breakGlass);
  return !(scope && inScope(actor, scope, resource));
}

/** The glass breaks inside the caller's jurisdiction only, unless her role has the setting. */
export const mayBreakGlassAnywhere = (actor: Actor) => actor.permissions.has(accessPermissions.breakGlassAnywhere);
