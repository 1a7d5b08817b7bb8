import {
  questionnaireDefinitions,
  REINTEGRATION_QUESTIONNAIRE,
  scoreAssessment,
} from '../modules/assessments/index.js';
import { delphiV1, scoreScreening } from '../modules/screening/index.js';
import type { Rng } from './demo-random.js';

/** Screening and questionnaire answers of demo cases. */
/* ---------- screening and questionnaire answers ---------- */

export interface ScreeningAnswers {
  answers: Record<string, boolean>;
  acts: string[];
}

/** Indicator answers that make the Delphi tool recommend as wanted (victim or not), checked with its own scoring. */
export function drawScreeningAnswers(rng: Rng, victim: boolean, isChild: boolean): ScreeningAnswers {
  const dims = new Map(delphiV1.dimensions.map((d) => [d.id, d]));
  const answers: Record<string, boolean> = {};
  const mark = (dimId: number, strong: number, medium: number) => {
    const d = dims.get(dimId);
    if (!d) return;
    const s = d.indicators.filter((i) => i.weight === 'S');
    const m = d.indicators.filter((i) => i.weight !== 'S');
    for (let k = 0; k < strong && k < s.length; k++) answers[rng.pick(s).id] = true;
    for (let k = 0; k < medium && k < m.length; k++) answers[rng.pick(m).id] = true;
  };
  const acts = delphiV1.acts.map((a) => a.id);
  if (victim) {
    mark(rng.pick([1, 2, 3]), 1, 3);
    mark(4, 1, 2);
    mark(rng.pick([5, 6]), 1, 3);
    mark(rng.pick([2, 3, 6]), 0, 2);
  } else {
    mark(3, 0, 1);
    if (rng.chance(0.5)) mark(4, 0, 1);
  }
  const chosenActs = victim
    ? rng.subset(
        acts.map((a, i) => [a, i < 2 ? 0.9 : 0.4] as const),
        1,
      )
    : [];
  const check = scoreScreening(delphiV1, { answers, acts: chosenActs, isChild });
  if (check.presumedVictim !== victim) {
    // Fall back to an unambiguous answer sheet.
    const all: Record<string, boolean> = {};
    if (victim) for (const id of [1, 4, 5]) for (const i of dims.get(id)?.indicators ?? []) all[i.id] = true;
    return { answers: all, acts: victim ? acts.slice(0, 2) : [] };
  }
  return { answers, acts: chosenActs };
}

export type QuestionnaireDef = (typeof questionnaireDefinitions)[number];

export function questionnaire(key: string): QuestionnaireDef {
  const def = questionnaireDefinitions.find((q) => q.key === key);
  if (!def) throw new Error(`questionnaire ${key} missing`);
  return def;
}

/**
 * Answers whose scores sit near `level` (0–1 in the questionnaire's own terms: wellbeing for the
 * reintegration survey, need or risk for the others), with some noise.
 */
export function drawAnswers(rng: Rng, def: QuestionnaireDef, level: number, noise = 0.2) {
  const scales = new Map(def.scales.map((s) => [s.id, s]));
  const answers: Record<string, number | string | null> = {};
  for (const q of def.questions) {
    if (q.optional && rng.chance(0.3)) continue;
    const options = scales.get(q.scale)?.options ?? [];
    const target = Math.min(1, Math.max(0, level + rng.between(-noise, noise)));
    let best = options[0];
    let bestGap = Number.POSITIVE_INFINITY;
    for (const o of options) {
      const score = q.reverse ? 1 - o.score : o.score;
      const gap = Math.abs(score - target);
      if (gap < bestGap) {
        best = o;
        bestGap = gap;
      }
    }
    if (best) answers[q.id] = best.value;
  }
  return answers;
}

/** Reintegration survey answers that meet (or miss) IOM's sustainability threshold, as asked. */
export function drawReintegrationAnswers(rng: Rng, level: number, sustainable?: boolean) {
  const def = questionnaire(REINTEGRATION_QUESTIONNAIRE);
  for (let attempt = 0; attempt < 20; attempt++) {
    const answers = drawAnswers(rng, def, attempt > 10 ? (sustainable ? 1 : 0.3) : level, 0.15);
    const scores = scoreAssessment(def, answers);
    if (sustainable === undefined || scores.sustainable === sustainable) return { answers, scores };
  }
  const answers = drawAnswers(rng, def, sustainable ? 1 : 0, 0);
  return { answers, scores: scoreAssessment(def, answers) };
}
