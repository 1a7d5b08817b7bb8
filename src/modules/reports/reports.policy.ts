/**
 * Who may generate and download task-force reports: holders of `reports.aggregate`. A report is computed with
 * its requester's scope and suppression (indicators.policy), so it never shows an aggregate-only role more
 * than the dashboard does. A report is seen by the one who asked for it; scheduled (national) reports by
 * viewers whose scope of `reports.aggregate` is national.
 */
import { requireActor, scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

const P = { aggregate: 'reports.aggregate' } as const;

export async function requireReporting(ctx: Context) {
  const scope = await scopeFilter(ctx, P.aggregate);
  return { userId: requireActor(ctx).userId, national: scope.kind === 'all', scope };
}

export const reportPermission = P.aggregate;
