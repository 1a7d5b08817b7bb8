import { z } from 'zod';
import { identitySchema, profileSchema } from '../persons/index.js';
import { htcdsValues } from '../reference/index.js';

export * from '../../contract/legal.js';

import {
  chainKeys,
  chainStepKeys,
  chargeLaws,
  childChecklistItems,
  claimComponents,
  claimStatuses,
  defendantStatuses,
  governingLaws,
  informChannels,
  informTopics,
  partyRoles,
  proceedingStages,
  protectionStatuses,
  protectionTypes,
  stepStatuses,
  stopReasons,
  testimonyModes,
  threatLevels,
  verdictInstances,
  verdictOutcomes,
  victimRoles,
} from '../../contract/legal.js';

/* ---------- input ---------- */

const calendarDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const uuid = z.uuid({ message: 'uuid' });
/** Rupiah, whole (restitution and fines are set in whole rupiah). */
const rupiah = z.number().int().min(0).max(1_000_000_000_000);

export const suspectInputSchema = z.strictObject({
  person: profileSchema.extend({ identity: identitySchema }).strict(),
  rolesInProcess: z
    .array(z.enum(htcdsValues('per_RoleInProcess')))
    .min(1)
    .max(15),
});
export const chargeInputSchema = z.strictObject({
  law: z.enum(chargeLaws),
  article: text(100),
  /** Index into `suspects` (at creation) of whom the charge is against; absent: all. */
  suspectIndex: z.number().int().min(0).max(19).optional(),
});

export const proceedingCreateSchema = z.strictObject({
  reportNumber: text(100),
  policeUnit: text(200),
  reportedOn: calendarDate,
  law: z.enum(governingLaws),
  exploitationType: z.enum(htcdsValues('vic_TypeOfExploitation')).optional(),
  victims: z
    .array(
      z.strictObject({
        caseId: uuid,
        role: z.enum(victimRoles),
        /** Who accompanied her (a companion's name or agency: encrypted). */
        accompaniedBy: text(300).optional(),
      }),
    )
    .min(1)
    .max(50),
  suspects: z.array(suspectInputSchema).max(20).default([]),
  charges: z.array(chargeInputSchema).max(50).default([]),
  parties: z
    .array(z.strictObject({ agencyId: uuid, role: z.enum(partyRoles) }))
    .max(20)
    .default([]),
});
export type TProceedingCreate = z.infer<typeof proceedingCreateSchema>;

export const proceedingUpdateSchema = z.strictObject({
  /** The version the caller saw (a concurrent change answers 409). */
  version: z.number().int().min(1),
  reportNumber: text(100).optional(),
  policeUnit: text(200).optional(),
  courtName: text(200).nullable().optional(),
  exploitationType: z.enum(htcdsValues('vic_TypeOfExploitation')).nullable().optional(),
  addParties: z
    .array(z.strictObject({ agencyId: uuid, role: z.enum(partyRoles) }))
    .max(20)
    .optional(),
  addSuspects: z.array(suspectInputSchema).max(20).optional(),
  addCharges: z
    .array(z.strictObject({ law: z.enum(chargeLaws), article: text(100), defendantId: uuid.optional() }))
    .max(50)
    .optional(),
});
export type TProceedingUpdate = z.infer<typeof proceedingUpdateSchema>;

export const stageAdvanceSchema = z.strictObject({
  /** The stage the caller saw: a concurrent move answers 409. */
  from: z.enum(proceedingStages),
  to: z.enum(proceedingStages),
  on: calendarDate,
  stoppedReason: z.enum(stopReasons).optional(),
  note: text(2000).optional(),
});

export const hearingCreateSchema = z.strictObject({
  heldOn: calendarDate,
  court: text(200),
  /** The victim who testified (one of the proceeding's cases), with how she testified. */
  caseId: uuid.optional(),
  testimonyMode: z.enum(testimonyModes).optional(),
  accompaniedBy: text(300).optional(),
  notes: text(4000).optional(),
});

export const verdictRecordSchema = z.strictObject({
  defendantId: uuid,
  instance: z.enum(verdictInstances),
  decidedOn: calendarDate,
  outcome: z.enum(verdictOutcomes),
  sentenceMonths: z.number().int().min(0).max(1200).optional(),
  fineAmount: rupiah.optional(),
  restitutionOrdered: z.boolean(),
  restitutionAmount: rupiah.optional(),
  /** The day the verdict became legally final (inkracht), when known. */
  finalOn: calendarDate.optional(),
});

export const claimCreateSchema = z.strictObject({
  caseId: uuid,
  defendantId: uuid.optional(),
  filedOn: calendarDate,
  chain: z.enum(chainKeys).optional(),
  components: z
    .array(z.strictObject({ kind: z.enum(claimComponents), amount: rupiah.min(1), note: text(300).optional() }))
    .min(1)
    .max(20),
});

export const claimAssessSchema = z.strictObject({
  assessedOn: calendarDate,
  amount: rupiah,
});

export const paymentRecordSchema = z.strictObject({
  paidOn: calendarDate,
  amount: rupiah.min(1),
  /** What proves it (receipt number, court deposit slip): required (PERMA 1/2022 Art. 30). */
  evidence: text(300),
  evidenceAttachmentId: uuid.optional(),
});

export const stepRecordSchema = z.strictObject({
  step: z.enum(chainStepKeys),
  occurredOn: calendarDate,
  note: text(2000).optional(),
});

export const dueListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
  /** Only what is due before this instant (default: everything pending with a due time). */
  before: z.iso.datetime({ offset: true }).optional(),
});

export const proceedingListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
  caseId: uuid.optional(),
  stage: z.enum(proceedingStages).optional(),
});

export const measureCreateSchema = z.strictObject({
  caseId: uuid,
  proceedingId: uuid.optional(),
  type: z.enum(protectionTypes),
  /** The agency that provides it (LPSK, police, a shelter). */
  agencyId: uuid,
  threatLevel: z.enum(threatLevels),
  threatAssessment: text(4000).optional(),
  reviewOn: calendarDate.optional(),
  childChecklist: z.array(z.enum(childChecklistItems)).max(childChecklistItems.length).optional(),
});

export const measureUpdateSchema = z.strictObject({
  version: z.number().int().min(1),
  status: z.enum(protectionStatuses).optional(),
  grantedOn: calendarDate.optional(),
  endedOn: calendarDate.optional(),
  endReason: text(500).optional(),
  threatLevel: z.enum(threatLevels).optional(),
  threatAssessment: text(4000).optional(),
  reviewOn: calendarDate.nullable().optional(),
  childChecklist: z.array(z.enum(childChecklistItems)).max(childChecklistItems.length).optional(),
});

export const informedRecordSchema = z.strictObject({
  caseId: uuid,
  informedAt: z.iso.datetime({ offset: true }),
  channel: z.enum(informChannels),
  topics: z.array(z.enum(informTopics)).min(1).max(informTopics.length),
  summary: text(2000),
});

/* ---------- output ---------- */

const agencyRef = z.object({ id: z.string(), name: z.string() });

export const stepSchema = z.object({
  id: z.string(),
  step: z.string(),
  seq: z.number(),
  kind: z.enum(['deadline', 'action']),
  actor: z.string(),
  basis: z.string(),
  status: z.enum(stepStatuses),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  occurredOn: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: z.string().nullable(),
});
export type TStep = z.infer<typeof stepSchema>;

export const paymentSchema = z.object({
  id: z.string(),
  paidOn: z.string(),
  amount: z.number(),
  evidence: z.string(),
  evidenceAttachmentId: z.string().nullable(),
  recordedAt: z.string(),
});

export const claimSchema = z.object({
  id: z.string(),
  proceedingId: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  defendantId: z.string().nullable(),
  chain: z.enum(chainKeys),
  filedOn: z.string(),
  components: z.array(z.object({ kind: z.enum(claimComponents), amount: z.number(), note: z.string().optional() })),
  claimedAmount: z.number(),
  lpskAssessedAmount: z.number().nullable(),
  lpskAssessedOn: z.string().nullable(),
  orderedAmount: z.number().nullable(),
  paidAmount: z.number(),
  outstandingAmount: z.number(),
  status: z.enum(claimStatuses),
  version: z.number(),
  steps: z.array(stepSchema),
  /** The step now waiting (null when the chain is closed or not started). */
  next: stepSchema.nullable(),
  /** Steps someone may record now (the next action, or the first action after a missed deadline). */
  offered: z.array(z.string()),
  payments: z.array(paymentSchema),
});
export type TClaim = z.infer<typeof claimSchema>;

export const defendantSchema = z.object({
  id: z.string(),
  personId: z.string(),
  pseudonym: z.string(),
  initials: z.string().nullable(),
  sex: z.string().nullable(),
  rolesInProcess: z.array(z.string()),
  status: z.enum(defendantStatuses),
});

export const verdictSchema = z.object({
  id: z.string(),
  defendantId: z.string(),
  instance: z.enum(verdictInstances),
  decidedOn: z.string(),
  outcome: z.enum(verdictOutcomes),
  sentenceMonths: z.number().nullable(),
  fineAmount: z.number().nullable(),
  restitutionOrdered: z.boolean(),
  restitutionAmount: z.number().nullable(),
  finalOn: z.string().nullable(),
  createdAt: z.string(),
});

export const hearingSchema = z.object({
  id: z.string(),
  heldOn: z.string(),
  court: z.string(),
  caseId: z.string().nullable(),
  testimonyMode: z.enum(testimonyModes).nullable(),
  accompaniedBy: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});

export const victimSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  isChild: z.boolean(),
  role: z.enum(victimRoles),
  accompaniedBy: z.string().nullable(),
  lastInformedAt: z.string(),
});

export const proceedingSchema = z.object({
  id: z.string(),
  reportNumber: z.string(),
  policeUnit: z.string(),
  reportedOn: z.string(),
  law: z.enum(governingLaws),
  exploitationType: z.string().nullable(),
  stage: z.enum(proceedingStages),
  stageOn: z.string(),
  nextStages: z.array(z.enum(proceedingStages)),
  stoppedReason: z.enum(stopReasons).nullable(),
  courtName: z.string().nullable(),
  open: z.boolean(),
  version: z.number(),
  parties: z.array(z.object({ agency: agencyRef, role: z.enum(partyRoles) })),
  victims: z.array(victimSchema),
  /** Victims in the proceeding whose cases the caller may not see (counted, never named). */
  otherVictims: z.number(),
  defendants: z.array(defendantSchema),
  charges: z.array(
    z.object({ id: z.string(), law: z.enum(chargeLaws), article: z.string(), defendantId: z.string().nullable() }),
  ),
  stageHistory: z.array(z.object({ stage: z.enum(proceedingStages), on: z.string(), recordedAt: z.string() })),
  hearings: z.array(hearingSchema),
  verdicts: z.array(verdictSchema),
  claims: z.array(claimSchema),
  /** What the caller may do here (the page shows only those actions). */
  abilities: z.object({ manage: z.boolean(), recordRestitution: z.boolean(), inform: z.boolean() }),
  createdAt: z.string(),
});
export type TProceeding = z.infer<typeof proceedingSchema>;

export const proceedingSummarySchema = z.object({
  id: z.string(),
  reportNumber: z.string(),
  reportedOn: z.string(),
  law: z.enum(governingLaws),
  stage: z.enum(proceedingStages),
  stageOn: z.string(),
  open: z.boolean(),
  victims: z.number(),
  createdAt: z.string(),
});

export const measureSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  proceedingId: z.string().nullable(),
  type: z.enum(protectionTypes),
  agency: agencyRef,
  status: z.enum(protectionStatuses),
  requestedAt: z.string(),
  respondBy: z.string().nullable(),
  grantedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  threatLevel: z.enum(threatLevels),
  threatAssessment: z.string().nullable(),
  reviewOn: z.string().nullable(),
  childChecklist: z.array(z.enum(childChecklistItems)).nullable(),
  version: z.number(),
});
export type TMeasure = z.infer<typeof measureSchema>;

export const informedSchema = z.object({
  id: z.string(),
  proceedingId: z.string(),
  caseId: z.string(),
  informedAt: z.string(),
  channel: z.enum(informChannels),
  topics: z.array(z.enum(informTopics)),
  summary: z.string(),
  informedBy: z.string(),
  informedByAgency: agencyRef,
});

export const dueItemSchema = z.object({
  kind: z.enum(['restitution_step', 'protection_response', 'protection_review']),
  id: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  caseId: z.string(),
  caseNumber: z.string(),
  proceedingId: z.string().nullable(),
  claimId: z.string().nullable(),
  step: z.string().nullable(),
  measureType: z.enum(protectionTypes).nullable(),
});

export const caseLegalSchema = z.object({
  proceedings: z.array(proceedingSummarySchema),
  measures: z.array(measureSchema),
});

export const figureQuery = z.strictObject({
  from: calendarDate,
  to: calendarDate,
});
