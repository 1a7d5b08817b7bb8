/**
 * Who may publish what. A victim-level release, even k-anonymous, is a DPO's decision (Law 27/2022
 * Art. 16(2): processing for statistics with safeguards); aggregate tables with small cells suppressed may
 * be taken by anyone who holds `reports.aggregate`, within their scope.
 */
import { requireAccess, type ScopeFilter, scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

export const publicationPermissions = {
  releaseVictimLevel: 'publication.release',
  releaseAggregates: 'reports.aggregate',
} as const;

/** 403 unless the caller may publish a k-anonymous victim-level release. */
export async function requireVictimLevelRelease(ctx: Context): Promise<void> {
  await requireAccess(ctx, publicationPermissions.releaseVictimLevel);
}

/** The cases an aggregate release of this caller counts (403 without `reports.aggregate`). */
export function aggregateReleaseScope(ctx: Context): Promise<ScopeFilter> {
  return scopeFilter(ctx, publicationPermissions.releaseAggregates);
}
