/**
 * k-anonymity by full-domain generalisation and suppression (Sweeney's Datafly): while more rows than the
 * suppression budget sit in equivalence classes smaller than k, generalise the quasi-identifier with the
 * most distinct values one level up its hierarchy; then suppress the rows of the classes still too small.
 *
 * Rows are held as small integer codes per column (a few bytes a row: a million rows fit in ~20 MB),
 * never as records, so a national release runs in memory without holding any case.
 */
import { Slices } from '../../platform/slices.js';

/** A quasi-identifier: its column name and its generalisation hierarchy, level 0 first, '*' last. */
export interface Hierarchy {
  column: string;
  /** levels[i](value at level 0) → value at level i; the last level maps everything to '*'. */
  levels: readonly ((value: string) => string)[];
}

/** What a release achieved, for its report. */
export interface AnonymityReport {
  k: number;
  rows: number;
  released: number;
  suppressed: number;
  suppressedShare: number;
  /** Smallest equivalence class among released rows (≥ k unless nothing was released). */
  achievedK: number | null;
  classes: number;
  /** Level reached per column (0 = exact) and the highest level it has. */
  levels: Record<string, { level: number; max: number }>;
  /** Share of released cells generalised away (0 = exact, 1 = all '*'), suppressed rows counting as 1. */
  informationLoss: number;
}

/** Column-wise store of level-0 values as dictionary codes. */
export class CodedTable {
  readonly dictionaries: string[][];
  private readonly lookup: Map<string, number>[];
  private codes: Uint32Array[];
  private size = 0;

  constructor(readonly hierarchies: readonly Hierarchy[]) {
    this.dictionaries = hierarchies.map(() => []);
    this.lookup = hierarchies.map(() => new Map());
    this.codes = hierarchies.map(() => new Uint32Array(1024));
  }

  get rows(): number {
    return this.size;
  }

  /** Appends one row of level-0 values (in the order of the hierarchies). */
  add(values: readonly string[]): void {
    if (this.size === this.codes[0]?.length) {
      this.codes = this.codes.map((c) => {
        const grown = new Uint32Array(c.length * 2);
        grown.set(c);
        return grown;
      });
    }
    values.forEach((value, column) => {
      const lookup = this.lookup[column] as Map<string, number>;
      let code = lookup.get(value);
      if (code === undefined) {
        code = (this.dictionaries[column] as string[]).push(value) - 1;
        lookup.set(value, code);
      }
      (this.codes[column] as Uint32Array)[this.size] = code;
    });
    this.size++;
  }

  code(column: number, row: number): number {
    return (this.codes[column] as Uint32Array)[row] as number;
  }
}

/** For one column at one level: level-0 code → generalised code, and the generalised values. */
function generalise(table: CodedTable, column: number, level: number): { map: Uint32Array; values: string[] } {
  const hierarchy = table.hierarchies[column] as Hierarchy;
  const apply = hierarchy.levels[level] as (value: string) => string;
  const dictionary = table.dictionaries[column] as string[];
  const values: string[] = [];
  const seen = new Map<string, number>();
  const map = new Uint32Array(dictionary.length);
  dictionary.forEach((value, code) => {
    const g = apply(value);
    let gc = seen.get(g);
    if (gc === undefined) {
      gc = values.push(g) - 1;
      seen.set(g, gc);
    }
    map[code] = gc;
  });
  return { map, values };
}

/** Rows (or classes) between two looks at the clock: well under a millisecond of work. */
const CHECK_EVERY = 1023;

/** The generalised state of a table at the given levels: class key per row and class sizes. */
export class Generalisation {
  readonly columns: { map: Uint32Array; values: string[] }[];
  readonly keys: Float64Array;
  readonly classSizes = new Map<number, number>();

  private constructor(
    readonly table: CodedTable,
    readonly levels: readonly number[],
  ) {
    this.columns = levels.map((level, column) => generalise(table, column, level));
    this.keys = new Float64Array(table.rows);
  }

  /**
   * The table at these levels. A pass over every row (a million at national scale): with `slices`, the event loop
   * gets a turn whenever a slice has run its time.
   */
  static async of(table: CodedTable, levels: readonly number[], slices?: Slices): Promise<Generalisation> {
    const g = new Generalisation(table, levels);
    // Mixed radix over the generalised codes; the product of cardinalities stays far below 2^53 for
    // CTDC's columns (checked), so a row's class is one number.
    const radices = g.columns.map((c) => Math.max(1, c.values.length));
    const space = radices.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(space)) throw new Error('quasi-identifier space too large for numeric class keys');
    for (let row = 0; row < table.rows; row++) {
      if ((row & CHECK_EVERY) === CHECK_EVERY && slices?.due()) await slices.yield();
      let key = 0;
      for (let column = 0; column < radices.length; column++) {
        const col = g.columns[column] as { map: Uint32Array };
        key = key * (radices[column] as number) + (col.map[table.code(column, row)] as number);
      }
      g.keys[row] = key;
      g.classSizes.set(key, (g.classSizes.get(key) ?? 0) + 1);
    }
    return g;
  }

  /** Rows in classes smaller than k. */
  async rowsBelow(k: number, slices?: Slices): Promise<number> {
    let n = 0;
    let i = 0;
    for (const size of this.classSizes.values()) {
      if ((++i & CHECK_EVERY) === CHECK_EVERY && slices?.due()) await slices.yield();
      if (size < k) n += size;
    }
    return n;
  }

  /** Generalised values of one row, in column order. */
  valuesOf(row: number): string[] {
    return this.columns.map((c, column) => c.values[c.map[this.table.code(column, row)] as number] as string);
  }
}

/**
 * Datafly: generalise until at most `maxSuppressedShare` of the rows sit in classes smaller than k,
 * then mark those rows suppressed. Returns the final generalisation, the kept rows and the report.
 * Every pass over the rows or the classes gives the event loop a turn between slices (`slices`, 5 ms by default):
 * a release over a million cases runs on the API's loop beside everyone else's requests (issue 8).
 */
export async function anonymise(
  table: CodedTable,
  k: number,
  maxSuppressedShare: number,
  slices: Slices = new Slices(),
): Promise<{ generalisation: Generalisation; kept: Uint32Array; report: AnonymityReport }> {
  const maxLevels = table.hierarchies.map((h) => h.levels.length - 1);
  const levels = table.hierarchies.map(() => 0);
  let state = await Generalisation.of(table, levels, slices);
  const budget = Math.floor(maxSuppressedShare * table.rows);
  while ((await state.rowsBelow(k, slices)) > budget) {
    // The column with the most distinct values among those that can still be generalised.
    let pick = -1;
    let most = -1;
    state.columns.forEach((c, column) => {
      if ((levels[column] as number) < (maxLevels[column] as number) && c.values.length > most) {
        most = c.values.length;
        pick = column;
      }
    });
    if (pick < 0) break;
    levels[pick] = (levels[pick] as number) + 1;
    state = await Generalisation.of(table, levels, slices);
  }
  // The released classes in ascending key order, and where each one's rows start in the release.
  let achievedK: number | null = null;
  const keptKeys: number[] = [];
  let i = 0;
  for (const [key, size] of state.classSizes) {
    if ((++i & CHECK_EVERY) === CHECK_EVERY && slices.due()) await slices.yield();
    if (size < k) continue;
    keptKeys.push(key);
    achievedK = achievedK === null ? size : Math.min(achievedK, size);
  }
  const classes = keptKeys.length;
  keptKeys.sort((a, b) => a - b);
  const next = new Map<number, number>();
  let released = 0;
  for (const key of keptKeys) {
    next.set(key, released);
    released += state.classSizes.get(key) as number;
  }
  // Release in class order, not in registration order, so a row's place says nothing about when it came; within a
  // class, rows stay in table order (what a stable sort of the kept rows by class key gives).
  const kept = new Uint32Array(released);
  for (let row = 0; row < table.rows; row++) {
    if ((row & CHECK_EVERY) === CHECK_EVERY && slices.due()) await slices.yield();
    const at = next.get(state.keys[row] as number);
    if (at === undefined) continue;
    kept[at] = row;
    next.set(state.keys[row] as number, at + 1);
  }
  const suppressed = table.rows - kept.length;
  const precisionLoss =
    levels.reduce((sum, level, column) => sum + level / Math.max(1, maxLevels[column] as number), 0) /
    Math.max(1, levels.length);
  const report: AnonymityReport = {
    k,
    rows: table.rows,
    released: kept.length,
    suppressed,
    suppressedShare: table.rows === 0 ? 0 : suppressed / table.rows,
    achievedK,
    classes,
    levels: Object.fromEntries(
      table.hierarchies.map((h, column) => [
        h.column,
        { level: levels[column] as number, max: maxLevels[column] as number },
      ]),
    ),
    informationLoss: table.rows === 0 ? 0 : (kept.length * precisionLoss + suppressed) / table.rows,
  };
  return { generalisation: state, kept, report };
}
