import type { Expression } from 'kysely';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import type { SummarySectionProvider, SummaryZoneResolver } from './cases.pdf.js';
import type { NextDeadline } from './cases.read.js';
import type { RestrictionLookup } from './cases.record.js';
import type { TransferConsent } from './cases.transfer.js';

/** How many of a case's items are still open (e.g. service requests) before closure: each provider counts its own. */
export type CaseCloseGuard = (db: Executor, caseId: string) => Promise<number>;

/** Whether a closure reason holds (e.g. "reintegrated" needs follow-up scores that say so). */
export interface ClosureReasonGuard {
  reason: string;
  holds: (db: Executor, caseId: string) => Promise<boolean>;
}

/** The next statutory deadline of some cases (the open service request due soonest of each). */
export type NextDeadlineLookup = (db: Executor, caseIds: string[]) => Promise<Map<string, NextDeadline>>;

/**
 * The ids of the cases with a screening decision waiting for a supervisor's approval, as a subquery
 * (`select … as id`) the case list's "awaiting approval" filter plans together with its own: the screening
 * module finds them through its approval index; the cases module never reads that table.
 */
export type ScreeningsAwaitingCaseIds = (db: Executor) => Expression<{ id: string }>;

/** What the cases module needs to know of a consent that carries identity in a lead-agency transfer. */
export type TransferConsentLookup = (ctx: Context, id: string) => Promise<TransferConsent | undefined>;

/** The hooks the cases module calls; other modules provide them in their manifests (platform/modules.ts). */
declare module '../../platform/modules.js' {
  interface Hooks {
    'cases.closeGuard': CaseCloseGuard;
    'cases.closureReasonGuard': ClosureReasonGuard;
    'cases.nextDeadlines': NextDeadlineLookup;
    'cases.screeningsAwaiting': ScreeningsAwaitingCaseIds;
    'cases.transferConsent': TransferConsentLookup;
    /** A person's restriction of processing (privacy module): her cases are read-only while it stands. */
    'cases.processingRestriction': RestrictionLookup;
    /** A part of the case summary PDF another module writes (services, consents, referrals). */
    'cases.summarySection': SummarySectionProvider;
    /** The UTC offset of a region (WIB/WITA/WIT), for the summary's dates. */
    'cases.summaryZone': SummaryZoneResolver;
  }
}
