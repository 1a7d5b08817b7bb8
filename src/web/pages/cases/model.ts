/**
 * Shapes and picklists of the case API as the web app uses them. The lists mirror the server's zod
 * enumerations (cases.schema.ts, persons.schema.ts, reference/htcds.ts, services.schema.ts); the
 * end-to-end test compares them with /api/openapi.json, so a drift fails there. Every value is shown
 * through an i18n label (`htcds.<field>.<value>`, `cases.stage.<value>`, …), never raw.
 */

export const caseStages = [
  'intake',
  'screening',
  'identified',
  'not_victim',
  'protection',
  'repatriation',
  'reintegration',
  'follow_up',
  'closed',
] as const;
export type CaseStage = (typeof caseStages)[number];

export const referralSources = [
  'self',
  'family',
  'community',
  'hotline',
  'police',
  'mission_abroad',
  'bp2mi',
  'ngo',
  'iom',
  'other',
] as const;
export const riskLevels = ['low', 'medium', 'high'] as const;
export const closureReasons = [
  'reintegrated',
  'not_victim',
  'transferred',
  'moved_away',
  'lost_contact',
  'declined_services',
  'deceased',
  'other',
] as const;
export const noteSensitivities = ['normal', 'sensitive', 'restricted'] as const;
export const memberRoles = ['lead', 'supervisor', 'member'] as const;
export const disabilities = [
  'none',
  'physical',
  'sensory',
  'intellectual',
  'psychosocial',
  'multiple',
  'unknown',
] as const;
export const identityFields = [
  'fullName',
  'aliases',
  'dateOfBirth',
  'nik',
  'passportNumber',
  'phones',
  'address',
] as const;
export type IdentityField = (typeof identityFields)[number];

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

export const htcds = {
  prs_Gender: [
    'Feminine',
    'Masculine',
    'TransgenderFeminine',
    'TransgenderMasculine',
    'NonConforming',
    'NonSpecifiedUnknown',
  ],
  prs_MaritalStatus: ['Single', 'Married', 'Widowed', 'Divorced', 'Separated', 'RegisteredPartnership'],
  prs_HighestLevelOfEducation: [
    'EarlyChildhoodEducation',
    'PrimaryEducation',
    'LowerSecondaryEducation',
    'UpperSecondaryEducation',
    'PostSecondaryNonTertiaryEducation',
    'ShortCycleTertiaryEducation',
    'BachelorsOrEquivalentLevel',
    'MastersOrEquivalentLevel',
    'DoctoralOrEquivalentLevel',
  ],
  vic_TraffickingStatus: ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'],
  vic_TraffickingStatusDecisionMakingOrg: [
    'Police',
    'NGO',
    'CourtOrProsecution',
    'NonPoliceGovernmentalOrganization',
    'Other',
  ],
  vic_RelationshipToTrafficker: ['Familial', 'Acquainted', 'Unaquainted'],
  vic_RecruitmentWebsitesAndApps: [
    'Facebook',
    'Instagram',
    'WhatsApp',
    'Telegram',
    'FacebookMessenger',
    'Viber',
    'SnapChat',
    'Line',
    '4Sale',
    'WeChat',
    'QQ',
    'QZone',
    'TikTok',
    'Twitter',
    'Other',
  ],
  vic_MethodOfRecruitment: [
    'AtAPlaceOfBusiness',
    'AtAnEducationalInstitution',
    'AtWork',
    'ThroughOnlineSocialNetworks',
    'ThroughAnOnlineAdvertisement',
    'ThroughATelevisionAdvert',
    'ThroughANewspaperAdvert',
    'ThroughFamilyOrFamilyEvents',
    'ThroughFriendsOrSocialEvents',
    'Other',
  ],
  vic_MethodsOfControl: [
    'PhysicalThreats',
    'ThreatsLawEnforcement',
    'ThreatensChildrenFamily',
    'DebtBondage',
    'FalsePromises',
    'PhysicalAbuse',
    'SexualAbuse',
    'TakesEarnings',
    'RestrictsFinancialAccess',
    'RestrictsMedicalCare',
    'WithholdsNecessities',
    'PsychologicalAbuse',
    'PsychoactiveSubstance',
    'ExcessiveWorkingHours',
    'WithholdsDocuments',
    'Other',
  ],
  vic_TypeOfExploitation: [
    'ForcedLabour',
    'SexualExploitation',
    'ChildLabour',
    'ForcedMarriage',
    'Servitude',
    'ForcedMilitaryByNonStateActors',
    'OrganRemoval',
    'ForcedBegging',
    'ForcedAdoption',
    'Surrogacy',
    'Other',
  ],
  vic_ForcedLabourIndustry: [
    'A_AgricultureForestryAndFishing',
    'B_MiningAndQuarrying',
    'C_Manufacturing',
    'D_ElectricityGasSteamAndAirConditioningSupply',
    'E_WaterSupplySewerageWasteManagement',
    'F_Construction',
    'G_WholesaleAndRetailTradeRepairOfMotorVehicles',
    'H_TransportationAndStorage',
    'I_AccommodationAndFoodServiceActivities',
    'J_InformationAndCommunication',
    'K_FinancialAndInsuranceActivities',
    'L_RealEstateActivities',
    'M_ProfessionalScientificAndTechnicalActivities',
    'N_AdministrativeAndSupportServiceActivities',
    'O_PublicAdministrationAndDefence',
    'P_Education',
    'Q_HumanHealthAndSocialWorkActivities',
    'R_ArtsEntertainmentAndRecreation',
    'S_OtherServiceActivities',
    'T_ActivitiesOfHouseholdsAsEmployers',
    'U_ActivitiesOfExtraterritorialOrganizations',
  ],
  vic_TypeOfSexExploitation: ['Prostitution', 'Pornography', 'RemoteInteractiveServices', 'PrivateSexualServices'],
  vic_ExploitationWebsitesAndApps: [
    'Facebook',
    'Instagram',
    'WhatsApp',
    'Telegram',
    'FacebookMessenger',
    'Viber',
    'SnapChat',
    'Line',
    '4Sale',
    'WeChat',
    'QQ',
    'QZone',
    'TikTok',
    'Twitter',
    'Other',
  ],
  vic_Vulnerabilities: [
    'Addiction',
    'SocialGroup',
    'Discrimination',
    'Poverty',
    'DisabilityAndPhysicalHealth',
    'MentalHealth',
    'Migration',
    'Homelessness',
    'AbuseSocialMedia',
    'AbusePhysical',
    'Education',
    'WorkEnvironment',
  ],
  hte_Type: ['Recruitment', 'Transit', 'Exploitation'],
} as const;
export type HtcdsField = keyof typeof htcds;

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

export const serviceTypes = [
  'health_rehabilitation',
  'social_rehabilitation',
  'repatriation_domestic',
  'repatriation_from_abroad',
  'social_reintegration',
  'legal_aid',
  'emergency_first_aid',
  'psychosocial_counselling',
  'shelter',
  'education',
  'vocational_training',
  'economic_empowerment',
  'family_tracing',
  'interpretation',
] as const;
export const applicants = ['victim', 'family', 'police', 'companion', 'social_worker'] as const;
export const serviceStatuses = ['requested', 'accepted', 'in_progress', 'delivered', 'declined', 'cancelled'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];
export const shelterExitReasons = [
  'planned_exit',
  'reintegrated',
  'repatriated',
  'transferred',
  'left_voluntarily',
  'absconded',
  'other',
] as const;
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
  allowedTransitions: CaseStage[];
  createdAt: string;
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
