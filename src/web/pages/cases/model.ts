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

import type { HtcdsField } from '../../../contract/htcds.js';
import type { ResponseOf, RowOf } from '../../api/types.js';

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
] as const satisfies readonly Attachment['kind'][];
/** Every kind the server takes is offered: a kind added on the server fails the web's type check here. */
type UnofferedKind = Exclude<Attachment['kind'], (typeof attachmentKinds)[number]>;
export const everyAttachmentKindOffered: [UnofferedKind] extends [never] ? true : UnofferedKind = true;

/* ---------- response shapes: the server's own, from the generated contract (src/web/api/schema.d.ts) ---------- */

export type CaseDetail = ResponseOf<'cases.get'>;
/** A row of the case list: the summary, the lead worker and the next statutory deadline. */
export type CaseListItem = RowOf<'cases.list'>;
export type CaseSummary = Omit<CaseListItem, 'assignedWorker' | 'nextDeadline'>;
export type TraffickingProfile = CaseDetail['profile'];
export type CaseEvent = CaseDetail['events'][number];
export type TeamMember = CaseDetail['team'][number];
/** A family member or contact of the case (identity never shown). */
export type CaseRelative = RowOf<'cases.relatives.list'>;
export type Person = ResponseOf<'persons.get'>;
export type DuplicateMatch = ResponseOf<'persons.duplicates.check'>['matches'][number];
export type IdentityPresence = ResponseOf<'persons.identity.get'>;
export type RevealedIdentity = ResponseOf<'persons.identity.reveal'>;
export type Note = RowOf<'notes.list'>;
export type Task = RowOf<'tasks.list'>;
export type TimelineEntry = RowOf<'cases.timeline'>;
export type ScreeningTool = ResponseOf<'screenings.tools'>;
export type Screening = RowOf<'screenings.list'>;
export type ServiceRequest = RowOf<'services.list'>;
export type ShelterStay = RowOf<'shelter.list'>;
export type Questionnaire = RowOf<'assessments.questionnaires'>;
export type Assessment = RowOf<'assessments.list'>;
export type Trend = ResponseOf<'assessments.trend'>;
export type TrendPoint = Trend['composite'][number];
export type Attachment = RowOf<'attachments.list'>;
export type Consent = RowOf<'consents.list'>;

/** A label in both languages, as questionnaires and screening tools carry them. */
export interface Labels {
  id: string;
  en: string;
}
