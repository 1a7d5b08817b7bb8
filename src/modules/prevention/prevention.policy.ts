import { requireAccess, type ScopeFilter, scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what with prevention programmes and budgets. Services call these abilities. */
const P = {
  readProgrammes: 'programmes.read',
  manageProgrammes: 'programmes.manage',
  readBudgets: 'budgets.read',
  manageBudgets: 'budgets.manage',
  aggregate: 'reports.aggregate',
} as const;
export type PreventionPermission = (typeof P)[keyof typeof P];
export const preventionPermissions: readonly PreventionPermission[] = Object.values(P);

const resource = (type: string, id: string, agencyId: string, createdBy?: string) => ({
  type,
  id,
  agencyId,
  teamUserIds: createdBy ? [createdBy] : [],
});

export const requireReadProgramme = (ctx: Context, p: { id: string; agencyId: string; createdBy: string }) =>
  requireAccess(ctx, P.readProgrammes, resource('programme', p.id, p.agencyId, p.createdBy));
export async function requireManageProgramme(ctx: Context, p: { id: string; agencyId: string; createdBy: string }) {
  await requireReadProgramme(ctx, p);
  await requireAccess(ctx, P.manageProgrammes, resource('programme', p.id, p.agencyId, p.createdBy));
}
/** Creating a programme for an agency: the caller's own agency unless their scope reaches further. */
export const requireCreateProgramme = (ctx: Context, agencyId: string) =>
  requireAccess(ctx, P.manageProgrammes, resource('agency', agencyId, agencyId));
export const programmeListScope = (ctx: Context): Promise<ScopeFilter> => scopeFilter(ctx, P.readProgrammes);

/** Comparisons across regions and programme types are aggregates: programme readers and task-force analysts. */
export async function comparisonScope(ctx: Context): Promise<ScopeFilter> {
  if (ctx.actor?.permissions.has(P.readProgrammes)) return scopeFilter(ctx, P.readProgrammes);
  return scopeFilter(ctx, P.aggregate);
}

export const budgetListScope = (ctx: Context): Promise<ScopeFilter> => scopeFilter(ctx, P.readBudgets);
export const requireManageBudgetOf = (ctx: Context, agencyId: string, id = agencyId) =>
  requireAccess(ctx, P.manageBudgets, resource('budget_allocation', id, agencyId));
