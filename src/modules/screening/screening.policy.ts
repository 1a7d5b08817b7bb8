import type { Permission } from '../../platform/access.js';

/** Who may do what with screenings, checked on the case (its scope decides). */
export const screeningPermissions = {
  /** Screening a case and proposing a decision. */
  manage: 'screenings.manage',
  read: 'cases.read',
  /** A supervisor confirms or overturns the victim decision (Law 21/2007 Art. 1(3)). */
  approve: 'cases.approve',
} as const satisfies Record<string, Permission>;
export type ScreeningPermission = (typeof screeningPermissions)[keyof typeof screeningPermissions];
