/** The demo's deterministic randomness: a seeded generator, Indonesian names by region, phone numbers. */
export { DAY_MS as DAY, HOUR_MS as HOUR } from '../platform/time.js';

/* ---------- deterministic randomness ---------- */

/** mulberry32: a small, fast, seedable PRNG (same seed → same sequence on every machine). */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  /** Each item independently with its probability; at least `min` (the most likely first). */
  subset<T>(items: readonly (readonly [T, number])[], min = 0): T[] {
    const out = items.filter(([, p]) => this.chance(p)).map(([v]) => v);
    for (const [v] of [...items].sort((a, b) => b[1] - a[1])) {
      if (out.length >= min) break;
      if (!out.includes(v)) out.push(v);
    }
    return out;
  }
}

/* ---------- names ---------- */

export const words = (list: string) => list.split('|');

export type NameGroup = 'ntt' | 'sasak' | 'java' | 'sunda' | 'kalbar' | 'bugis' | 'batak' | 'malay';

export interface NameList {
  female: readonly string[];
  male: readonly string[];
  /** Family names or second names; empty for single-name traditions. */
  family: readonly string[];
  /** Share of people known by one name only (common in Java). */
  single: number;
  /** Share with a second given name (Maria Yosefina ...). */
  double?: number;
  /** Sasak nobility titles (Baiq for women, Lalu for men). */
  titles?: { female: string; male: string; share: number };
}

export const nameLists: Record<NameGroup, NameList> = {
  // Catholic and Protestant Timor, Flores, Sumba: baptismal names and clan names.
  ntt: {
    female: words(
      'Maria|Yohana|Fransiska|Theresia|Agustina|Yuliana|Marselina|Margareta|Veronika|Elisabeth|Kristina|Adriana|Yosefina|Florentina|Serlina|Delfiana|Imelda|Dorotea|Ermelinda|Yustina',
    ),
    male: words(
      'Agustinus|Yohanes|Fransiskus|Petrus|Yosef|Paulus|Stefanus|Dominikus|Yakobus|Marselinus|Aloysius|Kornelis|Yermias|Melkianus|Adrianus',
    ),
    family: words(
      'Ndolu|Bria|Kase|Lado|Nenobais|Tefa|Seran|Bere|Nahak|Manek|Taek|Lake|Tallo|Fanggidae|Ratu|Dethan|Mau|Nubatonis|Benu|Nope|Kolo|Pello|Nitbani|Sabu|Kaka|Wadu|Lobo|Dapa|Bani|Toelle',
    ),
    single: 0.02,
    double: 0.3,
  },
  // Lombok: Sasak names, Muslim given names, Baiq/Lalu for noble families.
  sasak: {
    female: words(
      'Nurhayati|Rohani|Sumiati|Hairunnisa|Mahnun|Rabiah|Sri Wahyuni|Hikmah|Rukmini|Masnah|Zuhriah|Sahnun|Murni|Rahmawati',
    ),
    male: words('Muhammad|Ahmad|Zainuddin|Haerul|Jumadil|Sahnan|Mustiadi|Hasanudin|Jumaidi|Sapri'),
    family: words('Hidayat|Saputra|Wahyudi|Rahman|Hakim|Fauzi|Hamdi|Apriadi|Hasanah|Amalia'),
    single: 0.45,
    titles: { female: 'Baiq', male: 'Lalu', share: 0.12 },
  },
  // Central and East Java: many people carry one name.
  java: {
    female: words(
      'Siti|Sri|Dewi|Nur|Endang|Sumarni|Wartini|Suwarni|Tri Wahyuni|Lestari|Rahayu|Kartini|Puji Astuti|Sulastri|Ningsih|Sumiyati|Eni|Tutik|Winarti|Erna',
    ),
    male: words('Budi|Slamet|Agus|Joko|Bambang|Eko|Heru|Sugeng|Suparman|Wahyu|Darto|Yanto'),
    family: words(
      'Rahayu|Lestari|Wulandari|Susanti|Handayani|Purwanti|Setiawan|Santoso|Wibowo|Saputra|Prasetyo|Hidayat|Rahmawati|Kurniawan|Utami',
    ),
    single: 0.35,
  },
  // West Java and Banten: Sundanese names.
  sunda: {
    female: words('Euis|Neng|Cucu|Iis|Elis|Siti|Dewi|Nining|Imas|Yati|Popon|Enung|Lilis'),
    male: words('Asep|Ujang|Dadang|Cecep|Ade|Deden|Yayan|Dede|Jajang|Ayi'),
    family: words(
      'Sumarni|Rohaeti|Nurhasanah|Kurniasih|Hidayat|Sopian|Saepudin|Mulyana|Komalasari|Nuraeni|Rosita|Suryana|Permana|Nurjanah',
    ),
    single: 0.15,
  },
  // West Kalimantan: Dayak (often Catholic), Malay and Chinese-Indonesian families (old spellings kept).
  kalbar: {
    female: words('Yuliana|Maria|Siti|Nurul|Lina|Meiliana|Susanti|Agnes|Theresia|Rosmawati'),
    male: words('Yohanes|Andreas|Rudi|Hendra|Antonius|Syarif|Herman|Aliong'),
    family: words('Iyang|Lawing|Anyeq|Tjhin|Lie|Bong|Lim|Abdullah|Usman|Djuanda|Nyarong|Tjong'),
    single: 0.1,
  },
  // South Sulawesi: Bugis and Makassar.
  bugis: {
    female: words('Andi Nurul|Hasna|Sitti|Nurhaeda|Irmawati|Hasmawati|Sukmawati|Nurbaya'),
    male: words('Andi|Muhammad|Syamsul|Ridwan|Arifin|Basri|Sudirman|Akbar'),
    family: words('Daeng|Tahir|Hamzah|Ramli|Baso|Latif|Mappa|Amir'),
    single: 0.2,
  },
  // North Sumatra: Batak given names and marga.
  batak: {
    female: words('Rosmauli|Lasmaria|Dameria|Tiurma|Rianti|Lusiana|Martha|Sartika'),
    male: words('Parlindungan|Tigor|Hotman|Binsar|Juliper|Rudolf|Marojahan|Sahat'),
    family: words('Simanjuntak|Sitorus|Nainggolan|Hutapea|Siregar|Manurung|Situmorang|Panjaitan'),
    single: 0,
  },
  malay: {
    female: words('Nurhaliza|Rahmah|Aminah|Fatimah|Zubaidah|Rosnah|Juliana|Wati|Yanti|Mariani'),
    male: words('Syahrul|Rizal|Hamdan|Azhar|Fadli|Irwan|Zulkifli|Hendri'),
    family: words('Putri|Harahap|Lubis|Nasution|Effendi|Ismail|Yusuf|Saleh'),
    single: 0.25,
  },
};

export function drawName(rng: Rng, group: NameGroup, female: boolean): string {
  const list = nameLists[group];
  let given = rng.pick(female ? list.female : list.male);
  if (list.double && rng.chance(list.double)) {
    const second = rng.pick(female ? list.female : list.male);
    if (second !== given) given = `${given} ${second}`;
  }
  if (list.titles && rng.chance(list.titles.share))
    given = `${female ? list.titles.female : list.titles.male} ${given}`;
  if (list.family.length === 0 || rng.chance(list.single)) return given;
  return `${given} ${rng.pick(list.family)}`;
}

export const phonePrefixes = words(
  '0812|0813|0821|0822|0823|0852|0853|0851|0814|0815|0856|0857|0858|0817|0818|0819|0859|0877|0878|0831|0838|0895|0896|0881',
);

export function drawPhone(rng: Rng): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  return `${rng.pick(phonePrefixes)}-${digits(4)}-${digits(rng.chance(0.6) ? 4 : 3)}`;
}
