import { z } from 'zod';
import { assessmentLevels, questionnaireTypes } from './questionnaires/index.js';

export const assessmentKinds = ['baseline', 'follow_up'] as const;
export type AssessmentKind = (typeof assessmentKinds)[number];

const labels = z.object({ id: z.string(), en: z.string() });
const questionnaireKey = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'questionnaire_unknown');

/** A questionnaire version as the client renders it: dimensions, scales and questions with id/en labels. */
export const questionnaireSchema = z.object({
  key: z.string(),
  version: z.number().int(),
  type: z.enum(questionnaireTypes),
  level: z.enum(assessmentLevels),
  orientation: z.enum(['higher_is_better', 'higher_is_more_need', 'higher_is_more_risk']),
  title: labels,
  source: z.string(),
  dimensions: z.array(z.object({ id: z.string(), label: labels, weight: z.number() })),
  scales: z.array(
    z.object({
      id: z.string(),
      options: z.array(z.object({ value: z.union([z.number(), z.string()]), score: z.number(), label: labels })),
    }),
  ),
  questions: z.array(
    z.object({
      id: z.string(),
      dimension: z.string(),
      topic: z.string(),
      scale: z.string(),
      weight: z.number(),
      reverse: z.boolean(),
      optional: z.boolean(),
      label: labels,
    }),
  ),
  /** Reintegration survey: dimension score every dimension must reach (IOM convention). */
  sustainabilityThreshold: z.number().nullable(),
});
export type TQuestionnaire = z.infer<typeof questionnaireSchema>;

/** An answer is a scale value (number or string) or null for an optional question left unanswered. */
const answerValue = z.union([z.number(), z.string().max(64), z.null()], { message: 'answer_type' });

export const assessmentCreateSchema = z.strictObject({
  questionnaire: questionnaireKey,
  version: z.number().int().min(1).max(1000),
  kind: z.enum(assessmentKinds),
  followUpMonth: z.literal([3, 6, 12]).optional(),
  takenAt: z.iso.datetime({ offset: true }).optional(),
  answers: z.record(z.string().min(1).max(64), answerValue),
  notes: z.string().trim().min(1).max(10_000).optional(),
});
export type TAssessmentCreate = z.infer<typeof assessmentCreateSchema>;

export const assessmentListQuery = z.strictObject({
  questionnaire: questionnaireKey.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type TAssessmentListQuery = z.infer<typeof assessmentListQuery>;

export const assessmentSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  questionnaire: z.string(),
  version: z.number().int(),
  type: z.enum(questionnaireTypes),
  level: z.enum(assessmentLevels),
  kind: z.enum(assessmentKinds),
  followUpMonth: z.number().int().nullable(),
  takenAt: z.string(),
  answers: z.record(z.string(), answerValue),
  scores: z.record(z.string(), z.number().nullable()),
  composite: z.number().nullable(),
  sustainable: z.boolean().nullable(),
  band: z.enum(['low', 'medium', 'high']).nullable(),
  notes: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type TAssessment = z.infer<typeof assessmentSchema>;

const point = z.object({
  assessmentId: z.string(),
  takenAt: z.string(),
  kind: z.enum(assessmentKinds),
  followUpMonth: z.number().int().nullable(),
  score: z.number().nullable(),
});

/** The reintegration survey over time: one series per dimension, the composite, and the latest verdict. */
export const trendSchema = z.object({
  questionnaire: z.string(),
  threshold: z.number(),
  dimensions: z.array(
    z.object({
      id: z.string(),
      label: labels,
      series: z.array(point),
      /** Latest score minus the first (baseline) score; null with fewer than two scores. */
      change: z.number().nullable(),
    }),
  ),
  composite: z.array(point),
  latest: z
    .object({
      assessmentId: z.string(),
      takenAt: z.string(),
      kind: z.enum(assessmentKinds),
      followUpMonth: z.number().int().nullable(),
      scores: z.record(z.string(), z.number().nullable()),
      composite: z.number().nullable(),
    })
    .nullable(),
  /** Whether the latest survey has every dimension at or above the threshold. */
  sustainablyReintegrated: z.boolean(),
});
export type TTrend = z.infer<typeof trendSchema>;
