import { z } from 'zod';
import {
  type CaseStage,
  caseStages,
  closureReasons,
  memberRoles,
  noteSensitivities,
  referralSources,
  riskLevels,
} from '../../contract/cases.js';
import { identitySchema, profileSchema } from '../persons/index.js';
import { htcdsValues } from '../reference/index.js';
import { childBases } from './child-status.js';

export {
  type CaseStage,
  caseStages,
  closureReasons,
  memberRoles,
  noteSensitivities,
  referralSources,
  riskLevels,
} from '../../contract/cases.js';

const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'country_unknown');
const region = z.string().regex(/^\d{2}(\.\d{2})?$/, 'region_unknown');

/** HTCDS victim-context picklists stored per case (multi-select ones become case attributes). */
export const traffickingProfileSchema = z.strictObject({
  exploitationTypes: z
    .array(z.enum(htcdsValues('vic_TypeOfExploitation')))
    .max(11)
    .optional(),
  methodsOfControl: z
    .array(z.enum(htcdsValues('vic_MethodsOfControl')))
    .max(16)
    .optional(),
  recruitmentMethods: z
    .array(z.enum(htcdsValues('vic_MethodOfRecruitment')))
    .max(10)
    .optional(),
  recruitmentWebsites: z
    .array(z.enum(htcdsValues('vic_RecruitmentWebsitesAndApps')))
    .max(15)
    .optional(),
  exploitationWebsites: z
    .array(z.enum(htcdsValues('vic_ExploitationWebsitesAndApps')))
    .max(15)
    .optional(),
  sexExploitationTypes: z
    .array(z.enum(htcdsValues('vic_TypeOfSexExploitation')))
    .max(4)
    .optional(),
  vulnerabilities: z
    .array(z.enum(htcdsValues('vic_Vulnerabilities')))
    .max(12)
    .optional(),
  relationshipToTrafficker: z.enum(htcdsValues('vic_RelationshipToTrafficker')).nullable().optional(),
  forcedLabourIndustry: z.enum(htcdsValues('vic_ForcedLabourIndustry')).nullable().optional(),
  exploitationCountry: country.nullable().optional(),
  ageWhenTrafficked: z.number().int().min(0).max(120).nullable().optional(),
});
export type TTraffickingProfile = z.infer<typeof traffickingProfileSchema>;

/** Multi-select profile fields ↔ their HTCDS field names (stored in case_attributes). */
export const attributeFields = {
  exploitationTypes: 'vic_TypeOfExploitation',
  methodsOfControl: 'vic_MethodsOfControl',
  recruitmentMethods: 'vic_MethodOfRecruitment',
  recruitmentWebsites: 'vic_RecruitmentWebsitesAndApps',
  exploitationWebsites: 'vic_ExploitationWebsitesAndApps',
  sexExploitationTypes: 'vic_TypeOfSexExploitation',
  vulnerabilities: 'vic_Vulnerabilities',
} as const;
export type AttributeKey = keyof typeof attributeFields;

export const caseEventSchema = z.strictObject({
  type: z.enum(htcdsValues('hte_Type')),
  countryCode: country,
  regionCode: region.optional(),
  city: z.string().trim().max(120).optional(),
  startedOn: z.iso.date().optional(),
  endedOn: z.iso.date().optional(),
  description: z.string().trim().max(2000).optional(),
});
export type TCaseEventInput = z.infer<typeof caseEventSchema>;

export const caseCreateSchema = z.strictObject({
  /** Link to a person already on record (the duplicate check's "same person" decision). */
  existingPersonId: z.uuid({ message: 'uuid' }).optional(),
  person: profileSchema.optional(),
  identity: identitySchema.optional(),
  referralSource: z.enum(referralSources),
  intakeAt: z.iso.datetime({ offset: true }).optional(),
  summary: z.string().trim().max(5000).optional(),
  riskLevel: z.enum(riskLevels).optional(),
  profile: traffickingProfileSchema.optional(),
  events: z.array(caseEventSchema).max(20).optional(),
});
export type TCaseCreate = z.infer<typeof caseCreateSchema>;

export const caseUpdateSchema = z.strictObject({
  summary: z.string().trim().max(5000).nullable().optional(),
  riskLevel: z.enum(riskLevels).nullable().optional(),
  profile: traffickingProfileSchema.optional(),
});
export type TCaseUpdate = z.infer<typeof caseUpdateSchema>;

export const transitionSchema = z.strictObject({
  to: z.enum(caseStages),
  reason: z.string().trim().min(3).max(1000).optional(),
});
export const closeSchema = z.strictObject({
  reason: z.enum(closureReasons),
  note: z.string().trim().max(2000).optional(),
  /** Required when service requests are still open: why the case closes anyway. */
  openServicesReason: z.string().trim().min(10).max(1000).optional(),
});
export const approveClosureSchema = z.strictObject({
  approve: z.boolean(),
  note: z.string().trim().max(1000).optional(),
});
export const reopenSchema = z.strictObject({ reason: z.string().trim().min(10).max(1000) });
export const memberAddSchema = z.strictObject({ userId: z.uuid({ message: 'uuid' }), role: z.enum(memberRoles) });
export const noteCreateSchema = z.strictObject({
  body: z.string().trim().min(1).max(10000),
  sensitivity: z.enum(noteSensitivities).default('normal'),
});
export const taskCreateSchema = z.strictObject({
  title: z.string().trim().min(2).max(300),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  assignedUserId: z.uuid({ message: 'uuid' }).optional(),
});

export const caseListQuery = z.strictObject({
  stage: z.enum(caseStages).optional(),
  agencyId: z.uuid({ message: 'uuid' }).optional(),
  regionCode: region.optional(),
  child: z.enum(['true', 'false']).optional(),
  exploitationType: z.enum(htcdsValues('vic_TypeOfExploitation')).optional(),
  late: z.enum(['true']).optional(),
  assignedToMe: z.enum(['true']).optional(),
  assignedTo: z.uuid({ message: 'uuid' }).optional(),
  /** Cases waiting for a supervisor: a screening decision to approve, a closure requested, or either ("any"). */
  awaitingApproval: z
    .enum(['any', 'screening', 'closure'])
    .optional()
    .describe('Cases waiting for a supervisor: a screening decision to approve, a closure requested, or either'),
  caseNumber: z.string().trim().min(1).max(60).optional(),
  name: z.string().trim().min(2).max(200).optional(),
  open: z.enum(['true', 'false']).optional(),
  /** Intake order (newest, oldest) or next statutory deadline, soonest first (cases without one after). */
  sort: z.enum(['newest', 'oldest', 'deadline']).default('newest'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TCaseListQuery = z.infer<typeof caseListQuery>;

const profileOut = z.object({
  exploitationTypes: z.array(z.string()),
  methodsOfControl: z.array(z.string()),
  recruitmentMethods: z.array(z.string()),
  recruitmentWebsites: z.array(z.string()),
  exploitationWebsites: z.array(z.string()),
  sexExploitationTypes: z.array(z.string()),
  vulnerabilities: z.array(z.string()),
  relationshipToTrafficker: z.string().nullable(),
  forcedLabourIndustry: z.string().nullable(),
  exploitationCountry: z.string().nullable(),
  ageWhenTrafficked: z.number().nullable(),
});

export const caseSummarySchema = z.object({
  id: z.string(),
  caseNumber: z.string(),
  stage: z.enum(caseStages),
  leadAgencyId: z.string(),
  personId: z.string(),
  initials: z.string().nullable(),
  sex: z.string().nullable(),
  isChild: z.boolean(),
  regionCode: z.string().nullable(),
  riskLevel: z.string().nullable(),
  traffickingStatus: z.string().nullable(),
  lateServices: z.number(),
  closureRequested: z.boolean(),
  intakeAt: z.string(),
  updatedAt: z.string(),
});
export type TCaseSummary = z.infer<typeof caseSummarySchema>;

/**
 * A row of the case list: the summary, who leads the case (the team member with the lead role) and the next
 * statutory deadline (the open service request due soonest; late when that time has passed).
 */
export const caseListItemSchema = caseSummarySchema.extend({
  assignedWorker: z.object({ userId: z.string(), displayName: z.string() }).nullable(),
  nextDeadline: z.object({ requestId: z.string(), type: z.string(), dueAt: z.string(), late: z.boolean() }).nullable(),
});
export type TCaseListItem = z.infer<typeof caseListItemSchema>;

/** How many cases match the list's filters, counted up to a cap (the rows come without waiting for it). */
export const caseCountSchema = z.object({ count: z.number(), capped: z.boolean() });

export const caseEventOut = z.object({
  id: z.string(),
  type: z.string(),
  countryCode: z.string(),
  regionCode: z.string().nullable(),
  city: z.string().nullable(),
  startedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  description: z.string().nullable(),
});

export const caseDetailSchema = caseSummarySchema.extend({
  leadAgency: z.object({ id: z.string(), name: z.string() }),
  person: z.object({
    pseudonym: z.string(),
    initials: z.string().nullable(),
    sex: z.string().nullable(),
    birthYear: z.number().nullable(),
    ageEstimated: z.number().nullable(),
    citizenship: z.string().nullable(),
    regionCode: z.string().nullable(),
    languages: z.array(z.string()),
    disability: z.string().nullable(),
  }),
  referralSource: z.string(),
  identifiedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  statusDecidedByOrg: z.string().nullable(),
  statusDecidedAt: z.string().nullable(),
  summary: z.string().nullable(),
  profile: profileOut,
  events: z.array(caseEventOut),
  team: z.array(z.object({ userId: z.string(), username: z.string(), displayName: z.string(), role: z.string() })),
  closure: z
    .object({
      reason: z.string().nullable(),
      requestedAt: z.string().nullable(),
      requestedBy: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  reopenedCount: z.number(),
  /** Since when processing of her data is restricted (Law 27/2022 Art. 11): the case reads, nothing changes. */
  processingRestrictedSince: z.string().nullable(),
  /**
   * What the child flag rests on: date_of_birth, birth_year, age_estimate, age_when_trafficked, or presumed
   * (no age recorded: a child until assessed, Law 35/2014). Null for cases recorded before it was kept.
   */
  childBasis: z.enum(childBases).nullable(),
  /** Whether the victim is under 18 now (so a parent or guardian consents for her), and on what that rests. */
  ageNow: z.object({
    minor: z.boolean(),
    basis: z.enum(['date_of_birth', 'birth_year', 'age_estimate', 'age_when_trafficked', 'unknown']),
  }),
  allowedTransitions: z.array(z.enum(caseStages)),
  createdAt: z.string(),
});
export type TCaseDetail = z.infer<typeof caseDetailSchema>;

export const noteSchema = z.object({
  id: z.string(),
  authorUserId: z.string(),
  sensitivity: z.enum(noteSensitivities),
  body: z.string(),
  createdAt: z.string(),
});
export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  dueAt: z.string().nullable(),
  assignedUserId: z.string().nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
});
export const timelineEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
});

/** Family up to the second degree and other contacts (Art. 44 extends protection to threatened family). */
export const relationships = [
  'parent',
  'sibling',
  'spouse',
  'child',
  'grandparent',
  'grandchild',
  'guardian',
  'other_family',
  'contact',
] as const;

export const relativeCreateSchema = z.strictObject({
  relationship: z.enum(relationships),
  isContact: z.boolean().default(false),
  threatened: z.boolean().default(false),
  /** Recorded as a suspect in the case: never consents for the child (Law 27/2022 Art. 25; Law 35/2014). */
  suspect: z.boolean().default(false),
  /** Related to the trafficker (e.g. the trafficker's spouse or parent): never consents for the child. */
  relatedToTrafficker: z.boolean().default(false),
  /** A person already on record (e.g. a sibling who is also a victim), or a new person below. */
  existingPersonId: z.uuid({ message: 'uuid' }).optional(),
  person: profileSchema.optional(),
  identity: identitySchema.optional(),
});
export type TRelativeCreate = z.infer<typeof relativeCreateSchema>;

export const relativeSchema = z.object({
  personId: z.string(),
  pseudonym: z.string(),
  initials: z.string().nullable(),
  sex: z.string().nullable(),
  birthYear: z.number().nullable(),
  relationship: z.enum(relationships),
  isContact: z.boolean(),
  threatened: z.boolean(),
  suspect: z.boolean(),
  relatedToTrafficker: z.boolean(),
  addedAt: z.string(),
});

/** What is learned about a relative later (a parent found to be a suspect, a threat to a sibling). */
export const relativeUpdateSchema = z
  .strictObject({
    threatened: z.boolean().optional(),
    suspect: z.boolean().optional(),
    relatedToTrafficker: z.boolean().optional(),
    isContact: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'required', path: ['suspect'] });
export type TRelativeUpdate = z.infer<typeof relativeUpdateSchema>;
