import { can, type Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { loadCase } from '../cases/index.js';

/** Who may do what with case conferences, checked on the case. */
export const conferencePermissions = {
  read: 'cases.read',
  /** Holding a conference and assigning action items: the case team. */
  update: 'cases.update',
} as const satisfies Record<string, Permission>;

/** Holding a conference and working its action items: the case team (cases.update in the case's scope, else 404). */
export const requireUpdateConferences = (ctx: Context, caseId: string) =>
  loadCase(ctx, caseId, conferencePermissions.update);

/** Reading a case's conferences (the overdue job asks it with its job context): whoever may read the case. */
export const requireReadConferences = (ctx: Context, caseId: string) =>
  loadCase(ctx, caseId, conferencePermissions.read);

/** Who at an assigned agency hears about its action items: those who work cases or receive referrals. */
export const ASSIGNEE_PERMISSIONS: readonly Permission[] = [conferencePermissions.read, 'referrals.receive'];

/**
 * An action item's assigned agency completes it through its case or referral staff, who need not see the case
 * itself; everyone else needs cases.update on the case.
 */
export const isAssigneeOf = (ctx: Context, itemAgencyId: string) =>
  ctx.actor?.agencyId === itemAgencyId && ASSIGNEE_PERMISSIONS.some((p) => can(ctx, p));

/** What the overdue action-item job may do: read the cases it alerts about. */
export const conferenceJobPermissions: readonly Permission[] = [conferencePermissions.read];
