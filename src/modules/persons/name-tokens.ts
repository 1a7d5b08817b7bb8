/**
 * Indonesian names for privacy-preserving duplicate detection.
 *
 * The same woman is written many ways: old and new spelling (Soekarti/Sukarti, Djoko/Joko, Tjahaja/Cahaya),
 * j/y and ch/kh/h (Juliana/Yuliana, Rachmat/Rahmat), Arabic-derived variants (Muhammad, Mohamad, Mochammad,
 * Moh.; Nur/Noor; Abdul/Abd), compounds split or joined (Nurhayati/Nur Hayati, Abdurrahman/Abdul Rahman),
 * glides and doubled letters (Sumiyati/Sumiati, Yohanna/Yohana), a patronymic kept or dropped
 * (Siti Aminah binti Ahmad), parts in another order, given names shortened to initials.
 *
 * A name is parsed into canonical parts (modern spelling, compounds split, patronymic apart) with a coarse
 * phonetic key per part. The database holds only keyed hashes (HMAC) of strings derived from them:
 *   - `c:` canonical part and `p:` phonetic key (name search in the case list);
 *   - blocking keys for the duplicate check, each combining name parts with the birth year so that a common
 *     given name never opens a large candidate set: `f:` a pair of parts and the year, `y:` a part, the
 *     initial of another part and the year (initials), `n:` a pair of parts without year (for a check that
 *     gives no year), `s:` one part and the year (a check that gives one name part), `o:` a person known by
 *     one name only, and the year. An unknown birth year is written `?`.
 * Scoring then compares the parsed names of a bounded set of candidates (see `compareNames`).
 */

// Old (pre-1972 / Dutch-era) spellings and common variants → modern spelling. Order matters.
const spellingRules: [RegExp, string][] = [
  [/oe/g, 'u'],
  [/dj/g, 'j'],
  [/tj/g, 'c'],
  [/sj/g, 'sy'],
  [/nj/g, 'ny'],
  [/ch(?=[rl])/g, 'k'], // Christina, Chlara
  [/ch/g, 'kh'], // Rachmat, Mochammad
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/q/g, 'k'],
  [/x/g, 'ks'],
  [/y$/g, 'i'], // Sity → Siti, Nurhayaty → Nurhayati
  [/(.)\1+/g, '$1'], // Muhammad → Muhamad, Yohanna → Yohana
];

// Abbreviations and Arabic-derived spellings that the rules above do not bring together.
const variants: Record<string, string> = {
  moh: 'muhamad',
  muh: 'muhamad',
  mhd: 'muhamad',
  mohd: 'muhamad',
  muhd: 'muhamad',
  mokh: 'muhamad',
  mohamad: 'muhamad',
  mohamed: 'muhamad',
  muhamed: 'muhamad',
  mohamat: 'muhamad',
  muhamat: 'muhamad',
  mokhamad: 'muhamad',
  mukhamad: 'muhamad',
  mukhamat: 'muhamad',
  mokhamat: 'muhamad',
  mamad: 'muhamad',
  nor: 'nur',
  nour: 'nur',
  abd: 'abdul',
  akhmad: 'ahmad',
  ahmat: 'ahmad',
};

// Honorifics and titles that say nothing about who a person is.
const honorifics = new Set([
  'al',
  'el',
  'ibu',
  'bapak',
  'bpk',
  'nn',
  'ny',
  'sdr',
  'sdri',
  'hj',
  'hjh',
  'haji',
  'hajah',
  'h',
  'dr',
  'ir',
]);
// After these comes the father's name (a patronymic), often dropped: Siti Aminah binti Ahmad = Siti Aminah.
const patronymicMarkers = new Set(['bin', 'binti', 'bt', 'bn']);

// Leading parts often written joined to the next one (Nurhayati = Nur Hayati, Sriwahyuni = Sri Wahyuni).
const compoundPrefixes: [string, number, string][] = [
  ['muhamad', 3, 'muhamad'],
  ['mohamad', 3, 'muhamad'],
  ['siti', 3, 'siti'],
  ['nur', 3, 'nur'],
  ['nor', 4, 'nur'],
  ['sri', 4, 'sri'],
  ['tri', 4, 'tri'],
  ['dwi', 4, 'dwi'],
];

function splitCompound(part: string): string[] {
  // Abdurrahman, Abdussalam: "abdu" + an assimilated l (r, s, n, z, t) + the rest = Abdul Rahman, Abdul Salam.
  const abdu = /^abdu([lrsnzt])(.{3,})$/.exec(part);
  if (abdu) {
    const rest = abdu[1] === 'l' ? abdu[2]! : `${abdu[1]}${abdu[2]}`;
    return ['abdul', ...splitCompound(rest)];
  }
  for (const [prefix, minRest, canonical] of compoundPrefixes) {
    if (part.startsWith(prefix) && part.length - prefix.length >= minRest) {
      return [canonical, ...splitCompound(part.slice(prefix.length))];
    }
  }
  return [part];
}

/** One part in modern canonical spelling (no compound split). */
export function canonicalPart(part: string): string {
  let s = part;
  for (const [pattern, replacement] of spellingRules) s = s.replace(pattern, replacement);
  return variants[s] ?? s;
}

/**
 * A coarse sound key: first letter, then consonants with similar sounds merged, vowels and h dropped.
 * j and y merge (old spelling wrote /y/ as j: Noerhajati = Nurhayati); sy = s, kh = h, ny = n; the glide
 * after i or u is dropped (Sumiyati = Sumiati, Suwarni = Suarni) and a y after a consonant reads as i
 * (Dyah = Diah).
 */
export function phoneticKey(canonical: string): string {
  const s = canonical
    .replace(/j/g, 'y')
    .replace(/sy/g, 's')
    .replace(/kh/g, 'h')
    .replace(/ny/g, 'n')
    .replace(/dz/g, 'z')
    .replace(/ts/g, 's')
    .replace(/([ie])y(?=[aeiou])/g, '$1')
    .replace(/([uo])w(?=[aeiou])/g, '$1')
    .replace(/([^aeiou])y(?=[aeiou])/g, '$1i');
  const first = s[0] ?? '';
  const rest = s
    .slice(1)
    .replace(/[aeiouh]/g, '')
    .replace(/[bp]/g, 'p')
    .replace(/[dt]/g, 't')
    .replace(/[gkcq]/g, 'k')
    .replace(/[fv]/g, 'f')
    .replace(/[sz]/g, 's')
    .replace(/(.)\1+/g, '$1');
  return `${first}${rest}`;
}

export interface NamePart {
  canonical: string;
  phonetic: string;
}

export interface ParsedName {
  /** Name parts in order, canonical spelling, compounds split, patronymic excluded. */
  parts: NamePart[];
  /** Parts given only as an initial (M. Rizal), as the phonetic key's first letter. */
  initials: string[];
  /** The father's name after bin/binti. */
  patronymic: NamePart[];
}

const partOf = (canonical: string): NamePart => ({ canonical, phonetic: phoneticKey(canonical) });

/** Parses a full name (lower case, accents removed, honorifics dropped). */
export function parseName(name: string): ParsedName {
  const raw = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`-]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  const out: ParsedName = { parts: [], initials: [], patronymic: [] };
  let target = out.parts;
  for (const word of raw) {
    if (patronymicMarkers.has(word)) {
      if (out.parts.length + out.initials.length > 0) target = out.patronymic;
      continue;
    }
    if (honorifics.has(word)) continue;
    if (word.length === 1) {
      if (target === out.parts) out.initials.push(phoneticKey(word)[0] ?? word);
      continue;
    }
    for (const piece of splitCompound(canonicalPart(word))) {
      const part = partOf(piece);
      if (!target.some((p) => p.canonical === part.canonical)) target.push(part);
    }
  }
  return out;
}

/** The distinct canonical parts and phonetic keys of a name (patronymic included): name search. */
export function nameTokens(name: string): { canonical: string[]; phonetic: string[] } {
  const parsed = parseName(name);
  const all = [...parsed.parts, ...parsed.patronymic];
  const canonical = [...new Set(all.map((p) => p.canonical))];
  const phonetic = [...new Set(all.map((p) => p.phonetic).filter((k) => k.length >= 2))];
  return { canonical, phonetic };
}

/** At most this many parts take part in blocking keys (pairs grow quadratically). */
const MAX_KEY_PARTS = 3;
/** A birth year within this many years of the check's is a candidate. */
export const BIRTH_YEAR_WINDOW = 2;

function phoneticsOf(parsed: ParsedName): string[] {
  return [...new Set(parsed.parts.map((p) => p.phonetic))].slice(0, MAX_KEY_PARTS);
}
const pair = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Every token string a person's names and birth year are indexed under (before keyed hashing): the name
 * search tokens and the duplicate check's blocking keys.
 */
export function personTokenStrings(names: string[], birthYear: number | null | undefined): string[] {
  const out = new Set<string>();
  const year = birthYear ?? '?';
  for (const name of names) {
    const { canonical, phonetic } = nameTokens(name);
    for (const c of canonical) out.add(`c:${c}`);
    for (const p of phonetic) out.add(`p:${p}`);
    const keys = phoneticsOf(parseName(name));
    if (keys.length === 1) out.add(`o:${keys[0]}|${year}`);
    for (let i = 0; i < keys.length; i++) {
      out.add(`s:${keys[i]}|${year}`);
      for (let j = 0; j < keys.length; j++) {
        if (i === j) continue;
        out.add(`y:${keys[i]}|${keys[j]![0]}|${year}`);
        if (i < j) {
          out.add(`f:${pair(keys[i]!, keys[j]!)}|${year}`);
          out.add(`n:${pair(keys[i]!, keys[j]!)}`);
        }
      }
    }
  }
  return [...out];
}

/** How much one blocking-key hit says (a full pair with the year says most). */
export type KeyWeight = 1 | 2 | 3;

/**
 * The blocking keys a duplicate check looks up, each with its weight: every key is selective by itself
 * (two name parts, or a name part with a birth year), so no key's posting list is "everyone called Siti".
 */
export function checkKeyStrings(name: string, birthYear: number | null | undefined): Map<string, KeyWeight> {
  const parsed = parseName(name);
  const keys = phoneticsOf(parsed);
  const initials = [...new Set(parsed.initials)];
  const out = new Map<string, KeyWeight>();
  const years: (number | '?')[] = ['?'];
  if (birthYear) for (let d = -BIRTH_YEAR_WINDOW; d <= BIRTH_YEAR_WINDOW; d++) years.push(birthYear + d);
  for (const year of years) {
    for (let i = 0; i < keys.length; i++) {
      // The same name, recorded for someone known by this one name.
      out.set(`o:${keys[i]}|${year}`, 2);
      if (keys.length === 1 && initials.length === 0) out.set(`s:${keys[i]}|${year}`, 1);
      for (let j = 0; j < keys.length; j++) {
        if (i === j) continue;
        out.set(`y:${keys[i]}|${keys[j]![0]}|${year}`, 1);
        if (i < j) out.set(`f:${pair(keys[i]!, keys[j]!)}|${year}`, 3);
      }
      for (const initial of initials) out.set(`y:${keys[i]}|${initial}|${year}`, 1);
    }
  }
  if (!birthYear) {
    // Without a year: pairs of parts, and each part's sound alone (complete for a rare part; for a common one
    // the per-key cap holds, and the intake screen asks for the year).
    for (let i = 0; i < keys.length; i++) {
      if (keys[i]!.length >= 2) out.set(`p:${keys[i]}`, 1);
      for (let j = i + 1; j < keys.length; j++) out.set(`n:${pair(keys[i]!, keys[j]!)}`, 2);
    }
  }
  return out;
}

/* ---------- comparing two names ---------- */

/** Jaro-Winkler similarity of two short strings. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const ma = new Array<boolean>(la).fill(false);
  const mb = new Array<boolean>(lb).fill(false);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(lb, i + range + 1); j++) {
      if (mb[j] || a[i] !== b[j]) continue;
      ma[i] = mb[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** How alike two name parts are: same spelling 1, same sound 0.9, a near spelling 0.7, else 0. */
export function partSimilarity(x: NamePart, y: NamePart): number {
  if (x.canonical === y.canonical) return 1;
  // A sound key alone says too little (Rahayu and Ria both sound "r", Junaedi and Juanda "ynt"): the
  // spelling must be near too.
  const jw = jaroWinkler(x.canonical, y.canonical);
  if (x.phonetic === y.phonetic && jw >= 0.85) return 0.9;
  if (x.phonetic[0] === y.phonetic[0] && jw >= 0.9) return 0.7;
  return 0;
}

export interface NameComparison {
  /** 0–1: how well the two names agree, part by part. */
  score: number;
  /** Both names carry a family (last) name and neither's appears in the other: two different people. */
  familyDiffers: boolean;
}

/**
 * A compound written apart in one name and joined in the other (Ros Mauli / Rosmauli, Komala Sari /
 * Komalasari): adjacent parts of `a` whose joined spelling matches a part of `b` become one part.
 */
function joinCompounds(a: ParsedName, b: ParsedName): ParsedName {
  const parts: NamePart[] = [];
  for (let i = 0; i < a.parts.length; i++) {
    const next = a.parts[i + 1];
    if (next) {
      const joined = partOf(a.parts[i]!.canonical + next.canonical);
      if (b.parts.some((p) => partSimilarity(joined, p) >= 0.9)) {
        parts.push(joined);
        i++;
        continue;
      }
    }
    parts.push(a.parts[i]!);
  }
  return parts.length === a.parts.length ? a : { ...a, parts };
}

/**
 * Compares two parsed names part by part, in any order (compounds joined where the other
 * name joins them): a part given as an initial counts for less; parts only one name has (a dropped middle name) cost a little; the patronymic is ignored.
 */
export function compareNames(first: ParsedName, second: ParsedName): NameComparison {
  const a = joinCompounds(first, second);
  const b = joinCompounds(second, a);
  type Item = { part?: NamePart; initial: string };
  const items = (n: ParsedName): Item[] => [
    ...n.parts.map((part) => ({ part, initial: part.phonetic[0] ?? '' })),
    ...n.initials.map((initial) => ({ initial })),
  ];
  const A = items(a);
  const B = items(b);
  if (A.length === 0 || B.length === 0) return { score: 0, familyDiffers: false };
  const sim = (x: Item, y: Item): number => {
    if (x.part && y.part) return partSimilarity(x.part, y.part);
    if (x.initial && x.initial === y.initial) return x.part || y.part ? 0.6 : 0.4;
    return 0;
  };
  const pairs: { i: number; j: number; s: number }[] = [];
  for (let i = 0; i < A.length; i++)
    for (let j = 0; j < B.length; j++) {
      const s = sim(A[i]!, B[j]!);
      if (s > 0) pairs.push({ i, j, s });
    }
  pairs.sort((x, y) => y.s - x.s || x.i - y.i || x.j - y.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let sum = 0;
  let fullMatches = 0;
  for (const p of pairs) {
    if (usedA.has(p.i) || usedB.has(p.j)) continue;
    usedA.add(p.i);
    usedB.add(p.j);
    sum += p.s;
    if (A[p.i]!.part && B[p.j]!.part && p.s >= 0.7) fullMatches++;
  }
  const n = Math.min(A.length, B.length);
  const m = Math.max(A.length, B.length);
  const score = fullMatches === 0 ? 0 : (sum / n) * (1 - 0.08 * (m - n));
  const family = (x: ParsedName) => (x.parts.length >= 2 ? x.parts[x.parts.length - 1]! : undefined);
  const inOther = (part: NamePart, other: ParsedName) => other.parts.some((o) => partSimilarity(part, o) >= 0.7);
  const fa = family(a);
  const fb = family(b);
  const familyDiffers = fa !== undefined && fb !== undefined && !inOther(fa, b) && !inOther(fb, a);
  return { score: Math.max(0, Math.min(1, score)), familyDiffers };
}
