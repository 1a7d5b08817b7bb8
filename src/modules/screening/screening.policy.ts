import type { Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { loadCase } from '../cases/index.js';

/** Who may do what with screenings, as named abilities checked on the case (its scope decides; else 404). */
export const screeningPermissions = {
  /** Screening a case and proposing a decision. */
  manage: 'screenings.manage',
  read: 'cases.read',
  /** A supervisor confirms or overturns the victim decision (Law 21/2007 Art. 1(3)). */
  approve: 'cases.approve',
} as const satisfies Record<string, Permission>;

/** Screening a case, scoring its answers and proposing a decision; a restricted person's case is 423. */
export const requireScreenCase = (ctx: Context, caseId: string) => loadCase(ctx, caseId, screeningPermissions.manage);

/** Reading a case's screenings: whoever may read the case. */
export const requireReadScreenings = (ctx: Context, caseId: string) => loadCase(ctx, caseId, screeningPermissions.read);

/** Confirming or overturning the victim decision: a supervisor over the case (cases.approve in its scope). */
export const requireApproveScreening = (ctx: Context, caseId: string) =>
  loadCase(ctx, caseId, screeningPermissions.approve);

/** Four eyes: a supervisor never approves or rejects an identification decision she made herself (403). */
export function requireNotOwnDecision(ctx: Context, screening: { decided_by: string | null }) {
  if (screening.decided_by === ctx.actor?.userId) throw new AppError('forbidden', 'screening_self_approval');
}
