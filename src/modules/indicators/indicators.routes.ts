import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dashboardKeys } from '../../contract/indicators.js';
import { typed } from '../../platform/http.js';
import { getDashboard } from './indicators.dashboards.js';
import {
  computeQuery,
  computeResultSchema,
  dashboardQuery,
  drilldownParams,
  drilldownQuery,
  drilldownResultSchema,
  figureSchema,
  indicatorListSchema,
} from './indicators.schema.js';
import { computeIndicators, drilldown, listIndicators } from './indicators.service.js';

const localised = z.object({ id: z.string(), en: z.string() });

const dashboardSchema = computeResultSchema.extend({
  key: z.enum(dashboardKeys),
  panels: z.array(z.object({ id: z.string(), indicator: z.string(), by: z.string(), figure: figureSchema })),
  legal: z.array(z.object({ key: z.string(), definition: localised, value: z.number().nullable() })).nullable(),
  awareness: z
    .array(
      z.object({
        key: z.string(),
        change: z.number().nullable(),
        ciLow: z.number().nullable(),
        ciHigh: z.number().nullable(),
        respondents: z.number().nullable(),
      }),
    )
    .nullable(),
});

export async function indicatorRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['indicators'];

  r.get('/api/indicators', {
    schema: {
      operationId: 'indicators.list',
      summary: 'The indicator definitions (versioned) and the dimensions figures break down by',
      description:
        'Every indicator the instance computes, each with its `key` and `version` (a definition that changes ' +
        'gets a new version, so a figure is always read against the definition it was computed by), its name ' +
        'and definition in Indonesian and English (`name.id`/`name.en`, `definition.id`/`definition.en`), the ' +
        'legal or policy basis, how it aggregates (count, distinct victims, share, median, mean), its unit and ' +
        'whether a higher value is better. `dimensions` lists the disaggregations `indicators.compute` accepts ' +
        'as `by` (sex, age band, child, province, regency, exploitation type, agency and its type, year, month, status, citizenship); `asOf` is when the figures were ' +
        'last refreshed and `smallCellMin` the threshold below which a count is suppressed for viewers who may ' +
        'not read cases. Who may call: holders of `reports.aggregate` with agency, jurisdiction or national ' +
        'scope (supervisors, programme officers, task-force analysts, national roles); an own-scope role gets ' +
        '403. No case or identity is read.',
      tags,
      response: { 200: indicatorListSchema },
    },
    handler: (req) => listIndicators(req.ctx),
  });

  r.get('/api/indicators/compute', {
    schema: {
      operationId: 'indicators.compute',
      summary: 'Figures of indicators for the caller’s scope, optionally broken down by one dimension',
      description:
        'Computed from the indicator facts (no identity is read). For viewers who may not read cases ' +
        '(aggregate-only roles and roles without cases.read) a count below PULIH_SMALL_CELL_MIN is never ' +
        'sent: the cell comes with suppressed = true and null values. See docs/indicators.md.',
      tags,
      querystring: computeQuery,
      response: { 200: computeResultSchema },
    },
    handler: (req) => {
      const { keys, by, from, to, ...filter } = req.query;
      return computeIndicators(req.ctx, { keys, by, from, to, ...filter });
    },
  });

  r.get('/api/indicators/:key/drilldown', {
    schema: {
      operationId: 'indicators.drilldown',
      summary: 'The cases behind a figure or a cell: case numbers and dates, never a name',
      description:
        'Lists the facts (numerator or denominator) of a figure within the caller’s scope, newest first, ' +
        'with the same filters as indicators.compute to name a cell. A cell below the small-cell threshold ' +
        'is not listed to suppressed viewers. Audited.',
      tags,
      params: drilldownParams,
      querystring: drilldownQuery,
      response: { 200: drilldownResultSchema },
    },
    handler: (req) => drilldown(req.ctx, req.params.key, req.query),
  });

  r.get('/api/dashboards/:key', {
    schema: {
      operationId: 'dashboards.get',
      summary: 'A dashboard: the twelve national indicators and panels for the caller’s scope',
      description:
        'overview (task forces: national or provincial by the caller’s jurisdiction), agency (supervisors), ' +
        'programme (programme officers). Small cells suppressed as in indicators.compute.',
      tags,
      params: z.strictObject({ key: z.enum(dashboardKeys) }),
      querystring: dashboardQuery,
      response: { 200: dashboardSchema },
    },
    handler: (req) => getDashboard(req.ctx, req.params.key, req.query),
  });
}
