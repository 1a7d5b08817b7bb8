import type { IndicatorWeight, TToolDefinition } from './screening.schema.js';

/**
 * Scoring of the ILO/EC "Delphi" operational indicators (2009). Pure functions over a stored tool
 * definition: weights, dimensions and presumption rules come from the definition, so a revised
 * indicator list needs no change here.
 */

export interface DimensionCounts {
  strong: number;
  medium: number;
  weak: number;
}

export interface DimensionResult extends DimensionCounts {
  dimension: number;
  key: string;
  positive: boolean;
}

export type PresumptionRule = 'adult' | 'child';
export type Recommendation = 'PossibleVictimOfTrafficking' | 'NotAVictimOfTrafficking';

export interface ScreeningScore {
  rule: PresumptionRule;
  dimensions: DimensionResult[];
  presumedVictim: boolean;
  recommendation: Recommendation;
}

/**
 * Delphi dimension rule: positive with ≥2 Strong, or 1 Strong + 1 Medium/Weak, or 3 Medium,
 * or 2 Medium + 1 Weak.
 */
export function isDimensionPositive({ strong, medium, weak }: DimensionCounts): boolean {
  return strong >= 2 || (strong >= 1 && medium + weak >= 1) || medium >= 3 || (medium >= 2 && weak >= 1);
}

/** Counts the observed (true) indicators per weight in every dimension and applies the dimension rule. */
export function scoreDimensions(definition: TToolDefinition, answers: Record<string, boolean>): DimensionResult[] {
  const field: Record<IndicatorWeight, keyof DimensionCounts> = { S: 'strong', M: 'medium', W: 'weak' };
  return definition.dimensions.map((d) => {
    const counts: DimensionCounts = { strong: 0, medium: 0, weak: 0 };
    for (const indicator of d.indicators) if (answers[indicator.id] === true) counts[field[indicator.weight]]++;
    return { dimension: d.id, key: d.key, ...counts, positive: isDimensionPositive(counts) };
  });
}

/** True when every clause has at least one positive dimension (a conjunction of disjunctions). */
export function satisfiesAll(clauses: readonly (readonly number[])[], dimensions: readonly DimensionResult[]): boolean {
  const positive = new Set(dimensions.filter((d) => d.positive).map((d) => d.dimension));
  return clauses.every((clause) => clause.some((id) => positive.has(id)));
}

/** Adult presumption: (dim 1 or 2 or 3) AND dim 4 AND (dim 5 or 6) in the Delphi v1 rules. */
export function adultPresumed(definition: TToolDefinition, dimensions: readonly DimensionResult[]): boolean {
  return satisfiesAll(definition.rules.adult.allOf, dimensions);
}

/**
 * Child presumption (Law 21/2007 Art. 1(5): a child is under 18, and for a child the means element is
 * not needed): any act of Art. 1(1) AND (dim 4 or dim 5) in the Delphi v1 rules.
 */
export function childPresumed(
  definition: TToolDefinition,
  dimensions: readonly DimensionResult[],
  acts: readonly string[],
): boolean {
  const known = new Set(definition.acts.map((a) => a.id));
  const anyAct = acts.some((a) => known.has(a));
  return (!definition.rules.child.requiresAct || anyAct) && satisfiesAll(definition.rules.child.allOf, dimensions);
}

/** The tool's recommendation: it never decides, a person does (HTCDS vic_TraffickingStatus values). */
export function recommendationFor(presumedVictim: boolean): Recommendation {
  return presumedVictim ? 'PossibleVictimOfTrafficking' : 'NotAVictimOfTrafficking';
}

/**
 * Scores one screening. A child (Law 21/2007 Art. 1(5)) is presumed a victim under the child rule, which
 * only drops the means element; it never holds a child to a stricter test, so meeting the adult rule
 * presumes a child too.
 */
export function scoreScreening(
  definition: TToolDefinition,
  input: { answers: Record<string, boolean>; acts: readonly string[]; isChild: boolean },
): ScreeningScore {
  const dimensions = scoreDimensions(definition, input.answers);
  const adult = adultPresumed(definition, dimensions);
  const presumedVictim = input.isChild ? childPresumed(definition, dimensions, input.acts) || adult : adult;
  return {
    rule: input.isChild ? 'child' : 'adult',
    dimensions,
    presumedVictim,
    recommendation: recommendationFor(presumedVictim),
  };
}

/** Answer keys that are not indicators of this tool version. */
export function unknownIndicatorIds(definition: TToolDefinition, answers: Record<string, boolean>): string[] {
  const known = new Set(definition.dimensions.flatMap((d) => d.indicators.map((i) => i.id)));
  return Object.keys(answers).filter((id) => !known.has(id));
}

/** Positions of acts that are not acts of this tool version. */
export function unknownActIndexes(definition: TToolDefinition, acts: readonly string[]): number[] {
  const known = new Set(definition.acts.map((a) => a.id));
  return acts.flatMap((a, i) => (known.has(a) ? [] : [i]));
}
