import { can, type Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import type { FieldGroup } from '../consent/index.js';
import type { PartyRole } from './legal.schema.js';

/**
 * Who may do what in the legal module, as named abilities over facts the service gathers. Services ask these;
 * they never spell a permission string themselves.
 */
const P = {
  read: 'legal.read',
  manage: 'legal.manage',
  protect: 'protection.manage',
  assess: 'restitution.assess',
  receive: 'referrals.receive',
  figures: 'reports.aggregate',
} as const satisfies Record<string, Permission>;

/** What the legal module asks of a linked case: reading it, or working on it (the victim's case team). */
export const legalCasePermissions = { read: 'cases.read', work: 'cases.update' } as const satisfies Record<
  string,
  Permission
>;

/** Who hears about a proceeding's restitution steps at a party agency. */
export const LEGAL_PARTY_STAFF_PERMISSIONS: readonly Permission[] = [P.manage];
/** Who at a providing agency decides and follows protection measures. */
export const PROTECTION_STAFF_PERMISSIONS: readonly Permission[] = [P.protect];
/** What the legal deadline job may do: read cases and proceedings it alerts about. */
export const legalJobPermissions: readonly Permission[] = [legalCasePermissions.read, P.read];

/** The group a consent must cover before a recipient agency sees a case's legal data. */
export const LEGAL_FIELD_GROUP: FieldGroup = 'legal';

/** What the caller is to one proceeding. */
export interface ProceedingAccess {
  /** The caller's agency's role in the proceeding (police, prosecutor, court, LPSK, the victims' agencies). */
  party: PartyRole | null;
  /** Linked cases the caller may read (case scope) or that are shared with her agency by a consent covering legal data. */
  visibleCases: ReadonlySet<string>;
  /** Linked cases the caller works on (cases.update in scope): she may record what the victim did and was told. */
  workCases: ReadonlySet<string>;
}

/** Any legal permission at all (else the legal pages and the due list are 403). */
export const mayUseLegal = (ctx: Context) => can(ctx, P.read) || can(ctx, P.manage) || can(ctx, P.protect);

/** Whether a consent's groups open a case's legal data to a recipient agency's user. */
export const consentOpensLegal = (ctx: Context, groups: readonly FieldGroup[]) =>
  groups.includes(LEGAL_FIELD_GROUP) && (can(ctx, P.read) || can(ctx, P.receive));

/** Police and prosecutors see the proceedings they are party to; case teams and consented recipients their victims'. */
export const canReadProceeding = (ctx: Context, a: ProceedingAccess) =>
  (a.party !== null && (can(ctx, P.read) || can(ctx, P.manage))) || a.visibleCases.size > 0;

/** Stages, hearings, verdicts, suspects, charges: the parties with legal.manage (police, prosecutor, court). */
export const canManageProceeding = (ctx: Context, a: ProceedingAccess) =>
  a.party !== null && managingParties.has(a.party) && can(ctx, P.manage);
const managingParties: ReadonlySet<PartyRole> = new Set(['police', 'prosecutor', 'court']);

/** Opening a proceeding: legal.manage (the caller's agency becomes a party). */
export const canOpenProceeding = (ctx: Context) => can(ctx, P.manage);

/** A victim's claim, the steps she or the parties take, payments: the parties with legal.manage and her case team. */
export const canRecordRestitution = (ctx: Context, a: ProceedingAccess, caseId: string) =>
  canManageProceeding(ctx, a) || a.workCases.has(caseId);

/** LPSK's assessment of a claim (Law 31/2014 Art. 7A; PERMA 1/2022 Art. 8). */
export const canAssessRestitution = (ctx: Context, a: ProceedingAccess) => a.party !== null && can(ctx, P.assess);

/** Telling the victim of progress (Art. 36): her case team or a party with legal.manage. */
export const canInformVictim = (ctx: Context, a: ProceedingAccess, caseId: string) =>
  a.workCases.has(caseId) || canManageProceeding(ctx, a);

/** Requesting protection: the victim's case team, or police/LPSK staff (protection.manage) party to her proceeding. */
export const canRequestProtection = (ctx: Context, worksOnCase: boolean, partyToHerProceeding: boolean) =>
  worksOnCase || (partyToHerProceeding && can(ctx, P.protect));

/** Granting, refusing and ending a measure: staff with protection.manage of the agency that provides it. */
export const canDecideProtection = (ctx: Context, providerAgencyId: string) =>
  can(ctx, P.protect) && ctx.actor?.agencyId === providerAgencyId;

/** Seeing a measure: the case team, consented recipients, the providing agency's protection staff. */
export const canReadMeasure = (ctx: Context, caseVisible: boolean, providerAgencyId: string) =>
  caseVisible || canDecideProtection(ctx, providerAgencyId);

/** Figures for evaluation are aggregates (no person-level row). */
export const canReadFigures = (ctx: Context) => can(ctx, P.figures);
