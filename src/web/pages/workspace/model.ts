/** The daily workspace as the server sends it (GET /api/workspace/today, /api/approvals, /api/team). */
export interface TodayItem {
  id: string;
  caseId: string | null;
  caseNumber: string | null;
  kind: string | null;
  title: string | null;
  at: string | null;
  daysLate: number | null;
  agencyName: string | null;
  href: string | null;
}
export type TodayGroup = 'caseWork' | 'recipient' | 'supervisor' | 'privacy';
export interface TodaySection {
  key: string;
  group: TodayGroup;
  count: number;
  /** The count stopped at the server's cap: more exist (shown as "100+"). */
  countCapped: boolean;
  items: TodayItem[];
  href: string;
  urgent: boolean;
}
export interface Today {
  generatedAt: string;
  sections: TodaySection[];
}

export type ApprovalKind = 'screening' | 'closure' | 'lead_transfer';
export interface Approval {
  kind: ApprovalKind;
  id: string;
  caseId: string;
  caseNumber: string | null;
  detail: string | null;
  requestedAt: string | null;
  requestedBy: string | null;
  ageDays: number;
  mine: boolean;
}
export interface Approvals {
  counts: Record<ApprovalKind, number>;
  capped: Record<ApprovalKind, boolean>;
  items: Approval[];
}

export interface TeamMember {
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
  openCases: number;
  lateServices: number;
  casesWithLateServices: number;
  openTasks: number;
  overdueTasks: number;
}
export interface Team {
  agencyId: string;
  members: TeamMember[];
  totals: { openCases: number; lateServices: number; openTasks: number };
}
