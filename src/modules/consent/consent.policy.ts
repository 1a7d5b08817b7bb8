import type { Permission } from '../../platform/access.js';

/** Who may do what with consents, checked on the case (its scope decides). */
export const consentPermissions = {
  /** Recording and withdrawing a consent (UU PDP Law 27/2022 Art. 20, 40). */
  manage: 'consents.manage',
  /** Reading a case's consents: whoever may read the case. */
  read: 'cases.read',
} as const satisfies Record<string, Permission>;
