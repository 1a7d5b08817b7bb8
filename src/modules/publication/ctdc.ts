/**
 * The CTDC-grade victim-level release: which columns, how a case becomes a row, and how each column
 * generalises. Column names and age bands follow IOM's Counter Trafficking Data Collaborative
 * (ctdc.org global dataset: ageBroad, yearOfRegistration, gender, citizenship, CountryOfExploitation,
 * typeOfExploitConcatenated, meansOfControlConcatenated, recruiterRelationship). See docs/publication.md.
 */
import type { CaseFact } from '../cases/index.js';
import type { Hierarchy } from './kanon.js';

/** CTDC's broad age bands (ageBroad). */
export const ctdcAgeBands = [
  '0--8',
  '9--17',
  '18--20',
  '21--23',
  '24--26',
  '27--29',
  '30--38',
  '39--47',
  '48+',
] as const;
const bandFloors = [0, 9, 18, 21, 24, 27, 30, 39, 48];

/** Unknown stays unknown at every level below '*': an empty cell, as in CTDC's files. */
const UNKNOWN = '';
const keepUnknown = (f: (value: string) => string) => (value: string) => (value === UNKNOWN ? UNKNOWN : f(value));
const exact = (value: string) => value;
const star = () => '*';

export function ageBand(age: number | null): string {
  if (age === null || age < 0) return UNKNOWN;
  let band = ctdcAgeBands[0] as string;
  bandFloors.forEach((floor, i) => {
    if (age >= floor) band = ctdcAgeBands[i] as string;
  });
  return band;
}

const genderOf: Record<string, string> = {
  Feminine: 'Female',
  Masculine: 'Male',
  TransgenderFeminine: 'Trans/Transgender',
  TransgenderMasculine: 'Trans/Transgender',
  NonConforming: 'Gender non-conforming',
};

/** ASEAN member states: the region most Indonesian victims are trafficked within or come from. */
const asean = new Set(['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN']);
const countryRegion = keepUnknown((code) => (code === 'ID' ? 'ID' : asean.has(code) ? 'ASEAN' : 'Other'));

/** HTCDS exploitation types grouped as CTDC groups them: labour, sexual, other. */
const exploitationGroup: Record<string, string> = {
  ForcedLabour: 'Labour',
  ChildLabour: 'Labour',
  Servitude: 'Labour',
  ForcedBegging: 'Labour',
  ForcedMilitaryByNonStateActors: 'Labour',
  SexualExploitation: 'Sexual',
};
const joinSorted = (values: Iterable<string>) => [...new Set(values)].sort().join(';');

const relationGroup: Record<string, string> = { Familial: 'Known', Acquainted: 'Known', Unaquainted: 'Stranger' };

/** The release's quasi-identifiers, each from exact (level 0) to '*' (last level). */
export const ctdcHierarchies: readonly Hierarchy[] = [
  {
    column: 'yearOfRegistration',
    levels: [exact, keepUnknown((y) => `${Math.floor(Number(y) / 5) * 5}--${Math.floor(Number(y) / 5) * 5 + 4}`), star],
  },
  {
    column: 'gender',
    levels: [exact, keepUnknown((g) => (g === 'Female' || g === 'Male' ? g : 'Other')), star],
  },
  {
    column: 'ageBroad',
    levels: [exact, keepUnknown((band) => (band === '0--8' || band === '9--17' ? '0--17' : '18+')), star],
  },
  { column: 'citizenship', levels: [exact, countryRegion, star] },
  { column: 'CountryOfExploitation', levels: [exact, countryRegion, star] },
  {
    column: 'typeOfExploitConcatenated',
    levels: [
      exact,
      keepUnknown((types) => joinSorted(types.split(';').map((type) => exploitationGroup[type] ?? 'Other'))),
      star,
    ],
  },
  {
    column: 'meansOfControlConcatenated',
    levels: [
      exact,
      keepUnknown((means) => {
        const n = means.split(';').length;
        return n === 1 ? '1' : n <= 3 ? '2--3' : '4+';
      }),
      star,
    ],
  },
  {
    column: 'recruiterRelationship',
    levels: [exact, keepUnknown((relation) => relationGroup[relation] ?? 'Other'), star],
  },
];

/** A case as the level-0 values of the release's columns (same order as ctdcHierarchies). */
export function ctdcRow(fact: CaseFact): string[] {
  return [
    String(fact.registeredYear),
    fact.sex ? (genderOf[fact.sex] ?? UNKNOWN) : UNKNOWN,
    ageBand(fact.age),
    fact.citizenship ?? UNKNOWN,
    fact.exploitationCountry ?? UNKNOWN,
    joinSorted(fact.exploitationTypes),
    joinSorted(fact.methodsOfControl),
    fact.relationshipToTrafficker ?? UNKNOWN,
  ];
}
