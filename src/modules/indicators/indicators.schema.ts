import { z } from 'zod';
import { drillParts, indicatorDimensions } from '../../contract/indicators.js';
import { cursorQuery } from '../../platform/http.js';
import { indicatorKeys } from './indicators.definitions.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_format')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'invalid_format');

/** The period (inclusive dates) and the dimension values a figure is restricted to. */
export const filterFields = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  sex: z.string().max(40).optional(),
  ageBand: z.string().max(10).optional(),
  child: z.enum(['child', 'adult']).optional(),
  province: z
    .string()
    .regex(/^\d{2}$/, 'invalid_format')
    .optional(),
  regency: z
    .string()
    .regex(/^\d{2}\.\d{2}$/, 'invalid_format')
    .optional(),
  exploitationType: z.string().max(80).optional(),
  agency: z.uuid({ message: 'uuid' }).optional(),
  agencyType: z.string().max(40).optional(),
  year: z
    .string()
    .regex(/^\d{4}$/, 'invalid_format')
    .optional(),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'invalid_format')
    .optional(),
  status: z.string().max(60).optional(),
  /** ISO 3166-1 alpha-2 (UNODC GLOTIP's breakdown by citizenship). */
  citizenship: z
    .string()
    .regex(/^[A-Z]{2}$/, 'invalid_format')
    .optional(),
};

const periodOrder = <T extends { from?: string; to?: string }>(q: T) => !q.from || !q.to || q.from <= q.to;

export const computeQuery = z
  .strictObject({
    ...filterFields,
    /** Comma-separated indicator keys; all when absent. */
    keys: z
      .string()
      .max(1000)
      .transform((v) => v.split(',').map((s) => s.trim()))
      .pipe(z.array(z.enum(indicatorKeys)).min(1).max(30))
      .optional(),
    by: z.enum(indicatorDimensions).optional(),
  })
  .refine(periodOrder, { path: ['to'], message: 'date_order' });
export type TComputeQuery = z.infer<typeof computeQuery>;

export const drilldownParams = z.strictObject({ key: z.enum(indicatorKeys) });
export const drilldownQuery = z
  .strictObject({ ...filterFields, part: z.enum(drillParts).default('numerator'), ...cursorQuery })
  .refine(periodOrder, { path: ['to'], message: 'date_order' });
export type TDrilldownQuery = z.infer<typeof drilldownQuery>;

export const dashboardQuery = z
  .strictObject({ ...filterFields })
  .refine(periodOrder, { path: ['to'], message: 'date_order' });
export type TDashboardQuery = z.infer<typeof dashboardQuery>;

const localised = z.object({ id: z.string(), en: z.string() });

export const indicatorSchema = z.object({
  key: z.string(),
  version: z.number(),
  name: localised,
  definition: localised,
  basis: z.string().nullable(),
  aggregate: z.enum(['count', 'distinctVictims', 'share', 'median', 'mean']),
  unit: z.string(),
  fact: z.string(),
  higherIsBetter: z.boolean(),
  dashboard: z.boolean(),
  drillParts: z.array(z.enum(drillParts)),
});

export const indicatorListSchema = z.object({
  items: z.array(indicatorSchema),
  dimensions: z.array(z.enum(indicatorDimensions)),
  asOf: z.string().nullable(),
  smallCellMin: z.number(),
});

/** One value: a figure or a cell of its breakdown. Null parts are suppressed (small cells) or undefined. */
export const cellSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  suppressed: z.boolean(),
});
export type TCell = z.infer<typeof cellSchema>;

export const figureSchema = cellSchema.extend({
  key: z.string(),
  version: z.number(),
  by: z.enum(indicatorDimensions).nullable(),
  breakdown: z.array(cellSchema.extend({ key: z.string().nullable() })).nullable(),
});
export type TFigure = z.infer<typeof figureSchema>;

export const computeResultSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string().nullable(),
  scope: z.enum(['all', 'jurisdiction', 'agency']),
  smallCellMin: z.number(),
  suppression: z.boolean(),
  figures: z.array(figureSchema),
});
export type TComputeResult = z.infer<typeof computeResultSchema>;

export const drillItemSchema = z.object({
  caseNumber: z.string(),
  /** Only for viewers who may open the case. */
  caseId: z.string().nullable(),
  onDate: z.string(),
  status: z.string().nullable(),
  amount: z.number().nullable(),
  province: z.string().nullable(),
  regency: z.string().nullable(),
  agencyType: z.string(),
});

export const drilldownResultSchema = z.object({
  key: z.string(),
  part: z.enum(drillParts),
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string().nullable(),
  total: z.number().nullable(),
  suppressed: z.boolean(),
  items: z.array(drillItemSchema),
  nextCursor: z.string().nullable(),
});
