import { z } from 'zod';

import {
  ageBands,
  budgetPurposes,
  fundingSources,
  phases,
  programmeTypes,
  targetGroups,
} from '../../contract/prevention.js';

export { ageBands, budgetPurposes, fundingSources, phases, programmeTypes, targetGroups };

const region = z.string().regex(/^\d{2}(\.\d{2})?$/, 'region_unknown');
const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const programmeCreateSchema = z.strictObject({
  type: z.enum(programmeTypes),
  name: text(200),
  description: z.string().trim().max(2000).optional(),
  /** Defaults to the caller's agency. */
  agencyId: z.uuid({ message: 'uuid' }).optional(),
  regionCodes: z.array(region).min(1).max(50),
  startsOn: date,
  endsOn: date,
  targetGroups: z.array(z.enum(targetGroups)).min(1).max(targetGroups.length),
});
export type TProgrammeCreate = z.infer<typeof programmeCreateSchema>;

export const programmeListQuery = z.strictObject({
  type: z.enum(programmeTypes).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

const bandCounts = z.strictObject({
  '0_17': z.number().int().min(0).max(100_000).default(0),
  '18_24': z.number().int().min(0).max(100_000).default(0),
  '25_59': z.number().int().min(0).max(100_000).default(0),
  '60_plus': z.number().int().min(0).max(100_000).default(0),
});
export const participantsSchema = z.strictObject({ female: bandCounts, male: bandCounts });
export type TParticipants = z.infer<typeof participantsSchema>;

export const sessionCreateSchema = z.strictObject({
  heldOn: date,
  place: text(300),
  regionCode: region,
  facilitator: text(200),
  participants: participantsSchema,
  materials: z.array(text(200)).max(30).default([]),
});
export type TSessionCreate = z.infer<typeof sessionCreateSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  heldOn: z.string(),
  place: z.string(),
  regionCode: z.string(),
  facilitator: z.string(),
  participants: participantsSchema,
  participantTotal: z.number(),
  materials: z.array(z.string()),
  /** The short link for participants' phones is /s/<surveyCode>. */
  surveyCode: z.string(),
  responses: z.object({ pre: z.number(), post: z.number() }),
  createdAt: z.string(),
});
export type TSession = z.infer<typeof sessionSchema>;

export const programmeSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  type: z.enum(programmeTypes),
  name: z.string(),
  description: z.string().nullable(),
  regionCodes: z.array(z.string()),
  startsOn: z.string(),
  endsOn: z.string(),
  targetGroups: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TProgramme = z.infer<typeof programmeSchema>;
export const programmeDetailSchema = programmeSchema.extend({
  sessions: z.array(sessionSchema),
  participantTotal: z.number(),
  participantsBySex: z.object({ female: z.number(), male: z.number() }),
});

const answers = z.record(z.string().max(60), z.enum(['true', 'false', 'dont_know']));
export const responseCreateSchema = z.strictObject({
  phase: z.enum(phases),
  /** A code the participant writes on both forms (no name): pairs the before and after answers. */
  participantCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{1,20}$/, 'invalid')
    .optional(),
  questionnaire: z.string().max(60).default('tip_awareness'),
  version: z.number().int().min(1).default(1),
  answers,
});
export type TResponseCreate = z.infer<typeof responseCreateSchema>;
export const responseCreatedSchema = z.object({ id: z.string(), score: z.number(), phase: z.enum(phases) });

const change = z.object({
  method: z.enum(['paired', 'welch']),
  nBefore: z.number(),
  nAfter: z.number(),
  meanBefore: z.number().nullable(),
  meanAfter: z.number().nullable(),
  change: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  df: z.number().nullable(),
});
export const surveyResultsQuery = z.strictObject({ sessionId: z.uuid({ message: 'uuid' }).optional() });
export const surveyResultsSchema = z.object({
  programmeId: z.string(),
  questionnaire: z.object({ key: z.string(), version: z.number() }),
  programme: change,
  sessions: z.array(
    z.object({ sessionId: z.string(), heldOn: z.string(), place: z.string(), regionCode: z.string(), change }),
  ),
  /** Scores per participant (only with sessionId): paired codes before and after. */
  participants: z
    .array(z.object({ code: z.string(), before: z.number().nullable(), after: z.number().nullable() }))
    .nullable(),
});

export const comparisonQuery = z.strictObject({
  by: z.enum(['region', 'type']),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const comparisonSchema = z.object({
  by: z.enum(['region', 'type']),
  groups: z.array(z.object({ key: z.string(), change })),
});

/* ---------- public survey ---------- */

export const surveyCodeParam = z.strictObject({
  code: z
    .string()
    .toUpperCase()
    .regex(/^[0-9A-HJKMNP-TV-Z]{8}$/, 'code_invalid'),
});
export const publicSurveySchema = z.object({
  programmeName: z.string(),
  heldOn: z.string(),
  questionnaire: z.object({
    key: z.string(),
    version: z.number(),
    title: z.object({ id: z.string(), en: z.string() }),
    options: z.array(z.object({ value: z.string(), label: z.object({ id: z.string(), en: z.string() }) })),
    questions: z.array(z.object({ id: z.string(), statement: z.object({ id: z.string(), en: z.string() }) })),
  }),
});

/* ---------- budgets ---------- */

export const allocationCreateSchema = z.strictObject({
  agencyId: z.uuid({ message: 'uuid' }).optional(),
  programmeId: z.uuid({ message: 'uuid' }).optional(),
  purpose: z.enum(budgetPurposes),
  year: z.number().int().min(2000).max(2100),
  source: z.enum(fundingSources),
  /** Rupiah, whole. */
  amount: z.number().int().min(1).max(1e15),
  note: z.string().trim().max(1000).optional(),
});
export const allocationSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  programmeId: z.string().nullable(),
  purpose: z.enum(budgetPurposes),
  year: z.number(),
  source: z.enum(fundingSources),
  amount: z.number(),
  spent: z.number(),
  remaining: z.number(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type TAllocation = z.infer<typeof allocationSchema>;

export const expenditureCreateSchema = z.strictObject({
  spentOn: date,
  amount: z.number().int().min(1).max(1e15),
  description: text(500),
  /** Receipt, SP2D or contract number: the document that proves the spending. */
  evidenceRef: text(200),
});
export const expenditureSchema = z.object({
  id: z.string(),
  allocationId: z.string(),
  spentOn: z.string(),
  amount: z.number(),
  description: z.string(),
  evidenceRef: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const budgetSummaryQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  agencyId: z.uuid({ message: 'uuid' }).optional(),
});
const nullableNumber = z.number().nullable();
export const budgetSummarySchema = z.object({
  year: z.number(),
  allocations: z.array(allocationSchema),
  bySource: z.array(z.object({ source: z.enum(fundingSources), allocated: z.number(), spent: z.number() })),
  programmes: z.array(
    z.object({
      programmeId: z.string(),
      name: z.string(),
      type: z.string(),
      allocated: z.number(),
      spent: z.number(),
      participants: z.number(),
      costPerParticipant: nullableNumber,
      /** Mean awareness change (points on 0–100) and its 95 % interval. */
      awarenessChange: nullableNumber,
      /** Spending per participant-point gained: spent / (change × participants surveyed after). */
      costPerAwarenessPoint: nullableNumber,
    }),
  ),
  victimServices: z.object({
    allocated: z.number(),
    spent: z.number(),
    victimsServed: z.number(),
    servicesDelivered: z.number(),
    costPerVictim: nullableNumber,
    costPerService: nullableNumber,
  }),
});
export type TBudgetSummary = z.infer<typeof budgetSummarySchema>;
