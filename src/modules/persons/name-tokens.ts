/**
 * Name tokens for privacy-preserving duplicate detection. Indonesian names are spelled many ways
 * (old and new spelling, y/i endings, doubled letters): each name part is normalised to one
 * canonical spelling and to a coarse phonetic key; only keyed hashes of these tokens are stored.
 */

// Old (pre-1972 / Dutch-era) spellings and common variants → modern spelling. Order matters.
const spellingRules: [RegExp, string][] = [
  [/oe/g, 'u'],
  [/dj/g, 'j'],
  [/tj/g, 'c'],
  [/sj/g, 'sy'],
  [/nj/g, 'ny'],
  [/ch/g, 'kh'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/q/g, 'k'],
  [/x/g, 'ks'],
  [/y\b/g, 'i'], // Sity → Siti, Nurhayaty → Nurhayati
  [/(.)\1+/g, '$1'], // Muhammad → Muhamad, Yohanna → Yohana
];

// Honorifics and connectors that say nothing about who a person is.
const stopwords = new Set([
  'bin',
  'binti',
  'bt',
  'bn',
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
  'h',
  'dr',
  'ir',
]);

/** Lower case, accents removed, letters only, split into parts. */
function parts(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\s'-]/g, ' ')
    .replace(/['-]/g, '')
    .split(/\s+/)
    .filter((p) => p.length > 1 && !stopwords.has(p));
}

/** One part in modern canonical spelling. */
export function canonicalPart(part: string): string {
  let s = part;
  for (const [pattern, replacement] of spellingRules) s = s.replace(pattern, replacement);
  return s;
}

/** A coarse sound key: first letter, then consonants with similar sounds merged, vowels dropped.
 * j and y merge everywhere (old spelling wrote /y/ as j: Noerhajati = Nurhayati). */
export function phoneticKey(canonical: string): string {
  const merged = canonical.replace(/j/g, 'y');
  const first = merged[0] ?? '';
  const rest = merged
    .slice(1)
    .replace(/[aeiouh]/g, '')
    .replace(/[bp]/g, 'p')
    .replace(/[dt]/g, 't')
    .replace(/[gkc]/g, 'k')
    .replace(/[fv]/g, 'f')
    .replace(/[sz]/g, 's')
    .replace(/(.)\1+/g, '$1');
  return `${first}${rest}`;
}

/** The distinct token strings of a name: canonical parts (`c:`) and phonetic keys (`p:`). */
export function nameTokens(name: string): { canonical: string[]; phonetic: string[] } {
  const canonical = [...new Set(parts(name).map(canonicalPart))];
  const phonetic = [...new Set(canonical.map(phoneticKey).filter((k) => k.length >= 2))];
  return { canonical, phonetic };
}
