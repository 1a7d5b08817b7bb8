import { type Permission, requireAccess, type ScopedResource, scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/** Who may do what with tips. Services call these abilities; they never spell permission strings. */
const P = {
  read: 'tips.read',
  manage: 'tips.manage',
  settings: 'tips.settings',
  createCase: 'cases.create',
} as const satisfies Record<string, Permission>;
export type TipPermission = (typeof P)[keyof typeof P];
export const tipPermissions: readonly TipPermission[] = Object.values(P);

/** The facts of a tip the access rules look at. */
export interface TipScopeFacts {
  id: string;
  agencyId: string;
  regionCode: string;
  referredAgencyId: string | null;
  assignedTo: string | null;
}

function resource(tip: TipScopeFacts, agencyId = tip.agencyId): ScopedResource {
  return {
    type: 'tip',
    id: tip.id,
    agencyId,
    regionCode: tip.regionCode,
    teamUserIds: tip.assignedTo ? [tip.assignedTo] : [],
  };
}

/**
 * Reading a tip: the agency that handles it, and the agency it was referred to (police, another service).
 * Anything else answers 404 like a missing tip.
 */
export async function requireReadTip(ctx: Context, tip: TipScopeFacts): Promise<void> {
  if (tip.referredAgencyId && ctx.actor?.agencyId === tip.referredAgencyId) {
    await requireAccess(ctx, P.read, resource(tip, tip.referredAgencyId));
    return;
  }
  await requireAccess(ctx, P.read, resource(tip));
}

/** Triage, questions, conversion, referral and closure: the handling agency's intake staff only. */
export async function requireManageTip(ctx: Context, tip: TipScopeFacts): Promise<void> {
  await requireAccess(ctx, P.read, resource(tip));
  await requireAccess(ctx, P.manage, resource(tip));
}

/** Turning a tip into a case also needs the right to open cases. */
export async function requireConvertTip(ctx: Context, tip: TipScopeFacts): Promise<void> {
  await requireManageTip(ctx, tip);
  await requireAccess(ctx, P.createCase);
}

/** The list filter for the triage queue. */
export function tipListScope(ctx: Context) {
  return scopeFilter(ctx, P.read);
}

/** Reading and changing the response-time targets. */
export const requireReadTipSettings = (ctx: Context) => requireAccess(ctx, P.read);
export const requireManageTipSettings = (ctx: Context) => requireAccess(ctx, P.settings);

/** Who hears about a tip at an agency (new urgent tips, replies, overdue): its intake staff. */
export const TIP_STAFF_PERMISSIONS: readonly Permission[] = [P.manage];
/** Who hears about a tip referred to their agency. */
export const TIP_REFERRAL_RECIPIENT_PERMISSIONS: readonly Permission[] = [P.read];
/** What the overdue-tip job may do: read the tips it alerts about. */
export const tipJobPermissions: readonly Permission[] = [P.read];
/** The public portal's actor: it may look agencies up and put the reporter's contact into the vault, nothing else. */
export const PORTAL_PERMISSIONS: readonly Permission[] = ['agencies.read', 'persons.create'];
