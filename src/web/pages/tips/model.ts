/** Shapes of the tips API (tips.schema.ts on the server). */
export const tipStatuses = ['new', 'in_review', 'converted', 'referred', 'closed'] as const;
export const tipUrgencies = ['urgent', 'high', 'normal'] as const;
export const tipClosureReasons = [
  'duplicate',
  'not_trafficking',
  'insufficient_information',
  'handled_elsewhere',
  'false_report',
  'other',
] as const;

export interface TipSummary {
  id: string;
  ref: string;
  status: (typeof tipStatuses)[number];
  version: number;
  urgency: (typeof tipUrgencies)[number];
  isChild: boolean;
  heldNow: boolean;
  nearBorder: boolean;
  regionCode: string;
  indicators: string[];
  assignedTo: string | null;
  groupId: string | null;
  awaitingReply: boolean;
  dueAt: string;
  overdue: boolean;
  createdAt: string;
}
export interface TipDetail extends TipSummary {
  agencyId: string;
  description: string;
  happenedOn: string | null;
  peopleCount: number | null;
  relation: string | null;
  reporterPersonId: string | null;
  caseId: string | null;
  referredAgencyId: string | null;
  outcomeNote: string | null;
  closureReason: string | null;
  firstResponseAt: string | null;
  closedAt: string | null;
  messages: { id: string; from: 'staff' | 'reporter'; body: string; createdBy: string | null; createdAt: string }[];
  group: TipSummary[];
  similar: (TipSummary & { similarity: number })[];
  caseDraft: {
    referralSource: 'community';
    summary: string;
    person: { regionCode: string };
    riskLevel: 'low' | 'medium' | 'high';
    intakeAt: string;
  };
}
