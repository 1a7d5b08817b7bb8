import { can, type Permission, type ScopeFilter, scopeFilter } from '../../platform/access.js';
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

/** The cases whose work the caller sees: those she may read. */
export const workScope = (ctx: Context): Promise<ScopeFilter> => scopeFilter(ctx, 'cases.read');
/** The cases whose approvals the caller sees: those she supervises. */
export const approvalScope = (ctx: Context): Promise<ScopeFilter> => scopeFilter(ctx, 'cases.approve');
/** A supervisor's team: her agency's users who may work cases. */
export const TEAM_PERMISSIONS: readonly Permission[] = ['cases.update'];
