import { describe, expect, it } from 'vitest';
import { Slices } from '../../platform/slices.js';
import { ageBand, ctdcHierarchies, ctdcRow } from './ctdc.js';
import { anonymise, CodedTable, type Hierarchy } from './kanon.js';

const star = () => '*';
const exact = (v: string) => v;
const hierarchies: Hierarchy[] = [
  { column: 'age', levels: [exact, (v) => (Number(v) < 18 ? 'child' : 'adult'), star] },
  { column: 'country', levels: [exact, (v) => (v === 'ID' ? 'ID' : 'abroad'), star] },
];

function tableOf(rows: string[][]): CodedTable {
  const table = new CodedTable(hierarchies);
  for (const row of rows) table.add(row);
  return table;
}

/** Class sizes of the released rows, keyed by their generalised values. */
async function releasedClasses(table: CodedTable, k: number, maxShare: number) {
  const result = await anonymise(table, k, maxShare);
  const sizes = new Map<string, number>();
  for (const row of result.kept) {
    const key = result.generalisation.valuesOf(row).join('|');
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return { ...result, sizes };
}

describe('k-anonymity (Datafly)', () => {
  it('leaves a table that is already k-anonymous exact, with no loss', async () => {
    const table = tableOf([
      ['10', 'ID'],
      ['10', 'ID'],
      ['30', 'MY'],
      ['30', 'MY'],
    ]);
    const { report, sizes } = await releasedClasses(table, 2, 0);
    expect(report.levels).toEqual({ age: { level: 0, max: 2 }, country: { level: 0, max: 2 } });
    expect(report.informationLoss).toBe(0);
    expect(report.achievedK).toBe(2);
    expect([...sizes.keys()].sort()).toEqual(['10|ID', '30|MY']);
  });

  it('generalises the column with most distinct values first, by hand', async () => {
    // Ages 10, 11, 12, 30 (4 distinct) and countries ID, ID, ID, MY (2 distinct): age goes up first.
    const table = tableOf([
      ['10', 'ID'],
      ['11', 'ID'],
      ['12', 'ID'],
      ['30', 'MY'],
      ['31', 'MY'],
    ]);
    const { report, sizes } = await releasedClasses(table, 2, 0);
    expect(report.levels.age).toEqual({ level: 1, max: 2 });
    expect(report.levels.country).toEqual({ level: 0, max: 2 });
    expect(Object.fromEntries(sizes)).toEqual({ 'child|ID': 3, 'adult|MY': 2 });
    // One of two columns one level of two up: a quarter of each released cell is lost.
    expect(report.informationLoss).toBeCloseTo(0.25);
  });

  it('suppresses outliers within the budget instead of generalising everything', async () => {
    const rows = Array.from({ length: 40 }, () => ['20', 'ID']);
    rows.push(['70', 'SG']);
    const { report, sizes } = await releasedClasses(tableOf(rows), 5, 0.05);
    expect(report.levels.age?.level).toBe(0);
    expect(report.suppressed).toBe(1);
    expect(report.released).toBe(40);
    expect(Object.fromEntries(sizes)).toEqual({ '20|ID': 40 });
  });

  it('never releases a class smaller than k, whatever the data', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const rows = Array.from({ length: 2000 }, () => [
      String(Math.floor(random() * 60)),
      ['ID', 'MY', 'SG', 'SA', 'HK', 'TW'][Math.floor(random() * 6)] as string,
    ]);
    for (const k of [2, 5, 11, 50]) {
      const { report, sizes } = await releasedClasses(tableOf(rows), k, 0.02);
      for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(k);
      expect(report.suppressedShare).toBeLessThanOrEqual(0.02);
      expect(report.achievedK).toBeGreaterThanOrEqual(k);
      expect(report.released + report.suppressed).toBe(2000);
    }
  });

  it('gives the event loop turns between slices and releases the same rows in class order (issue 8)', async () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const rows = Array.from({ length: 20_000 }, () => [
      String(Math.floor(random() * 90)),
      ['ID', 'MY', 'SG', 'SA', 'HK', 'TW', 'JP', 'KR'][Math.floor(random() * 8)] as string,
    ]);
    // Never due: one slice, as the release ran before it was cut.
    const whole = await anonymise(tableOf(rows), 11, 0.001, new Slices(Number.POSITIVE_INFINITY));
    const slices = new Slices(0);
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const cut = await anonymise(tableOf(rows), 11, 0.001, slices);
    clearInterval(timer);
    expect(slices.yields).toBeGreaterThan(10);
    expect(turns).toBeGreaterThan(0);
    expect(cut.report).toEqual(whole.report);
    expect(Array.from(cut.kept)).toEqual(Array.from(whole.kept));
    // The order a stable sort of the kept rows by class key gives: class by class, table order within a class.
    const keys = cut.generalisation.keys;
    const expected = Array.from({ length: rows.length }, (_, row) => row)
      .filter((row) => (cut.generalisation.classSizes.get(keys[row] as number) as number) >= 11)
      .sort((a, b) => (keys[a] as number) - (keys[b] as number));
    expect(Array.from(cut.kept)).toEqual(expected);
    expect(cut.report.released).toBe(expected.length);
  });
});

describe('CTDC columns', () => {
  it('bands ages as CTDC does, unknown left empty', () => {
    expect([0, 8, 9, 17, 18, 20, 23, 29, 30, 47, 48, 90].map(ageBand)).toEqual([
      '0--8',
      '0--8',
      '9--17',
      '9--17',
      '18--20',
      '18--20',
      '21--23',
      '27--29',
      '30--38',
      '39--47',
      '48+',
      '48+',
    ]);
    expect(ageBand(null)).toBe('');
  });

  it('turns a case into CTDC values and every column generalises to *', () => {
    const row = ctdcRow({
      caseId: 'c',
      leadAgencyId: 'a',
      registeredYear: 2024,
      age: 16,
      sex: 'Feminine',
      citizenship: 'ID',
      exploitationCountry: 'MY',
      province: '53',
      traffickingStatus: 'ActualVictimOfTrafficking',
      relationshipToTrafficker: 'Acquainted',
      exploitationTypes: ['SexualExploitation', 'ForcedLabour'],
      methodsOfControl: ['DebtBondage', 'WithholdsDocuments'],
    });
    expect(row).toEqual([
      '2024',
      'Female',
      '9--17',
      'ID',
      'MY',
      'ForcedLabour;SexualExploitation',
      'DebtBondage;WithholdsDocuments',
      'Acquainted',
    ]);
    const level1 = ctdcHierarchies.map((h, i) => (h.levels[1] as (v: string) => string)(row[i] as string));
    expect(level1).toEqual(['2020--2024', 'Female', '0--17', 'ID', 'ASEAN', 'Labour;Sexual', '2--3', 'Known']);
    for (const [i, h] of ctdcHierarchies.entries()) expect(h.levels.at(-1)?.(row[i] as string)).toBe('*');
  });
});
