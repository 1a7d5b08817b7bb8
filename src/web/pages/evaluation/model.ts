/** Shapes of the indicators API (docs/indicators.md), from the generated contract (src/web/api/evaluation.ts). */
import type { Dashboard } from '../../api/evaluation.js';

export type { Dashboard, Drilldown, Indicator } from '../../api/evaluation.js';
export type Figure = Dashboard['figures'][number];

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
