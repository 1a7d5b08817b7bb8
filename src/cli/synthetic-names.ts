import { drawName, type Rng } from './demo-cases.js';

/*
 * Names for the synthetic national dataset (`pulih demo`), with the frequencies a national register shows:
 * a heavy head of given names that millions share across the country (Siti, Sri, Nur, Dewi; Muhammad,
 * Ahmad, Agus), regional name traditions (demo-cases drawName: NTT baptismal and clan names, Sasak, Javanese,
 * Sundanese, Dayak and Malay, Bugis, Batak), and a long tail of Javanese-style names built from their usual
 * parts (Su-/Sri/Tri + root + -yati/-ningsih/-wati; -yanto/-wan/-di), some written in the old spelling as
 * older documents have them. The duplicate-check bench asks for the common names, so their counts must be
 * honest: at 1,000,000 cases there are tens of thousands of Siti and Muhammad and thousands of Sri Rahayu.
 */

type Weighted<T> = readonly (readonly [T, number])[];

const femaleHead: Weighted<string> = [
  ['Siti', 30],
  ['Sri', 20],
  ['Nur', 14],
  ['Dewi', 8],
  ['Tri', 4],
  ['Dwi', 4],
  ['Eka', 3],
  ['Ani', 3],
  ['Rina', 3],
  ['Yuni', 2],
  ['Nurul', 5],
  ['Putri', 3],
  ['Indah', 2],
];
const maleHead: Weighted<string> = [
  ['Muhammad', 40],
  ['Ahmad', 14],
  ['Agus', 9],
  ['Abdul', 8],
  ['Budi', 5],
  ['Eko', 4],
  ['Andi', 4],
  ['Joko', 3],
  ['Rudi', 3],
  ['Dedi', 3],
  ['Hendra', 2],
];
/** Share of people whose name starts with a nationally common element, by region style. */
const headShare: Record<string, number> = {
  java: 0.45,
  sunda: 0.4,
  sasak: 0.45,
  malay: 0.4,
  bugis: 0.35,
  kalbar: 0.2,
  batak: 0.08,
  ntt: 0.06,
};

/** Second parts after a common head, weighted: Sri Rahayu, Siti Aminah, Muhammad Rizal … */
const femaleSecond: Weighted<string> = [
  ['Rahayu', 12],
  ['Aminah', 8],
  ['Fatimah', 7],
  ['Wahyuni', 7],
  ['Lestari', 7],
  ['Nurhayati', 6],
  ['Handayani', 5],
  ['Rahmawati', 5],
  ['Maryam', 4],
  ['Khadijah', 3],
  ['Hasanah', 4],
  ['Wulandari', 4],
  ['Sulastri', 3],
  ['Sumarni', 3],
  ['Astuti', 3],
  ['Kurniasih', 2],
  ['Aisyah', 3],
  ['Zubaidah', 2],
];
const maleSecond: Weighted<string> = [
  ['Rizal', 6],
  ['Hidayat', 6],
  ['Saputra', 6],
  ['Ridwan', 4],
  ['Arifin', 4],
  ['Yusuf', 4],
  ['Ilham', 3],
  ['Fauzi', 3],
  ['Santoso', 4],
  ['Setiawan', 4],
  ['Hakim', 3],
  ['Syahputra', 3],
  ['Firmansyah', 3],
  ['Ramadhan', 3],
];

const tailStart = [
  'Su',
  'Sri',
  'Tri',
  'Wi',
  'Har',
  'Pur',
  'Kus',
  'Mar',
  'Sar',
  'Pra',
  'War',
  'Ru',
  'Sa',
  'Ti',
  'Yu',
  'Mu',
];
const tailRoot = ['mi', 'gi', 'wa', 'har', 'ran', 'si', 'ni', 'tin', 'lis', 'pon', 'ka', 'di', 'ma', 'ra', 'la', 'ji'];
const femaleEnd = ['yati', 'ningsih', 'wati', 'ni', 'ti', 'yani', 'asih', 'rini', 'yem', 'nah'];
const maleEnd = ['yanto', 'wan', 'di', 'no', 'man', 'yono', 'adi', 'to', 'jo', 'min'];

/** Older documents: Dutch-era spelling of the same name (u → oe, j → dj, y → j, c → tj). */
function oldSpelling(name: string): string {
  return name.replace(/u/g, 'oe').replace(/j/g, 'dj').replace(/y/g, 'j').replace(/c/g, 'tj');
}

function tailName(rng: Rng, female: boolean): string {
  const name = `${rng.pick(tailStart)}${rng.pick(tailRoot)}${rng.pick(female ? femaleEnd : maleEnd)}`;
  return name[0]!.toUpperCase() + name.slice(1).toLowerCase();
}

const weighted = <T>(rng: Rng, table: Weighted<T>) => rng.weighted(table);

/** Name traditions by origin province (Kemendagri code), as the demo's. */
const provinceStyle: Record<string, string> = {
  '53': 'ntt',
  '52': 'sasak',
  '35': 'java',
  '33': 'java',
  '34': 'java',
  '18': 'java',
  '31': 'java',
  '51': 'java',
  '32': 'sunda',
  '36': 'sunda',
  '61': 'kalbar',
  '73': 'bugis',
  '74': 'bugis',
  '65': 'bugis',
  '12': 'batak',
  '21': 'malay',
  '16': 'malay',
};

/** A full name for someone from this origin province, drawn with national frequencies. */
export function nationalName(rng: Rng, provinceCode: string, female: boolean): string {
  const style = provinceStyle[provinceCode] ?? 'malay';
  let name: string;
  if (rng.chance(headShare[style] ?? 0.3)) {
    const head = weighted(rng, female ? femaleHead : maleHead);
    const second = rng.chance(0.55)
      ? weighted(rng, female ? femaleSecond : maleSecond)
      : rng.chance(0.5)
        ? tailName(rng, female)
        : drawName(rng, style as Parameters<typeof drawName>[1], female)
            .split(' ')
            .at(-1)!;
    name = rng.chance(0.12) ? head : `${head} ${second}`;
  } else if ((style === 'java' || style === 'sunda' || style === 'sasak') && rng.chance(0.4)) {
    // Javanese-style names: often one name only.
    name = rng.chance(0.5) ? tailName(rng, female) : `${tailName(rng, female)} ${tailName(rng, female)}`;
  } else {
    name = drawName(rng, style as Parameters<typeof drawName>[1], female);
  }
  return rng.chance(0.04) ? oldSpelling(name) : name;
}
