/**
 * Dashboards by audience (docs/indicators.md). Every dashboard is the national twelve for the viewer's scope —
 * the nation, a task force's province or regency, a supervisor's or programme officer's agency — plus panels
 * (a figure broken down: by province for the map, by month for the trend, by sex, age band, exploitation type)
 * and, where the module figures exist and the viewer may see them, law enforcement (legal module) and
 * awareness change (prevention module). Small cells are suppressed exactly as in indicators.compute.
 */
import type { DashboardKey, IndicatorDimension } from '../../contract/indicators.js';
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { legalFacts } from '../legal/index.js';
import { compareAwareness } from '../prevention/index.js';
import { dashboardIndicatorKeys } from './indicators.definitions.js';
import type { TDashboardQuery } from './indicators.schema.js';
import { computeIndicators, periodOf } from './indicators.service.js';

interface Panel {
  id: string;
  indicator: string;
  by: IndicatorDimension;
}

const panels: Record<DashboardKey, Panel[]> = {
  overview: [
    { id: 'map', indicator: 'victims_unique', by: 'province' },
    { id: 'trend', indicator: 'victims_identified', by: 'month' },
    { id: 'sex', indicator: 'victims_unique', by: 'sex' },
    { id: 'age', indicator: 'victims_unique', by: 'ageBand' },
    { id: 'exploitation', indicator: 'victims_unique', by: 'exploitationType' },
    { id: 'late_by_province', indicator: 'services_late', by: 'province' },
  ],
  agency: [
    { id: 'trend', indicator: 'victims_identified', by: 'month' },
    { id: 'late_by_month', indicator: 'services_late', by: 'month' },
    { id: 'outcomes', indicator: 'cases_closed', by: 'status' },
    { id: 'age', indicator: 'victims_unique', by: 'ageBand' },
  ],
  programme: [
    { id: 'map', indicator: 'victims_unique', by: 'province' },
    { id: 'age', indicator: 'victims_unique', by: 'ageBand' },
    { id: 'child', indicator: 'victims_unique', by: 'child' },
  ],
};

const legalCounts = new Set(['investigations', 'prosecutions', 'convictions', 'restitution_claims_paid_in_full']);

export async function getDashboard(ctx: Context, key: DashboardKey, q: TDashboardQuery) {
  const { from: _f, to: _t, ...filter } = q;
  const figures = await computeIndicators(ctx, { keys: dashboardIndicatorKeys, from: q.from, to: q.to, ...filter });
  const panelFigures = [];
  for (const p of panels[key]) {
    const [figure] = (
      await computeIndicators(ctx, { keys: [p.indicator], by: p.by, from: q.from, to: q.to, ...filter })
    ).figures;
    panelFigures.push({ id: p.id, indicator: p.indicator, by: p.by, figure: figure! });
  }
  const period = periodOf(ctx, q);
  // Law-enforcement figures are national (proceedings carry no region): shown only to national viewers.
  let legal = null;
  if (figures.scope === 'all' && Object.keys(filter).length === 0) {
    const min = figures.suppression ? ctx.config.smallCellMin : null;
    legal = (await legalFacts(ctx, period)).map((f) => ({
      key: f.key,
      definition: f.definition,
      value:
        min !== null && legalCounts.has(f.key) && f.value !== null && f.value > 0 && f.value < min ? null : f.value,
    }));
  }
  let awareness = null;
  try {
    const compared = await compareAwareness(ctx, { by: 'region', year: Number(period.to.slice(0, 4)) });
    const min = figures.suppression ? ctx.config.smallCellMin : 0;
    awareness = compared.groups.map((g) => {
      const respondents = g.change.nBefore + g.change.nAfter;
      // Respondents are people too: a group under the threshold is withheld from suppressed viewers.
      const hidden = respondents > 0 && respondents < min;
      return {
        key: g.key,
        change: hidden ? null : g.change.change,
        ciLow: hidden ? null : g.change.ciLow,
        ciHigh: hidden ? null : g.change.ciHigh,
        respondents: hidden ? null : respondents,
      };
    });
  } catch (error) {
    // Viewers without the programmes' permission see no awareness panel; anything else is a real failure.
    if (!(error instanceof AppError) || error.kind !== 'forbidden') throw error;
  }
  return { key, ...figures, panels: panelFigures, legal, awareness };
}
