/** Shapes of the prevention API, from the generated contract (src/web/api/schema.d.ts); picklists checked against it. */
import type { BodyOf, ResponseOf, RowOf } from '../../api/types.js';
import { picklist } from '../../api/types.js';

export type Programme = RowOf<'programmes.list'>;
export type ProgrammeDetail = ResponseOf<'programmes.get'>;
export type Session = ProgrammeDetail['sessions'][number];
export type SurveyResults = ResponseOf<'surveys.results'>;
export type Change = SurveyResults['programme'];
export type BudgetSummary = ResponseOf<'budgets.summary'>;
export type Allocation = BudgetSummary['allocations'][number];

export const programmeTypes = picklist<Programme['type']>()([
  'school_outreach',
  'village_campaign',
  'media_campaign',
  'officer_training',
  'border_monitoring',
  'pre_departure_orientation',
]);
export const targetGroups = picklist<BodyOf<'programmes.create'>['targetGroups'][number]>()([
  'students',
  'teachers',
  'parents',
  'youth',
  'women',
  'village_officials',
  'religious_leaders',
  'prospective_migrant_workers',
  'returned_migrant_workers',
  'police',
  'immigration_officers',
  'labour_officers',
  'health_workers',
  'general_public',
]);
export const ageBands = picklist<keyof Session['participants']['female']>()(['0_17', '18_24', '25_59', '60_plus']);
export const fundingSources = picklist<Allocation['source']>()(['apbn', 'apbd', 'village_fund', 'donor']);

export const rupiah = (n: number | null, lang: string) =>
  n === null
    ? '—'
    : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
        style: 'currency',
        currency: 'IDR',
        maximumFractionDigits: 0,
      }).format(n);
export const num = (n: number | null, digits = 1) => (n === null ? '—' : n.toFixed(digits));
export function changeText(c: Change): string {
  if (c.change === null) return '—';
  const ci = c.ciLow !== null && c.ciHigh !== null ? ` (95 % CI ${num(c.ciLow)} – ${num(c.ciHigh)})` : '';
  return `${c.change >= 0 ? '+' : ''}${num(c.change)}${ci}`;
}
