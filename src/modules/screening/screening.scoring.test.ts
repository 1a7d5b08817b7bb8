import { describe, expect, it } from 'vitest';
import { delphiV1 } from './indicators.v1.js';
import { type TToolDefinition, toolDefinitionSchema } from './screening.schema.js';
import {
  adultPresumed,
  childPresumed,
  isDimensionPositive,
  recommendationFor,
  scoreDimensions,
  scoreScreening,
  unknownActIndexes,
  unknownIndicatorIds,
} from './screening.scoring.js';

const yes = (...ids: string[]): Record<string, boolean> => Object.fromEntries(ids.map((id) => [id, true]));

/** One answer set that makes each dimension positive on its own. */
const positive = {
  1: ['d1.deceived_nature_of_job', 'd1.deceived_wages'], // S + M
  2: ['d2.violence_on_person', 'd2.debt_bondage'], // S + M
  3: ['d3.economic_reasons', 'd3.lack_of_information', 'd3.personal_situation'], // 3 M
  4: ['d4.excessive_working_hours', 'd4.low_or_no_salary'], // S + M
  5: ['d5.confiscation_of_documents', 'd5.debt_bondage'], // 2 S
  6: ['d6.dependency_on_exploiters', 'd6.economic_reasons', 'd6.past_difficulties'], // 2 M + W
} as const;
const dims = (...ids: (keyof typeof positive)[]) => yes(...ids.flatMap((d) => positive[d]));
const positiveOf = (answers: Record<string, boolean>) =>
  scoreDimensions(delphiV1, answers)
    .filter((d) => d.positive)
    .map((d) => d.dimension);

describe('the Delphi v1 indicator set (data)', () => {
  it('is a valid tool definition with unique ids', () => {
    expect(toolDefinitionSchema.safeParse(delphiV1).success).toBe(true);
    const ids = delphiV1.dimensions.flatMap((d) => d.indicators.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(65);
  });

  it('has every indicator of DOMAIN.md §3 with its weight, under its own dimension', () => {
    const weights = Object.fromEntries(
      delphiV1.dimensions.map((d) => [
        d.id,
        ['S', 'M', 'W'].map((w) => d.indicators.filter((i) => i.weight === w).length).join('/'),
      ]),
    );
    // Strong/Medium/Weak counts per dimension, as listed in the ILO/EC operational indicators.
    expect(weights).toEqual({ 1: '1/8/1', 2: '1/9/0', 3: '0/12/2', 4: '1/7/1', 5: '4/10/1', 6: '0/5/2' });
    for (const d of delphiV1.dimensions) for (const i of d.indicators) expect(i.id.startsWith(`d${d.id}.`)).toBe(true);
    const weightOf = (id: string) => delphiV1.dimensions.flatMap((d) => d.indicators).find((i) => i.id === id)?.weight;
    expect(weightOf('d1.deceived_nature_of_job')).toBe('S');
    expect(weightOf('d1.deceived_education')).toBe('W');
    expect(weightOf('d2.violence_on_person')).toBe('S');
    expect(weightOf('d3.general_context')).toBe('W');
    expect(weightOf('d4.excessive_working_hours')).toBe('S');
    expect(weightOf('d4.no_access_to_education')).toBe('W');
    for (const s of [
      'confiscation_of_documents',
      'debt_bondage',
      'isolation_confinement_surveillance',
      'violence_on_person',
    ])
      expect(weightOf(`d5.${s}`)).toBe('S');
    expect(weightOf('d5.threat_to_inform_family')).toBe('W');
    expect(weightOf('d6.personal_characteristics')).toBe('W');
  });

  it('labels every dimension, indicator and act in Indonesian and English', () => {
    const labelled = [
      delphiV1.name,
      ...delphiV1.dimensions.map((d) => d.labels),
      ...delphiV1.dimensions.flatMap((d) => d.indicators.map((i) => i.labels)),
      ...delphiV1.acts.map((a) => a.labels),
    ];
    for (const l of labelled) {
      expect(l.id.trim()).not.toBe('');
      expect(l.en.trim()).not.toBe('');
    }
  });

  it('asks about the six acts of Law 21/2007 Art. 1(1)', () => {
    expect(delphiV1.acts.map((a) => a.id)).toEqual([
      'recruitment',
      'transport',
      'harbouring',
      'sending',
      'transfer',
      'receipt',
    ]);
  });
});

describe('dimension rule', () => {
  it.each([
    [0, 0, 0, false],
    [1, 0, 0, false], // one strong alone is not enough
    [2, 0, 0, true], // ≥2 S
    [3, 0, 0, true],
    [1, 1, 0, true], // 1 S + 1 M
    [1, 0, 1, true], // 1 S + 1 W
    [0, 3, 0, true], // 3 M
    [0, 2, 0, false],
    [0, 2, 1, true], // 2 M + 1 W
    [0, 1, 2, false],
    [0, 1, 1, false],
    [0, 0, 3, false], // weak indicators alone never make a dimension
    [0, 0, 9, false],
    [0, 2, 2, true],
  ])('S=%i M=%i W=%i → %s', (strong, medium, weak, expected) => {
    expect(isDimensionPositive({ strong, medium, weak })).toBe(expected);
  });

  it('counts only indicators answered true, per weight, in their own dimension', () => {
    const results = scoreDimensions(delphiV1, {
      'd1.deceived_nature_of_job': true,
      'd1.deceived_wages': false,
      'd1.deceived_education': true,
      'd5.debt_bondage': true,
    });
    expect(results.map((r) => r.dimension)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results[0]).toEqual({
      dimension: 1,
      key: 'deceptive_recruitment',
      strong: 1,
      medium: 0,
      weak: 1,
      positive: true,
    });
    expect(results[4]).toMatchObject({ dimension: 5, strong: 1, medium: 0, weak: 0, positive: false });
    expect(results[1]).toMatchObject({ strong: 0, medium: 0, weak: 0, positive: false });
  });

  it('makes each sample answer set positive in exactly its own dimension', () => {
    for (const d of [1, 2, 3, 4, 5, 6] as const) expect(positiveOf(dims(d))).toEqual([d]);
  });

  it('does not let the same concept in another dimension count twice', () => {
    // Debt bondage at recruitment (dim 2, M) and at destination (dim 5, S) are separate indicators.
    const r = scoreDimensions(delphiV1, yes('d2.debt_bondage', 'd5.debt_bondage'));
    expect(r[1]).toMatchObject({ medium: 1, positive: false });
    expect(r[4]).toMatchObject({ strong: 1, positive: false });
  });
});

describe('adult presumption: (1 or 2 or 3) AND 4 AND (5 or 6)', () => {
  const adult = (answers: Record<string, boolean>, acts: string[] = []) =>
    scoreScreening(delphiV1, { answers, acts, isChild: false });

  it.each([
    [[1, 4, 5], true],
    [[2, 4, 5], true],
    [[3, 4, 5], true],
    [[1, 4, 6], true],
    [[2, 4, 6], true],
    [[3, 4, 6], true],
    [[1, 2, 3, 4, 5, 6], true],
    [[4, 5, 6], false], // no recruitment dimension
    [[1, 2, 3, 5, 6], false], // no exploitative conditions
    [[1, 2, 3, 4], false], // no coercion or abuse at destination
    [[4], false],
    [[], false],
  ] as const)('positive dimensions %j → presumed %s', (positiveDims, expected) => {
    const score = adult(dims(...positiveDims));
    expect(score.rule).toBe('adult');
    expect(score.presumedVictim).toBe(expected);
    expect(score.recommendation).toBe(expected ? 'PossibleVictimOfTrafficking' : 'NotAVictimOfTrafficking');
  });

  it('needs positive dimensions, not single indicators in each', () => {
    const oneEach = yes('d1.deceived_nature_of_job', 'd4.excessive_working_hours', 'd5.debt_bondage');
    expect(adult(oneEach).presumedVictim).toBe(false);
  });

  it('ignores the acts for an adult: means must be shown', () => {
    expect(adult(dims(4, 5), ['recruitment', 'transport']).presumedVictim).toBe(false);
  });
});

describe('child presumption (Law 21/2007 Art. 1(5)): an act AND (4 or 5), no means needed', () => {
  const child = (answers: Record<string, boolean>, acts: string[]) =>
    scoreScreening(delphiV1, { answers, acts, isChild: true });

  it('presumes a child with a recruitment act and exploitative conditions', () => {
    const score = child(dims(4), ['recruitment']);
    expect(score).toMatchObject({ rule: 'child', presumedVictim: true, recommendation: 'PossibleVictimOfTrafficking' });
  });

  it('presumes a child with any act and coercion at destination', () => {
    for (const act of delphiV1.acts.map((a) => a.id)) expect(child(dims(5), [act]).presumedVictim).toBe(true);
  });

  it('does not presume a child without any act', () => {
    expect(child(dims(4, 5), []).presumedVictim).toBe(false);
  });

  it('does not presume a child with an act but neither dimension 4 nor 5', () => {
    expect(child(dims(1, 2, 3, 6), ['recruitment', 'transport']).presumedVictim).toBe(false);
    expect(child({}, ['recruitment']).presumedVictim).toBe(false);
  });

  it('does not count an act the tool does not know', () => {
    expect(childPresumed(delphiV1, scoreDimensions(delphiV1, dims(4)), ['kidnapping'])).toBe(false);
  });

  it('presumes a child who meets the adult rule even when no act was ticked (never stricter than for an adult)', () => {
    expect(child(dims(1, 4, 5), []).presumedVictim).toBe(true);
  });

  it('records the same answers differently for a child and an adult', () => {
    const answers = dims(4);
    expect(scoreScreening(delphiV1, { answers, acts: ['receipt'], isChild: true }).presumedVictim).toBe(true);
    expect(scoreScreening(delphiV1, { answers, acts: ['receipt'], isChild: false }).presumedVictim).toBe(false);
  });
});

describe('versioned rules and validation helpers', () => {
  it('reads weights and rules from the definition, so a revision needs no code change', () => {
    const v2: TToolDefinition = structuredClone(delphiV1);
    v2.version = 2;
    // Revision: "deceived about wages" becomes Strong; adults need 4 AND 5 only.
    v2.dimensions[0]!.indicators.find((i) => i.id === 'd1.deceived_wages')!.weight = 'S';
    v2.rules.adult.allOf = [[4], [5]];
    expect(toolDefinitionSchema.safeParse(v2).success).toBe(true);
    const answers = yes('d1.deceived_wages', 'd1.deceived_contract');
    expect(scoreDimensions(delphiV1, answers)[0]!.positive).toBe(false);
    expect(scoreDimensions(v2, answers)[0]!.positive).toBe(true);
    expect(adultPresumed(v2, scoreDimensions(v2, dims(4, 5)))).toBe(true);
    expect(adultPresumed(delphiV1, scoreDimensions(delphiV1, dims(4, 5)))).toBe(false);
  });

  it('refuses a definition whose rules name a missing dimension or that repeats an indicator', () => {
    const broken: TToolDefinition = structuredClone(delphiV1);
    broken.rules.adult.allOf = [[7]];
    expect(toolDefinitionSchema.safeParse(broken).success).toBe(false);
    const dup: TToolDefinition = structuredClone(delphiV1);
    dup.dimensions[1]!.indicators.push({ ...dup.dimensions[0]!.indicators[0]! });
    expect(toolDefinitionSchema.safeParse(dup).success).toBe(false);
  });

  it('names unknown indicator ids and act positions', () => {
    expect(unknownIndicatorIds(delphiV1, { 'd1.deceived_wages': true, 'd9.bogus': false, x: true })).toEqual([
      'd9.bogus',
      'x',
    ]);
    expect(unknownActIndexes(delphiV1, ['recruitment', 'teleport', 'receipt', 'x'])).toEqual([1, 3]);
  });

  it('recommends, never decides: only the two tool outcomes', () => {
    expect(recommendationFor(true)).toBe('PossibleVictimOfTrafficking');
    expect(recommendationFor(false)).toBe('NotAVictimOfTrafficking');
  });
});
