import { z } from 'zod';
import { type AggregateDimension, aggregateDimensions } from '../../contract/publication.js';

const year = z.coerce.number().int().min(2000).max(2100);

/** A victim-level release: registration years, and k when the DPO asks for more than the setting. */
export const ctdcQuery = z
  .strictObject({
    fromYear: year.optional(),
    toYear: year.optional(),
    k: z.coerce.number().int().min(2).max(1000).optional(),
  })
  .refine((q) => q.fromYear === undefined || q.toYear === undefined || q.fromYear <= q.toYear, {
    path: ['toYear'],
    message: 'date_order',
  });
export type TCtdcQuery = z.infer<typeof ctdcQuery>;

export { type AggregateDimension, aggregateDimensions };

/** `by` is a comma-separated list of one to four distinct dimensions. */
export const aggregateQuery = z
  .strictObject({
    by: z
      .string()
      .max(200)
      .transform((v) => v.split(',').map((s) => s.trim()))
      .pipe(z.array(z.enum(aggregateDimensions)).min(1).max(4))
      .refine((dims) => new Set(dims).size === dims.length, { message: 'duplicate_id' }),
    fromYear: year.optional(),
    toYear: year.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.fromYear === undefined || q.toYear === undefined || q.fromYear <= q.toYear, {
    path: ['toYear'],
    message: 'date_order',
  });
export type TAggregateQuery = z.infer<typeof aggregateQuery>;

export const anonymityReportSchema = z.object({
  k: z.number(),
  rows: z.number(),
  released: z.number(),
  suppressed: z.number(),
  suppressedShare: z.number(),
  achievedK: z.number().nullable(),
  classes: z.number(),
  levels: z.record(z.string(), z.object({ level: z.number(), max: z.number() })),
  informationLoss: z.number(),
});

export const aggregateReleaseSchema = z.object({
  dimensions: z.array(z.enum(aggregateDimensions)),
  smallCellMin: z.number(),
  cells: z.array(z.object({ values: z.record(z.string(), z.string()), victims: z.number().nullable() })),
  suppressedCells: z.number(),
});
