/** Shapes of the indicators API (docs/indicators.md) as the web app reads them. */
export interface Indicator {
  key: string;
  version: number;
  name: { id: string; en: string };
  definition: { id: string; en: string };
  basis: string | null;
  aggregate: 'count' | 'distinctVictims' | 'share' | 'median' | 'mean';
  unit: string;
  fact: string;
  higherIsBetter: boolean;
  dashboard: boolean;
  drillParts: ('numerator' | 'denominator')[];
}
export interface Cell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
}
export interface Figure extends Cell {
  key: string;
  version: number;
  by: string | null;
  breakdown: (Cell & { key: string | null })[] | null;
}
export interface Dashboard {
  key: 'overview' | 'agency' | 'programme';
  period: { from: string; to: string };
  asOf: string | null;
  scope: 'all' | 'jurisdiction' | 'agency';
  smallCellMin: number;
  suppression: boolean;
  figures: Figure[];
  panels: { id: string; indicator: string; by: string; figure: Figure }[];
  legal: { key: string; definition: { id: string; en: string }; value: number | null }[] | null;
  awareness:
    | { key: string; change: number | null; ciLow: number | null; ciHigh: number | null; respondents: number | null }[]
    | null;
}
export interface DrillItem {
  caseNumber: string;
  caseId: string | null;
  onDate: string;
  status: string | null;
  amount: number | null;
  province: string | null;
  regency: string | null;
  agencyType: string;
}
export interface Drilldown {
  key: string;
  part: 'numerator' | 'denominator';
  period: { from: string; to: string };
  asOf: string | null;
  total: number | null;
  suppressed: boolean;
  items: DrillItem[];
  nextCursor: string | null;
}

/** A figure's value for people: shares as percentages, medians in days or hours, withheld values named so. */
export function formatValue(
  value: number | null,
  unit: string,
  locale: string,
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  if (value === null) return '—';
  const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o).format(value);
  if (unit === 'share') return nf({ style: 'percent', maximumFractionDigits: 1 });
  if (unit === 'days') return t('evaluation.units.days', { value: nf({ maximumFractionDigits: 1 }) });
  if (unit === 'hours') return t('evaluation.units.hours', { value: nf({ maximumFractionDigits: 1 }) });
  if (unit === 'score') return nf({ maximumFractionDigits: 3 });
  return nf({ maximumFractionDigits: 0 });
}
