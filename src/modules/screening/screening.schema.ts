import { z } from 'zod';
import { htcdsValues } from '../reference/index.js';

/* ---------- the versioned tool definition (stored in screening_tools.definition) ---------- */

export const indicatorWeights = ['S', 'M', 'W'] as const;
export type IndicatorWeight = (typeof indicatorWeights)[number];

const labelsSchema = z.object({ id: z.string().min(1), en: z.string().min(1) });
const dimensionIds = z.array(z.number().int().positive()).min(1);

/** A screening tool version: dimensions of weighted indicators, the acts asked about, and the presumption rules. */
export const toolDefinitionSchema = z
  .object({
    version: z.number().int().positive(),
    name: labelsSchema,
    source: z.string().min(1),
    publishedOn: z.iso.date(),
    dimensions: z
      .array(
        z.object({
          id: z.number().int().positive(),
          key: z.string().regex(/^[a-z_]+$/),
          labels: labelsSchema,
          indicators: z
            .array(
              z.object({
                id: z.string().regex(/^d\d+\.[a-z_]+$/),
                weight: z.enum(indicatorWeights),
                labels: labelsSchema,
              }),
            )
            .min(1),
        }),
      )
      .min(1),
    acts: z.array(z.object({ id: z.string().regex(/^[a-z_]+$/), labels: labelsSchema })).min(1),
    rules: z.object({
      /** Conjunction of disjunctions over dimension ids: every inner list needs one positive dimension. */
      adult: z.object({ allOf: z.array(dimensionIds).min(1) }),
      child: z.object({ requiresAct: z.boolean(), allOf: z.array(dimensionIds).min(1) }),
    }),
  })
  .superRefine((d, ctx) => {
    const dims = new Set(d.dimensions.map((x) => x.id));
    if (dims.size !== d.dimensions.length) ctx.addIssue({ code: 'custom', message: 'duplicate dimension id' });
    const ids = d.dimensions.flatMap((x) => x.indicators.map((i) => i.id));
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'duplicate indicator id' });
    const acts = d.acts.map((a) => a.id);
    if (new Set(acts).size !== acts.length) ctx.addIssue({ code: 'custom', message: 'duplicate act id' });
    for (const clause of [...d.rules.adult.allOf, ...d.rules.child.allOf])
      for (const id of clause)
        if (!dims.has(id)) ctx.addIssue({ code: 'custom', message: `rule names unknown dimension ${id}` });
  });
export type TToolDefinition = z.infer<typeof toolDefinitionSchema>;

/* ---------- request bodies ---------- */

export const traffickingStatuses = htcdsValues('vic_TraffickingStatus');
export const decisionOrgs = htcdsValues('vic_TraffickingStatusDecisionMakingOrg');

/** A differing decision must say why (the tool recommends, a person decides). */
export const RATIONALE_MIN = 20;

export const screeningCreateSchema = z.strictObject({
  toolVersion: z.number().int().positive(),
  /** indicator id → observed (true) or not (false); indicators left out count as not observed. */
  answers: z.record(z.string().min(1).max(100), z.boolean()),
  /** Acts of Law 21/2007 Art. 1(1) that took place (ids from the tool's act list). */
  acts: z.array(z.string().min(1).max(40)).max(20).default([]),
  notes: z.string().trim().max(10000).optional(),
});
export type TScreeningCreate = z.infer<typeof screeningCreateSchema>;

export const screeningDecideSchema = z.strictObject({
  status: z.enum(traffickingStatuses),
  decidedByOrg: z.enum(decisionOrgs),
  rationale: z.string().trim().max(5000).optional(),
});
export type TScreeningDecide = z.infer<typeof screeningDecideSchema>;

export const screeningApproveSchema = z.strictObject({
  approve: z.boolean(),
  note: z.string().trim().max(2000).optional(),
});
export type TScreeningApprove = z.infer<typeof screeningApproveSchema>;

export const screeningIdParam = z.strictObject({ sid: z.uuid({ message: 'uuid' }) });
export const screeningListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/* ---------- responses ---------- */

const labelled = { label: z.string(), labels: labelsSchema };
export const toolOutSchema = z.object({
  version: z.number(),
  ...labelled,
  source: z.string(),
  publishedOn: z.string(),
  createdAt: z.string(),
  dimensions: z.array(
    z.object({
      id: z.number(),
      key: z.string(),
      ...labelled,
      indicators: z.array(z.object({ id: z.string(), weight: z.enum(indicatorWeights), ...labelled })),
    }),
  ),
  acts: z.array(z.object({ id: z.string(), ...labelled })),
  rules: z.object({
    adult: z.object({ allOf: z.array(z.array(z.number())) }),
    child: z.object({ requiresAct: z.boolean(), allOf: z.array(z.array(z.number())) }),
  }),
});
export type TToolOut = z.infer<typeof toolOutSchema>;

export const dimensionResultSchema = z.object({
  dimension: z.number(),
  key: z.string(),
  strong: z.number(),
  medium: z.number(),
  weak: z.number(),
  positive: z.boolean(),
});

export const approvalStatuses = ['pending', 'approved', 'rejected'] as const;

export const screeningSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  toolVersion: z.number(),
  /** Which presumption applied: the child rule (Law 21/2007 Art. 1(5)) or the adult rule. */
  rule: z.enum(['adult', 'child']),
  answers: z.record(z.string(), z.boolean()),
  acts: z.array(z.string()),
  dimensions: z.array(dimensionResultSchema),
  presumedVictim: z.boolean(),
  recommendation: z.enum(traffickingStatuses),
  notes: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  decision: z
    .object({
      status: z.enum(traffickingStatuses),
      decidedByOrg: z.enum(decisionOrgs),
      rationale: z.string().nullable(),
      differsFromRecommendation: z.boolean(),
      decidedBy: z.string(),
      decidedAt: z.string(),
    })
    .nullable(),
  approval: z
    .object({
      status: z.enum(approvalStatuses),
      by: z.string().nullable(),
      at: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
});
export type TScreening = z.infer<typeof screeningSchema>;
