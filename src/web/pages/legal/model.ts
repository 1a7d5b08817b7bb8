/**
 * The legal API's shapes (src/modules/legal/legal.schema.ts). The picklists are the server's own (src/contract/),
 * so a renamed value breaks the web's type check.
 */
import type {
  ChainKey,
  childChecklistItems,
  claimComponents,
  claimStatuses,
  governingLaws,
  informChannels,
  informTopics,
  PartyRole,
  ProceedingStage,
  ProtectionType,
  protectionStatuses,
  stepStatuses,
  testimonyModes,
  threatLevels,
  victimRoles,
} from '../../../contract/legal.js';

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

type Of<T extends readonly string[]> = T[number];

export interface Step {
  id: string;
  step: string;
  seq: number;
  kind: 'deadline' | 'action';
  actor: string;
  basis: string;
  status: Of<typeof stepStatuses>;
  dueAt: string | null;
  overdue: boolean;
  occurredOn: string | null;
  note: string | null;
  recordedAt: string | null;
}

export interface Claim {
  id: string;
  proceedingId: string;
  caseId: string;
  caseNumber: string;
  defendantId: string | null;
  chain: ChainKey;
  filedOn: string;
  components: { kind: Of<typeof claimComponents>; amount: number; note?: string }[];
  claimedAmount: number;
  lpskAssessedAmount: number | null;
  lpskAssessedOn: string | null;
  orderedAmount: number | null;
  paidAmount: number;
  outstandingAmount: number;
  status: Of<typeof claimStatuses>;
  version: number;
  steps: Step[];
  next: Step | null;
  offered: string[];
  payments: { id: string; paidOn: string; amount: number; evidence: string; recordedAt: string }[];
}

export interface Proceeding {
  id: string;
  reportNumber: string;
  policeUnit: string;
  reportedOn: string;
  law: Of<typeof governingLaws>;
  exploitationType: string | null;
  stage: ProceedingStage;
  stageOn: string;
  nextStages: ProceedingStage[];
  stoppedReason: string | null;
  courtName: string | null;
  open: boolean;
  version: number;
  parties: { agency: { id: string; name: string }; role: PartyRole }[];
  victims: {
    caseId: string;
    caseNumber: string;
    isChild: boolean;
    role: Of<typeof victimRoles>;
    accompaniedBy: string | null;
    lastInformedAt: string;
  }[];
  otherVictims: number;
  defendants: {
    id: string;
    personId: string;
    pseudonym: string;
    initials: string | null;
    sex: string | null;
    rolesInProcess: string[];
    status: string;
  }[];
  charges: { id: string; law: string; article: string; defendantId: string | null }[];
  stageHistory: { stage: ProceedingStage; on: string; recordedAt: string }[];
  hearings: {
    id: string;
    heldOn: string;
    court: string;
    caseId: string | null;
    testimonyMode: Of<typeof testimonyModes> | null;
    accompaniedBy: string | null;
    notes: string | null;
  }[];
  verdicts: {
    id: string;
    defendantId: string;
    instance: string;
    decidedOn: string;
    outcome: string;
    sentenceMonths: number | null;
    fineAmount: number | null;
    restitutionOrdered: boolean;
    restitutionAmount: number | null;
    finalOn: string | null;
  }[];
  claims: Claim[];
  abilities: { manage: boolean; recordRestitution: boolean; inform: boolean };
  createdAt: string;
}

export interface ProceedingSummary {
  id: string;
  reportNumber: string;
  reportedOn: string;
  law: Of<typeof governingLaws>;
  stage: ProceedingStage;
  stageOn: string;
  open: boolean;
  victims: number;
}

export interface Measure {
  id: string;
  caseId: string;
  caseNumber: string;
  proceedingId: string | null;
  type: ProtectionType;
  agency: { id: string; name: string };
  status: Of<typeof protectionStatuses>;
  requestedAt: string;
  respondBy: string | null;
  grantedOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  threatLevel: Of<typeof threatLevels>;
  threatAssessment: string | null;
  reviewOn: string | null;
  childChecklist: Of<typeof childChecklistItems>[] | null;
  version: number;
}

export interface DueItem {
  kind: 'restitution_step' | 'protection_response' | 'protection_review';
  id: string;
  dueAt: string;
  overdue: boolean;
  caseId: string;
  caseNumber: string;
  proceedingId: string | null;
  claimId: string | null;
  step: string | null;
  measureType: ProtectionType | null;
}

export interface Informed {
  id: string;
  caseId: string;
  informedAt: string;
  channel: Of<typeof informChannels>;
  topics: Of<typeof informTopics>[];
  summary: string;
  informedBy: string;
  informedByAgency: { id: string; name: string };
}

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
