import { can } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/**
 * Who sees which part of the daily workspace. Each ability names a kind of work; a user holding several
 * (a supervisor also works cases) sees each part.
 */
/** Works cases: statutory services, tasks, referrals sent. */
export const canWorkCases = (ctx: Context) => can(ctx, 'cases.read') && can(ctx, 'services.manage');
/** Answers referrals and records services as a provider (shelters, other recipients). */
export const canAnswerReferrals = (ctx: Context) => can(ctx, 'referrals.receive');
/** Approves screenings, closures and lead transfers; leads the team. */
export const canApprove = (ctx: Context) => can(ctx, 'cases.approve');
/** Reviews break-the-glass use and data-subject requests (the DPO). */
export const canReviewPrivacy = (ctx: Context) => can(ctx, 'dsr.manage') && can(ctx, 'audit.read');
