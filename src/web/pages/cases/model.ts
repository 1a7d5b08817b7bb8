/**
 * Shapes and picklists of the case API as the web app uses them. The picklists are the server's own
 * (src/contract/, which the server's zod schemas also use), so a renamed value breaks the web's type
 * check. Every value is shown through an i18n label (`htcds.<field>.<value>`, `cases.stage.<value>`, …),
 * never raw.
 */

export {
  type CaseStage,
  caseStages,
  closureReasons,
  memberRoles,
  noteSensitivities,
  referralSources,
  riskLevels,
} from '../../../contract/cases.js';
export { type HtcdsField, htcds } from '../../../contract/htcds.js';
export { disabilities, type IdentityField, identityFields } from '../../../contract/persons.js';
export {
  applicants,
  type ServiceStatus,
  serviceStatuses,
  serviceTypes,
  shelterExitReasons,
} from '../../../contract/services.js';

import type { CaseStage, noteSensitivities } from '../../../contract/cases.js';
import type { HtcdsField } from '../../../contract/htcds.js';
import type { IdentityField } from '../../../contract/persons.js';
import type { ServiceStatus } from '../../../contract/services.js';

/** ISO 639 codes offered for "languages spoken" (national, regional and migration languages). */
export const languageCodes = [
  'id',
  'jv',
  'su',
  'mad',
  'min',
  'ban',
  'bug',
  'bjn',
  'sas',
  'tet',
  'ms',
  'en',
  'ar',
  'zh',
] as const;

/** The multi-select HTCDS fields of the trafficking profile (case attribute ↔ HTCDS field). */
export const profileMultiFields = {
  exploitationTypes: 'vic_TypeOfExploitation',
  methodsOfControl: 'vic_MethodsOfControl',
  recruitmentMethods: 'vic_MethodOfRecruitment',
  recruitmentWebsites: 'vic_RecruitmentWebsitesAndApps',
  exploitationWebsites: 'vic_ExploitationWebsitesAndApps',
  sexExploitationTypes: 'vic_TypeOfSexExploitation',
  vulnerabilities: 'vic_Vulnerabilities',
} as const satisfies Record<string, HtcdsField>;
export type ProfileMultiKey = keyof typeof profileMultiFields;

export const attachmentKinds = [
  'document',
  'identity_document',
  'photo',
  'medical',
  'consent_evidence',
  'other',
] as const;

/* ---------- response shapes ---------- */

export interface CaseSummary {
  id: string;
  caseNumber: string;
  stage: CaseStage;
  leadAgencyId: string;
  personId: string;
  initials: string | null;
  sex: string | null;
  isChild: boolean;
  regionCode: string | null;
  riskLevel: string | null;
  traffickingStatus: string | null;
  lateServices: number;
  closureRequested: boolean;
  intakeAt: string;
  updatedAt: string;
}

/** A row of the case list: the summary, the lead worker and the next statutory deadline. */
export interface CaseListItem extends CaseSummary {
  assignedWorker: { userId: string; displayName: string } | null;
  nextDeadline: { requestId: string; type: string; dueAt: string; late: boolean } | null;
}

export interface TraffickingProfile {
  exploitationTypes: string[];
  methodsOfControl: string[];
  recruitmentMethods: string[];
  recruitmentWebsites: string[];
  exploitationWebsites: string[];
  sexExploitationTypes: string[];
  vulnerabilities: string[];
  relationshipToTrafficker: string | null;
  forcedLabourIndustry: string | null;
  exploitationCountry: string | null;
  ageWhenTrafficked: number | null;
}

export interface CaseEvent {
  id: string;
  type: string;
  countryCode: string;
  regionCode: string | null;
  city: string | null;
  startedOn: string | null;
  endedOn: string | null;
  description: string | null;
}

export interface TeamMember {
  userId: string;
  username: string;
  displayName: string;
  role: string;
}

export interface CaseDetail extends CaseSummary {
  leadAgency: { id: string; name: string };
  person: {
    pseudonym: string;
    initials: string | null;
    sex: string | null;
    birthYear: number | null;
    ageEstimated: number | null;
    citizenship: string | null;
    regionCode: string | null;
    languages: string[];
    disability: string | null;
  };
  referralSource: string;
  identifiedAt: string | null;
  closedAt: string | null;
  statusDecidedByOrg: string | null;
  statusDecidedAt: string | null;
  summary: string | null;
  profile: TraffickingProfile;
  events: CaseEvent[];
  team: TeamMember[];
  closure: {
    reason: string | null;
    requestedAt: string | null;
    requestedBy: string | null;
    note: string | null;
  } | null;
  reopenedCount: number;
  /** What the child flag rests on; `presumed` when no age is recorded (a child until assessed, Law 35/2014). */
  childBasis: 'date_of_birth' | 'birth_year' | 'age_estimate' | 'age_when_trafficked' | 'presumed' | null;
  /** Whether she is under 18 now (a parent or guardian consents for her), and on what that rests. */
  ageNow: {
    minor: boolean;
    basis: 'date_of_birth' | 'birth_year' | 'age_estimate' | 'age_when_trafficked' | 'unknown';
  };
  allowedTransitions: CaseStage[];
  /** Since when processing of her data is restricted (Law 27/2022 Art. 11): the case reads, nothing changes. */
  processingRestrictedSince?: string | null;
  createdAt: string;
}

/** A family member or contact of the case (identity never shown). */
export interface CaseRelative {
  personId: string;
  pseudonym: string;
  initials: string | null;
  relationship: string;
  suspect: boolean;
  relatedToTrafficker: boolean;
}

export interface Person {
  id: string;
  pseudonym: string;
  initials: string | null;
  ownerAgencyId: string;
  regionCode: string | null;
  sex: string | null;
  birthYear: number | null;
  ageEstimated: number | null;
  citizenship: string | null;
  languages: string[];
  disability: string | null;
  education: string | null;
  maritalStatus: string | null;
  childrenCount: number | null;
  createdAt: string;
}

export interface DuplicateMatch {
  score?: number;
  reasons?: string[];
  person?: Person;
  heldBy?: { agencyId: string; agencyName: string; contactPhone: string | null; contactEmail: string | null };
}

export interface IdentityPresence {
  personId: string;
  initials: string | null;
  present: IdentityField[];
}

export interface RevealedIdentity {
  fullName?: string;
  aliases?: string[];
  dateOfBirth?: string;
  nik?: string;
  passportNumber?: string;
  phones?: string[];
  address?: string;
}

export interface Note {
  id: string;
  authorUserId: string;
  sensitivity: (typeof noteSensitivities)[number];
  body: string;
  createdAt: string;
}

export interface Task {
  id: string;
  title: string;
  kind: string;
  dueAt: string | null;
  assignedUserId: string | null;
  status: 'open' | 'done' | 'cancelled';
  doneAt: string | null;
  overdue: boolean;
  createdAt: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  actorUsername: string | null;
  kind: string;
  params: Record<string, unknown>;
}

export interface Labels {
  id: string;
  en: string;
}

export interface ScreeningTool {
  version: number;
  label: string;
  labels: Labels;
  source: string;
  publishedOn: string;
  dimensions: {
    id: number;
    key: string;
    label: string;
    labels: Labels;
    indicators: { id: string; weight: 'S' | 'M' | 'W'; label: string; labels: Labels }[];
  }[];
  acts: { id: string; label: string; labels: Labels }[];
  rules: {
    adult: { allOf: number[][] };
    child: { requiresAct: boolean; allOf: number[][] };
  };
}

export interface Screening {
  id: string;
  caseId: string;
  toolVersion: number;
  rule: 'adult' | 'child';
  answers: Record<string, boolean>;
  acts: string[];
  dimensions: { dimension: number; key: string; strong: number; medium: number; weak: number; positive: boolean }[];
  presumedVictim: boolean;
  recommendation: string;
  notes: string | null;
  createdBy: string;
  createdAt: string;
  decision: {
    status: string;
    decidedByOrg: string;
    rationale: string | null;
    differsFromRecommendation: boolean;
    decidedBy: string;
    decidedAt: string;
  } | null;
  approval: {
    status: 'pending' | 'approved' | 'rejected';
    by: string | null;
    at: string | null;
    note: string | null;
  } | null;
}

export interface ServiceRequest {
  id: string;
  caseId: string;
  type: string;
  statutory: boolean;
  /** The Art. 51–53 right whose 7-day clock the request runs. */
  statutoryRight: string | null;
  applicant: string;
  appliedAt: string;
  dueAt: string | null;
  providerAgency: { id: string; name: string };
  status: ServiceStatus;
  reason: string | null;
  note: string | null;
  deliveredAt: string | null;
  closedAt: string | null;
  late: boolean;
  overdueAlertedAt: string | null;
  allowedTransitions: ServiceStatus[];
  createdAt: string;
  updatedAt: string;
}

export interface ShelterStay {
  id: string;
  caseId: string;
  facilityAgency: { id: string; name: string };
  admittedAt: string;
  plannedExitAt: string;
  extendedCount: number;
  exitAt: string | null;
  exitReason: string | null;
  exitNote: string | null;
  open: boolean;
  overstay: boolean;
  createdAt: string;
}

export interface Questionnaire {
  key: string;
  version: number;
  type: 'needs' | 'risk' | 'reintegration';
  level: string;
  orientation: 'higher_is_better' | 'higher_is_more_need' | 'higher_is_more_risk';
  title: Labels;
  source: string;
  dimensions: { id: string; label: Labels; weight: number }[];
  scales: { id: string; options: { value: number | string; score: number; label: Labels }[] }[];
  questions: {
    id: string;
    dimension: string;
    topic: string;
    scale: string;
    weight: number;
    reverse: boolean;
    optional: boolean;
    label: Labels;
  }[];
  sustainabilityThreshold: number | null;
}

export interface Assessment {
  id: string;
  caseId: string;
  questionnaire: string;
  version: number;
  type: string;
  level: string;
  kind: 'baseline' | 'follow_up';
  followUpMonth: number | null;
  takenAt: string;
  answers: Record<string, number | string | null>;
  scores: Record<string, number | null>;
  composite: number | null;
  sustainable: boolean | null;
  band: 'low' | 'medium' | 'high' | null;
  notes: string | null;
  recordedBy: string;
  createdAt: string;
}

export interface TrendPoint {
  assessmentId: string;
  takenAt: string;
  kind: 'baseline' | 'follow_up';
  followUpMonth: number | null;
  score: number | null;
}

export interface Trend {
  questionnaire: string;
  threshold: number;
  dimensions: { id: string; label: Labels; series: TrendPoint[]; change: number | null }[];
  composite: TrendPoint[];
  latest: {
    assessmentId: string;
    takenAt: string;
    kind: 'baseline' | 'follow_up';
    followUpMonth: number | null;
    scores: Record<string, number | null>;
    composite: number | null;
  } | null;
  sustainablyReintegrated: boolean;
}

export interface Attachment {
  id: string;
  caseId: string;
  kind: (typeof attachmentKinds)[number];
  mime: string;
  sizeBytes: number;
  filename: string;
  /** Decided by the server: downloading it is an identity reveal with a purpose. */
  identifying: boolean;
  createdBy: string;
  createdAt: string;
}
