import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { TAgency } from '../modules/agencies/index.js';
import {
  assessmentRoutes,
  questionnaireDefinitions,
  REINTEGRATION_QUESTIONNAIRE,
  scoreAssessment,
} from '../modules/assessments/index.js';
import {
  type CaseStage,
  caseRoutes,
  checkOverdueResponses,
  createCase,
  minorAt,
  RISK_RESPONSE_TASK,
  type TCaseCreate,
  transitionCase,
} from '../modules/cases/index.js';
import { checkOverdueActionItems, conferenceRoutes } from '../modules/conferences/index.js';
import { consentRoutes } from '../modules/consent/index.js';
import { directoryRoutes } from '../modules/directory/index.js';
import { listRegions } from '../modules/reference/index.js';
import { checkOverdueReferrals, referralRoutes } from '../modules/referrals/index.js';
import { delphiV1, scoreScreening, screeningRoutes } from '../modules/screening/index.js';
import {
  checkOverdueServiceRequests,
  checkShelterOverstays,
  requestService,
  serviceRoutes,
  statutoryServiceTypes,
  updateServiceRequest,
} from '../modules/services/index.js';
import { insertUserWithRoles, roleDefinitions } from '../modules/users/index.js';
import type { Clock } from '../platform/clock.js';
import { type Actor, type Context, type Scope, transact } from '../platform/context.js';
import { installErrorHandling, installValidation } from '../platform/http.js';
import {
  actionItemTexts,
  closingRevokeReason,
  conferenceDecisions,
  declineReasons,
  deliveryNotes,
  demoDirectoryOffers,
  missionFor,
  referralNotes,
  revokeReasons,
  shelterExitNotes,
  withdrawalReasons,
} from './demo-referrals.js';

/*
 * Realistic demo cases. The first half of this file draws victims, journeys and case histories from
 * distributions that follow Indonesian trafficking data (origin provinces, destinations, exploitation
 * types, names); `pulih demo` (synthetic.ts) reuses it. The second half plays case histories through the
 * module services, in time order, with the demo users of the right agencies acting.
 */

export const DAY = 86_400_000;
const HOUR = 3_600_000;

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

const words = (list: string) => list.split('|');

type NameGroup = 'ntt' | 'sasak' | 'java' | 'sunda' | 'kalbar' | 'bugis' | 'batak' | 'malay';

interface NameList {
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

const nameLists: Record<NameGroup, NameList> = {
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

const phonePrefixes = words(
  '0812|0813|0821|0822|0823|0852|0853|0851|0814|0815|0856|0857|0858|0817|0818|0819|0859|0877|0878|0831|0838|0895|0896|0881',
);

export function drawPhone(rng: Rng): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  return `${rng.pick(phonePrefixes)}-${digits(4)}-${digits(rng.chance(0.6) ? 4 : 3)}`;
}

/* ---------- geography ---------- */

/** Origin provinces (Kemendagri codes): concentrated in the big sending provinces (BP2MI and police data). */
const originProvinces: readonly (readonly [string, number])[] = [
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

const provinceNames: Record<string, NameGroup> = {
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

const provinceLanguages: Record<string, string> = {
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
const hotspots: Record<string, Record<string, number>> = {
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

const placeNames = {
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

/* ---------- exploitation patterns ---------- */

type Weighted<T = string> = readonly (readonly [T, number])[];

interface Destination {
  country: string;
  city: string;
  /** Indonesian regency code for domestic destinations. */
  place?: string;
}

interface Scenario {
  key: string;
  weight: number;
  /** Province multipliers (default 1). */
  origin?: Record<string, number>;
  /** Multiplier by intake year (e.g. online scam compounds rose from 2021). */
  years?: Record<number, number>;
  female: number;
  child: number;
  destinations: Weighted<Destination>;
  exploitation: Weighted<readonly string[]>;
  industry?: Weighted;
  sexTypes?: Weighted;
  control: Weighted;
  recruitment: Weighted;
  websites?: Weighted;
  referral: Weighted;
  /** Transit points on the way (keys of Geo.places). */
  transit?: Weighted<string | null>;
  months: readonly [number, number];
  summary: (city: string, regency: string) => string;
}

const abroadReferral: Weighted = [
  ['mission_abroad', 4],
  ['bp2mi', 3],
  ['family', 2],
  ['iom', 1],
  ['police', 1],
  ['ngo', 1],
];

const scenarios: Scenario[] = [
  {
    key: 'domestic_work_malaysia',
    weight: 15,
    origin: { '53': 2, '52': 1.8, '35': 1.3, '61': 1.5, '73': 1.3 },
    female: 0.97,
    child: 0.3,
    destinations: [
      [{ country: 'MY', city: 'Kuala Lumpur' }, 4],
      [{ country: 'MY', city: 'Johor Bahru' }, 2],
      [{ country: 'MY', city: 'Penang' }, 1],
      [{ country: 'MY', city: 'Kuching' }, 1],
    ],
    exploitation: [
      [['ForcedLabour'], 7],
      [['ForcedLabour', 'Servitude'], 3],
    ],
    industry: [['T_ActivitiesOfHouseholdsAsEmployers', 1]],
    control: [
      ['WithholdsDocuments', 0.8],
      ['TakesEarnings', 0.6],
      ['ExcessiveWorkingHours', 0.7],
      ['RestrictsFinancialAccess', 0.4],
      ['PhysicalAbuse', 0.3],
      ['PsychologicalAbuse', 0.4],
      ['WithholdsNecessities', 0.2],
    ],
    recruitment: [
      ['ThroughFamilyOrFamilyEvents', 3],
      ['ThroughFriendsOrSocialEvents', 4],
      ['AtAPlaceOfBusiness', 1],
    ],
    referral: abroadReferral,
    transit: [
      ['entikong', 3],
      ['batam', 3],
      ['nunukan', 1],
      [null, 2],
    ],
    months: [3, 48],
    summary: (city, regency) =>
      `Direkrut calo dari ${regency} untuk bekerja sebagai pekerja rumah tangga di ${city} tanpa dokumen resmi; paspor ditahan majikan dan gaji tidak dibayar berbulan-bulan.`,
  },
  {
    key: 'plantation_malaysia',
    weight: 13,
    origin: { '53': 2.5, '52': 2, '73': 2.5, '74': 2, '61': 1.5, '65': 2 },
    female: 0.2,
    child: 0.2,
    destinations: [
      [{ country: 'MY', city: 'Tawau, Sabah' }, 4],
      [{ country: 'MY', city: 'Sandakan, Sabah' }, 2],
      [{ country: 'MY', city: 'Miri, Sarawak' }, 2],
    ],
    exploitation: [[['ForcedLabour'], 1]],
    industry: [['A_AgricultureForestryAndFishing', 1]],
    control: [
      ['DebtBondage', 0.7],
      ['WithholdsDocuments', 0.8],
      ['ExcessiveWorkingHours', 0.6],
      ['ThreatsLawEnforcement', 0.5],
      ['TakesEarnings', 0.4],
      ['RestrictsMedicalCare', 0.2],
    ],
    recruitment: [
      ['ThroughFriendsOrSocialEvents', 4],
      ['ThroughFamilyOrFamilyEvents', 2],
      ['AtWork', 1],
    ],
    referral: abroadReferral,
    transit: [
      ['nunukan', 5],
      ['entikong', 2],
      [null, 1],
    ],
    months: [6, 60],
    summary: (city, regency) =>
      `Pekerja perkebunan sawit dari ${regency} di ${city}; dijerat utang biaya keberangkatan, dokumen ditahan, diancam dilaporkan ke polisi imigrasi.`,
  },
  {
    key: 'construction_malaysia',
    weight: 5,
    origin: { '52': 2, '35': 1.5, '33': 1.5 },
    female: 0.1,
    child: 0.05,
    destinations: [
      [{ country: 'MY', city: 'Kuala Lumpur' }, 3],
      [{ country: 'MY', city: 'Johor Bahru' }, 2],
    ],
    exploitation: [[['ForcedLabour'], 1]],
    industry: [['F_Construction', 1]],
    control: [
      ['WithholdsDocuments', 0.7],
      ['TakesEarnings', 0.6],
      ['DebtBondage', 0.5],
      ['ThreatsLawEnforcement', 0.4],
    ],
    recruitment: [
      ['ThroughFriendsOrSocialEvents', 3],
      ['AtAPlaceOfBusiness', 1],
    ],
    referral: abroadReferral,
    transit: [
      ['batam', 3],
      ['tanjungPinang', 1],
      [null, 2],
    ],
    months: [3, 36],
    summary: (city, regency) =>
      `Buruh bangunan asal ${regency} di ${city}; upah dipotong untuk utang kepada agen, paspor disimpan mandor.`,
  },
  {
    key: 'domestic_work_middle_east',
    weight: 10,
    origin: { '32': 2.5, '36': 2.5, '52': 2, '33': 1.5, '35': 1.2 },
    female: 1,
    child: 0.03,
    destinations: [
      [{ country: 'SA', city: 'Riyadh' }, 3],
      [{ country: 'SA', city: 'Jeddah' }, 2],
      [{ country: 'AE', city: 'Dubai' }, 2],
      [{ country: 'AE', city: 'Abu Dhabi' }, 1],
      [{ country: 'QA', city: 'Doha' }, 1],
    ],
    exploitation: [
      [['ForcedLabour'], 6],
      [['ForcedLabour', 'Servitude'], 3],
      [['ForcedLabour', 'SexualExploitation'], 1],
    ],
    industry: [['T_ActivitiesOfHouseholdsAsEmployers', 1]],
    sexTypes: [['PrivateSexualServices', 1]],
    control: [
      ['WithholdsDocuments', 0.9],
      ['ExcessiveWorkingHours', 0.8],
      ['TakesEarnings', 0.5],
      ['PhysicalAbuse', 0.35],
      ['SexualAbuse', 0.15],
      ['WithholdsNecessities', 0.3],
      ['PsychologicalAbuse', 0.5],
    ],
    recruitment: [
      ['ThroughFriendsOrSocialEvents', 3],
      ['ThroughFamilyOrFamilyEvents', 2],
      ['AtAPlaceOfBusiness', 2],
    ],
    referral: abroadReferral,
    transit: [
      ['jakarta', 4],
      [null, 1],
    ],
    months: [6, 72],
    summary: (city, regency) =>
      `Berangkat dari ${regency} melalui sponsor non-prosedural saat moratorium; bekerja sebagai PRT di ${city} tanpa hari libur dan dilarang berkomunikasi dengan keluarga.`,
  },
  {
    key: 'domestic_work_east_asia',
    weight: 5,
    origin: { '35': 2.5, '33': 2, '34': 1.5, '18': 1.5 },
    female: 0.98,
    child: 0.02,
    destinations: [
      [{ country: 'HK', city: 'Hong Kong' }, 3],
      [{ country: 'TW', city: 'Taipei' }, 2],
      [{ country: 'SG', city: 'Singapura' }, 2],
    ],
    exploitation: [[['ForcedLabour'], 1]],
    industry: [
      ['T_ActivitiesOfHouseholdsAsEmployers', 4],
      ['Q_HumanHealthAndSocialWorkActivities', 1],
    ],
    control: [
      ['DebtBondage', 0.8],
      ['TakesEarnings', 0.6],
      ['WithholdsDocuments', 0.5],
      ['ExcessiveWorkingHours', 0.6],
    ],
    recruitment: [
      ['AtAPlaceOfBusiness', 3],
      ['ThroughAnOnlineAdvertisement', 1],
      ['ThroughFriendsOrSocialEvents', 2],
    ],
    referral: abroadReferral,
    transit: [[null, 1]],
    months: [6, 48],
    summary: (city, regency) =>
      `Pekerja migran asal ${regency} di ${city}; biaya penempatan berlebihan dipotong dari gaji selama berbulan-bulan (jeratan utang).`,
  },
  {
    key: 'fishing_vessel',
    weight: 10,
    origin: { '33': 3, '32': 1.5, '12': 2, '53': 1.2, '73': 1.5 },
    female: 0,
    child: 0.15,
    destinations: [
      [{ country: 'TW', city: 'Kapal ikan berbendera Taiwan (Kaohsiung)' }, 4],
      [{ country: 'CN', city: 'Kapal ikan berbendera Tiongkok' }, 3],
      [{ country: 'KR', city: 'Kapal ikan berbendera Korea (Busan)' }, 1],
      [{ country: 'MU', city: 'Port Louis (transshipment)' }, 1],
    ],
    exploitation: [[['ForcedLabour'], 1]],
    industry: [['A_AgricultureForestryAndFishing', 1]],
    control: [
      ['ExcessiveWorkingHours', 0.9],
      ['PhysicalAbuse', 0.6],
      ['WithholdsDocuments', 0.8],
      ['TakesEarnings', 0.7],
      ['DebtBondage', 0.5],
      ['WithholdsNecessities', 0.5],
      ['RestrictsMedicalCare', 0.4],
    ],
    recruitment: [
      ['AtAPlaceOfBusiness', 3],
      ['ThroughFriendsOrSocialEvents', 3],
      ['ThroughAnOnlineAdvertisement', 1],
    ],
    referral: [
      ['mission_abroad', 3],
      ['ngo', 2],
      ['family', 2],
      ['police', 1],
      ['bp2mi', 1],
    ],
    transit: [
      ['jakarta', 2],
      [null, 2],
    ],
    months: [6, 30],
    summary: (city, regency) =>
      `Anak buah kapal asal ${regency} di ${city}; bekerja 18–20 jam sehari, dipukul, gaji ditahan agen awak kapal.`,
  },
  {
    // Online scam compounds: forced criminality classed as forced labour in information and communication
    // (HTCDS J) or administrative support (N) work.
    key: 'online_scam',
    weight: 14,
    origin: { '32': 1.6, '12': 2, '35': 1.3, '31': 2, '73': 1.2, '36': 1.5, '53': 0.4, '52': 0.6 },
    years: { 2019: 0, 2020: 0.1, 2021: 0.4, 2022: 1.3, 2023: 1.7, 2024: 1.6, 2025: 1.2, 2026: 1 },
    female: 0.25,
    child: 0.06,
    destinations: [
      [{ country: 'KH', city: 'Sihanoukville' }, 4],
      [{ country: 'KH', city: 'Phnom Penh' }, 1],
      [{ country: 'MM', city: 'Myawaddy' }, 3],
      [{ country: 'LA', city: 'Kawasan Ekonomi Khusus Segitiga Emas' }, 1],
      [{ country: 'PH', city: 'Manila' }, 1],
    ],
    exploitation: [[['ForcedLabour'], 1]],
    industry: [
      ['J_InformationAndCommunication', 7],
      ['N_AdministrativeAndSupportServiceActivities', 3],
    ],
    control: [
      ['DebtBondage', 0.7],
      ['WithholdsDocuments', 0.85],
      ['PhysicalAbuse', 0.5],
      ['PhysicalThreats', 0.7],
      ['TakesEarnings', 0.5],
      ['FalsePromises', 0.9],
      ['ExcessiveWorkingHours', 0.6],
    ],
    recruitment: [
      ['ThroughAnOnlineAdvertisement', 5],
      ['ThroughOnlineSocialNetworks', 4],
      ['ThroughFriendsOrSocialEvents', 2],
    ],
    websites: [
      ['Facebook', 0.6],
      ['Telegram', 0.5],
      ['Instagram', 0.3],
      ['TikTok', 0.2],
      ['WhatsApp', 0.5],
    ],
    referral: [
      ['mission_abroad', 5],
      ['family', 2],
      ['police', 2],
      ['iom', 1],
    ],
    transit: [
      ['jakarta', 2],
      ['batam', 1],
      [null, 2],
    ],
    months: [1, 12],
    summary: (city, regency) =>
      `Tergiur lowongan kerja "customer service" bergaji tinggi di media sosial; dari ${regency} dibawa ke kompleks penipuan daring di ${city}, dipaksa menipu korban, dipukul bila tidak memenuhi target.`,
  },
  {
    key: 'sexual_exploitation_domestic',
    weight: 16,
    origin: { '32': 2, '53': 1.3, '33': 1.2, '35': 1.2, '31': 1.5, '18': 1.5 },
    female: 0.97,
    child: 0.72,
    destinations: [
      [{ country: 'ID', city: 'Batam', place: 'batam' }, 4],
      [{ country: 'ID', city: 'Jakarta', place: 'jakartaBarat' }, 3],
      [{ country: 'ID', city: 'Surabaya', place: 'surabaya' }, 1],
      [{ country: 'ID', city: 'Denpasar', place: 'denpasar' }, 1],
      [{ country: 'ID', city: 'Kupang', place: 'kupang' }, 1],
    ],
    exploitation: [[['SexualExploitation'], 1]],
    sexTypes: [
      ['Prostitution', 6],
      ['RemoteInteractiveServices', 2],
      ['Pornography', 1],
    ],
    control: [
      ['DebtBondage', 0.6],
      ['PsychoactiveSubstance', 0.2],
      ['PhysicalThreats', 0.4],
      ['SexualAbuse', 0.5],
      ['FalsePromises', 0.7],
      ['ThreatensChildrenFamily', 0.3],
    ],
    recruitment: [
      ['ThroughOnlineSocialNetworks', 4],
      ['ThroughFriendsOrSocialEvents', 4],
      ['ThroughFamilyOrFamilyEvents', 1],
    ],
    websites: [
      ['Facebook', 0.5],
      ['WhatsApp', 0.5],
      ['Instagram', 0.3],
      ['Other', 0.4],
    ],
    referral: [
      ['police', 5],
      ['hotline', 2],
      ['community', 2],
      ['ngo', 2],
      ['family', 1],
    ],
    transit: [[null, 1]],
    months: [1, 18],
    summary: (city, regency) =>
      `Dijanjikan pekerjaan sebagai pelayan kafe; dari ${regency} dibawa ke ${city} dan dieksploitasi secara seksual, dijerat utang "biaya kos" dan ditemukan saat operasi kepolisian.`,
  },
  {
    key: 'sexual_exploitation_abroad',
    weight: 3,
    origin: { '61': 2, '21': 2, '32': 1.5 },
    female: 1,
    child: 0.3,
    destinations: [
      [{ country: 'MY', city: 'Kuala Lumpur' }, 3],
      [{ country: 'SG', city: 'Singapura' }, 1],
      [{ country: 'JP', city: 'Tokyo' }, 1],
    ],
    exploitation: [[['SexualExploitation'], 1]],
    sexTypes: [
      ['Prostitution', 4],
      ['PrivateSexualServices', 1],
    ],
    control: [
      ['DebtBondage', 0.7],
      ['WithholdsDocuments', 0.8],
      ['SexualAbuse', 0.5],
      ['PhysicalThreats', 0.4],
      ['FalsePromises', 0.8],
    ],
    recruitment: [
      ['ThroughFriendsOrSocialEvents', 3],
      ['ThroughOnlineSocialNetworks', 2],
    ],
    websites: [
      ['Facebook', 0.5],
      ['WhatsApp', 0.6],
    ],
    referral: abroadReferral,
    transit: [
      ['batam', 3],
      ['entikong', 2],
      [null, 1],
    ],
    months: [1, 18],
    summary: (city, regency) =>
      `Dari ${regency} diberangkatkan ke ${city} dengan janji bekerja di restoran; dipaksa melayani tamu dan paspor ditahan untuk membayar "utang" perjalanan.`,
  },
  {
    key: 'domestic_work_indonesia',
    weight: 7,
    origin: { '53': 2, '32': 1.5, '33': 1.5, '52': 1.2 },
    female: 0.92,
    child: 0.55,
    destinations: [
      [{ country: 'ID', city: 'Jakarta', place: 'jakarta' }, 5],
      [{ country: 'ID', city: 'Surabaya', place: 'surabaya' }, 2],
      [{ country: 'ID', city: 'Medan', place: 'medan' }, 1],
    ],
    exploitation: [
      [['ForcedLabour'], 5],
      [['ForcedLabour', 'ChildLabour'], 3],
    ],
    industry: [['T_ActivitiesOfHouseholdsAsEmployers', 1]],
    control: [
      ['TakesEarnings', 0.6],
      ['ExcessiveWorkingHours', 0.8],
      ['PhysicalAbuse', 0.35],
      ['PsychologicalAbuse', 0.5],
      ['WithholdsNecessities', 0.3],
    ],
    recruitment: [
      ['ThroughFamilyOrFamilyEvents', 3],
      ['ThroughFriendsOrSocialEvents', 3],
      ['AtAPlaceOfBusiness', 1],
    ],
    referral: [
      ['hotline', 3],
      ['community', 3],
      ['police', 2],
      ['family', 2],
      ['ngo', 1],
    ],
    transit: [[null, 1]],
    months: [3, 36],
    summary: (city, regency) =>
      `Dibawa penyalur dari ${regency} untuk bekerja sebagai PRT di ${city}; gaji tidak dibayar, tidak boleh keluar rumah, mengalami kekerasan fisik.`,
  },
  {
    // "Pengantin pesanan": brokered marriages to men in China, recruited mostly in West Kalimantan and West Java.
    key: 'forced_marriage_china',
    weight: 3,
    origin: { '61': 8, '32': 3, '53': 0.3, '52': 0.3, '33': 0.5, '35': 0.5 },
    years: { 2019: 1.6, 2020: 1, 2021: 0.6, 2022: 0.8, 2023: 0.8, 2024: 0.7, 2025: 0.6, 2026: 0.6 },
    female: 1,
    child: 0.3,
    destinations: [
      [{ country: 'CN', city: 'Hebei' }, 2],
      [{ country: 'CN', city: 'Shandong' }, 1],
      [{ country: 'CN', city: 'Henan' }, 1],
    ],
    exploitation: [
      [['ForcedMarriage'], 3],
      [['ForcedMarriage', 'SexualExploitation'], 1],
      [['ForcedMarriage', 'ForcedLabour'], 1],
    ],
    industry: [['T_ActivitiesOfHouseholdsAsEmployers', 1]],
    sexTypes: [['PrivateSexualServices', 1]],
    control: [
      ['FalsePromises', 0.9],
      ['WithholdsDocuments', 0.7],
      ['PsychologicalAbuse', 0.5],
      ['SexualAbuse', 0.4],
      ['RestrictsFinancialAccess', 0.5],
    ],
    recruitment: [
      ['ThroughFamilyOrFamilyEvents', 3],
      ['ThroughFriendsOrSocialEvents', 2],
      ['ThroughOnlineSocialNetworks', 1],
    ],
    referral: [
      ['mission_abroad', 4],
      ['family', 3],
      ['ngo', 1],
    ],
    transit: [
      ['jakarta', 2],
      [null, 1],
    ],
    months: [6, 36],
    summary: (city, regency) =>
      `Dijodohkan oleh mak comblang dari ${regency} dengan laki-laki di ${city} dengan janji hidup sejahtera; dikurung dan dipaksa bekerja tanpa upah oleh keluarga suami.`,
  },
];

const vulnerabilities: Weighted = [
  ['Poverty', 0.8],
  ['Education', 0.4],
  ['Migration', 0.35],
  ['AbuseSocialMedia', 0.1],
  ['Discrimination', 0.05],
  ['DisabilityAndPhysicalHealth', 0.04],
  ['MentalHealth', 0.04],
  ['Homelessness', 0.03],
  ['Addiction', 0.02],
];

const educationAdult: Weighted = [
  ['PrimaryEducation', 4],
  ['LowerSecondaryEducation', 4],
  ['UpperSecondaryEducation', 3],
  ['ShortCycleTertiaryEducation', 0.4],
  ['BachelorsOrEquivalentLevel', 0.6],
];

/** A victim as met at intake: profile, identity, journey and what happened. */
export interface Victim {
  scenario: string;
  female: boolean;
  sex: 'Feminine' | 'Masculine';
  fullName: string;
  phone: string | null;
  birthYear: number;
  ageWhenTrafficked: number;
  isChild: boolean;
  provinceCode: string;
  regionCode: string;
  regionName: string;
  languages: string[];
  education: string | null;
  maritalStatus: string;
  destination: Destination;
  abroad: boolean;
  exploitationTypes: string[];
  forcedLabourIndustry: string | null;
  sexExploitationTypes: string[];
  methodsOfControl: string[];
  recruitmentMethods: string[];
  recruitmentWebsites: string[];
  exploitationWebsites: string[];
  vulnerabilities: string[];
  relationshipToTrafficker: string;
  referralSource: string;
  riskLevel: 'low' | 'medium' | 'high';
  events: {
    type: string;
    countryCode: string;
    regionCode?: string;
    city?: string;
    startedOn: string;
    endedOn?: string;
  }[];
  summary: string;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The calendar year in WIB (UTC+7), as case numbers count them. */
export const wibYear = (ms: number) => new Date(ms + 7 * HOUR).getUTCFullYear();

/** Scenario weights per origin province and intake year, cached (drawing a million victims stays cheap). */
const scenarioTables = new Map<string, Weighted<Scenario>>();
function scenariosFor(province: string, year: number): Weighted<Scenario> {
  const key = `${province}|${year}`;
  let table = scenarioTables.get(key);
  if (!table) {
    table = scenarios.map((s) => [s, s.weight * (s.origin?.[province] ?? 1) * (s.years?.[year] ?? 1)] as const);
    scenarioTables.set(key, table);
  }
  return table;
}

/** Draws one victim whose intake is at `intakeAt` (ms). */
export function drawVictim(rng: Rng, geo: Geo, intakeAt: number): Victim {
  const provinceCode = rng.weighted(originProvinces);
  const regencies = geo.regencies.get(provinceCode) ?? [];
  const regionCode = regencies.length > 0 ? rng.weighted(regencies) : provinceCode;
  const year = wibYear(intakeAt);
  const s = rng.weighted(scenariosFor(provinceCode, year));
  const female = rng.chance(s.female);
  const isChild = rng.chance(s.child);
  const ageWhenTrafficked = isChild ? rng.weighted(childAges) : adultAge(rng);
  const months = Math.round(rng.between(s.months[0], s.months[1]) * (isChild ? 0.6 : 1));
  const exploitedFrom = intakeAt - Math.max(1, months) * 30 * DAY - rng.int(1, 20) * DAY;
  const recruitedAt = exploitedFrom - rng.int(3, 45) * DAY;
  const birthYear = new Date(recruitedAt).getUTCFullYear() - ageWhenTrafficked - (rng.chance(0.5) ? 1 : 0);
  const destination = rng.weighted(s.destinations);
  const abroad = destination.country !== 'ID';
  const city = destination.city;
  const exploitationTypes = [...rng.weighted(s.exploitation)];
  if (isChild && ageWhenTrafficked < 15 && exploitationTypes.includes('ForcedLabour'))
    exploitationTypes.push('ChildLabour');
  const uniqueTypes = [...new Set(exploitationTypes)];
  const forcedLabour = uniqueTypes.includes('ForcedLabour') || uniqueTypes.includes('ForcedMarriage');
  const sexual = uniqueTypes.includes('SexualExploitation');
  const transitKey = s.transit ? rng.weighted(s.transit) : null;
  const transitCode = transitKey ? geo.places[transitKey] : undefined;
  const regionName = regionNames.get(regionCode) ?? regionCode;
  const events: Victim['events'] = [
    { type: 'Recruitment', countryCode: 'ID', regionCode, startedOn: isoDate(recruitedAt) },
  ];
  if (transitCode && transitCode !== regionCode) {
    events.push({
      type: 'Transit',
      countryCode: 'ID',
      regionCode: transitCode,
      city: transitLabel[transitKey!] ?? undefined,
      startedOn: isoDate(recruitedAt + rng.int(1, 10) * DAY),
    });
  }
  const place = destination.place ? geo.places[destination.place] : undefined;
  events.push({
    type: 'Exploitation',
    countryCode: destination.country,
    ...(place ? { regionCode: place } : {}),
    city,
    startedOn: isoDate(exploitedFrom),
    endedOn: isoDate(intakeAt - rng.int(1, 14) * DAY),
  });
  const online = s.websites !== undefined;
  const recruitmentWebsites = online ? rng.subset(s.websites!, 1) : [];
  const highRisk = isChild || sexual || (s.key === 'online_scam' && rng.chance(0.5));
  return {
    scenario: s.key,
    female,
    sex: female ? 'Feminine' : 'Masculine',
    fullName: drawName(rng, provinceNames[provinceCode] ?? 'malay', female),
    phone: rng.chance(isChild ? 0.5 : 0.8) ? drawPhone(rng) : null,
    birthYear,
    ageWhenTrafficked,
    isChild,
    provinceCode,
    regionCode,
    regionName,
    languages: provinceLanguages[provinceCode] && rng.chance(0.6) ? ['id', provinceLanguages[provinceCode]] : ['id'],
    education: isChild
      ? rng.weighted([
          ['PrimaryEducation', 3],
          ['LowerSecondaryEducation', 2],
        ] as const)
      : rng.chance(0.85)
        ? rng.weighted(educationAdult)
        : null,
    maritalStatus: isChild
      ? 'Single'
      : rng.weighted([
          ['Single', 4],
          ['Married', 4],
          ['Divorced', 1],
          ['Widowed', 0.3],
        ] as const),
    destination,
    abroad,
    exploitationTypes: uniqueTypes,
    forcedLabourIndustry: forcedLabour && s.industry ? rng.weighted(s.industry) : null,
    sexExploitationTypes: sexual && s.sexTypes ? [rng.weighted(s.sexTypes)] : [],
    methodsOfControl: rng.subset(s.control, 1),
    recruitmentMethods: [rng.weighted(s.recruitment)],
    recruitmentWebsites,
    exploitationWebsites: sexual && online && rng.chance(0.4) ? recruitmentWebsites.slice(0, 1) : [],
    vulnerabilities: rng.subset(abroad ? vulnerabilities : vulnerabilities.filter(([v]) => v !== 'Migration'), 1),
    relationshipToTrafficker: online
      ? rng.weighted([
          ['Unaquainted', 6],
          ['Acquainted', 3],
          ['Familial', 1],
        ] as const)
      : rng.weighted([
          ['Acquainted', 6],
          ['Familial', 2],
          ['Unaquainted', 2],
        ] as const),
    referralSource: rng.weighted(s.referral),
    riskLevel: highRisk ? (rng.chance(0.7) ? 'high' : 'medium') : rng.chance(0.6) ? 'medium' : 'low',
    events,
    summary: s.summary(city, regionName),
  };
}

const childAges: Weighted<number> = [
  [12, 0.5],
  [13, 1],
  [14, 2],
  [15, 3],
  [16, 4],
  [17, 4],
];
function adultAge(rng: Rng): number {
  // Mostly young adults: 18–30, fewer up to 50.
  return rng.chance(0.75) ? rng.int(18, 30) : rng.int(31, 50);
}

const transitLabel: Record<string, string> = {
  batam: 'Batam',
  entikong: 'Entikong',
  nunukan: 'Nunukan',
  jakarta: 'Jakarta',
  tanjungPinang: 'Tanjung Pinang',
};

const regionNames = new Map<string, string>();
/** Fills the display names of regencies used in summaries (once). */
async function loadRegionNames(geo: Geo): Promise<void> {
  if (regionNames.size > 0) return;
  for (const province of geo.regencies.keys()) {
    for (const r of await listRegions(province)) regionNames.set(r.code, r.name.replace(/^Kabupaten /, 'Kab. '));
  }
}

/** Geography with region names for summaries. */
export async function loadGeoWithNames(): Promise<Geo> {
  const geo = await loadGeo();
  await loadRegionNames(geo);
  return geo;
}

/* ---------- screening and questionnaire answers ---------- */

export interface ScreeningAnswers {
  answers: Record<string, boolean>;
  acts: string[];
}

/** Indicator answers that make the Delphi tool recommend as wanted (victim or not), checked with its own scoring. */
export function drawScreeningAnswers(rng: Rng, victim: boolean, isChild: boolean): ScreeningAnswers {
  const dims = new Map(delphiV1.dimensions.map((d) => [d.id, d]));
  const answers: Record<string, boolean> = {};
  const mark = (dimId: number, strong: number, medium: number) => {
    const d = dims.get(dimId);
    if (!d) return;
    const s = d.indicators.filter((i) => i.weight === 'S');
    const m = d.indicators.filter((i) => i.weight !== 'S');
    for (let k = 0; k < strong && k < s.length; k++) answers[rng.pick(s).id] = true;
    for (let k = 0; k < medium && k < m.length; k++) answers[rng.pick(m).id] = true;
  };
  const acts = delphiV1.acts.map((a) => a.id);
  if (victim) {
    mark(rng.pick([1, 2, 3]), 1, 3);
    mark(4, 1, 2);
    mark(rng.pick([5, 6]), 1, 3);
    mark(rng.pick([2, 3, 6]), 0, 2);
  } else {
    mark(3, 0, 1);
    if (rng.chance(0.5)) mark(4, 0, 1);
  }
  const chosenActs = victim
    ? rng.subset(
        acts.map((a, i) => [a, i < 2 ? 0.9 : 0.4] as const),
        1,
      )
    : [];
  const check = scoreScreening(delphiV1, { answers, acts: chosenActs, isChild });
  if (check.presumedVictim !== victim) {
    // Fall back to an unambiguous answer sheet.
    const all: Record<string, boolean> = {};
    if (victim) for (const id of [1, 4, 5]) for (const i of dims.get(id)?.indicators ?? []) all[i.id] = true;
    return { answers: all, acts: victim ? acts.slice(0, 2) : [] };
  }
  return { answers, acts: chosenActs };
}

type QuestionnaireDef = (typeof questionnaireDefinitions)[number];

export function questionnaire(key: string): QuestionnaireDef {
  const def = questionnaireDefinitions.find((q) => q.key === key);
  if (!def) throw new Error(`questionnaire ${key} missing`);
  return def;
}

/**
 * Answers whose scores sit near `level` (0–1 in the questionnaire's own terms: wellbeing for the
 * reintegration survey, need or risk for the others), with some noise.
 */
export function drawAnswers(rng: Rng, def: QuestionnaireDef, level: number, noise = 0.2) {
  const scales = new Map(def.scales.map((s) => [s.id, s]));
  const answers: Record<string, number | string | null> = {};
  for (const q of def.questions) {
    if (q.optional && rng.chance(0.3)) continue;
    const options = scales.get(q.scale)?.options ?? [];
    const target = Math.min(1, Math.max(0, level + rng.between(-noise, noise)));
    let best = options[0];
    let bestGap = Number.POSITIVE_INFINITY;
    for (const o of options) {
      const score = q.reverse ? 1 - o.score : o.score;
      const gap = Math.abs(score - target);
      if (gap < bestGap) {
        best = o;
        bestGap = gap;
      }
    }
    if (best) answers[q.id] = best.value;
  }
  return answers;
}

/** Reintegration survey answers that meet (or miss) IOM's sustainability threshold, as asked. */
export function drawReintegrationAnswers(rng: Rng, level: number, sustainable?: boolean) {
  const def = questionnaire(REINTEGRATION_QUESTIONNAIRE);
  for (let attempt = 0; attempt < 20; attempt++) {
    const answers = drawAnswers(rng, def, attempt > 10 ? (sustainable ? 1 : 0.3) : level, 0.15);
    const scores = scoreAssessment(def, answers);
    if (sustainable === undefined || scores.sustainable === sustainable) return { answers, scores };
  }
  const answers = drawAnswers(rng, def, sustainable ? 1 : 0, 0);
  return { answers, scores: scoreAssessment(def, answers) };
}

/* ---------- case histories ---------- */

/** When each step of a case happened (ms), up to the stage the case has reached. */
export interface History {
  stage: CaseStage;
  intakeAt: number;
  screeningAt?: number;
  decidedAt?: number;
  approvedAt?: number;
  /** Decision approved: identified (victim) or not_victim. */
  victim: boolean;
  protectionAt?: number;
  repatriationAt?: number;
  reintegrationAt?: number;
  baselineAt?: number;
  followUps: { month: 3 | 6 | 12; at: number }[];
  followUpStageAt?: number;
  closeRequestedAt?: number;
  closedAt?: number;
  closureReason?: string;
  closureFrom?: CaseStage;
}

const closureReasonsOther: Weighted = [
  ['lost_contact', 4],
  ['transferred', 3],
  ['moved_away', 2],
  ['declined_services', 2],
  ['deceased', 0.2],
  ['other', 0.5],
];

/**
 * Plans every milestone of a case from its intake, then keeps the part that lies before `until`.
 * `target` is the stage the case should reach (it stops earlier when time runs out).
 */
export function planHistory(
  rng: Rng,
  intakeAt: number,
  target: CaseStage,
  until: number,
  options: { abroad: boolean; closeAsNotVictim?: boolean },
): History {
  const h: History = { stage: 'intake', intakeAt, victim: true, followUps: [] };
  const fits = (t: number) => t < until;
  const d = (lo: number, hi: number) => Math.round(rng.between(lo, hi) * DAY);
  const notVictimPath = target === 'not_victim' || (target === 'closed' && options.closeAsNotVictim === true);
  if (target === 'intake') return h;
  const screeningAt = intakeAt + d(0.1, 3);
  if (!fits(screeningAt)) return h;
  Object.assign(h, { stage: 'screening', screeningAt });
  const decidedAt = screeningAt + d(0.3, 3);
  const approvedAt = decidedAt + d(0.1, 2);
  if (target === 'screening') {
    if (rng.chance(0.4) && fits(decidedAt)) h.decidedAt = decidedAt;
    return h;
  }
  if (!fits(approvedAt)) return h;
  Object.assign(h, {
    decidedAt,
    approvedAt,
    victim: !notVictimPath,
    stage: notVictimPath ? 'not_victim' : 'identified',
  });
  if (notVictimPath) {
    if (target !== 'closed') return h;
    const closeRequestedAt = approvedAt + d(1, 20);
    const closedAt = closeRequestedAt + d(0.2, 5);
    if (!fits(closedAt)) return h;
    return {
      ...h,
      stage: 'closed',
      closeRequestedAt,
      closedAt,
      closureReason: 'not_victim',
      closureFrom: 'not_victim',
    };
  }
  if (target === 'identified') return h;
  const protectionAt = approvedAt + d(0.05, 2);
  if (!fits(protectionAt)) return h;
  Object.assign(h, { stage: 'protection', protectionAt });
  if (target === 'protection') return h;
  const early = target === 'closed' && rng.chance(0.2); // closed before reintegration (transfer, lost contact, ...)
  if (early) return closeNow(h, protectionAt + d(10, 60), fits, rng, d);
  let at = protectionAt;
  if (target === 'repatriation' || (options.abroad ? rng.chance(0.85) : rng.chance(0.35))) {
    const repatriationAt = protectionAt + d(5, 30);
    if (!fits(repatriationAt)) return h;
    Object.assign(h, { stage: 'repatriation', repatriationAt });
    at = repatriationAt;
  }
  if (target === 'repatriation') return h;
  const reintegrationAt = at + d(7, 45);
  if (!fits(reintegrationAt)) return h;
  Object.assign(h, { stage: 'reintegration', reintegrationAt, baselineAt: reintegrationAt + d(0.1, 5) });
  if (!fits(h.baselineAt!)) h.baselineAt = undefined;
  if (target === 'reintegration' || !h.baselineAt) return h;
  const baseline = h.baselineAt;
  const fu3 = baseline + d(88, 100);
  if (!fits(fu3)) return h;
  h.followUps.push({ month: 3, at: fu3 });
  const followUpStageAt = fu3 + d(0.1, 3);
  if (!fits(followUpStageAt)) return h;
  Object.assign(h, { stage: 'follow_up', followUpStageAt });
  const fu6 = baseline + d(178, 192);
  if (fits(fu6)) h.followUps.push({ month: 6, at: fu6 });
  if (target === 'follow_up') {
    const fu12 = baseline + d(360, 375);
    if (fits(fu12) && rng.chance(0.5)) h.followUps.push({ month: 12, at: fu12 });
    return h;
  }
  // Closed: after the 12-month survey says sustainably reintegrated, or for another reason earlier.
  if (rng.chance(0.82)) {
    const fu12 = baseline + d(360, 375);
    const closeRequestedAt = fu12 + d(1, 20);
    const closedAt = closeRequestedAt + d(0.2, 5);
    if (!fits(closedAt)) return h;
    h.followUps = h.followUps.filter((f) => f.month !== 12 && f.at < fu12);
    h.followUps.push({ month: 12, at: fu12 });
    return {
      ...h,
      stage: 'closed',
      closeRequestedAt,
      closedAt,
      closureReason: 'reintegrated',
      closureFrom: 'follow_up',
    };
  }
  return closeNow(h, (h.followUps.at(-1)?.at ?? followUpStageAt) + d(5, 40), fits, rng, d);
}

function closeNow(
  h: History,
  closeRequestedAt: number,
  fits: (t: number) => boolean,
  rng: Rng,
  d: (lo: number, hi: number) => number,
): History {
  const closedAt = closeRequestedAt + d(0.2, 5);
  if (!fits(closedAt)) return h;
  h.followUps = h.followUps.filter((f) => f.at < closeRequestedAt);
  return {
    ...h,
    stage: 'closed',
    closeRequestedAt,
    closedAt,
    closureReason: rng.weighted(closureReasonsOther),
    closureFrom: h.stage,
  };
}

/** The same history moved in time by `ms`. */
export function shiftHistory(h: History, ms: number): History {
  const m = (t: number | undefined) => (t === undefined ? undefined : t + ms);
  return {
    ...h,
    intakeAt: h.intakeAt + ms,
    screeningAt: m(h.screeningAt),
    decidedAt: m(h.decidedAt),
    approvedAt: m(h.approvedAt),
    protectionAt: m(h.protectionAt),
    repatriationAt: m(h.repatriationAt),
    reintegrationAt: m(h.reintegrationAt),
    baselineAt: m(h.baselineAt),
    followUps: h.followUps.map((f) => ({ month: f.month, at: f.at + ms })),
    followUpStageAt: m(h.followUpStageAt),
    closeRequestedAt: m(h.closeRequestedAt),
    closedAt: m(h.closedAt),
  };
}

/** The time the last planned step of a history happens. */
export function lastStepAt(h: History): number {
  return Math.max(
    h.intakeAt,
    h.screeningAt ?? 0,
    h.decidedAt ?? 0,
    h.approvedAt ?? 0,
    h.protectionAt ?? 0,
    h.repatriationAt ?? 0,
    h.reintegrationAt ?? 0,
    h.baselineAt ?? 0,
    h.followUpStageAt ?? 0,
    ...h.followUps.map((f) => f.at),
    h.closedAt ?? 0,
  );
}

/* ---------- the demo seed: histories played through the services ---------- */

/** Extra demo accounts for the West Java and West Kalimantan agencies (seeded with demo cases). */
export const demoCaseUsers = [
  { username: 'caseworker.jabar', displayName: 'Euis Pendamping Kasus', agency: 'uptd_jabar', roles: ['case_worker'] },
  { username: 'supervisor.jabar', displayName: 'Dadang Supervisor Jabar', agency: 'uptd_jabar', roles: ['supervisor'] },
  {
    username: 'caseworker.kalbar',
    displayName: 'Yuliana Manajer Kasus',
    agency: 'uptd_kalbar',
    roles: ['case_worker'],
  },
  {
    username: 'supervisor.kalbar',
    displayName: 'Hendra Supervisor Kalbar',
    agency: 'uptd_kalbar',
    roles: ['supervisor'],
  },
  // Staff of the other shelters and of LPSK who answer referrals and keep their directory entries current.
  {
    username: 'provider.jabar',
    displayName: 'Neng Pendamping Rumah Singgah',
    agency: 'shelter_jabar',
    roles: ['service_provider'],
  },
  {
    username: 'provider.kalbar',
    displayName: 'Agnes Pendamping RP Khatulistiwa',
    agency: 'shelter_kalbar',
    roles: ['service_provider'],
  },
  { username: 'provider.lpsk', displayName: 'Rudi Layanan Korban LPSK', agency: 'lpsk', roles: ['service_provider'] },
] as const;

/** Stage shares of the demo (every stage present). */
const demoStageShares: readonly (readonly [CaseStage, number])[] = [
  ['intake', 8],
  ['screening', 9],
  ['identified', 7],
  ['not_victim', 6],
  ['protection', 20],
  ['repatriation', 10],
  ['reintegration', 14],
  ['follow_up', 12],
  ['closed', 14],
];

/** How many demo cases end in each stage: proportional, at least one of each when n allows. */
export function demoStageCounts(n: number): Map<CaseStage, number> {
  const total = demoStageShares.reduce((s, [, w]) => s + w, 0);
  const counts = new Map(demoStageShares.map(([s, w]) => [s, Math.max(n >= 9 ? 1 : 0, Math.floor((n * w) / total))]));
  let sum = [...counts.values()].reduce((a, b) => a + b, 0);
  const order = [...demoStageShares].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  for (let i = 0; sum !== n; i++) {
    const stage = order[i % order.length]!;
    const c = counts.get(stage)!;
    if (sum < n) {
      counts.set(stage, c + 1);
      sum++;
    } else if (c > 1) {
      counts.set(stage, c - 1);
      sum--;
    }
  }
  return counts;
}

/** A clock the seed moves through the simulated past (never backwards). */
export class SimClock implements Clock {
  constructor(public at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: number) {
    if (at > this.at) this.at = at;
  }
}

const scopeOrder: Scope[] = ['own', 'agency', 'jurisdiction', 'all'];

export interface DemoUser {
  id: string;
  username: string;
  agency: TAgency;
  roles: string[];
}

/** A context acting as a demo user, with permissions from the roles table as the access engine reads it. */
export function userContext(base: Context, user: DemoUser, clock: Clock): Context {
  const defs = roleDefinitions(base);
  const permissions = new Map<string, Scope>();
  for (const role of user.roles) {
    const def = defs.get(role);
    if (!def) continue;
    for (const p of def.permissions) {
      const had = permissions.get(p);
      if (!had || scopeOrder.indexOf(def.scope) > scopeOrder.indexOf(had)) permissions.set(p, def.scope);
    }
  }
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    agencyId: user.agency.id,
    agencyRegionCode: user.agency.regionCode,
    roles: user.roles,
    permissions,
    aggregateOnly: false,
    sessionIdHash: null,
  };
  return { ...base, clock, actor, locale: 'id', ip: null, requestId: 'demo-seed' };
}

/**
 * Calls module operations that their index does not export as functions (screening decisions, closure,
 * assessments, tasks) through the modules' own routes, in process, as the given user.
 */
class ModuleRoutes {
  #current: Context | undefined;
  private constructor(readonly app: FastifyInstance) {}

  static async open(): Promise<ModuleRoutes> {
    const app = Fastify({ logger: false });
    installValidation(app);
    installErrorHandling(app, 1_048_576);
    const routes = new ModuleRoutes(app);
    app.addHook('onRequest', async (request) => {
      request.ctx = routes.#current!;
    });
    await app.register(async (api) => {
      await caseRoutes(api);
      await screeningRoutes(api);
      await assessmentRoutes(api);
      await consentRoutes(api);
      await referralRoutes(api);
      await directoryRoutes(api);
      await conferenceRoutes(api);
      await serviceRoutes(api);
    });
    await app.ready();
    return routes;
  }

  async call<T = Record<string, unknown>>(
    ctx: Context,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
  ) {
    this.#current = ctx;
    const res = await this.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
    if (res.statusCode >= 300) throw new Error(`demo seed: ${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as T;
  }

  close() {
    return this.app.close();
  }
}

interface Team {
  worker: DemoUser;
  supervisor: DemoUser;
  lead: TAgency;
  shelter: TAgency;
  police: TAgency;
}

/** A service request as the seed tracks it (its id once created, its status as the history moves it). */
interface RequestEntry {
  id: string;
  type: string;
  status: string;
  provider: TAgency;
}

/** A referral as the seed tracks it ('withdrawn': its consent was withdrawn, the recipient no longer sees it). */
interface ReferralEntry {
  id: string;
  status: 'sent' | 'accepted' | 'declined' | 'in_progress' | 'completed' | 'revoked' | 'withdrawn';
  consentId: string;
  entries: RequestEntry[];
}

/** A referral consent of a case as the seed tracks it. */
interface ConsentEntry {
  id: string;
  agencyId: string;
  types: Set<string>;
  active: boolean;
}

/** What the seed knows about a case while its history plays. */
interface CaseState {
  caseId?: string;
  screeningId?: string;
  isChild: boolean;
  /** The relative who consents for her while she is a child (recorded at the first such consent). */
  guardian?: { personId: string; relationship: string };
  requests: RequestEntry[];
  consents: ConsentEntry[];
  referrals: ReferralEntry[];
}

const openStatuses = ['requested', 'accepted', 'in_progress'];
/** The consent wording version the demo's consents were given under (consent-wording.v1.ts). */
const CONSENT_WORDING = 'v1';
type ReferralKind = 'shelter' | 'reintegration' | 'iom' | 'legal';
type Outcome = 'accept' | 'decline' | 'revoke' | 'unanswered' | 'withdraw';
interface ReferralItem {
  entry: RequestEntry;
  appliedAt: number;
  /** Statutory services delivered after their 7 days. */
  late: boolean;
}
interface ConsentDraw {
  groups: string[];
  anticipate: string[];
  relationship: string;
}
const guardians: Weighted = [
  ['parent', 6],
  ['grandparent', 1],
  ['legal_guardian', 1],
  ['other_relative', 1],
  ['state_guardian', 0.5],
];
/** A shelter stay as the seed tracks it (its id once admitted; open until the exit is recorded). */
interface StayEntry {
  id: string;
  open: boolean;
}
type ExitReason = keyof typeof shelterExitNotes;
/** The service charter's planned stay (DOMAIN.md §2: 7 days, extendable). */
const CHARTER_STAY = 7 * DAY;
/** Why a stay that ran its course ended. */
const stayExits: Weighted<ExitReason> = [
  ['planned_exit', 48],
  ['reintegrated', 14],
  ['transferred', 10],
  ['left_voluntarily', 14],
  ['absconded', 4],
  ['other', 3],
];
const activeReferral = (r: ReferralEntry) => ['sent', 'accepted', 'in_progress'].includes(r.status);
/** The calendar date in WIB, as conference dates are written. */
const wibDate = (ms: number) => isoDate(ms + 7 * HOUR);

interface Step {
  at: number;
  order: number;
  run: () => Promise<void>;
}

/**
 * Seeds `n` demo cases spread over every stage, created and moved through the module services by the
 * demo users of the right agencies, in time order on a simulated clock (audit trail, timelines, alerts
 * and late services are the real thing). Requires the demo agencies and users of demo-seed.ts.
 */
export async function seedDemoCases(
  base: Context,
  options: {
    /** The simulated clock every step runs on (the contexts' clock). */
    clock: SimClock;
    /** The real present: every history ends before it. */
    now: number;
    agencies: Map<string, TAgency>;
    users: Map<string, DemoUser>;
    cases: number;
    seed?: number;
  },
): Promise<Map<CaseStage, number>> {
  const { clock, now, agencies, users, cases: n } = options;
  const rng = new Rng(options.seed ?? 2007);
  const geo = await loadGeoWithNames();
  const agency = (key: string) => {
    const a = agencies.get(key);
    if (!a) throw new Error(`demo agency ${key} missing`);
    return a;
  };
  const user = (name: string) => {
    const u = users.get(name);
    if (!u) throw new Error(`demo user ${name} missing`);
    return u;
  };
  const teams: Record<'ntt' | 'jabar' | 'kalbar', Team> = {
    ntt: {
      worker: user('caseworker.ntt'),
      supervisor: user('supervisor.ntt'),
      lead: agency('uptd_ntt'),
      shelter: agency('shelter_ntt'),
      police: agency('police_ntt'),
    },
    jabar: {
      worker: user('caseworker.jabar'),
      supervisor: user('supervisor.jabar'),
      lead: agency('uptd_jabar'),
      shelter: agency('shelter_jabar'),
      police: agency('police_jabar'),
    },
    kalbar: {
      worker: user('caseworker.kalbar'),
      supervisor: user('supervisor.kalbar'),
      lead: agency('uptd_kalbar'),
      shelter: agency('shelter_kalbar'),
      police: agency('police_kalbar'),
    },
  };
  const iom = agency('iom');
  const lpsk = agency('lpsk');
  const teamFor = (v: Victim): Team => {
    if (v.provinceCode === '53') return teams.ntt;
    if (v.provinceCode === '61') return teams.kalbar;
    if (['32', '36', '31'].includes(v.provinceCode)) return teams.jabar;
    // Returnees from Malaysia and brides from China come home through Pontianak; the rest through Jakarta.
    return v.destination.country === 'MY' || v.destination.country === 'CN' ? teams.kalbar : teams.jabar;
  };
  // Who answers referrals at each receiving agency (the police Unit PPA has no referral staff in the demo).
  const receivers = new Map<string, DemoUser>([
    [agency('shelter_ntt').id, user('provider.shelter')],
    [agency('shelter_jabar').id, user('provider.jabar')],
    [agency('shelter_kalbar').id, user('provider.kalbar')],
    [iom.id, user('partner.iom')],
    [lpsk.id, user('provider.lpsk')],
  ]);
  // Action items are completed by the assigned agency's staff where it has some, else by the case team.
  const assignees = new Map<string, DemoUser>([...receivers, [agency('police_ntt').id, user('legal.ntt')]]);
  /** Draws of the issue-4 features (directory, consents, referrals, conferences): a stream of their own. */
  const extra = new Rng(((options.seed ?? 2007) * 7919) ^ 0x5bd1e995);
  let withdrawals = 0;
  /** Draws of shelter stays: a stream of their own, so the histories above stay as they were. */
  const stays = new Rng(((options.seed ?? 2007) * 104_729) ^ 0x27d4eb2f);
  /** Open stays left past their planned exit (the demo shows one overstay). */
  let overstays = 0;
  const contexts = new Map<string, Context>();
  const as = (u: DemoUser) => {
    let c = contexts.get(u.id);
    if (!c) {
      c = userContext(base, u, clock);
      contexts.set(u.id, c);
    }
    return c;
  };

  const counts = demoStageCounts(n);
  const targets: CaseStage[] = [];
  for (const [stage, c] of counts) for (let i = 0; i < c; i++) targets.push(stage);
  // Deterministic shuffle.
  for (let i = targets.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [targets[i], targets[j]] = [targets[j]!, targets[i]!];
  }

  const routes = await ModuleRoutes.open();
  const steps: Step[] = [];
  let order = 0;
  const at = (t: number, run: () => Promise<void>) => steps.push({ at: t, order: order++, run });

  // The service directory: each agency publishes its services soon after it joins; shelters update their free
  // beds now and then, the last time shortly before the present.
  const provinces = (await listRegions()).map((r) => r.code);
  const publishedFrom = clock.at;
  demoDirectoryOffers(provinces).forEach((offer, i) => {
    const url = `/api/agencies/${agency(offer.agency).id}/services/${offer.type}`;
    const publisher = user(offer.publisher);
    at(publishedFrom + extra.between(1, 20) * DAY + i * 60_000, async () => {
      await routes.call(as(publisher), 'PUT', url, offer.entry);
    });
    const beds = offer.type === 'shelter' ? offer.entry.capacity : undefined;
    if (beds) {
      for (const ago of [extra.between(60, 120) * DAY, extra.between(2, 30) * HOUR]) {
        const free = offer.agency === 'shelter_kalbar' ? 0 : extra.int(offer.agency === 'shelter_ntt' ? 2 : 0, 8);
        at(now - ago, async () => {
          await routes.call(as(publisher), 'PUT', url, { ...offer.entry, capacity: { total: beds.total, free } });
        });
      }
    }
  });

  // Open cases past protection: some get a fresh referral in the last days (the inboxes' unanswered ones).
  const openCases: { team: Team; lastStep: number; refer: (t0: number, waiting: boolean) => void }[] = [];
  const openAfterProtection = new Set<CaseStage>(['protection', 'repatriation', 'reintegration', 'follow_up']);
  const lastOpen = targets.findLastIndex((t) => openAfterProtection.has(t));
  let nttOpen = 0;

  for (const [index, target] of targets.entries()) {
    // Plan the whole history from a provisional intake, then shift it to end a little before now.
    const abroad = rng.chance(0.72);
    const closeAsNotVictim = target === 'closed' && rng.chance(0.12);
    const plan = planHistory(new Rng(rng.int(1, 2 ** 31)), 0, target, Number.POSITIVE_INFINITY, {
      abroad,
      closeAsNotVictim,
    });
    const lateOpen = target === 'protection' && rng.chance(0.35);
    const idle =
      target === 'intake' || target === 'screening'
        ? rng.between(0.1, 4) * DAY
        : lateOpen
          ? rng.between(10, 20) * DAY
          : target === 'closed'
            ? rng.between(2, 240) * DAY
            : rng.between(1, 30) * DAY;
    const h = shiftHistory(plan, Math.round(now - idle - lastStepAt(plan)));
    // A victim whose journey matches the plan (abroad or not), drawn for the shifted intake date.
    let victim = drawVictim(rng, geo, h.intakeAt);
    for (let i = 0; i < 50 && victim.abroad !== abroad; i++) victim = drawVictim(rng, geo, h.intakeAt);
    // The Kupang shelter's inbox always has something to show: at least one open NTT case past protection.
    if (index === lastOpen && nttOpen === 0) {
      for (let i = 0; i < 500 && (victim.provinceCode !== '53' || victim.abroad !== abroad); i++)
        victim = drawVictim(rng, geo, h.intakeAt);
    }
    const team = teamFor(victim);
    if (openAfterProtection.has(target) && team === teams.ntt) nttOpen += 1;
    scheduleCase(h, victim, team, lateOpen);
  }
  scheduleRecentReferrals();

  /** Fresh shelter referrals in the last days on some open cases of each team (more in NTT, the demo's home). */
  function scheduleRecentReferrals() {
    for (const team of Object.values(teams)) {
      const list = openCases.filter((c) => c.team === team);
      for (let i = list.length - 1; i > 0; i--) {
        const j = extra.int(0, i);
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      const n = team === teams.ntt ? Math.max(2, Math.ceil(list.length * 0.3)) : Math.ceil(list.length * 0.12);
      for (const [i, c] of list.slice(0, n).entries()) {
        const t0 = Math.max(c.lastStep + HOUR, now - extra.between(9 * HOUR, 6 * DAY));
        // The first of each team always waits for an answer (the inbox is never without one).
        if (t0 < now - 9 * HOUR) c.refer(t0, i === 0 || extra.chance(0.75));
      }
    }
  }

  function scheduleCase(h: History, v: Victim, team: Team, lateOpen: boolean) {
    const r = new Rng(rng.int(1, 2 ** 31));
    /** Draws of consents, referrals and conferences (kept apart so the rest of the history stays as planned). */
    const x = new Rng(extra.int(1, 2 ** 31));
    /** Draws of this case's shelter stays. */
    const s = new Rng(stays.int(1, 2 ** 31));
    /** The stay open at this point of the history (one at a time per case). */
    let currentStay: StayEntry | undefined;
    const worker = () => as(team.worker);
    const supervisor = () => as(team.supervisor);
    const state: CaseState = { isChild: v.isChild, requests: [], consents: [], referrals: [] };
    const caseUrl = () => `/api/cases/${state.caseId}`;
    /** Steps of the case stop before it is closed (or before the present). */
    const until = h.closeRequestedAt ?? now;
    /** Whether this victim agrees to be referred to an agency (asked once per agency). */
    const agreesTo = new Map<string, boolean>();
    const refers = (provider: TAgency) => {
      if (!receivers.has(provider.id)) return false;
      if (!agreesTo.has(provider.id)) agreesTo.set(provider.id, x.chance(0.36));
      return agreesTo.get(provider.id)!;
    };
    const input: TCaseCreate = {
      person: {
        sex: v.sex,
        birthYear: v.birthYear,
        citizenship: 'ID',
        regionCode: v.regionCode,
        languages: v.languages,
        ...(v.education ? { education: v.education as never } : {}),
        maritalStatus: v.maritalStatus as never,
      },
      identity: { fullName: v.fullName, ...(v.phone ? { phones: [v.phone] } : {}) },
      referralSource: v.referralSource as TCaseCreate['referralSource'],
      intakeAt: new Date(h.intakeAt).toISOString(),
      summary: v.summary,
      riskLevel: v.riskLevel,
      profile: {
        exploitationTypes: v.exploitationTypes as never,
        methodsOfControl: v.methodsOfControl as never,
        recruitmentMethods: v.recruitmentMethods as never,
        recruitmentWebsites: v.recruitmentWebsites as never,
        exploitationWebsites: v.exploitationWebsites as never,
        sexExploitationTypes: v.sexExploitationTypes as never,
        vulnerabilities: v.vulnerabilities as never,
        relationshipToTrafficker: v.relationshipToTrafficker as never,
        forcedLabourIndustry: v.forcedLabourIndustry as never,
        exploitationCountry: v.destination.country,
        ageWhenTrafficked: v.ageWhenTrafficked,
      },
      events: v.events as TCaseCreate['events'],
    };
    at(h.intakeAt + r.between(0.05, 1.5) * HOUR, async () => {
      const created = await createCase(worker(), input);
      state.caseId = created.id;
      state.isChild = created.isChild;
      // The team responds within the charter's target for the risk level: the response task is done.
      const tasks = await routes.call<{ id: string; kind: string; status: string }[]>(
        worker(),
        'GET',
        `${caseUrl()}/tasks`,
      );
      for (const task of tasks.filter((t) => t.kind === RISK_RESPONSE_TASK && t.status === 'open'))
        await routes.call(worker(), 'POST', `${caseUrl()}/tasks/${task.id}/complete`);
    });
    if (h.screeningAt === undefined) return;
    const sheet = drawScreeningAnswers(r, h.victim, v.isChild);
    at(h.screeningAt, async () => {
      const s = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/screenings`, {
        toolVersion: delphiV1.version,
        answers: sheet.answers,
        acts: sheet.acts,
      });
      state.screeningId = s.id;
    });
    if (h.decidedAt !== undefined) {
      const status = h.victim ? 'PossibleVictimOfTrafficking' : 'NotAVictimOfTrafficking';
      at(h.decidedAt, async () => {
        await routes.call(worker(), 'POST', `/api/screenings/${state.screeningId}/decide`, {
          status,
          decidedByOrg: 'NonPoliceGovernmentalOrganization',
        });
      });
    }
    if (h.approvedAt !== undefined) {
      at(h.approvedAt, async () => {
        await routes.call(supervisor(), 'POST', `/api/screenings/${state.screeningId}/approve`, { approve: true });
      });
    }
    if (h.protectionAt !== undefined) {
      const p = h.protectionAt;
      at(p, async () => {
        await transitionCase(worker(), state.caseId!, 'protection');
      });
      if (r.chance(0.7)) {
        const needs = drawAnswers(r, questionnaire('needs_individual'), r.between(0.5, 0.85));
        at(p + r.between(1, 30) * HOUR, async () => {
          await routes.call(worker(), 'POST', `${caseUrl()}/assessments`, {
            questionnaire: 'needs_individual',
            version: questionnaire('needs_individual').version,
            kind: 'baseline',
            answers: needs,
          });
        });
      }
      // Services of the protection stage: emergency aid and rehabilitation within the 7 statutory days.
      const wanted: [string, string, TAgency][] = [];
      if (v.abroad || r.chance(0.4)) wanted.push(['emergency_first_aid', 'social_worker', team.lead]);
      wanted.push([r.chance(0.5) ? 'health_rehabilitation' : 'social_rehabilitation', 'victim', team.lead]);
      if (r.chance(0.6)) wanted.push(['psychosocial_counselling', 'social_worker', team.shelter]);
      if (v.isChild || r.chance(0.3)) wanted.push(['shelter', 'social_worker', team.shelter]);
      if (r.chance(0.3)) wanted.push(['legal_aid', 'victim', r.chance(0.5) ? lpsk : team.police]);
      const end = h.closeRequestedAt ?? now;
      // Services of agencies that take referrals go to them by referral when the victim agrees (one per agency).
      const groups = new Map<TAgency, ReferralItem[]>();
      wanted.forEach(([type, applicant, provider], i) => {
        const appliedAt = p + r.between(0.1, 2) * DAY + i * HOUR;
        const late = lateOpen && i === 0;
        const course = late ? 'open' : r.chance(0.15) ? 'late' : 'on_time';
        if (course !== 'open' && refers(provider)) {
          const entry = scheduleService(type, applicant, provider, appliedAt, end, 'referral');
          groups.set(provider, [...(groups.get(provider) ?? []), { entry, appliedAt, late: course === 'late' }]);
        } else scheduleService(type, applicant, provider, appliedAt, end, course);
      });
      for (const [provider, items] of groups) {
        scheduleReferral(provider, items, provider === iom ? 'iom' : provider === lpsk ? 'legal' : 'shelter');
      }
      // Victims exploited abroad may agree that the mission there or IOM learn about their case.
      if (v.abroad && x.chance(0.12)) scheduleInternationalConsents(p + x.between(0.5, 8) * DAY);
      if (x.chance(0.2)) scheduleConference(p + x.between(4, 21) * DAY, 'protection');
    }
    if (h.repatriationAt !== undefined) {
      const t = h.repatriationAt;
      at(t, async () => {
        await transitionCase(worker(), state.caseId!, 'repatriation');
      });
      const type = v.abroad ? 'repatriation_from_abroad' : 'repatriation_domestic';
      const provider = v.abroad ? iom : team.lead;
      const appliedAt = t + r.between(1, 12) * HOUR;
      if (refers(provider)) {
        // IOM brings the victim home; sometimes it is also asked to trace the family.
        const items: ReferralItem[] = [
          {
            entry: scheduleService(type, 'social_worker', provider, appliedAt, until, 'referral'),
            appliedAt,
            late: false,
          },
        ];
        if (x.chance(0.3)) {
          const tracing = appliedAt + x.between(0.2, 2) * HOUR;
          const entry = scheduleService('family_tracing', 'social_worker', provider, tracing, until, 'referral');
          items.push({ entry, appliedAt: tracing, late: false });
        }
        scheduleReferral(provider, items, 'iom');
      } else scheduleService(type, 'social_worker', provider, appliedAt, until, 'on_time');
    }
    if (h.reintegrationAt !== undefined) {
      const t = h.reintegrationAt;
      at(t, async () => {
        await transitionCase(worker(), state.caseId!, 'reintegration');
      });
      const end = h.closeRequestedAt ?? now;
      scheduleService('social_reintegration', 'victim', team.lead, t + r.between(1, 20) * HOUR, end, 'on_time');
      if (r.chance(0.5)) {
        const kind = r.chance(0.5) ? 'economic_empowerment' : 'vocational_training';
        const appliedAt = t + r.between(2, 10) * DAY;
        if (refers(team.shelter)) {
          const entry = scheduleService(kind, 'victim', team.shelter, appliedAt, end, 'referral');
          scheduleReferral(team.shelter, [{ entry, appliedAt, late: false }], 'reintegration');
        } else scheduleService(kind, 'victim', team.shelter, appliedAt, end, 'on_time');
      }
      if (x.chance(0.25)) scheduleConference(t + x.between(3, 20) * DAY, 'reintegration');
    }
    if (h.baselineAt !== undefined) {
      const base = drawReintegrationAnswers(r, r.between(0.3, 0.5), false);
      at(h.baselineAt, async () => {
        await routes.call(worker(), 'POST', `${caseUrl()}/assessments`, {
          questionnaire: REINTEGRATION_QUESTIONNAIRE,
          version: questionnaire(REINTEGRATION_QUESTIONNAIRE).version,
          kind: 'baseline',
          answers: base.answers,
        });
      });
    }
    for (const f of h.followUps) {
      const final = f.month === 12 && h.closureReason === 'reintegrated';
      const level = f.month === 3 ? r.between(0.45, 0.65) : f.month === 6 ? r.between(0.55, 0.8) : r.between(0.7, 0.9);
      const survey = drawReintegrationAnswers(r, level, final ? true : undefined);
      at(f.at, async () => {
        await routes.call(worker(), 'POST', `${caseUrl()}/assessments`, {
          questionnaire: REINTEGRATION_QUESTIONNAIRE,
          version: questionnaire(REINTEGRATION_QUESTIONNAIRE).version,
          kind: 'follow_up',
          followUpMonth: f.month,
          answers: survey.answers,
        });
        // The survey closes its own follow-up task (assessments module).
      });
    }
    if (h.followUpStageAt !== undefined) {
      at(h.followUpStageAt, async () => {
        await transitionCase(worker(), state.caseId!, 'follow_up');
      });
    }
    if (h.closeRequestedAt === undefined && h.protectionAt !== undefined) {
      openCases.push({ team, lastStep: lastStepAt(h), refer: scheduleRecentReferral });
    }
    if (h.closeRequestedAt !== undefined) {
      const reason = h.closureReason ?? 'other';
      // Referrals still running end before the case closes: the lead agency revokes them.
      at(h.closeRequestedAt - x.between(0.5, 3) * HOUR, async () => {
        for (const ref of state.referrals.filter(activeReferral)) {
          await routes.call(worker(), 'POST', `/api/referrals/${ref.id}/revoke`, { reason: closingRevokeReason });
          ref.status = 'revoked';
        }
      });
      at(h.closeRequestedAt, async () => {
        const open = state.requests.filter((q) => ['requested', 'accepted', 'in_progress'].includes(q.status));
        await routes.call(worker(), 'POST', `${caseUrl()}/close`, {
          reason,
          ...(open.length > 0
            ? { openServicesReason: 'Korban pindah domisili; layanan dilanjutkan lembaga setempat.' }
            : {}),
        });
      });
      at(h.closedAt!, async () => {
        await routes.call(supervisor(), 'POST', `${caseUrl()}/approve-closure`, { approve: true });
      });
    }

    /** A service request and its course: on time, delivered late, or still open past its due time. */
    function scheduleService(
      type: string,
      applicant: string,
      provider: TAgency,
      appliedAt: number,
      until: number,
      course: 'on_time' | 'late' | 'open' | 'referral',
    ): RequestEntry {
      const entry: RequestEntry = { id: '', type, status: 'requested', provider };
      // An application planned after the case closed (or after the present) is never made.
      if (appliedAt >= until || appliedAt >= now) return entry;
      at(appliedAt, async () => {
        const created = await requestService(worker(), state.caseId!, {
          type: type as never,
          applicant: applicant as never,
          providerAgencyId: provider.id,
        });
        entry.id = created.id;
        state.requests.push(entry);
      });
      // A referred request moves with its referral (the recipient accepts and records delivery).
      if (course === 'referral') return entry;
      const move = (t: number, status: string, patch: Record<string, string> = {}) => {
        if (t >= until || t >= now) return false;
        at(t, async () => {
          await updateServiceRequest(worker(), entry.id, { status: status as never, ...patch });
          entry.status = status;
        });
        return true;
      };
      const statutory = statutoryServiceTypes.has(type as never);
      if (course === 'open') {
        if (r.chance(0.5)) move(appliedAt + r.between(0.5, 2) * DAY, 'accepted');
        return entry;
      }
      const accepted = appliedAt + r.between(0.2, 1.5) * DAY;
      if (!move(accepted, 'accepted')) return entry;
      const days = course === 'late' && statutory ? r.between(8, 14) : r.between(1, 6);
      const delivered = Math.max(appliedAt + days * DAY, accepted + r.between(0.2, 1) * DAY);
      if (r.chance(0.4) && move(accepted + (delivered - accepted) / 2, 'in_progress')) {
        /* in progress half-way */
      }
      if (r.chance(0.05)) {
        move(delivered, 'cancelled', { reason: 'Korban menolak layanan setelah konseling.' });
        return entry;
      }
      if (move(delivered, 'delivered') && type === 'shelter') scheduleStay(provider, entry, delivered, delivered);
      return entry;
    }

    /**
     * A shelter stay after the shelter service was delivered (directly or through a referral). The case team
     * records it (services.manage on the case; the shelter's staff are not on the case team): admitted at the
     * delivery for the charter's 7 days, some extended once, most leaving within weeks for a reason — at the
     * latest when the case moves on to repatriation or reintegration, or before it is closed. Stays of current
     * cases may still be open at the present (their planned exit extended past it, except one overstay).
     */
    function scheduleStay(facility: TAgency, entry: RequestEntry, admittedAt: number, recordedAt: number) {
      const limit = Math.min(until, now);
      const admitStep = Math.max(recordedAt, admittedAt) + s.between(0.1, 3) * HOUR;
      if (admitStep >= limit) return;
      const stay: StayEntry = { id: '', open: false };
      const initialExit = admittedAt + CHARTER_STAY;
      /** Extensions of the planned exit: when recorded, and to when. */
      const extensions: { at: number; to: number }[] = [];
      if (s.chance(0.4)) {
        extensions.push({ at: initialExit - s.between(4, 36) * HOUR, to: initialExit + s.int(1, 5) * 7 * DAY });
      }
      const planned = () => extensions.at(-1)?.to ?? initialExit;
      // How the stay ends if nothing cuts it short.
      let reason: ExitReason = s.weighted(stayExits);
      const length = planned() - admittedAt;
      let exitAt =
        reason === 'planned_exit'
          ? planned() + s.between(-8, 4) * HOUR
          : reason === 'left_voluntarily' || reason === 'absconded'
            ? admittedAt + s.between(0.15, 0.9) * length
            : admittedAt + s.between(0.5, 1) * length;
      // The person leaves the shelter when the case moves on (home, or back to the family).
      const moveOn = [h.repatriationAt, h.reintegrationAt].filter(
        (t): t is number => t !== undefined && t > admittedAt,
      );
      const next = moveOn.length > 0 ? Math.min(...moveOn) : undefined;
      if (next !== undefined && exitAt > next - 2 * HOUR) {
        exitAt = Math.max(admittedAt + HOUR, next - s.between(2, 30) * HOUR);
        reason = next === h.repatriationAt ? 'repatriated' : 'reintegrated';
      }
      let exitStep: number | undefined = exitAt + s.between(0.3, 12) * HOUR;
      if (exitStep >= limit) {
        if (h.closeRequestedAt !== undefined) {
          // The case is about to close: the stay ends first.
          exitStep = until - s.between(3.5, 12) * HOUR;
          if (exitStep <= admitStep) exitStep = (admitStep + until) / 2;
          exitAt = Math.max(admittedAt, Math.min(exitAt, exitStep - s.between(0.2, 2) * HOUR));
          if (reason !== 'reintegrated' && reason !== 'repatriated') {
            reason = h.closureReason === 'reintegrated' ? 'reintegrated' : s.weighted(stayExits);
          }
        } else if (exitAt < limit && exitAt + HOUR < limit) {
          exitStep = (exitAt + limit) / 2;
        } else exitStep = undefined;
      }
      const last = exitStep ?? limit;
      // An extension is recorded while the person is still there (and never after the present).
      while (extensions.length > 0 && (extensions.at(-1)!.at >= last || extensions.at(-1)!.at <= admitStep)) {
        extensions.pop();
      }
      if (exitStep === undefined && planned() < now) {
        // Still there at the present: the planned exit was moved past it.
        const after = Math.max(admitStep, extensions.at(-1)?.at ?? admitStep) + 0.1 * HOUR;
        const extendAt = Math.max(after, Math.min(planned() - s.between(4, 36) * HOUR, now - HOUR));
        const to = admittedAt + Math.ceil((now - admittedAt + s.between(2, 10) * DAY) / (7 * DAY)) * 7 * DAY;
        if (extendAt < now) extensions.push({ at: extendAt, to });
      }
      at(admitStep, async () => {
        if (entry.status !== 'delivered' || currentStay?.open) return;
        const created = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/shelter-stays`, {
          facilityAgencyId: facility.id,
          admittedAt: new Date(admittedAt).toISOString(),
          plannedExitAt: new Date(initialExit).toISOString(),
        });
        stay.id = created.id;
        stay.open = true;
        currentStay = stay;
      });
      for (const e of extensions) {
        at(e.at, async () => {
          if (!stay.open) return;
          await routes.call(worker(), 'PATCH', `/api/shelter-stays/${stay.id}`, {
            plannedExitAt: new Date(e.to).toISOString(),
          });
        });
      }
      if (exitStep === undefined) return;
      const note = s.chance(0.6) ? s.pick(shelterExitNotes[reason]) : undefined;
      // On a current case, a stay that was to end in the last two weeks may not have ended: the first such
      // stay (as the history plays; a planned stay may never be admitted) stays open past its planned exit.
      const mayOverstay = h.closeRequestedAt === undefined && next === undefined && exitAt > now - 14 * DAY;
      const finalPlan = planned();
      at(exitStep, async () => {
        if (!stay.open) return;
        if (mayOverstay && overstays === 0 && finalPlan < now - DAY) {
          overstays += 1;
          return;
        }
        await routes.call(worker(), 'POST', `/api/shelter-stays/${stay.id}/exit`, {
          exitAt: new Date(exitAt).toISOString(),
          reason,
          ...(note ? { note } : {}),
        });
        stay.open = false;
      });
    }

    /** What the victim (or a child's parent or guardian) agrees to share with a referral recipient. */
    function drawConsent(kind: ReferralKind): ConsentDraw {
      const groups = ['age_band', 'sex', 'languages', 'needs'];
      if (x.chance(kind === 'shelter' ? 0.45 : 0.25)) groups.push('risk_notes');
      if (kind === 'iom') groups.push('nationality', 'origin_region');
      else if (x.chance(0.25)) groups.push('origin_region');
      if (x.chance(0.2)) groups.push('exploitation_types');
      if (x.chance(0.15)) groups.push('case_summary');
      // Identity only where the victim explicitly agreed that this recipient may know who they are.
      if (x.chance(kind === 'iom' ? 0.35 : 0.06)) {
        groups.push('identity_name');
        if (x.chance(0.3)) groups.push('identity_contact');
      }
      return {
        groups,
        // Agreeing once to the shelter's later help (training, a small business) saves asking again.
        anticipate: kind === 'shelter' && x.chance(0.4) ? ['vocational_training', 'economic_empowerment'] : [],
        relationship: x.weighted(guardians),
      };
    }

    /** What a guardian is as a relative of the case. */
    const relativeKind: Record<string, string> = {
      parent: 'parent',
      grandparent: 'grandparent',
      legal_guardian: 'guardian',
      adult_sibling: 'sibling',
      other_relative: 'other_family',
    };
    /**
     * Who gives consent: the victim, or while she is under 18 a parent or guardian (Law 27/2022 Art. 25) — her
     * age when she consents, so a child victim who has turned 18 consents herself. A guardian other than a state
     * guardian is a relative recorded on the case (once).
     */
    const giver = async (relationship: string) => {
      if (!minorAt({ birthYear: v.birthYear }, new Date(clock.at)).minor) return { givenBy: 'victim' };
      if (relationship === 'state_guardian') return { givenBy: 'guardian', guardianRelationship: relationship };
      if (!state.guardian) {
        const family = v.fullName.split(' ').at(-1) ?? '';
        const added = await routes.call<{ personId: string }>(worker(), 'POST', `${caseUrl()}/relatives`, {
          relationship: relativeKind[relationship] ?? 'other_family',
          person: { sex: 'Feminine', regionCode: v.regionCode },
          identity: { fullName: `${relationship === 'parent' ? 'Ibu' : 'Wali'} ${family}`.trim() },
        });
        state.guardian = { personId: added.personId, relationship };
      }
      return {
        givenBy: 'guardian',
        guardianRelationship: state.guardian.relationship,
        guardianPersonId: state.guardian.personId,
      };
    };

    /** The active referral consent for the agency that covers the services, recorded now if there is none. */
    async function ensureConsent(provider: TAgency, types: string[], draw: ConsentDraw): Promise<ConsentEntry> {
      const covering = state.consents.find(
        (c) => c.active && c.agencyId === provider.id && types.every((t) => c.types.has(t)),
      );
      if (covering) return covering;
      const serviceTypes = [...new Set([...types, ...draw.anticipate])];
      const created = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/consents`, {
        purpose: 'referral',
        recipientAgencyId: provider.id,
        serviceTypes,
        fieldGroups: draw.groups,
        ...(await giver(draw.relationship)),
        wordingVersion: CONSENT_WORDING,
        wordingLocale: 'id',
      });
      const consent = { id: created.id, agencyId: provider.id, types: new Set(serviceTypes), active: true };
      state.consents.push(consent);
      return consent;
    }

    /**
     * A referral of service requests to the agency that provides them, under the victim's consent, and its
     * course: most are accepted within a day or two, delivered and completed by the recipient (the requests
     * become delivered through the referral, never also by the case team); some are declined, revoked by the
     * sender, ended by a withdrawn consent, or not answered yet.
     */
    function scheduleReferral(
      provider: TAgency,
      items: ReferralItem[],
      kind: ReferralKind,
      fresh?: { waiting: boolean },
    ) {
      const receiver = receivers.get(provider.id)!;
      const applied = items.map((i) => i.appliedAt);
      const consentAt = Math.min(...applied) - x.between(0.1, 2) * HOUR;
      const sentAt = Math.max(...applied) + x.between(0.3, 8) * HOUR;
      const draw = drawConsent(kind);
      const urgent =
        kind === 'shelter' && (v.isChild || items.some((i) => i.entry.type === 'shelter')) && x.chance(0.7);
      const note = x.pick(referralNotes[kind]);
      const recent = sentAt > now - 12 * DAY;
      let outcome: Outcome = fresh
        ? fresh.waiting
          ? 'unanswered'
          : 'accept'
        : x.weighted<Outcome>([
            ['accept', 80],
            ['decline', 8],
            ['revoke', 5],
            ['unanswered', recent ? 45 : 3],
            ['withdraw', withdrawals < 3 ? 5 : 0],
          ]);
      if (outcome === 'unanswered' && h.closeRequestedAt !== undefined) outcome = 'revoke';
      const answerAt =
        sentAt + (urgent ? x.between(1, 20) * HOUR : (x.chance(0.12) ? x.between(3.5, 7) : x.between(0.2, 2.5)) * DAY);
      const declineReason = x.pick(declineReasons);
      const revokeReason = x.pick(revokeReasons);
      if (sentAt >= until) return;

      const ref: ReferralEntry = { id: '', status: 'sent', consentId: '', entries: items.map((i) => i.entry) };
      at(consentAt, async () => {
        ref.consentId = (
          await ensureConsent(
            provider,
            ref.entries.map((e) => e.type),
            draw,
          )
        ).id;
      });
      at(sentAt, async () => {
        const created = await routes.call<{ id: string }>(worker(), 'POST', `${caseUrl()}/referrals`, {
          recipientAgencyId: provider.id,
          serviceRequestIds: ref.entries.map((e) => e.id),
          urgency: urgent ? 'urgent' : 'normal',
          reason: kind === 'iom' ? 'MigrationOrChangeOfLocation' : 'AdditionalServicesRequired',
          note,
          consentId: ref.consentId,
        });
        ref.id = created.id;
        state.referrals.push(ref);
      });
      const recipient = () => as(receiver);
      const url = () => `/api/referrals/${ref.id}`;
      /** A step of the referral that runs only while it is in one of these statuses (the case may end it first). */
      const when = (t: number, statuses: ReferralEntry['status'][], run: () => Promise<void>) => {
        if (t >= until) return false;
        at(t, async () => {
          if (statuses.includes(ref.status)) await run();
        });
        return true;
      };
      /** After a referral ended without the service, the case team cancels the requests it held. */
      const cancelOpen = (t: number, reason: string) => {
        if (t >= until) return;
        at(t, async () => {
          if (!['revoked', 'declined', 'withdrawn'].includes(ref.status)) return;
          for (const e of ref.entries.filter((q) => openStatuses.includes(q.status))) {
            await updateServiceRequest(worker(), e.id, { status: 'cancelled', reason });
            e.status = 'cancelled';
          }
        });
      };
      const revokeAt = (t: number) => {
        const scheduled = when(t, ['sent', 'accepted', 'in_progress'], async () => {
          await routes.call(worker(), 'POST', `${url()}/revoke`, { reason: revokeReason });
          ref.status = 'revoked';
        });
        if (scheduled) cancelOpen(t + x.between(0.2, 4) * HOUR, revokeReason);
      };

      if (outcome === 'unanswered') return;
      if (outcome === 'revoke' && x.chance(0.6)) {
        revokeAt(sentAt + x.between(2, 30) * HOUR);
        return;
      }
      if (outcome === 'decline') {
        const declined = when(answerAt, ['sent'], async () => {
          await routes.call(recipient(), 'POST', `${url()}/decline`, { reason: declineReason });
          ref.status = 'declined';
        });
        if (declined)
          cancelOpen(
            answerAt + x.between(2, 30) * HOUR,
            'Rujukan ditolak penyedia; kebutuhan dibahas ulang dalam rencana layanan.',
          );
        return;
      }
      const accepted = when(answerAt, ['sent'], async () => {
        await routes.call(recipient(), 'POST', `${url()}/accept`);
        ref.status = 'accepted';
        for (const e of ref.entries) if (e.status === 'requested') e.status = 'accepted';
      });
      if (!accepted) return;
      if (outcome === 'revoke') {
        revokeAt(answerAt + x.between(0.5, 4) * DAY);
        return;
      }
      if (outcome === 'withdraw') {
        const t = answerAt + x.between(1, 8) * DAY;
        const reason = v.isChild ? withdrawalReasons[1] : x.chance(0.5) ? withdrawalReasons[0] : withdrawalReasons[2];
        const withdrawn = when(t, ['accepted', 'in_progress'], async () => {
          await routes.call(worker(), 'POST', `/api/consents/${ref.consentId}/withdraw`, { reason });
          for (const c of state.consents) if (c.id === ref.consentId) c.active = false;
          for (const other of state.referrals)
            if (other.consentId === ref.consentId && activeReferral(other)) other.status = 'withdrawn';
        });
        if (withdrawn) {
          withdrawals += 1;
          cancelOpen(t + x.between(1, 6) * HOUR, 'Persetujuan berbagi data dicabut; layanan rujukan dihentikan.');
        }
        return;
      }
      // Accepted: the recipient records each service as given, then completes the referral.
      const deliveries = items
        .map((i) => {
          const days = i.late && statutoryServiceTypes.has(i.entry.type as never) ? x.between(8, 14) : x.between(1, 6);
          const deliveredAt = Math.max(i.appliedAt + days * DAY, answerAt + x.between(0.2, 1) * DAY);
          const notes = deliveryNotes[i.entry.type as keyof typeof deliveryNotes] ?? ['Layanan telah diberikan.'];
          return {
            entry: i.entry,
            deliveredAt,
            recordedAt: deliveredAt + x.between(1, 20) * HOUR,
            note: x.pick(notes),
          };
        })
        .sort((a, b) => a.recordedAt - b.recordedAt);
      let last = answerAt;
      for (const d of deliveries) {
        const recorded = when(d.recordedAt, ['accepted', 'in_progress'], async () => {
          await routes.call(recipient(), 'POST', `${url()}/services-delivered`, {
            items: [{ serviceRequestId: d.entry.id, deliveredAt: new Date(d.deliveredAt).toISOString(), note: d.note }],
          });
          d.entry.status = 'delivered';
          ref.status = 'in_progress';
        });
        if (!recorded) return;
        if (d.entry.type === 'shelter') scheduleStay(provider, d.entry, d.deliveredAt, d.recordedAt);
        last = d.recordedAt;
      }
      when(last + x.between(0.5, 6) * DAY, ['in_progress'], async () => {
        await routes.call(recipient(), 'POST', `${url()}/complete`);
        ref.status = 'completed';
      });
    }

    /** A fresh request to the shelter in the last days, referred at once (most still wait for an answer). */
    function scheduleRecentReferral(t0: number, waiting: boolean) {
      const later = h.stage === 'reintegration' || h.stage === 'follow_up';
      const type = x.pick(
        later
          ? ['vocational_training', 'economic_empowerment', 'psychosocial_counselling']
          : ['psychosocial_counselling', 'shelter'],
      );
      const entry = scheduleService(type, 'victim', team.shelter, t0, now, 'referral');
      scheduleReferral(team.shelter, [{ entry, appliedAt: t0, late: false }], later ? 'reintegration' : 'shelter', {
        waiting,
      });
    }

    /** Cross-border consent for the Indonesian mission where the victim was exploited, sometimes also for IOM. */
    function scheduleInternationalConsents(t: number) {
      if (t >= until) return;
      const mission = missionFor(v.destination.country, v.destination.city);
      const groups = ['age_band', 'sex', 'nationality', 'exploitation_types', 'case_summary'];
      // The mission needs the name to issue travel documents and claim unpaid wages.
      if (x.chance(0.6)) groups.push('identity_name');
      const relationship = x.weighted(guardians);
      const withIom = x.chance(0.4);
      const iomAt = t + x.between(0.2, 3) * HOUR;
      at(t, async () => {
        await routes.call(worker(), 'POST', `${caseUrl()}/consents`, {
          purpose: 'cross_border_transfer',
          recipientName: mission,
          fieldGroups: groups,
          ...(await giver(relationship)),
          wordingVersion: CONSENT_WORDING,
          wordingLocale: 'id',
        });
      });
      if (withIom && iomAt < until) {
        at(iomAt, async () => {
          await routes.call(worker(), 'POST', `${caseUrl()}/consents`, {
            purpose: 'international_sharing',
            recipientAgencyId: iom.id,
            fieldGroups: ['age_band', 'sex', 'nationality', 'origin_region', 'needs', 'exploitation_types'],
            ...(await giver(relationship)),
            wordingVersion: CONSENT_WORDING,
            wordingLocale: 'id',
          });
        });
      }
    }

    /**
     * A case conference: the agencies present, what they decided, and action items with due dates. Most items
     * are done by the assigned agency (or the case team) around their due date; on open cases some are not,
     * and the overdue job alerts about them. A case that closes finishes its items first.
     */
    function scheduleConference(heldAt: number, stage: 'protection' | 'reintegration') {
      if (heldAt >= until - DAY) return;
      const closes = h.closeRequestedAt !== undefined;
      const heldOn = wibDate(heldAt);
      const present: { agency: TAgency; role: keyof typeof actionItemTexts }[] = [{ agency: team.lead, role: 'lead' }];
      if (x.chance(0.75)) present.push({ agency: team.shelter, role: 'shelter' });
      if (x.chance(0.6)) present.push({ agency: team.police, role: 'police' });
      if (v.abroad && x.chance(0.6)) present.push({ agency: iom, role: 'iom' });
      if (x.chance(0.15)) present.push({ agency: lpsk, role: 'lpsk' });
      const assigned = present.filter((_, i) => x.chance(i === 0 ? 0.6 : 0.7));
      if (assigned.length === 0) assigned.push(present.at(-1)!);
      const decisions = x.pick(conferenceDecisions[stage]);
      const items = assigned.map((p) => {
        const dueOn = wibDate(heldAt + x.int(7, 30) * DAY);
        const dueAt = Date.parse(`${dueOn}T00:00:00+07:00`) + DAY;
        let doneAt: number | undefined = Math.max(dueAt - x.between(-6, 12) * DAY, heldAt + x.between(2, 48) * HOUR);
        const done = closes || x.chance(0.75);
        if (doneAt >= until) doneAt = closes ? until - x.between(2, 20) * HOUR : undefined;
        return {
          agency: p.agency,
          description: x.pick(actionItemTexts[p.role]),
          dueOn,
          doneAt: done && doneAt !== undefined && doneAt > heldAt ? doneAt : undefined,
          id: '',
        };
      });
      const conference = { id: '' };
      at(heldAt, async () => {
        const created = await routes.call<{ id: string; actionItems: { id: string }[] }>(
          worker(),
          'POST',
          `${caseUrl()}/conferences`,
          {
            heldOn,
            agencyIds: present.map((p) => p.agency.id),
            decisions,
            actionItems: items.map((i) => ({ agencyId: i.agency.id, description: i.description, dueOn: i.dueOn })),
          },
        );
        conference.id = created.id;
        created.actionItems.forEach((item, i) => {
          items[i]!.id = item.id;
        });
      });
      for (const item of items) {
        if (item.doneAt === undefined) continue;
        const by = assignees.get(item.agency.id) ?? team.worker;
        at(item.doneAt, async () => {
          await routes.call(as(by), 'POST', `/api/conferences/${conference.id}/action-items/${item.id}/complete`);
        });
      }
    }
  }

  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  try {
    for (const step of steps) {
      clock.set(step.at);
      await step.run();
    }
  } finally {
    await routes.close();
  }
  return counts;
}

/** Creates the extra demo users that demo cases need (one password hash for all). */
export async function insertDemoCaseUsers(
  ctx: Context,
  agencies: Map<string, TAgency>,
  passwordHash: string,
): Promise<DemoUser[]> {
  const created: DemoUser[] = [];
  for (const u of demoCaseUsers) {
    const agency = agencies.get(u.agency);
    if (!agency) throw new Error(`demo agency ${u.agency} missing`);
    const row = await transact(ctx, (tx) =>
      insertUserWithRoles(tx, ctx, {
        username: u.username,
        displayName: u.displayName,
        agencyId: agency.id,
        roles: [...u.roles],
        locale: 'id',
        timeZone: 'Asia/Jakarta',
        passwordHash,
        mustChangePassword: false,
      }),
    );
    created.push({ id: row.id, username: row.username, agency, roles: [...u.roles] });
  }
  return created;
}

/**
 * Runs a bulk load with SQLite's `synchronous = NORMAL` (WAL stays consistent; only the last commits could
 * be lost on a power cut, which a re-run repairs), then restores FULL. PostgreSQL is left as it is.
 */
export async function withRelaxedSync<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  if (ctx.database.adapter.name !== 'sqlite') return fn();
  await sql`pragma synchronous = normal`.execute(ctx.database.db);
  try {
    return await fn();
  } finally {
    await sql`pragma synchronous = full`.execute(ctx.database.db);
  }
}

/**
 * After the simulated history the overdue jobs run once at the real time: alerts for late services, referrals
 * nobody answered in time and conference action items past their due date.
 */
export async function runOverdueCheck(ctx: Context): Promise<number> {
  const services = await checkOverdueServiceRequests(ctx);
  const referrals = await checkOverdueReferrals(ctx);
  const actionItems = await checkOverdueActionItems(ctx);
  const stays = await checkShelterOverstays(ctx);
  const responses = await checkOverdueResponses(ctx);
  return services + referrals + actionItems + stays + responses;
}
