import { z } from 'zod';
import { reportFormats, reportKinds, reportStatuses } from '../../contract/indicators.js';
import { cursorQuery } from '../../platform/http.js';

export const reportCreateSchema = z.strictObject({
  kind: z.enum(reportKinds),
  format: z.enum(reportFormats),
  /** The report's (last) year: an annual report covers it; a five-year review covers it and the four before. */
  year: z.number().int().min(2000).max(2100),
  locale: z.enum(['id', 'en']).default('id'),
});
export type TReportCreate = z.infer<typeof reportCreateSchema>;

export const reportListQuery = z.strictObject({ ...cursorQuery });

export const reportSchema = z.object({
  id: z.string(),
  kind: z.enum(reportKinds),
  format: z.enum(reportFormats),
  from: z.string(),
  to: z.string(),
  locale: z.string(),
  status: z.enum(reportStatuses),
  progress: z.number(),
  scheduled: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  bytes: z.number().nullable(),
});
export type TReport = z.infer<typeof reportSchema>;
