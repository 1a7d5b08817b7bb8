/**
 * The legal API's shapes, generated from the server's OpenAPI document. The picklists are the server's own (src/contract/),
 * so a renamed value breaks the web's type check.
 */
import type { ProceedingStage, ProtectionType } from '../../../contract/legal.js';
import type { ResponseOf, RowOf } from '../../api/types.js';

export {
  chargeLaws,
  childChecklistItems,
  claimComponents,
  governingLaws,
  informChannels,
  informTopics,
  protectionTypes,
  stopReasons,
  testimonyModes,
  threatLevels,
  verdictInstances,
  verdictOutcomes,
  victimRoles,
} from '../../../contract/legal.js';
export type { ProceedingStage, ProtectionType };

/** The shapes themselves come from the generated contract (src/web/api/schema.d.ts), never a hand-made copy. */
export type Proceeding = ResponseOf<'legal.proceedings.get'>;
export type Claim = Proceeding['claims'][number];
export type Step = Claim['steps'][number];
export type ProceedingSummary = RowOf<'legal.proceedings.list'>;
export type Measure = RowOf<'protection.measures.list'>;
export type DueItem = RowOf<'restitution.dueList'>;
export type Informed = RowOf<'legal.victimInformed.list'>;

/** Rupiah as Indonesians write it (Rp 9.000.000). */
export function rupiah(amount: number | null | undefined, language: string): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat(language === 'en' ? 'en-ID' : 'id-ID', {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
  }).format(amount);
}

/** Today's calendar date (yyyy-mm-dd) in a time zone. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
