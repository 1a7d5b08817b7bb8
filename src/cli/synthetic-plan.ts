import type { CaseStage } from '../modules/cases/index.js';
import { personTokenStrings } from '../modules/persons/index.js';
import { delphiV1, scoreScreening } from '../modules/screening/index.js';
import type { Context } from '../platform/context.js';
import { startOfDayWib } from '../platform/time.js';
import { drawReintegrationAnswers, drawScreeningAnswers, Rng } from './demo-cases.js';

/** The synthetic dataset's plan of each case: intake dates, target stages, pseudonyms, name hashes, questionnaire templates. */
/** Relative intake volume per year: a COVID dip, then the rise of online scam compounds. */
export const yearVolume: Record<number, number> = {
  2019: 10,
  2020: 6,
  2021: 7,
  2022: 12,
  2023: 17,
  2024: 18,
  2025: 18,
  2026: 18,
};
/** The instant a calendar year begins in WIB (1 January, 00:00 +07:00), in epoch milliseconds. */
const yearStartWib = (year: number) => Date.parse(startOfDayWib(`${year}-01-01`));
export const FIRST_INTAKE = yearStartWib(2019);

/**
 * Intake instants in increasing order, streamed: the i-th smallest of N uniform draws follows from the
 * previous one (u_i = 1 − (1 − u_{i−1})·v^{1/(N−i)}), mapped through the yearly volume curve.
 */
export class IntakeTimes {
  #u = 0;
  #i = 0;
  readonly #segments: { start: number; end: number; cum: number; weight: number }[] = [];
  readonly #total: number;
  constructor(
    readonly n: number,
    readonly end: number,
    readonly rng: Rng,
  ) {
    let cum = 0;
    for (let year = 2019; ; year++) {
      const start = Math.max(FIRST_INTAKE, yearStartWib(year));
      const stop = Math.min(end, yearStartWib(year + 1));
      if (start >= end) break;
      const full = yearStartWib(year + 1) - yearStartWib(year);
      const weight = (yearVolume[year] ?? 18) * ((stop - start) / full);
      this.#segments.push({ start, end: stop, cum, weight });
      cum += weight;
    }
    this.#total = cum;
  }
  next(): number {
    const remaining = this.n - this.#i;
    this.#u = 1 - (1 - this.#u) * this.rng.next() ** (1 / remaining);
    this.#i++;
    const target = this.#u * this.#total;
    for (const s of this.#segments) {
      if (target <= s.cum + s.weight || s === this.#segments.at(-1)) {
        const f = Math.min(1, Math.max(0, (target - s.cum) / s.weight));
        return Math.floor(s.start + f * (s.end - s.start));
      }
    }
    return this.end - 1;
  }
}

/** The stage a case is heading for, given how long ago it came in (older cases are mostly closed). */
export function targetStage(rng: Rng, ageDays: number): CaseStage {
  const table: [CaseStage, number][] =
    ageDays < 3
      ? [
          ['intake', 55],
          ['screening', 40],
          ['identified', 3],
          ['not_victim', 2],
        ]
      : ageDays < 14
        ? [
            ['intake', 12],
            ['screening', 38],
            ['identified', 20],
            ['not_victim', 10],
            ['protection', 20],
          ]
        : ageDays < 45
          ? [
              ['intake', 2],
              ['screening', 8],
              ['identified', 10],
              ['not_victim', 10],
              ['protection', 55],
              ['repatriation', 10],
              ['reintegration', 5],
            ]
          : ageDays < 120
            ? [
                ['screening', 2],
                ['identified', 3],
                ['not_victim', 8],
                ['protection', 35],
                ['repatriation', 17],
                ['reintegration', 30],
                ['closed', 5],
              ]
            : ageDays < 240
              ? [
                  ['not_victim', 6],
                  ['protection', 15],
                  ['repatriation', 6],
                  ['reintegration', 33],
                  ['follow_up', 30],
                  ['closed', 10],
                ]
              : ageDays < 420
                ? [
                    ['not_victim', 4],
                    ['protection', 5],
                    ['reintegration', 15],
                    ['follow_up', 40],
                    ['closed', 36],
                  ]
                : ageDays < 730
                  ? [
                      ['not_victim', 2],
                      ['protection', 2],
                      ['reintegration', 4],
                      ['follow_up', 15],
                      ['closed', 77],
                    ]
                  : [
                      ['not_victim', 1],
                      ['follow_up', 3],
                      ['closed', 96],
                    ];
  return rng.weighted(table);
}

/* ---------- identity: the persons module's shapes ---------- */

export const pseudonymAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const TWO20 = 1 << 20;

/** A unique pseudonym for person number `index`: a keyed Feistel permutation of 40 bits, in the P-XXXXXXXX form. */
export function pseudonymFor(index: number, key: number): string {
  let left = Math.floor(index / TWO20) % TWO20;
  let right = index % TWO20;
  for (let round = 0; round < 4; round++) {
    let f = Math.imul(right ^ key ^ (round * 0x9e3779b9), 0x85ebca6b);
    f ^= f >>> 13;
    f = Math.imul(f, 0xc2b2ae35);
    f ^= f >>> 16;
    [left, right] = [right, (left ^ f) & (TWO20 - 1)];
  }
  let x = left * TWO20 + right;
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = pseudonymAlphabet[x % 32] + out;
    x = Math.floor(x / 32);
  }
  return `P-${out}`;
}

export const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((w) => `${w[0]?.toUpperCase()}.`)
    .join('');

/** As the persons module: digits with the Indonesian country code. */
export const normalisePhone = (phone: string) => {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
};

/** Keyed hashes of a person's name tokens and blocking keys, as the persons module writes them (cached: HMACs are deterministic). */
export class NameHasher {
  readonly #cache = new Map<string, string>();
  constructor(readonly ctx: Context) {}
  hashes(name: string, birthYear: number | null): string[] {
    return personTokenStrings([name], birthYear).map((t) => this.#hash(t));
  }
  #hash(token: string): string {
    let h = this.#cache.get(token);
    if (h === undefined) {
      h = this.ctx.keyring.blindIndex('name', token);
      if (this.#cache.size < 100_000) this.#cache.set(token, h);
    }
    return h;
  }
}

/* ---------- templates: answers scored once ---------- */

export interface ScreeningTemplate {
  answers: string;
  acts: string;
  dimensions: string;
  presumed: number;
  recommendation: string;
  positive: number[];
  rule: 'adult' | 'child';
}

export interface SurveyTemplate {
  answers: string;
  composite: number | null;
  sustainable: number | null;
  scores: [string, number | null][];
}

export function screeningTemplates(ctx: Context, seed: number) {
  const rng = new Rng(seed ^ 0x5eed);
  const make = (victim: boolean, isChild: boolean): ScreeningTemplate[] =>
    Array.from({ length: 16 }, () => {
      const sheet = drawScreeningAnswers(rng, victim, isChild);
      const score = scoreScreening(delphiV1, { answers: sheet.answers, acts: sheet.acts, isChild });
      const a = ctx.database.adapter;
      return {
        answers: a.toJson(sheet.answers),
        acts: a.toJson(sheet.acts),
        dimensions: a.toJson(score.dimensions),
        presumed: score.presumedVictim ? 1 : 0,
        recommendation: score.recommendation,
        positive: score.dimensions.filter((d) => d.positive).map((d) => d.dimension),
        rule: score.rule,
      };
    });
  return {
    victim: [make(true, false), make(true, true)] as const,
    other: [make(false, false), make(false, true)] as const,
  };
}

export function surveyTemplates(ctx: Context, seed: number) {
  const rng = new Rng(seed ^ 0xa55e);
  const make = (lo: number, hi: number, sustainable?: boolean): SurveyTemplate[] =>
    Array.from({ length: 16 }, () => {
      const { answers, scores } = drawReintegrationAnswers(rng, rng.between(lo, hi), sustainable);
      return {
        answers: ctx.database.adapter.toJson(answers),
        composite: scores.composite,
        sustainable: scores.sustainable === null ? null : scores.sustainable ? 1 : 0,
        scores: Object.entries(scores.dimensions),
      };
    });
  return {
    baseline: make(0.3, 0.5, false),
    3: make(0.45, 0.65),
    6: make(0.55, 0.8),
    12: make(0.7, 0.9),
    final: make(0.8, 0.95, true),
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoDay = (ms: number) => iso(ms).slice(0, 10);

export function addMonths(ms: number, months: number): number {
  // As the assessments module schedules follow-ups: same day of month, clipped to the month's end.
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(d);
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), lastDay));
  return out.getTime();
}

export const MINUTE = 60_000;
