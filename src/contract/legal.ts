/** Enumerations of the legal API (proceedings, restitution, protection), shared by the server and the web app. */

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
