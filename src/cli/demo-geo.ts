import { listRegions } from '../modules/reference/index.js';
import type { NameGroup } from './demo-random.js';

/** National demographics of the demo: origin provinces, their languages and names, trafficking hotspots. */
/* ---------- geography ---------- */

/** Origin provinces (Kemendagri codes): concentrated in the big sending provinces (BP2MI and police data). */
export const originProvinces: readonly (readonly [string, number])[] = [
  ['53', 22], // Nusa Tenggara Timur
  ['52', 14], // Nusa Tenggara Barat
  ['35', 13], // Jawa Timur
  ['32', 13], // Jawa Barat
  ['33', 11], // Jawa Tengah
  ['61', 8], // Kalimantan Barat
  ['12', 3], // Sumatera Utara
  ['73', 3], // Sulawesi Selatan
  ['18', 3], // Lampung
  ['36', 2], // Banten
  ['31', 2], // DKI Jakarta
  ['21', 1.5], // Kepulauan Riau
  ['16', 1], // Sumatera Selatan
  ['74', 1], // Sulawesi Tenggara
  ['65', 1], // Kalimantan Utara
  ['51', 1], // Bali
  ['34', 0.5], // DI Yogyakarta
];

export const provinceNames: Record<string, NameGroup> = {
  '53': 'ntt',
  '52': 'sasak',
  '35': 'java',
  '33': 'java',
  '34': 'java',
  '18': 'java',
  '31': 'java',
  '32': 'sunda',
  '36': 'sunda',
  '61': 'kalbar',
  '73': 'bugis',
  '74': 'bugis',
  '65': 'bugis',
  '12': 'batak',
  '21': 'malay',
  '16': 'malay',
  '51': 'java',
};

export const provinceLanguages: Record<string, string> = {
  '53': 'aoz', // Uab Meto (Dawan)
  '52': 'sas',
  '35': 'jv',
  '33': 'jv',
  '34': 'jv',
  '32': 'su',
  '36': 'su',
  '61': 'ms',
  '73': 'bug',
  '12': 'bbc',
  '51': 'ban',
};

/** Regencies known for recruitment, weighted up inside their province (by name, resolved at load). */
export const hotspots: Record<string, Record<string, number>> = {
  '53': {
    'Kabupaten Timor Tengah Selatan': 6,
    'Kabupaten Kupang': 5,
    'Kabupaten Malaka': 4,
    'Kabupaten Belu': 4,
    'Kabupaten Timor Tengah Utara': 4,
    'Kabupaten Sumba Barat Daya': 3,
    'Kota Kupang': 3,
    'Kabupaten Flores Timur': 2,
    'Kabupaten Sikka': 2,
  },
  '52': {
    'Kabupaten Lombok Timur': 6,
    'Kabupaten Lombok Tengah': 5,
    'Kabupaten Lombok Barat': 3,
    'Kabupaten Sumbawa': 2,
  },
  '32': {
    'Kabupaten Indramayu': 6,
    'Kabupaten Cianjur': 5,
    'Kabupaten Sukabumi': 5,
    'Kabupaten Karawang': 3,
    'Kabupaten Cirebon': 3,
    'Kabupaten Subang': 2,
  },
  '33': {
    'Kabupaten Cilacap': 4,
    'Kabupaten Brebes': 4,
    'Kabupaten Tegal': 4,
    'Kabupaten Pemalang': 4,
    'Kabupaten Kendal': 2,
    'Kabupaten Banyumas': 2,
  },
  '35': {
    'Kabupaten Malang': 5,
    'Kabupaten Blitar': 4,
    'Kabupaten Tulungagung': 4,
    'Kabupaten Ponorogo': 4,
    'Kabupaten Banyuwangi': 3,
    'Kabupaten Jember': 3,
  },
  '61': {
    'Kabupaten Sambas': 4,
    'Kabupaten Sanggau': 4,
    'Kota Singkawang': 4,
    'Kabupaten Bengkayang': 3,
    'Kota Pontianak': 3,
    'Kabupaten Kapuas Hulu': 2,
  },
};

export interface Geo {
  /** Regencies of each origin province with their weights. */
  regencies: Map<string, (readonly [string, number])[]>;
  /** Regency codes of transit and exploitation places in Indonesia, by key. */
  places: Record<string, string | undefined>;
}

export const placeNames = {
  batam: ['21', 'Kota Batam'],
  entikong: ['61', 'Kabupaten Sanggau'],
  nunukan: ['65', 'Kabupaten Nunukan'],
  jakarta: ['31', 'Kota Administrasi Jakarta Utara'],
  jakartaBarat: ['31', 'Kota Administrasi Jakarta Barat'],
  surabaya: ['35', 'Kota Surabaya'],
  denpasar: ['51', 'Kota Denpasar'],
  medan: ['12', 'Kota Medan'],
  kupang: ['53', 'Kota Kupang'],
  tanjungPinang: ['21', 'Kota Tanjung Pinang'],
} as const;

/** Loads the regencies of every origin province (the reference module's Kemendagri list). */
export async function loadGeo(): Promise<Geo> {
  const regencies = new Map<string, (readonly [string, number])[]>();
  const places: Record<string, string | undefined> = {};
  const byProvince = new Map<string, { code: string; name: string }[]>();
  const provinces = new Set([...originProvinces.map(([p]) => p), ...Object.values(placeNames).map(([p]) => p)]);
  for (const p of provinces) byProvince.set(p, await listRegions(p));
  for (const [p] of originProvinces) {
    const list = byProvince.get(p) ?? [];
    const weights = hotspots[p] ?? {};
    regencies.set(
      p,
      list.map((r) => [r.code, weights[r.name] ?? 1] as const),
    );
  }
  for (const [key, [p, name]] of Object.entries(placeNames)) {
    places[key] = byProvince.get(p)?.find((r) => r.name === name)?.code;
  }
  return { regencies, places };
}
