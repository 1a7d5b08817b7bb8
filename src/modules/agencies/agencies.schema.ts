import { z } from 'zod';
import { agencyTypeKeys } from '../reference/index.js';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** What an administrator sends to create an agency. */
export const agencyCreateSchema = z.strictObject({
  name: z.string().trim().min(2).max(200),
  shortName: optionalText(60),
  type: z.enum(agencyTypeKeys),
  countryCode: z.string().trim().toUpperCase().length(2).default('ID'),
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{2}(\.\d{2})?$/, 'region_unknown')
    .nullable()
    .optional(),
  parentId: z.uuid({ message: 'uuid' }).nullable().optional(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[+0-9 ()-]{6,30}$/, 'invalid')
    .nullable()
    .optional(),
  contactEmail: z.email().max(200).nullable().optional(),
});
export type TAgencyCreate = z.infer<typeof agencyCreateSchema>;

export const agencyUpdateSchema = agencyCreateSchema.partial().strict();
export type TAgencyUpdate = z.infer<typeof agencyUpdateSchema>;

export const agencySchema = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.string(),
  regionCode: z.string().nullable(),
  countryCode: z.string(),
  parentId: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAgency = z.infer<typeof agencySchema>;

export const agencyListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  type: z.enum(agencyTypeKeys).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  regionCode: z
    .string()
    .regex(/^\d{2}(\.\d{2})?$/, 'region_unknown')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TAgencyListQuery = z.infer<typeof agencyListQuery>;
