/** Shapes of the prevention API (prevention.schema.ts on the server). */
export const programmeTypes = [
  'school_outreach',
  'village_campaign',
  'media_campaign',
  'officer_training',
  'border_monitoring',
  'pre_departure_orientation',
] as const;
export const targetGroups = [
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
] as const;
export const ageBands = ['0_17', '18_24', '25_59', '60_plus'] as const;
export const fundingSources = ['apbn', 'apbd', 'village_fund', 'donor'] as const;

export interface Programme {
  id: string;
  agencyId: string;
  type: (typeof programmeTypes)[number];
  name: string;
  description: string | null;
  regionCodes: string[];
  startsOn: string;
  endsOn: string;
  targetGroups: string[];
}
type Bands = Record<(typeof ageBands)[number], number>;
export interface Session {
  id: string;
  heldOn: string;
  place: string;
  regionCode: string;
  facilitator: string;
  participants: { female: Bands; male: Bands };
  participantTotal: number;
  materials: string[];
  surveyCode: string;
  responses: { pre: number; post: number };
}
export interface ProgrammeDetail extends Programme {
  sessions: Session[];
  participantTotal: number;
  participantsBySex: { female: number; male: number };
}
export interface Change {
  method: 'paired' | 'welch';
  nBefore: number;
  nAfter: number;
  meanBefore: number | null;
  meanAfter: number | null;
  change: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}
export interface SurveyResults {
  programme: Change;
  sessions: { sessionId: string; heldOn: string; place: string; change: Change }[];
}
export interface Allocation {
  id: string;
  agencyId: string;
  programmeId: string | null;
  purpose: 'prevention' | 'victim_services';
  year: number;
  source: (typeof fundingSources)[number];
  amount: number;
  spent: number;
  remaining: number;
}
export interface BudgetSummary {
  year: number;
  allocations: Allocation[];
  bySource: { source: string; allocated: number; spent: number }[];
  programmes: {
    programmeId: string;
    name: string;
    allocated: number;
    spent: number;
    participants: number;
    costPerParticipant: number | null;
    awarenessChange: number | null;
    costPerAwarenessPoint: number | null;
  }[];
  victimServices: {
    allocated: number;
    spent: number;
    victimsServed: number;
    servicesDelivered: number;
    costPerVictim: number | null;
    costPerService: number | null;
  };
}

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
