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
