import { z } from 'zod';
import { activeGrants, grantReason, insertGrant, regionWithin, requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { raiseAlerts } from '../alerts/index.js';
import { agencyResponsibleIds, dpoUserIds, verifyStepUp } from '../users/index.js';
import { breakGlassNeeded, mayBreakGlassAnywhere, requireBreakGlass } from './access.policy.js';

export const breakGlassSchema = z.strictObject({
  entityType: z
    .string()
    .trim()
    .regex(/^[a-z_]{2,40}$/, 'invalid'),
  entityId: z.uuid({ message: 'uuid' }),
  reason: z.string().trim().min(15).max(1000),
  durationMinutes: z.coerce
    .number()
    .int()
    .min(15)
    .max(72 * 60)
    .optional(),
  /** A fresh code from the caller's authenticator, at the moment of breaking (step-up). */
  totpCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'invalid')
    .optional(),
});
export type TBreakGlass = z.infer<typeof breakGlassSchema>;

export const grantSchema = z.object({
  id: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  /** On a new grant: the instance's cap (PULIH_BREAK_GLASS_HOURS), whatever was asked. */
  capHours: z.number().optional(),
});

/**
 * Whether the record lies in the requester's jurisdiction: the province of the requester's agency (an
 * emergency happens where the victim is; a record elsewhere is reached by referral or transfer). An agency
 * abroad has no Indonesian jurisdiction.
 */
function withinJurisdiction(actorRegion: string | null | undefined, resource: { regionCode?: string | null }) {
  const province = actorRegion?.split('.')[0];
  return !!province && regionWithin(resource.regionCode, province);
}

/**
 * Break-the-glass, an emergency and not a skeleton key: a time-limited grant to one record outside the
 * caller's scope, only inside the caller's jurisdiction (or with the role setting), with a reason and a
 * fresh TOTP code at that moment; the duration is capped by PULIH_BREAK_GLASS_HOURS whatever is asked;
 * audited; the DPO and the record's agency (its supervisors, or its administrators when it has none)
 * are alerted at once (DESIGN §4).
 */
export async function breakGlass(ctx: Context, input: TBreakGlass) {
  const actor = requireActor(ctx);
  await requireBreakGlass(ctx);
  const owner = ctx.hooks.all('access.resource').find((r) => r.type === input.entityType);
  const resource = owner ? await owner.resolve(ctx, input.entityId) : undefined;
  // Unknown type or unknown record: the same 404 as any record the caller may not see.
  if (!resource) throw notFound();
  if (!breakGlassNeeded(actor, resource)) throw new AppError('conflict', 'break_glass_not_needed');
  // Outside the jurisdiction the record stays out of reach, exactly like a missing one.
  if (!mayBreakGlassAnywhere(actor) && !withinJurisdiction(actor.agencyRegionCode, resource)) {
    throw notFound();
  }
  await verifyStepUp(ctx, input.totpCode);
  const durationMs = Math.min(
    input.durationMinutes ? input.durationMinutes * 60_000 : ctx.config.breakGlassMs,
    ctx.config.breakGlassMs,
  );
  const recipients = [
    ...resource.supervisorUserIds,
    ...(await agencyResponsibleIds(ctx.database.db, resource.agencyId)),
    ...(await dpoUserIds(ctx.database.db)),
  ].filter((id) => id !== actor.userId);
  return transact(ctx, async (tx) => {
    const grant = await insertGrant(tx, ctx.keyring, {
      userId: actor.userId,
      type: input.entityType,
      id: input.entityId,
      reason: input.reason,
      now: ctx.clock.now(),
      durationMs,
    });
    await appendAudit(tx, ctx, {
      action: 'access.breakGlass',
      entityType: input.entityType,
      entityId: input.entityId,
      purpose: input.reason,
      details: { grantId: grant.id, expiresAt: grant.expires_at, ownerAgencyId: resource.agencyId },
    });
    await raiseAlerts(tx, ctx, recipients, {
      kind: 'break_glass',
      entityType: input.entityType,
      entityId: input.entityId,
      params: { byUsername: actor.username, byAgencyId: actor.agencyId, expiresAt: grant.expires_at },
    });
    return {
      id: grant.id,
      entityType: grant.entity_type,
      entityId: grant.entity_id,
      reason: input.reason,
      grantedAt: grant.granted_at,
      expiresAt: grant.expires_at,
      capHours: ctx.config.breakGlassMs / 3_600_000,
    };
  });
}

export async function listMyGrants(ctx: Context) {
  const actor = requireActor(ctx);
  const rows = await activeGrants(ctx.database.db, actor.userId, ctx.clock.now());
  return rows.map((g) => ({
    id: g.id,
    entityType: g.entity_type,
    entityId: g.entity_id,
    reason: grantReason(ctx.keyring, g),
    grantedAt: g.granted_at,
    expiresAt: g.expires_at,
  }));
}
