/**
 * The indicator set as versioned data (docs/indicators.md). An indicator is a measure over one kind of fact the
 * modules publish (indicators.facts.ts turns their facts into rows of `indicator_facts`): a count, a count of
 * distinct victims, a share (numerator over denominator), a median or a mean of the fact's amount. Changing a
 * definition means a new version: reports name the key and version they used. The first twelve form the
 * national dashboard.
 */

export const factKinds = ['case', 'case.closed', 'service', 'referral', 'shelter', 'reintegration'] as const;
export type FactKind = (typeof factKinds)[number];

/** Which facts a measure counts: the kind, and optionally statuses, the kind's flag and pending. */
export interface FactSelection {
  fact: FactKind;
  status?: readonly string[];
  /** The kind's flag (see `flagMeaning`): 1 or 0. */
  flag?: 0 | 1;
  /** Facts whose outcome is still open (a service not yet due) are pending: 1 or 0. */
  pending?: 0 | 1;
  /** Only facts with an amount (a delivered service's days, an answered referral's hours). */
  hasAmount?: boolean;
}

export type IndicatorAggregate = 'count' | 'distinctVictims' | 'share' | 'median' | 'mean';
export type IndicatorUnit =
  | 'victims'
  | 'cases'
  | 'services'
  | 'referrals'
  | 'stays'
  | 'share'
  | 'days'
  | 'hours'
  | 'score';

export interface IndicatorDefinition {
  key: string;
  version: number;
  name: { id: string; en: string };
  definition: { id: string; en: string };
  /** The law or standard the indicator measures against, cited where a rule comes from the law. */
  basis?: string;
  aggregate: IndicatorAggregate;
  unit: IndicatorUnit;
  numerator: FactSelection;
  /** Shares only. */
  denominator?: FactSelection;
  higherIsBetter: boolean;
  /** Part of the national dashboard's twelve. */
  dashboard: boolean;
}

/** What the flag of each fact kind means (documented in docs/indicators.md). */
export const flagMeaning: Record<FactKind, string> = {
  case: 'unused',
  'case.closed': 'unused',
  service: 'late: not delivered by the statutory due time (delivered after it, or still open past it)',
  referral: 'answered in time: the first answer came by the due time',
  shelter: 'overstay: the stay ran past its planned exit (ended after it, or still open past it)',
  reintegration: 'sustainable: the follow-up composite score reached the sustainability threshold',
};

/** A case registered but not yet screened carries no HTCDS status: the facts name it so. */
export const UNDETERMINED = 'Undetermined';
const presumedStatuses = ['PossibleVictimOfTrafficking', UNDETERMINED] as const;
const victimStatuses = ['ActualVictimOfTrafficking', ...presumedStatuses] as const;

export const indicatorDefinitions: readonly IndicatorDefinition[] = [
  {
    key: 'victims_identified',
    version: 1,
    name: { id: 'Korban teridentifikasi', en: 'Victims identified' },
    definition: {
      id: 'Kasus yang didaftarkan dalam periode dengan status korban perdagangan orang yang telah diputuskan.',
      en: 'Cases registered in the period whose status is a decided victim of trafficking.',
    },
    basis: 'Law 21/2007 Art. 1(3)',
    aggregate: 'count',
    unit: 'cases',
    numerator: { fact: 'case', status: ['ActualVictimOfTrafficking'] },
    higherIsBetter: true,
    dashboard: true,
  },
  {
    key: 'victims_presumed',
    version: 1,
    name: { id: 'Terduga korban', en: 'Presumed victims' },
    definition: {
      id: 'Kasus yang didaftarkan dalam periode sebagai terduga korban atau belum diputuskan (belum disaring), menunggu keputusan.',
      en: 'Cases registered in the period as presumed victims or not yet decided (not yet screened), pending a decision.',
    },
    aggregate: 'count',
    unit: 'cases',
    numerator: { fact: 'case', status: presumedStatuses },
    higherIsBetter: false,
    dashboard: true,
  },
  {
    key: 'victims_unique',
    version: 1,
    name: { id: 'Korban unik lintas lembaga', en: 'Unique victims across agencies' },
    definition: {
      id: 'Korban dan terduga korban (termasuk yang belum diputuskan) yang didaftarkan dalam periode, satu orang yang dikenal beberapa lembaga dihitung sekali (keterkaitan rekaman dengan token berkunci).',
      en: 'Victims and presumed victims (including those not yet decided) registered in the period; one person known to several agencies counts once (record linkage over keyed tokens).',
    },
    aggregate: 'distinctVictims',
    unit: 'victims',
    numerator: { fact: 'case', status: victimStatuses },
    higherIsBetter: true,
    dashboard: true,
  },
  {
    key: 'services_in_time',
    version: 1,
    name: { id: 'Layanan diberikan dalam 7 hari', en: 'Services delivered within 7 days' },
    definition: {
      id: 'Dari permohonan layanan wajib (rehabilitasi, pemulangan, reintegrasi, pertolongan pertama) yang diajukan dalam periode dan sudah jatuh tempo atau selesai, bagian yang diberikan paling lambat 7 hari setelah permohonan.',
      en: 'Of the statutory service requests (rehabilitation, repatriation, reintegration, first aid) applied for in the period and already due or decided, the share delivered within 7 days of the application.',
    },
    basis: 'Law 21/2007 Art. 51–53 (Art. 52(1): within 7 days)',
    aggregate: 'share',
    unit: 'share',
    numerator: { fact: 'service', status: ['delivered'], flag: 0, pending: 0 },
    denominator: {
      fact: 'service',
      pending: 0,
      status: ['requested', 'accepted', 'in_progress', 'delivered', 'declined'],
    },
    higherIsBetter: true,
    dashboard: true,
  },
  {
    key: 'services_late',
    version: 1,
    name: { id: 'Layanan terlambat', en: 'Services served late' },
    definition: {
      id: 'Permohonan layanan wajib yang diajukan dalam periode dan tidak diberikan dalam 7 hari (diberikan setelahnya atau masih terbuka setelah jatuh tempo).',
      en: 'Statutory service requests applied for in the period and not delivered within 7 days (delivered after, or still open past, the due time).',
    },
    basis: 'Law 21/2007 Art. 52(1), 53',
    aggregate: 'count',
    unit: 'services',
    numerator: { fact: 'service', flag: 1 },
    higherIsBetter: false,
    dashboard: true,
  },
  {
    key: 'service_days_median',
    version: 1,
    name: { id: 'Median hari sampai layanan', en: 'Median days to service' },
    definition: {
      id: 'Median hari (dibulatkan) dari permohonan sampai layanan wajib diberikan, untuk permohonan dalam periode yang sudah diberikan.',
      en: 'Median days (rounded) from application to delivery of statutory services applied for in the period and delivered.',
    },
    basis: 'Law 21/2007 Art. 52(1)',
    aggregate: 'median',
    unit: 'days',
    numerator: { fact: 'service', status: ['delivered'], hasAmount: true },
    higherIsBetter: false,
    dashboard: true,
  },
  {
    key: 'referrals_in_time',
    version: 1,
    name: { id: 'Rujukan dijawab tepat waktu', en: 'Referrals answered in time' },
    definition: {
      id: 'Dari rujukan yang dikirim dalam periode dan sudah dijawab atau jatuh tempo, bagian yang dijawab sebelum batas waktu (3 hari kerja, mendesak 24 jam).',
      en: 'Of the referrals sent in the period and answered or past due, the share answered by the due time (3 working days, urgent 24 hours).',
    },
    aggregate: 'share',
    unit: 'share',
    numerator: { fact: 'referral', flag: 1 },
    denominator: { fact: 'referral', pending: 0 },
    higherIsBetter: true,
    dashboard: true,
  },
  {
    key: 'referral_hours_median',
    version: 1,
    name: { id: 'Median jam jawaban rujukan', en: 'Median hours to answer a referral' },
    definition: {
      id: 'Median jam (dibulatkan) dari pengiriman sampai jawaban pertama, untuk rujukan dalam periode yang sudah dijawab.',
      en: 'Median hours (rounded) from sending to the first answer, for referrals sent in the period and answered.',
    },
    aggregate: 'median',
    unit: 'hours',
    numerator: { fact: 'referral', hasAmount: true },
    higherIsBetter: false,
    dashboard: true,
  },
  {
    key: 'shelter_stays',
    version: 1,
    name: { id: 'Masa tinggal di rumah aman', en: 'Shelter stays' },
    definition: {
      id: 'Penerimaan di rumah aman atau rumah perlindungan dalam periode.',
      en: 'Admissions to a shelter or safe house in the period.',
    },
    aggregate: 'count',
    unit: 'stays',
    numerator: { fact: 'shelter' },
    higherIsBetter: true,
    dashboard: true,
  },
  {
    key: 'shelter_overstays',
    version: 1,
    name: { id: 'Tinggal melewati rencana keluar', en: 'Shelter overstays' },
    definition: {
      id: 'Masa tinggal yang dimulai dalam periode dan melewati tanggal rencana keluar (keluar setelahnya atau masih tinggal setelahnya).',
      en: 'Stays begun in the period that ran past their planned exit (left after it, or still there past it).',
    },
    aggregate: 'count',
    unit: 'stays',
    numerator: { fact: 'shelter', flag: 1 },
    higherIsBetter: false,
    dashboard: true,
  },
  {
    key: 'reintegration_sustainable',
    version: 1,
    name: { id: 'Reintegrasi berkelanjutan', en: 'Sustainable reintegration' },
    definition: {
      id: 'Dari survei keberlanjutan reintegrasi lanjutan (3, 6, 12 bulan) dalam periode, bagian dengan skor gabungan mencapai ambang berkelanjutan.',
      en: 'Of the reintegration sustainability follow-up surveys (3, 6, 12 months) in the period, the share whose composite score reaches the sustainability threshold.',
    },
    basis: 'IOM Reintegration Sustainability Survey',
    aggregate: 'share',
    unit: 'share',
    numerator: { fact: 'reintegration', flag: 1 },
    denominator: { fact: 'reintegration' },
    higherIsBetter: true,
    dashboard: true,
  },
  {
    key: 'cases_closed_reintegrated',
    version: 1,
    name: { id: 'Kasus ditutup karena reintegrasi', en: 'Cases closed as reintegrated' },
    definition: {
      id: 'Dari kasus yang ditutup dalam periode, bagian yang ditutup karena korban telah reintegrasi.',
      en: 'Of the cases closed in the period, the share closed because the victim is reintegrated.',
    },
    aggregate: 'share',
    unit: 'share',
    numerator: { fact: 'case.closed', status: ['reintegrated'] },
    denominator: { fact: 'case.closed' },
    higherIsBetter: true,
    dashboard: true,
  },
  {
    key: 'reintegration_score_mean',
    version: 1,
    name: { id: 'Rata-rata skor reintegrasi lanjutan', en: 'Mean reintegration follow-up score' },
    definition: {
      id: 'Rata-rata skor gabungan (0–1) survei keberlanjutan reintegrasi lanjutan dalam periode.',
      en: 'Mean composite score (0–1) of the reintegration sustainability follow-up surveys in the period.',
    },
    basis: 'IOM Reintegration Sustainability Survey',
    aggregate: 'mean',
    unit: 'score',
    numerator: { fact: 'reintegration', hasAmount: true },
    higherIsBetter: true,
    dashboard: false,
  },
  {
    key: 'cases_closed',
    version: 1,
    name: { id: 'Kasus ditutup', en: 'Cases closed' },
    definition: {
      id: 'Kasus yang ditutup dalam periode, menurut alasan penutupan.',
      en: 'Cases closed in the period, by closure reason.',
    },
    aggregate: 'count',
    unit: 'cases',
    numerator: { fact: 'case.closed' },
    higherIsBetter: true,
    dashboard: false,
  },
];

export const indicatorKeys = indicatorDefinitions.map((d) => d.key) as [string, ...string[]];
export const dashboardIndicatorKeys = indicatorDefinitions.filter((d) => d.dashboard).map((d) => d.key);
export const indicatorByKey = new Map(indicatorDefinitions.map((d) => [d.key, d]));

export { type IndicatorDimension, indicatorDimensions } from '../../contract/indicators.js';
