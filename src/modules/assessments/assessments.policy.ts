import type { Permission } from '../../platform/access.js';

/** Who may do what with assessments, checked on the case: the team records, anyone who reads the case reads. */
export const assessmentPermissions = {
  read: 'cases.read',
  update: 'cases.update',
} as const satisfies Record<string, Permission>;
