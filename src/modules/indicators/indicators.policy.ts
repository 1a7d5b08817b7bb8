/**
 * Who sees which figures. Indicators are aggregates over the viewer's scope of `reports.aggregate` (a
 * supervisor's or programme officer's agency, a task-force analyst's jurisdiction, everything for national
 * roles). Small-cell suppression (docs/indicators.md): a viewer who may not read the cases behind a figure —
 * aggregate-only roles (DESIGN §4), and anyone without `cases.read` — never receives a count below
 * PULIH_SMALL_CELL_MIN, from any endpoint: figures, breakdowns, drill-downs, dashboards and reports.
 */
import { can, type ScopeFilter, scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';

const P = { aggregate: 'reports.aggregate', cases: 'cases.read' } as const;

export type IndicatorScope = Exclude<ScopeFilter, { kind: 'own' }>;

/** The cases the caller's figures count (403 without `reports.aggregate`; own-scope roles get no figures). */
export async function indicatorScope(ctx: Context): Promise<IndicatorScope> {
  const scope = await scopeFilter(ctx, P.aggregate);
  if (scope.kind === 'own') throw forbidden();
  return scope;
}

/** Whether the caller's figures are suppressed below the small-cell threshold. */
export const suppressesSmallCells = (ctx: Context): boolean => Boolean(ctx.actor?.aggregateOnly) || !can(ctx, P.cases);

/** A drill-down names the case ids (links) only to a viewer who may open cases. */
export const seesCaseLinks = (ctx: Context): boolean => !ctx.actor?.aggregateOnly && can(ctx, P.cases);
