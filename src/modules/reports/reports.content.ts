/**
 * What a task-force report contains (docs/indicators.md, "Reports"), as tables computed through the indicator
 * engine with the requester's context — so scope and small-cell suppression are exactly the dashboard's:
 * the indicators; SDG 16.2.2 (detected victims per 100,000 population by sex, age and form of exploitation);
 * UNODC GLOTIP (victims by sex and age group, by form of exploitation, by citizenship; persons investigated,
 * prosecuted, convicted); US TIP-style counts per year; and, in a five-year review, the indicators year by year.
 */
import type { Context } from '../../platform/context.js';
import { computeIndicators, dashboardIndicatorKeys, indicatorByKey, type TFigure } from '../indicators/index.js';
import { legalFacts } from '../legal/index.js';
import { countryName } from '../reference/index.js';

export interface ReportTable {
  id: string;
  title: string;
  note?: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * Indonesia's mid-year population (BPS, Proyeksi Penduduk Indonesia 2020–2050 hasil SP2020), for SDG 16.2.2 rates
 * of national reports; a year outside the table uses the nearest one. Rates are not given for a province or an
 * agency (no sub-national denominator is held here).
 */
const populationByYear: Record<number, number> = {
  2020: 270_203_900,
  2021: 272_682_500,
  2022: 275_773_800,
  2023: 278_696_200,
  2024: 281_603_800,
  2025: 284_438_800,
};
const populationOf = (year: number) => {
  const years = Object.keys(populationByYear).map(Number);
  const nearest = years.reduce((a, b) => (Math.abs(b - year) < Math.abs(a - year) ? b : a));
  return populationByYear[nearest]!;
};

const L = {
  id: {
    indicators: 'Indikator',
    indicator: 'Indikator',
    value: 'Nilai',
    numerator: 'Pembilang',
    denominator: 'Penyebut',
    sdg: 'SDG 16.2.2: korban terdeteksi per 100.000 penduduk',
    sdgNote: 'Korban unik lintas lembaga. Tingkat per 100.000 hanya untuk laporan nasional (penduduk: proyeksi BPS).',
    glotip: 'UNODC GLOTIP: korban terdeteksi menurut jenis kelamin dan kelompok umur, dan menurut bentuk eksploitasi',
    glotipCitizenship: 'UNODC GLOTIP: korban terdeteksi menurut kewarganegaraan',
    glotipCitizenshipNote:
      'Korban unik lintas lembaga: warga negara Indonesia, lalu warga negara asing menurut negara.',
    citizenship: 'Kewarganegaraan',
    national: 'Warga negara Indonesia',
    foreign: 'Asing',
    unknown: 'Tidak diketahui',
    glotipJustice: 'UNODC GLOTIP: proses pidana',
    tip: 'Hitungan gaya laporan TIP AS per tahun',
    fiveYear: 'Indikator per tahun',
    group: 'Kelompok',
    victims: 'Korban',
    rate: 'Per 100.000',
    year: 'Tahun',
    count: 'Jumlah',
    suppressed: 'disembunyikan',
    nationalOnly: 'Angka penegakan hukum bersifat nasional: hanya dalam laporan nasional.',
    girls: 'Anak perempuan',
    boys: 'Anak laki-laki',
    women: 'Perempuan dewasa',
    men: 'Laki-laki dewasa',
    total: 'Jumlah',
    identified: 'Korban teridentifikasi',
    investigations: 'Penyidikan',
    prosecutions: 'Penuntutan',
    convictions: 'Terpidana',
  },
  en: {
    indicators: 'Indicators',
    indicator: 'Indicator',
    value: 'Value',
    numerator: 'Numerator',
    denominator: 'Denominator',
    sdg: 'SDG 16.2.2: detected victims per 100,000 population',
    sdgNote: 'Unique victims across agencies. Rates per 100,000 in national reports only (population: BPS projection).',
    glotip: 'UNODC GLOTIP: detected victims by sex and age group, and by form of exploitation',
    glotipCitizenship: 'UNODC GLOTIP: detected victims by citizenship',
    glotipCitizenshipNote: 'Unique victims across agencies: Indonesian citizens, then foreign citizens by country.',
    citizenship: 'Citizenship',
    national: 'Indonesian citizens',
    foreign: 'Foreign',
    unknown: 'Unknown',
    glotipJustice: 'UNODC GLOTIP: criminal justice',
    tip: 'US TIP-style counts per year',
    fiveYear: 'Indicators by year',
    group: 'Group',
    victims: 'Victims',
    rate: 'Per 100,000',
    year: 'Year',
    count: 'Count',
    suppressed: 'withheld',
    nationalOnly: 'Law-enforcement figures are national: in national reports only.',
    girls: 'Girls',
    boys: 'Boys',
    women: 'Women',
    men: 'Men',
    total: 'Total',
    identified: 'Victims identified',
    investigations: 'Investigations',
    prosecutions: 'Prosecutions',
    convictions: 'Persons convicted',
  },
} as const;

/** ISO 3166-1 alpha-2 of Indonesia: its citizens are the nationals of GLOTIP's citizenship table. */
const INDONESIA = 'ID';

export interface ReportPeriod {
  from: string;
  to: string;
  years: number[];
}

/** Builds the tables; `onSection` reports progress (0–100) after each. */
export async function reportTables(
  ctx: Context,
  kind: 'annual' | 'five_year',
  locale: 'id' | 'en',
  period: ReportPeriod,
  onSection: (progress: number) => Promise<void>,
): Promise<ReportTable[]> {
  const l = L[locale];
  const show = (v: number | null, suppressed: boolean) => (suppressed ? l.suppressed : v);
  const sections = kind === 'five_year' ? 7 : 6;
  let done = 0;
  const step = async () => onSection(Math.round((++done / sections) * 100));
  const tables: ReportTable[] = [];
  const base = { from: period.from, to: period.to };

  const all = await computeIndicators(ctx, base);
  const national = all.scope === 'all';
  tables.push({
    id: 'indicators',
    title: l.indicators,
    columns: [l.indicator, l.value, l.numerator, l.denominator],
    rows: all.figures.map((f) => [
      indicatorByKey.get(f.key)!.name[locale],
      show(f.value, f.suppressed),
      f.suppressed ? l.suppressed : f.numerator,
      f.suppressed ? l.suppressed : f.denominator,
    ]),
  });
  await step();

  const unique = async (
    by: 'sex' | 'child' | 'exploitationType' | 'citizenship',
    filter: Record<string, string> = {},
  ) => (await computeIndicators(ctx, { ...base, ...filter, keys: ['victims_unique'], by })).figures[0] as TFigure;
  const total = all.figures.find((f) => f.key === 'victims_unique')!;
  const years = period.years.length;
  const population = period.years.reduce((s, y) => s + populationOf(y), 0) / years;
  const rate = (v: number | null) =>
    national && v !== null ? Math.round((v / years / population) * 100_000 * 1000) / 1000 : null;
  const sdgRows: ReportTable['rows'] = [[l.total, show(total.value, total.suppressed), rate(total.value)]];
  for (const by of ['sex', 'child', 'exploitationType'] as const) {
    for (const c of (await unique(by)).breakdown ?? [])
      sdgRows.push([`${by}: ${c.key ?? '-'}`, show(c.value, c.suppressed), rate(c.value)]);
  }
  tables.push({
    id: 'sdg_16_2_2',
    title: l.sdg,
    note: l.sdgNote,
    columns: [l.group, l.victims, l.rate],
    rows: sdgRows,
  });
  await step();

  const glotipRows: ReportTable['rows'] = [];
  for (const age of ['child', 'adult'] as const) {
    const bySex = (await unique('sex', { child: age })).breakdown ?? [];
    for (const sex of ['Feminine', 'Masculine'] as const) {
      const c = bySex.find((x) => x.key === sex);
      const label = age === 'child' ? (sex === 'Feminine' ? l.girls : l.boys) : sex === 'Feminine' ? l.women : l.men;
      glotipRows.push([label, c ? show(c.value, c.suppressed) : 0]);
    }
  }
  for (const c of (await unique('exploitationType')).breakdown ?? [])
    glotipRows.push([c.key ?? '-', show(c.value, c.suppressed)]);
  tables.push({ id: 'glotip_victims', title: l.glotip, columns: [l.group, l.victims], rows: glotipRows });
  await step();

  // GLOTIP's citizenship of detected victims: nationals first, then foreign citizens by country name, then unknown.
  const byCitizenship = (await unique('citizenship')).breakdown ?? [];
  const nationals = byCitizenship.find((c) => c.key === INDONESIA);
  const foreign = byCitizenship
    .filter((c) => c.key !== null && c.key !== INDONESIA)
    .map((c) => ({ ...c, name: countryName(c.key!, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const unknown = byCitizenship.find((c) => c.key === null);
  tables.push({
    id: 'glotip_citizenship',
    title: l.glotipCitizenship,
    note: l.glotipCitizenshipNote,
    columns: [l.citizenship, l.victims],
    rows: [
      [l.national, nationals ? show(nationals.value, nationals.suppressed) : 0],
      ...foreign.map((c) => [`${l.foreign}: ${c.name}`, show(c.value, c.suppressed)]),
      ...(unknown ? [[l.unknown, show(unknown.value, unknown.suppressed)]] : []),
    ],
  });
  await step();

  const min = all.suppression ? ctx.config.smallCellMin : null;
  const legalCount = (v: number | null) => (min !== null && v !== null && v > 0 && v < min ? l.suppressed : v);
  const legalOf = async (from: string, to: string) => {
    const facts = await legalFacts(ctx, { from, to });
    const get = (k: string) => legalCount(facts.find((f) => f.key === k)?.value ?? null);
    return {
      investigations: get('investigations'),
      prosecutions: get('prosecutions'),
      convictions: get('convictions'),
    };
  };
  if (national) {
    const j = await legalOf(period.from, period.to);
    tables.push({
      id: 'glotip_justice',
      title: l.glotipJustice,
      columns: [l.group, l.count],
      rows: [
        [l.investigations, j.investigations],
        [l.prosecutions, j.prosecutions],
        [l.convictions, j.convictions],
      ],
    });
  } else {
    tables.push({
      id: 'glotip_justice',
      title: l.glotipJustice,
      note: l.nationalOnly,
      columns: [l.group, l.count],
      rows: [],
    });
  }
  await step();

  const identifiedByYear = (await computeIndicators(ctx, { ...base, keys: ['victims_identified'], by: 'year' }))
    .figures[0]!;
  const tipRows: ReportTable['rows'] = [];
  for (const y of period.years) {
    const c = identifiedByYear.breakdown?.find((x) => x.key === String(y));
    const j = national ? await legalOf(`${y}-01-01`, `${y}-12-31`) : null;
    tipRows.push([
      y,
      c ? show(c.value, c.suppressed) : 0,
      j?.investigations ?? '—',
      j?.prosecutions ?? '—',
      j?.convictions ?? '—',
    ]);
  }
  tables.push({
    id: 'us_tip',
    title: l.tip,
    ...(national ? {} : { note: l.nationalOnly }),
    columns: [l.year, l.identified, l.investigations, l.prosecutions, l.convictions],
    rows: tipRows,
  });
  await step();

  if (kind === 'five_year') {
    const rows: ReportTable['rows'] = [];
    for (const key of dashboardIndicatorKeys) {
      const f = (await computeIndicators(ctx, { ...base, keys: [key], by: 'year' })).figures[0]!;
      rows.push([
        indicatorByKey.get(key)!.name[locale],
        ...period.years.map((y) => {
          const c = f.breakdown?.find((x) => x.key === String(y));
          return c ? show(c.value, c.suppressed) : null;
        }),
      ]);
    }
    tables.push({ id: 'five_year', title: l.fiveYear, columns: [l.indicator, ...period.years.map(String)], rows });
    await step();
  }
  return tables;
}
