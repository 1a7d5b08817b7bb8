import type { Context } from '../../platform/context.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { legalAuditActions } from './legal.audit.js';
import { legalJobs } from './legal.jobs.js';
import { legalRoutes } from './legal.routes.js';
import { legalEncryptedColumns } from './legal.service.js';
import { openProceedingOfPerson, openProceedingOfVictimCase } from './legal.store.js';

export { dueList } from './due.service.js';
export { type LegalFact, legalFactDefinitions, legalFacts } from './legal.figures.js';
export { checkLegalDue, LEGAL_DUE_JOB } from './legal.jobs.js';
export {
  chargeLaws,
  claimComponents,
  type ProceedingStage,
  proceedingStages,
  protectionTypes,
  restitutionChains,
  type TClaim,
  type TMeasure,
  type TProceeding,
} from './legal.schema.js';
// The operations, for the demo seed (which plays histories through the services, as the routes do).
export { createProceeding, listProceedings, updateProceeding } from './legal.service.js';
export { getProceeding } from './legal.view.js';
export { advanceStage, createHearing, recordVerdict } from './proceeding.stages.js';
export { createMeasure, updateMeasure } from './protection.service.js';
export { assessClaim, createClaim, recordPayment, recordStep } from './restitution.service.js';
export { recordVictimInformed } from './victim-informed.service.js';
export { legalAuditActions, legalEncryptedColumns, legalJobs, legalRoutes };

/**
 * Erasure hook: whether anything in this module holds a person's record. A suspect or defendant of an open
 * proceeding is held (the record is evidence until the proceeding ends).
 */
export async function legalHoldsPerson(ctx: Context, personId: string): Promise<string | null> {
  const id = await openProceedingOfPerson(ctx.database.db, personId);
  return id ? `legal_proceeding:${id}` : null;
}

/**
 * Erasure hook for a victim: an open proceeding in which her case takes part holds her record (Law 27/2022
 * Art. 16(2): processing needed for law enforcement; Law 21/2007: her testimony is evidence).
 */
export async function legalHoldsCase(ctx: Context, caseId: string): Promise<string | null> {
  const id = await openProceedingOfVictimCase(ctx.database.db, caseId);
  return id ? `legal_proceeding:${id}` : null;
}

/** The module as server.ts composes it (platform/modules.ts). */
export const legalModule: ModuleManifest = {
  name: 'legal',
  routes: legalRoutes,
  jobs: legalJobs,
  encryptedColumns: legalEncryptedColumns,
  auditActions: legalAuditActions,
  // An open proceeding against a suspect or defendant holds the record: erasure and retention stop.
  provides: { 'privacy.recordHold': legalHoldsPerson },
};
