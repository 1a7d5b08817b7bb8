/**
 * Shapes of the prevention API, from the generated contract (src/web/api/schema.d.ts); its picklists are the
 * server's own (src/contract/prevention.ts), so a renamed value breaks this app's type check.
 */
import type { ResponseOf, RowOf } from '../../api/types.js';

export type Programme = RowOf<'programmes.list'>;
export type ProgrammeDetail = ResponseOf<'programmes.get'>;
export type Session = ProgrammeDetail['sessions'][number];
export type SurveyResults = ResponseOf<'surveys.results'>;
export type Change = SurveyResults['programme'];
export type BudgetSummary = ResponseOf<'budgets.summary'>;
export type Allocation = BudgetSummary['allocations'][number];

export { ageBands, fundingSources, programmeTypes, targetGroups } from '../../../contract/prevention.js';

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
