import type { Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { loadCase } from '../cases/index.js';

/** Who may do what with services, shelter stays and care plans: one permission, as an ability checked on the case. */
export const servicePermissions = {
  /** Requesting, delivering and planning services for a case (its scope decides). */
  manage: 'services.manage',
} as const satisfies Record<string, Permission>;

/** What the overdue-service and overstay jobs may do: work the services they alert about. */
export const serviceJobPermissions: readonly Permission[] = [servicePermissions.manage];

/**
 * Requesting, delivering, reading and planning services and shelter stays for a case: `services.manage` in the
 * case's scope (else 404); a restricted person's case is 423. The overdue jobs ask it with their job context.
 */
export const requireManageServices = (ctx: Context, caseId: string) => loadCase(ctx, caseId, servicePermissions.manage);
