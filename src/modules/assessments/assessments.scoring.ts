import type { FieldIssue } from '../../platform/errors.js';
import type { Question, QuestionnaireDefinition, Scale } from './questionnaires/index.js';

/**
 * IOM's threshold convention for the Reintegration Sustainability Survey: a returnee has reached a level of
 * sustainable reintegration when every dimension score (economic, social, psychosocial) is at least 0.66.
 * A local service target, not a statute: change it here.
 */
export const SUSTAINABLE_REINTEGRATION_THRESHOLD = 0.66;

/** Months after a baseline reintegration survey at which follow-ups are scheduled (IOM practice: 3, 6, 12). */
export const REINTEGRATION_FOLLOW_UP_MONTHS = [3, 6, 12] as const;

/** Composite bands for needs and risk assessments: below 1/3 low, below 2/3 medium, otherwise high. */
export const SCORE_BANDS = { medium: 1 / 3, high: 2 / 3 } as const;

export type AnswerValue = number | string | null;
export type Band = 'low' | 'medium' | 'high';

export interface AssessmentScores {
  /** Dimension id → weighted mean of its answers on 0–1 (null when none of its questions was answered). */
  dimensions: Record<string, number | null>;
  /** Weighted mean of the dimension scores (null when no dimension has a score). */
  composite: number | null;
  /** Reintegration survey only: every dimension ≥ the threshold. */
  sustainable: boolean | null;
  /** Needs and risk assessments only: the composite's band. */
  band: Band | null;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

function scaleOf(def: QuestionnaireDefinition, question: Question): Scale {
  const scale = def.scales.find((s) => s.id === question.scale);
  if (!scale) throw new Error(`Questionnaire ${def.key} v${def.version}: question ${question.id} has no scale`);
  return scale;
}

/** Checks answers against the questionnaire; each problem names `answers.<questionId>`. */
export function validateAnswers(def: QuestionnaireDefinition, answers: Record<string, AnswerValue>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(answers)) {
    const question = byId.get(id);
    if (!question) {
      issues.push({ field: `answers.${id}`, code: 'question_unknown' });
      continue;
    }
    if (value === null) {
      if (!question.optional) issues.push({ field: `answers.${id}`, code: 'required' });
      continue;
    }
    const options = scaleOf(def, question).options;
    if (!options.some((o) => o.value === value)) {
      issues.push({
        field: `answers.${id}`,
        code: 'answer_out_of_scale',
        params: { options: options.map((o) => String(o.value)).join(', ') },
      });
    }
  }
  for (const question of def.questions) {
    if (!question.optional && !(question.id in answers)) {
      issues.push({ field: `answers.${question.id}`, code: 'required' });
    }
  }
  return issues;
}

/** Score of one answer on 0–1 in the questionnaire's orientation (reverse questions flipped). */
export function answerScore(def: QuestionnaireDefinition, question: Question, value: AnswerValue): number | null {
  if (value === null) return null;
  const option = scaleOf(def, question).options.find((o) => o.value === value);
  if (!option) return null;
  return question.reverse ? 1 - option.score : option.score;
}

export function bandOf(score: number): Band {
  if (score >= SCORE_BANDS.high) return 'high';
  if (score >= SCORE_BANDS.medium) return 'medium';
  return 'low';
}

/** Whether dimension scores meet IOM's sustainability threshold in every dimension. */
export function isSustainablyReintegrated(
  dimensions: Record<string, number | null>,
  threshold: number = SUSTAINABLE_REINTEGRATION_THRESHOLD,
): boolean {
  const scores = Object.values(dimensions);
  return scores.length > 0 && scores.every((s) => s !== null && s >= threshold);
}

/**
 * Scores validated answers: per dimension the weighted mean of its answers normalised to 0–1, then a
 * composite weighted by dimension weight (equal by default). Unanswered optional questions do not count.
 */
export function scoreAssessment(def: QuestionnaireDefinition, answers: Record<string, AnswerValue>): AssessmentScores {
  const dimensions: Record<string, number | null> = {};
  let compositeSum = 0;
  let compositeWeight = 0;
  for (const dimension of def.dimensions) {
    let sum = 0;
    let weight = 0;
    for (const question of def.questions) {
      if (question.dimension !== dimension.id) continue;
      const score = answerScore(def, question, answers[question.id] ?? null);
      if (score === null) continue;
      sum += question.weight * score;
      weight += question.weight;
    }
    const value = weight > 0 ? round(sum / weight) : null;
    dimensions[dimension.id] = value;
    if (value !== null) {
      compositeSum += (dimension.weight ?? 1) * value;
      compositeWeight += dimension.weight ?? 1;
    }
  }
  const composite = compositeWeight > 0 ? round(compositeSum / compositeWeight) : null;
  return {
    dimensions,
    composite,
    sustainable: def.type === 'reintegration' ? isSustainablyReintegrated(dimensions) : null,
    band: def.type !== 'reintegration' && composite !== null ? bandOf(composite) : null,
  };
}

/** Structural problems of a questionnaire definition (empty when sound); a test runs it on every version. */
export function definitionProblems(def: QuestionnaireDefinition): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const dimensionIds = new Set(def.dimensions.map((d) => d.id));
  const scaleIds = new Set(def.scales.map((s) => s.id));
  for (const s of def.scales) {
    if (s.options.length < 2) problems.push(`scale ${s.id} has fewer than two options`);
    if (new Set(s.options.map((o) => o.value)).size !== s.options.length)
      problems.push(`scale ${s.id} repeats a value`);
    for (const o of s.options) if (!(o.score >= 0 && o.score <= 1)) problems.push(`scale ${s.id} score outside 0–1`);
  }
  for (const q of def.questions) {
    if (ids.has(q.id)) problems.push(`question ${q.id} repeated`);
    ids.add(q.id);
    if (!/^[a-z][a-z0-9_]{1,63}$/.test(q.id)) problems.push(`question id ${q.id} is not snake_case`);
    if (!dimensionIds.has(q.dimension)) problems.push(`question ${q.id} has unknown dimension ${q.dimension}`);
    if (!scaleIds.has(q.scale)) problems.push(`question ${q.id} has unknown scale ${q.scale}`);
    if (!(q.weight > 0)) problems.push(`question ${q.id} weight must be positive`);
    if (!q.label.id.trim() || !q.label.en.trim()) problems.push(`question ${q.id} needs labels in id and en`);
  }
  for (const d of def.dimensions) {
    if (!def.questions.some((q) => q.dimension === d.id && !q.optional))
      problems.push(`dimension ${d.id} has no required question`);
  }
  return problems;
}

/** The same day of the month N months later (clamped to the month's last day), same time of day, UTC. */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(d);
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), lastDay));
  return out.toISOString();
}
