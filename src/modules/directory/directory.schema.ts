import { z } from 'zod';
import { proximities } from '../../contract/directory.js';
import { htcdsValues } from '../reference/index.js';
import { serviceTypes } from '../services/index.js';

export { type Proximity, proximities } from '../../contract/directory.js';

/** The service catalogue is the services module's (Law 21/2007 Art. 51–54; PP 9/2008). */
export { serviceTypes };
export type ServiceType = (typeof serviceTypes)[number];

export const sexes = htcdsValues('prs_Gender');

const regionCode = z
  .string()
  .trim()
  .regex(/^\d{2}(\.\d{2})?$/, 'region_unknown');
const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'country_unknown');
const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'language_unknown');
const age = z.number().int().min(0).max(120);

export const serviceTypeParams = z.strictObject({
  id: z.uuid({ message: 'uuid' }),
  serviceType: z.enum(serviceTypes),
});

/** What an agency publishes about one of its services (PUT: the whole entry, created or replaced). */
export const directoryServiceUpsertSchema = z.strictObject({
  /** Kemendagri province or regency codes; empty means the agency's own region. */
  regions: z.array(regionCode).max(600).default([]),
  eligibility: z
    .strictObject({
      ageMin: age.nullable().optional(),
      ageMax: age.nullable().optional(),
      /** HTCDS prs_Gender values; empty means any. */
      sexes: z.array(z.enum(sexes)).max(sexes.length).default([]),
      /** ISO 3166-1 alpha-2; empty means any nationality. */
      nationalities: z.array(countryCode).max(250).default([]),
    })
    .default({ sexes: [], nationalities: [] }),
  /** ISO 639-1 codes of the languages the service is given in. */
  languages: z.array(languageCode).min(1).max(30),
  /** Where places count (shelter beds): total and free now, kept current by the agency. */
  capacity: z
    .strictObject({ total: z.number().int().min(0).max(100_000), free: z.number().int().min(0).max(100_000) })
    .nullable()
    .optional(),
  /** Opening hours as written by the agency, e.g. "Mon–Fri 08:00–16:00 WITA". */
  hours: z.string().trim().min(1).max(200).nullable().optional(),
  /** An institutional contact point (a desk, a hotline), never a staff member's personal number. */
  contact: z.strictObject({
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{6,30}$/, 'phone_format')
      .nullable()
      .optional(),
    email: z.email().max(200).nullable().optional(),
  }),
  /** Accepts urgent referrals around the clock. */
  urgent24x7: z.boolean().default(false),
});
export type TDirectoryServiceUpsert = z.infer<typeof directoryServiceUpsertSchema>;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const directorySearchQuery = z.strictObject({
  type: z.enum(serviceTypes).optional(),
  /** A province or regency: province-level offers cover their regencies, a province finds its regencies' offers. */
  region: regionCode.optional(),
  /** The person's age in years. */
  age: z.coerce.number().int().min(0).max(120).optional(),
  sex: z.enum(sexes).optional(),
  nationality: countryCode.optional(),
  language: languageCode.optional(),
  /** Only services that take urgent referrals 24/7. */
  urgent: bool.optional(),
  /** Only services with a free place (or no counted capacity). */
  available: bool.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export type TDirectorySearchQuery = z.infer<typeof directorySearchQuery>;

export const directoryServiceSchema = z.object({
  id: z.string(),
  agency: z.object({ id: z.string(), name: z.string(), type: z.string(), regionCode: z.string().nullable() }),
  serviceType: z.enum(serviceTypes),
  regions: z.array(z.string()),
  /** True when no regions were given and the agency's own region applies. */
  regionsDefault: z.boolean(),
  eligibility: z.object({
    ageMin: z.number().nullable(),
    ageMax: z.number().nullable(),
    sexes: z.array(z.string()),
    nationalities: z.array(z.string()),
  }),
  languages: z.array(z.string()),
  capacity: z.object({ total: z.number(), free: z.number(), updatedAt: z.string().nullable() }).nullable(),
  hours: z.string().nullable(),
  contact: z.object({ phone: z.string().nullable(), email: z.string().nullable() }),
  urgent24x7: z.boolean(),
  /** In a search: how near the agency is to the searched region (or the caller's own). */
  proximity: z.enum(proximities).optional(),
  updatedAt: z.string(),
});
export type TDirectoryService = z.infer<typeof directoryServiceSchema>;
