import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../../platform/http.js';
import { agencyTypes } from './agency-types.js';
import { listCountries } from './countries.js';
import { holidayCalendar } from './holidays.js';
import { listRegions } from './regions.js';

const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'regency']),
  provinceCode: z.string(),
});

/** Reference lists every form needs: agency types, regions of Indonesia, countries. */
export async function referenceRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  r.get('/api/reference/agency-types', {
    schema: {
      operationId: 'reference.agencyTypes',
      summary: 'The agency types',
      description:
        'Each type with its HTCDS code, its group and its Indonesian and English label. Any signed-in user; ' +
        'the list is fixed in the code (no database read).',
      tags: ['reference'],
      response: {
        200: z.array(
          z.object({
            key: z.string(),
            htcds: z.string(),
            group: z.string(),
            label: z.object({ id: z.string(), en: z.string() }),
          }),
        ),
      },
    },
    handler: async () => Object.entries(agencyTypes).map(([key, def]) => ({ key, ...def })),
  });
  r.get('/api/reference/regions', {
    schema: {
      operationId: 'reference.regions',
      summary: 'Indonesian provinces, or the regencies and cities of one province (`parent`)',
      description:
        'Codes follow Kemendagri (a province `NN`, a regency or city `NN.NN`). Without `parent`: the provinces; ' +
        "with a two-digit `parent`: that province's regencies and cities (an unknown province gives an empty " +
        'list; any other `parent` answers 400). Any signed-in user.',
      tags: ['reference'],
      querystring: z.strictObject({
        parent: z
          .string()
          .regex(/^\d{2}$/, 'invalid')
          .optional(),
      }),
      response: { 200: z.array(regionSchema) },
    },
    handler: async (req) => listRegions(req.query.parent),
  });
  r.get('/api/reference/countries', {
    schema: {
      operationId: 'reference.countries',
      summary: 'Countries (ISO 3166-1 alpha-2) with Indonesian and English names',
      description: 'The codes citizenship and destination fields accept. Any signed-in user.',
      tags: ['reference'],
      response: { 200: z.array(z.object({ code: z.string(), name: z.object({ id: z.string(), en: z.string() }) })) },
    },
    handler: async () => listCountries(),
  });
  r.get('/api/reference/holidays', {
    schema: {
      operationId: 'reference.holidays',
      summary: 'National holidays and cuti bersama that working-day due times skip (SKB 3 Menteri)',
      description:
        'The days of one `year` (2000–2100, else 400) with their names in Indonesian and English and the ' +
        "decree they come from. `covered` is false when that year's decree is not on record: due times then " +
        'count its holidays as working days. Any signed-in user.',
      tags: ['reference'],
      querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
      response: {
        200: z.object({
          year: z.number(),
          /** False when the year's decree is not on record: its holidays then count as working days. */
          covered: z.boolean(),
          source: z.string(),
          days: z.array(
            z.object({
              date: z.string(),
              kind: z.enum(['holiday', 'collective_leave']),
              name: z.object({ id: z.string(), en: z.string() }),
            }),
          ),
        }),
      },
    },
    handler: async (req) => {
      const calendar = holidayCalendar(req.ctx.config);
      const { year } = req.query;
      return { year, covered: calendar.covers(year), source: calendar.source, days: calendar.list(year) };
    },
  });
}
