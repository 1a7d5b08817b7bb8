/** A text in both languages of the app. */
export interface Labels {
  id: string;
  en: string;
}

/** One answer a scale accepts and its score on 0–1 before any reversal. */
export interface ScaleOption {
  value: number | string;
  score: number;
  label: Labels;
}

/** An answer scale: the values it accepts, each mapped to a score between 0 and 1. */
export interface Scale {
  id: string;
  options: readonly ScaleOption[];
}

export interface Dimension {
  id: string;
  label: Labels;
  /** Weight of the dimension in the composite (default 1: dimensions count equally). */
  weight?: number;
}

export interface Question {
  id: string;
  dimension: string;
  /** What the question measures inside its dimension (e.g. income, debt), for reports. */
  topic: string;
  scale: string;
  /** Weight inside its dimension (2 for the questions that say most, 1 otherwise). */
  weight: number;
  /** A high answer is a bad sign for this questionnaire's orientation: the score is 1 − option score. */
  reverse?: boolean;
  /** May be left out (e.g. schooling in a household without school-age children). */
  optional?: boolean;
  label: Labels;
}

export const questionnaireTypes = ['needs', 'risk', 'reintegration'] as const;
export type QuestionnaireType = (typeof questionnaireTypes)[number];
/** HTCDS 2.0 "Assessment and Planning" levels (IOM Determinants of Migrant Vulnerability model). */
export const assessmentLevels = ['individual', 'household', 'community'] as const;
export type AssessmentLevel = (typeof assessmentLevels)[number];

/** What a high score means: reintegration scores are good when high, needs and risks are bad when high. */
export type Orientation = 'higher_is_better' | 'higher_is_more_need' | 'higher_is_more_risk';

/**
 * A versioned questionnaire. A stored version never changes: a revision is a new version, and every
 * assessment is scored against the exact version it was taken with.
 */
export interface QuestionnaireDefinition {
  key: string;
  version: number;
  type: QuestionnaireType;
  level: AssessmentLevel;
  orientation: Orientation;
  title: Labels;
  source: string;
  dimensions: readonly Dimension[];
  scales: readonly Scale[];
  questions: readonly Question[];
}
