import { describe, expect, it } from 'vitest';
import {
  type AnswerValue,
  addMonths,
  answerScore,
  bandOf,
  definitionProblems,
  isSustainablyReintegrated,
  REINTEGRATION_FOLLOW_UP_MONTHS,
  SUSTAINABLE_REINTEGRATION_THRESHOLD,
  scoreAssessment,
  validateAnswers,
} from './assessments.scoring.js';
import { type QuestionnaireDefinition, questionnaireDefinitions } from './questionnaires/index.js';

const byKey = (key: string) => questionnaireDefinitions.find((d) => d.key === key)!;
const rss = byKey('reintegration_sustainability');

/** Answers every question with the option whose effective score is highest (or lowest). */
function extreme(def: QuestionnaireDefinition, best: boolean): Record<string, AnswerValue> {
  return Object.fromEntries(
    def.questions.map((q) => {
      const options = def.scales.find((s) => s.id === q.scale)!.options;
      const ranked = [...options].sort((a, b) => answerScore(def, q, a.value)! - answerScore(def, q, b.value)!);
      return [q.id, (best ? ranked.at(-1) : ranked[0])!.value];
    }),
  );
}

describe('questionnaire definitions', () => {
  it('are structurally sound, one entry per key and version', () => {
    for (const def of questionnaireDefinitions) expect(definitionProblems(def), def.key).toEqual([]);
    const ids = questionnaireDefinitions.map((d) => `${d.key}@${d.version}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cover needs and risk at the three HTCDS 2.0 levels, and the reintegration survey', () => {
    for (const type of ['needs', 'risk'] as const) {
      expect(
        questionnaireDefinitions
          .filter((d) => d.type === type)
          .map((d) => d.level)
          .sort(),
      ).toEqual(['community', 'household', 'individual']);
    }
    expect(rss.type).toBe('reintegration');
    expect(rss.orientation).toBe('higher_is_better');
  });

  it('the reintegration survey measures every element DOMAIN §5 names in its three dimensions', () => {
    expect(rss.dimensions.map((d) => d.id)).toEqual(['economic', 'social', 'psychosocial']);
    const topics = (dimension: string) =>
      new Set(rss.questions.filter((q) => q.dimension === dimension).map((q) => q.topic));
    expect([...topics('economic')].sort()).toEqual(['assets', 'debt', 'food_security', 'income']);
    expect([...topics('social')].sort()).toEqual(['documents', 'education', 'health', 'housing', 'justice']);
    expect([...topics('psychosocial')].sort()).toEqual([
      'belonging',
      'discrimination',
      'distress',
      'support_network',
      'wish_to_remigrate',
    ]);
  });

  it('detects a broken definition', () => {
    const broken: QuestionnaireDefinition = {
      ...rss,
      questions: [...rss.questions, { ...rss.questions[0]!, weight: 0, scale: 'nope', dimension: 'nowhere' }],
    };
    expect(definitionProblems(broken)).toEqual([
      'question econ_income_source repeated',
      'question econ_income_source has unknown dimension nowhere',
      'question econ_income_source has unknown scale nope',
      'question econ_income_source weight must be positive',
    ]);
  });
});

describe('answer validation', () => {
  it('accepts a complete set and an optional question left out or null', () => {
    const answers = extreme(rss, true);
    expect(validateAnswers(rss, answers)).toEqual([]);
    const { soc_education: _, ...withoutOptional } = answers;
    expect(validateAnswers(rss, withoutOptional)).toEqual([]);
    expect(validateAnswers(rss, { ...answers, soc_education: null })).toEqual([]);
  });

  it('names answers.<questionId> for unknown questions, values off the scale and missing answers', () => {
    const answers = extreme(rss, true);
    const { econ_assets: _, ...missing } = answers;
    const issues = validateAnswers(rss, {
      ...missing,
      no_such_question: 1,
      econ_food_security: 5,
      econ_income_satisfaction: 2.5,
      econ_debt: 'maybe',
      psy_belonging: '3',
      psy_distress: null,
    });
    expect(issues).toEqual([
      { field: 'answers.econ_income_satisfaction', code: 'answer_out_of_scale', params: { options: '0, 1, 2, 3, 4' } },
      { field: 'answers.econ_debt', code: 'answer_out_of_scale', params: { options: 'yes, no' } },
      { field: 'answers.econ_food_security', code: 'answer_out_of_scale', params: { options: '0, 1, 2, 3, 4' } },
      { field: 'answers.psy_belonging', code: 'answer_out_of_scale', params: { options: '0, 1, 2, 3, 4' } },
      { field: 'answers.psy_distress', code: 'required' },
      { field: 'answers.no_such_question', code: 'question_unknown' },
      { field: 'answers.econ_assets', code: 'required' },
    ]);
  });
});

describe('scoring', () => {
  it('gives 1 in every dimension for the best answers and 0 for the worst', () => {
    const best = scoreAssessment(rss, extreme(rss, true));
    expect(best).toEqual({
      dimensions: { economic: 1, social: 1, psychosocial: 1 },
      composite: 1,
      sustainable: true,
      band: null,
    });
    const worst = scoreAssessment(rss, extreme(rss, false));
    expect(worst.dimensions).toEqual({ economic: 0, social: 0, psychosocial: 0 });
    expect(worst.composite).toBe(0);
    expect(worst.sustainable).toBe(false);
  });

  it('takes the weighted mean of normalised answers, reversing questions about bad things', () => {
    const answers = {
      ...extreme(rss, true),
      // economic: income source 'partly' (0.5, w2), satisfaction 2 (0.5, w1), debt 'yes' (reverse → 0, w2),
      // borrowing 'yes' (1, w1), food reduced 'often' (3 → reverse 0.25, w2), assets 'no' (0, w1)
      econ_income_source: 'partly',
      econ_income_satisfaction: 2,
      econ_debt: 'yes',
      econ_borrowing: 'yes',
      econ_food_security: 3,
      econ_assets: 'no',
    };
    const scores = scoreAssessment(rss, answers);
    // (2·0.5 + 1·0.5 + 2·0 + 1·1 + 2·0.25 + 1·0) / 9 = 3 / 9
    expect(scores.dimensions.economic).toBe(0.3333);
    expect(scores.dimensions.social).toBe(1);
    expect(scores.composite).toBe(Math.round(((0.3333 + 1 + 1) / 3) * 10_000) / 10_000);
    expect(scores.sustainable).toBe(false);
  });

  it('leaves unanswered optional questions out of the mean', () => {
    const answers: Record<string, AnswerValue> = { ...extreme(rss, true), soc_housing_access: 0 };
    const withSchool = scoreAssessment(rss, answers).dimensions.social!;
    const { soc_education: _, ...noSchool } = answers;
    const without = scoreAssessment(rss, noSchool).dimensions.social!;
    // housing access 0 (w1) among 7 weight units with schooling, 6 without.
    expect(withSchool).toBe(Math.round((6 / 7) * 10_000) / 10_000);
    expect(without).toBe(Math.round((5 / 6) * 10_000) / 10_000);
  });

  it('calls a case sustainably reintegrated only when every dimension reaches the threshold', () => {
    expect(SUSTAINABLE_REINTEGRATION_THRESHOLD).toBe(0.66);
    expect(isSustainablyReintegrated({ economic: 0.66, social: 0.9, psychosocial: 1 })).toBe(true);
    expect(isSustainablyReintegrated({ economic: 0.6599, social: 0.9, psychosocial: 1 })).toBe(false);
    expect(isSustainablyReintegrated({ economic: 0.9, social: null, psychosocial: 1 })).toBe(false);
    expect(isSustainablyReintegrated({})).toBe(false);
    expect(isSustainablyReintegrated({ economic: 0.5 }, 0.5)).toBe(true);
  });

  it('bands needs and risk composites; higher means more need or more risk', () => {
    const risk = byKey('risk_household');
    const none = Object.fromEntries(risk.questions.map((q) => [q.id, 0]));
    const major = Object.fromEntries(risk.questions.map((q) => [q.id, 3]));
    expect(scoreAssessment(risk, none)).toMatchObject({ composite: 0, band: 'low', sustainable: null });
    expect(scoreAssessment(risk, major)).toMatchObject({ composite: 1, band: 'high', sustainable: null });
    // Only the heavy household-violence factor is major: protection = 2·1 / (2 + 1 + 2) = 0.4.
    const violence = scoreAssessment(risk, { ...none, risk_hh_violence: 3 });
    expect(violence.dimensions).toEqual({ economic: 0, protection: 0.4, migration: 0 });
    expect(violence.band).toBe('low');
    expect([bandOf(0), bandOf(0.3333), bandOf(0.3334), bandOf(0.6666), bandOf(0.6667), bandOf(1)]).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
    const needs = byKey('needs_household');
    const urgent = Object.fromEntries(needs.questions.map((q) => [q.id, 3]));
    expect(scoreAssessment(needs, urgent)).toMatchObject({ composite: 1, band: 'high' });
  });
});

describe('follow-up dates', () => {
  it('are 3, 6 and 12 calendar months after the baseline, clamped to the end of short months', () => {
    expect(REINTEGRATION_FOLLOW_UP_MONTHS).toEqual([3, 6, 12]);
    const t = '2025-01-15T02:30:00.000Z';
    expect(REINTEGRATION_FOLLOW_UP_MONTHS.map((m) => addMonths(t, m))).toEqual([
      '2025-04-15T02:30:00.000Z',
      '2025-07-15T02:30:00.000Z',
      '2026-01-15T02:30:00.000Z',
    ]);
    expect(addMonths('2025-11-30T10:00:00.000Z', 3)).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths('2023-11-30T10:00:00.000Z', 3)).toBe('2024-02-29T10:00:00.000Z');
    expect(addMonths('2025-08-31T23:59:59.999Z', 6)).toBe('2026-02-28T23:59:59.999Z');
    expect(addMonths('2025-03-31T00:00:00.000Z', 12)).toBe('2026-03-31T00:00:00.000Z');
  });
});
