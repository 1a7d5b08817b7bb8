import type { Permission } from '../../platform/access.js';

/** Who may do what with agencies. The directory is readable by every signed-in role. */
export const agencyPermissions = {
  read: 'agencies.read',
  manage: 'agencies.manage',
} as const satisfies Record<string, Permission>;
