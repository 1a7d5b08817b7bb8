import type { Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { loadCase } from '../cases/index.js';

/** Who may do what with consents, as named abilities checked on the case (its scope decides; else 404). */
export const consentPermissions = {
  /** Recording and withdrawing a consent (UU PDP Law 27/2022 Art. 20, 40). */
  manage: 'consents.manage',
  /** Reading a case's consents: whoever may read the case. */
  read: 'cases.read',
} as const satisfies Record<string, Permission>;

/** Recording or withdrawing a consent on a case (Law 27/2022 Art. 20, 40); a restricted person's case is 423. */
export const requireManageConsents = (ctx: Context, caseId: string) => loadCase(ctx, caseId, consentPermissions.manage);

/** Reading a case's consents: whoever may read the case. */
export const requireReadConsents = (ctx: Context, caseId: string) => loadCase(ctx, caseId, consentPermissions.read);
