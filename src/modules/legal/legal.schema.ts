import { z } from 'zod';
import { identitySchema, profileSchema } from '../persons/index.js';
import { htcdsValues } from '../reference/index.js';

/* ---------- vocabularies (data, not code paths) ---------- */

/** Stages of a criminal proceeding in order (KUHAP); `stopped` is SP3 (Surat Perintah Penghentian Penyidikan). */
export const proceedingStages = [
  'report',
  'preliminary_investigation',
  'investigation',
  'file_complete',
  'prosecution',
  'first_instance_verdict',
  'appeal',
  'cassation',
  'final',
  'stopped',
] as const;
export type ProceedingStage = (typeof proceedingStages)[number];
/** Stages after which nothing moves: the proceeding is closed (no "victim not informed" alerts). */
export const closedStages: ReadonlySet<ProceedingStage> = new Set(['final', 'stopped']);
/** Which stages may follow each (a verdict may become final without appeal; SP3 only before prosecution). */
export const nextStages: Record<ProceedingStage, readonly ProceedingStage[]> = {
  report: ['preliminary_investigation', 'investigation', 'stopped'],
  preliminary_investigation: ['investigation', 'stopped'],
  investigation: ['file_complete', 'stopped'],
  file_complete: ['prosecution'],
  prosecution: ['first_instance_verdict'],
  first_instance_verdict: ['appeal', 'cassation', 'final'],
  appeal: ['cassation', 'final'],
  cassation: ['final'],
  final: [],
  stopped: [],
};
/** Grounds for SP3 (KUHAP Art. 109(2)). */
export const stopReasons = ['insufficient_evidence', 'not_a_crime', 'stopped_by_law'] as const;

/** The law a proceeding is brought under; it picks the restitution chain. */
export const governingLaws = ['ptppo', 'tpks', 'child_protection', 'other'] as const;
/** Laws charges cite (as data: a new law is a new entry). */
export const chargeLaws = ['uu_21_2007', 'uu_12_2022', 'uu_35_2014', 'uu_18_2017', 'kuhp', 'other'] as const;
export const partyRoles = ['police', 'prosecutor', 'court', 'lpsk', 'legal_aid', 'victim_service'] as const;
export type PartyRole = (typeof partyRoles)[number];
export const victimRoles = ['reporter', 'witness', 'reporter_witness'] as const;
export const defendantStatuses = ['suspect', 'defendant', 'convicted', 'acquitted'] as const;
/** How the victim testified (Art. 34: audio-visual; Art. 38–40 for children: closed hearing, recorded). */
export const testimonyModes = ['in_person', 'closed_session', 'audio_visual', 'recorded'] as const;
export const verdictInstances = ['first_instance', 'appeal', 'cassation'] as const;
export const verdictOutcomes = ['convicted', 'acquitted', 'released'] as const;

/** Heads of loss (Art. 48(2); PERMA 1/2022 Art. 4 adds transport and legal costs). */
export const claimComponents = [
  'lost_income_property',
  'suffering',
  'medical_psychological',
  'transport',
  'legal_costs',
  'other',
] as const;
export const claimStatuses = ['claimed', 'ordered', 'not_ordered', 'paid', 'defaulted'] as const;

/** Who performs a chain step (shown with the step; the alert goes to the case team and the parties). */
type StepActor = 'prosecutor' | 'victim' | 'court' | 'system';
export interface ChainStep {
  key: string;
  /** `deadline`: passes by itself (met when paid in full before it); `action`: someone records it. */
  kind: 'deadline' | 'action';
  /** Days after the previous step happened by which this one is due; null: no legal due time. */
  offsetDays: number | null;
  actor: StepActor;
  /** The rule, cited. */
  basis: string;
}

/**
 * The restitution deadline chains as data (DOMAIN §1): law → steps with offsets. The chain starts when the notice
 * of the final verdict is recorded; each step's due time counts from the step before it.
 */
export const restitutionChains = {
  // Law 21/2007 Art. 50; PERMA 1/2022: 14 days after notice of the final verdict; unpaid → victim tells the court →
  // written warning → 14 more days → seizure and auction → substitute detention (up to 1 year).
  ptppo: [
    {
      key: 'final_verdict_notice',
      kind: 'action',
      offsetDays: null,
      actor: 'prosecutor',
      basis: 'UU 21/2007 Ps. 50(1)',
    },
    { key: 'payment_due', kind: 'deadline', offsetDays: 14, actor: 'system', basis: 'UU 21/2007 Ps. 50(1)' },
    { key: 'victim_notice_to_court', kind: 'action', offsetDays: 0, actor: 'victim', basis: 'UU 21/2007 Ps. 50(2)' },
    { key: 'court_warning', kind: 'action', offsetDays: null, actor: 'court', basis: 'UU 21/2007 Ps. 50(3)' },
    { key: 'warning_due', kind: 'deadline', offsetDays: 14, actor: 'system', basis: 'UU 21/2007 Ps. 50(4)' },
    { key: 'seizure_auction', kind: 'action', offsetDays: 0, actor: 'prosecutor', basis: 'UU 21/2007 Ps. 50(4)' },
    {
      key: 'substitute_detention',
      kind: 'action',
      offsetDays: null,
      actor: 'prosecutor',
      basis: 'UU 21/2007 Ps. 50(4)',
    },
  ],
  // Law 12/2022 (TPKS) Art. 33(7)–(9): unpaid 30 days after the final verdict → the prosecutor auctions the
  // collateral seized → shortfall: substitute imprisonment.
  tpks: [
    { key: 'final_verdict_notice', kind: 'action', offsetDays: null, actor: 'prosecutor', basis: 'UU 12/2022 Ps. 33' },
    { key: 'payment_due', kind: 'deadline', offsetDays: 30, actor: 'system', basis: 'UU 12/2022 Ps. 33(7)' },
    { key: 'seizure_auction', kind: 'action', offsetDays: 0, actor: 'prosecutor', basis: 'UU 12/2022 Ps. 33(7)' },
    {
      key: 'substitute_detention',
      kind: 'action',
      offsetDays: null,
      actor: 'prosecutor',
      basis: 'UU 12/2022 Ps. 33(9)',
    },
  ],
} as const satisfies Record<string, readonly ChainStep[]>;
export type ChainKey = keyof typeof restitutionChains;
export const chainKeys = Object.keys(restitutionChains) as [ChainKey, ...ChainKey[]];
export const chainStepKeys = [...new Set(Object.values(restitutionChains).flatMap((c) => c.map((s) => s.key)))] as [
  string,
  ...string[],
];
export const stepStatuses = ['pending', 'done', 'met', 'missed', 'cancelled'] as const;

/** Protection measures (Law 21/2007 Art. 43, 47; Law 31/2014 Art. 5; Law 12/2022 Art. 42). */
export const protectionTypes = [
  'lpsk_physical',
  'safe_house',
  'identity_change',
  'relocation',
  'police_protection',
  'tpks_temporary',
  'other',
] as const;
export type ProtectionType = (typeof protectionTypes)[number];
export const protectionStatuses = ['requested', 'granted', 'rejected', 'ended'] as const;
export const threatLevels = ['low', 'medium', 'high', 'severe'] as const;
/** Law 12/2022 Art. 42(1): the police grant temporary protection within 1×24 hours. */
export const TPKS_TEMPORARY_HOURS = 24;
/** Child witness (Law 21/2007 Art. 38–40; Law 11/2012): what must be in place before she testifies. */
export const childChecklistItems = [
  'closed_hearing',
  'accompanied_by_guardian_or_social_worker',
  'no_face_to_face_with_defendant',
  'testimony_recorded_or_remote',
  'judge_without_robe',
  'psychologist_present',
] as const;

/** How the victim was told (Art. 36) and what about. */
export const informChannels = ['in_person', 'phone', 'message', 'letter', 'through_companion'] as const;
export const informTopics = ['stage', 'hearing', 'verdict', 'restitution', 'protection', 'rights', 'other'] as const;

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
