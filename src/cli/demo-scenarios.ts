/** Exploitation patterns of the demo (declarative data): scenarios by province and year, destinations, vulnerabilities. */
/* ---------- exploitation patterns ---------- */

export type Weighted<T = string> = readonly (readonly [T, number])[];

export interface Destination {
  country: string;
  city: string;
  /** Indonesian regency code for domestic destinations. */
  place?: string;
}

export interface Scenario {
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

export const abroadReferral: Weighted = [
  ['mission_abroad', 4],
  ['bp2mi', 3],
  ['family', 2],
  ['iom', 1],
  ['police', 1],
  ['ngo', 1],
];

export const scenarios: Scenario[] = [
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

export const vulnerabilities: Weighted = [
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

export const educationAdult: Weighted = [
  ['PrimaryEducation', 4],
  ['LowerSecondaryEducation', 4],
  ['UpperSecondaryEducation', 3],
  ['ShortCycleTertiaryEducation', 0.4],
  ['BachelorsOrEquivalentLevel', 0.6],
];
