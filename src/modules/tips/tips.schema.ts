import { z } from 'zod';
import { caseCreateSchema } from '../cases/index.js';

/** Plain-language signs of trafficking a reporter can tick (ILO/EC Delphi indicators, in everyday words). */
export const tipIndicators = [
  'job_offer_too_good',
  'unregistered_recruiter',
  'documents_held',
  'false_documents',
  'growing_debt',
  'not_paid',
  'cannot_leave',
  'no_contact_family',
  'violence_threats',
  'sexual_exploitation',
  'child_sent_away',
  'irregular_border_crossing',
] as const;
export type TipIndicator = (typeof tipIndicators)[number];

export const tipIndicatorLabels: Record<TipIndicator, { id: string; en: string }> = {
  job_offer_too_good: {
    id: 'Ditawari pekerjaan dengan gaji sangat tinggi atau syarat yang terlalu mudah',
    en: 'Offered a job with unusually high pay or conditions that are too easy',
  },
  unregistered_recruiter: {
    id: 'Direkrut calo atau sponsor yang tidak terdaftar',
    en: 'Recruited by an unregistered broker or sponsor',
  },
  documents_held: {
    id: 'Paspor atau KTP ditahan majikan atau agen',
    en: 'Passport or ID card kept by the employer or agent',
  },
  false_documents: {
    id: 'Dokumen dipalsukan (misalnya umur dinaikkan)',
    en: 'Documents falsified (for example the age raised)',
  },
  growing_debt: {
    id: 'Punya utang kepada perekrut yang terus bertambah',
    en: 'Owes the recruiter a debt that keeps growing',
  },
  not_paid: { id: 'Tidak digaji atau digaji jauh di bawah janji', en: 'Not paid, or paid far less than promised' },
  cannot_leave: {
    id: 'Tidak bisa bebas keluar dari tempat kerja atau rumah',
    en: 'Cannot freely leave the workplace or house',
  },
  no_contact_family: { id: 'Tidak boleh menghubungi keluarga', en: 'Not allowed to contact family' },
  violence_threats: { id: 'Ada kekerasan atau ancaman', en: 'Violence or threats' },
  sexual_exploitation: {
    id: 'Dipaksa melayani seks atau dipaksa menikah',
    en: 'Forced into sex work or into a marriage',
  },
  child_sent_away: {
    id: 'Anak dipekerjakan atau dikirim jauh untuk bekerja',
    en: 'A child made to work or sent far away to work',
  },
  irregular_border_crossing: {
    id: 'Menyeberang perbatasan tanpa dokumen yang sah',
    en: 'Crossing a border without proper documents',
  },
};

export const reporterRelations = ['self', 'family', 'neighbour', 'friend', 'colleague', 'teacher', 'other'] as const;
export const tipStatuses = ['new', 'in_review', 'converted', 'referred', 'closed'] as const;
export type TipStatus = (typeof tipStatuses)[number];
/** What the reporter sees: nothing more than where the tip stands. */
export const publicTipStatuses = ['received', 'being_handled', 'closed'] as const;
export const urgencies = ['urgent', 'high', 'normal'] as const;
export type TipUrgency = (typeof urgencies)[number];
export const tipClosureReasons = [
  'duplicate',
  'not_trafficking',
  'insufficient_information',
  'handled_elsewhere',
  'false_report',
  'other',
] as const;

const region = z.string().regex(/^\d{2}(\.\d{2})?$/, 'region_unknown');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'invalid');
/** The follow-up code as a reporter may type it: case and dashes do not matter. */
export const followUpCode = z
  .string()
  .trim()
  .max(40)
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{20}$/, 'code_invalid'));

/** A solved proof-of-work challenge. */
export const powSchema = z.strictObject({
  challenge: z.string().min(10).max(200),
  nonce: z.string().min(1).max(32),
});

export const tipSubmitSchema = z.strictObject({
  description: z.string().trim().min(20).max(5000),
  regionCode: region,
  happenedOn: z.iso.date().optional(),
  peopleCount: z.number().int().min(1).max(500).optional(),
  involvesChild: z.boolean(),
  heldNow: z.boolean(),
  nearBorder: z.boolean().default(false),
  indicators: z.array(z.enum(tipIndicators)).max(tipIndicators.length).default([]),
  relation: z.enum(reporterRelations).optional(),
  /** Anonymous unless the reporter chooses to leave a way to reach them (kept in the identity vault). */
  contact: z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      phone: phone.optional(),
      address: z.string().trim().max(500).optional(),
    })
    .optional(),
  /** Left empty by people; bots that fill every field are turned away. */
  website: z.string().max(200).optional(),
  pow: powSchema,
});
export type TTipSubmit = z.infer<typeof tipSubmitSchema>;

export const tipSubmittedSchema = z.object({
  code: z.string(),
  status: z.enum(publicTipStatuses),
});

export const tipCodeSchema = z.strictObject({ code: followUpCode });
export const tipReplySchema = z.strictObject({
  code: followUpCode,
  message: z.string().trim().min(1).max(2000),
});

export const publicMessageSchema = z.object({
  from: z.enum(['staff', 'reporter']),
  body: z.string(),
  at: z.string(),
});
export const publicStatusSchema = z.object({
  status: z.enum(publicTipStatuses),
  messages: z.array(publicMessageSchema),
  canReply: z.boolean(),
});
export type TPublicStatus = z.infer<typeof publicStatusSchema>;

export const challengeSchema = z.object({ challenge: z.string(), difficulty: z.number() });
export const tipFormSchema = z.object({
  indicators: z.array(z.object({ key: z.enum(tipIndicators), label: z.object({ id: z.string(), en: z.string() }) })),
  relations: z.array(z.enum(reporterRelations)),
  challenge: challengeSchema,
});

/* ---------- staff ---------- */

export const tipListQuery = z.strictObject({
  status: z.enum(tipStatuses).optional(),
  open: z.enum(['true', 'false']).optional(),
  urgency: z.enum(urgencies).optional(),
  assignedToMe: z.enum(['true']).optional(),
  overdue: z.enum(['true']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export type TTipListQuery = z.infer<typeof tipListQuery>;

export const tipSummarySchema = z.object({
  id: z.string(),
  ref: z.string(),
  status: z.enum(tipStatuses),
  version: z.number(),
  urgency: z.enum(urgencies),
  isChild: z.boolean(),
  heldNow: z.boolean(),
  nearBorder: z.boolean(),
  regionCode: z.string(),
  indicators: z.array(z.string()),
  assignedTo: z.string().nullable(),
  groupId: z.string().nullable(),
  awaitingReply: z.boolean(),
  dueAt: z.string(),
  overdue: z.boolean(),
  createdAt: z.string(),
});
export type TTipSummary = z.infer<typeof tipSummarySchema>;

export const tipMessageSchema = z.object({
  id: z.string(),
  from: z.enum(['staff', 'reporter']),
  body: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

export const tipDetailSchema = tipSummarySchema.extend({
  agencyId: z.string(),
  description: z.string(),
  happenedOn: z.string().nullable(),
  peopleCount: z.number().nullable(),
  relation: z.string().nullable(),
  /** The reporter's contact details are in the identity vault: only whether there are any, and the person id. */
  reporterPersonId: z.string().nullable(),
  caseId: z.string().nullable(),
  referredAgencyId: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  closureReason: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  messages: z.array(tipMessageSchema),
  /** Other tips of the same group. */
  group: z.array(tipSummarySchema),
  /** Open tips that look like the same situation (same place and time, shared signs), not yet grouped. */
  similar: z.array(tipSummarySchema.extend({ similarity: z.number() })),
  /** What an intake form for a case would start from. */
  caseDraft: z.object({
    referralSource: z.literal('community'),
    summary: z.string(),
    person: z.object({ regionCode: z.string() }),
    riskLevel: z.enum(['low', 'medium', 'high']),
    intakeAt: z.string(),
  }),
});
export type TTipDetail = z.infer<typeof tipDetailSchema>;

const versioned = { version: z.number().int().min(1) };

export const tipTriageSchema = z.strictObject({
  ...versioned,
  urgency: z.enum(urgencies).optional(),
  /** Assign to an intake officer of the agency (null: unassign). */
  assignedTo: z.uuid({ message: 'uuid' }).nullable().optional(),
  /** Group with another tip about the same situation (null: take out of its group). */
  groupWith: z.uuid({ message: 'uuid' }).nullable().optional(),
});
export const tipAskSchema = z.strictObject({ ...versioned, question: z.string().trim().min(3).max(2000) });
export const tipConvertSchema = z.strictObject({
  ...versioned,
  case: caseCreateSchema,
  /** The officer saw the duplicate check's matches and decided this is a new person. */
  confirmNewPerson: z.boolean().default(false),
});
export const tipConvertedSchema = z.object({
  tip: tipDetailSchema,
  caseId: z.string(),
  caseNumber: z.string(),
});
export const tipReferSchema = z.strictObject({
  ...versioned,
  agencyId: z.uuid({ message: 'uuid' }),
  note: z.string().trim().min(3).max(2000),
});
export const tipCloseSchema = z.strictObject({
  ...versioned,
  reason: z.enum(tipClosureReasons),
  note: z.string().trim().max(2000).optional(),
});

export const responseTargetsSchema = z.object({
  urgent: z.number().int().min(1).max(720),
  high: z.number().int().min(1).max(720),
  normal: z.number().int().min(1).max(720),
});
export const responseTargetsUpdateSchema = responseTargetsSchema.strict();
export type TResponseTargets = z.infer<typeof responseTargetsSchema>;
