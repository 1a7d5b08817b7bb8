import type { Permission } from '../../platform/access.js';

/** Who may do what with services, shelter stays and care plans: one permission, checked on the case. */
export const servicePermissions = {
  /** Requesting, delivering and planning services for a case (its scope decides). */
  manage: 'services.manage',
} as const satisfies Record<string, Permission>;

/** What the overdue-service and overstay jobs may do: work the services they alert about. */
export const serviceJobPermissions: readonly Permission[] = [servicePermissions.manage];
