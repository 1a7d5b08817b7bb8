import { type Permission, requireAccess, requireActor } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what in the directory, as named abilities; the service never spells a permission string. */
export const directoryPermissions = {
  read: 'agencies.read',
  /** Editing one's own agency's entries (a wider role scope reaches every agency). */
  manage: 'directory.manage',
} as const satisfies Record<string, Permission>;

/** Searching the directory and reading an agency's entries: anyone who may read agencies. */
export const requireSearchDirectory = (ctx: Context) => requireAccess(ctx, directoryPermissions.read);

/** Editing directory entries at all (else 403, before the agency is even looked up). */
export const requireEditDirectory = (ctx: Context) => requireAccess(ctx, directoryPermissions.manage);

/**
 * Editing one agency's entries: its own staff holding `directory.manage` (`own` scope on an agency record is the
 * user's own agency); a wider role scope (the system administrator's `all`) reaches every agency. Another agency's
 * entry answers like a missing one (404).
 */
export async function requireEditEntriesOf(ctx: Context, agency: { id: string; regionCode: string | null }) {
  const actor = requireActor(ctx);
  await requireAccess(ctx, directoryPermissions.manage, {
    type: 'agency',
    id: agency.id,
    agencyId: agency.id,
    regionCode: agency.regionCode,
    teamUserIds: actor.agencyId === agency.id ? [actor.userId] : [],
  });
}
