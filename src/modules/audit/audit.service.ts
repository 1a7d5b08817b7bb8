import { z } from 'zod';
import { type AuditEventRow, auditPurpose } from '../../platform/audit.js';
import { type VerifyResult, verifyAuditChain } from '../../platform/audit-verify.js';
import type { Context } from '../../platform/context.js';
import { type DialectAdapter, type Executor, tables } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { translate } from '../../platform/i18n/index.js';
import { requireAuditRead, requireAuditVerify } from './audit.policy.js';
import { verifyTruncationSignatures } from './audit.truncation.js';

type AuditTables = { audit_events: AuditEventRow };

export const auditListQuery = z.strictObject({
  actorId: z.uuid({ message: 'uuid' }).optional(),
  agencyId: z.uuid({ message: 'uuid' }).optional(),
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-zA-Z.]+$/, 'invalid')
    .optional(),
  entityType: z
    .string()
    .trim()
    .max(50)
    .regex(/^[a-z_]+$/, 'invalid')
    .optional(),
  entityId: z.string().trim().max(100).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TAuditListQuery = z.infer<typeof auditListQuery>;

export const auditEventSchema = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorAgencyId: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  purpose: z.string().nullable(),
  details: z.unknown(),
});

const cursor = z.tuple([z.number().int()]);

/** Newest first; filters by actor, agency, action (a prefix: `auth.` matches every auth event), entity and time. */
export async function listAuditEvents(ctx: Context, q: TAuditListQuery) {
  await requireAuditRead(ctx);
  let query = tables<AuditTables>(ctx.database.db).selectFrom('audit_events').selectAll();
  if (q.actorId) query = query.where('actor_user_id', '=', q.actorId);
  if (q.agencyId) query = query.where('actor_agency_id', '=', q.agencyId);
  if (q.action)
    query = q.action.endsWith('.')
      ? query.where('action', 'like', `${q.action}%`)
      : query.where('action', '=', q.action);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.from) query = query.where('at', '>=', new Date(q.from).toISOString());
  if (q.to) query = query.where('at', '<=', new Date(q.to).toISOString());
  const after = decodeCursor(q.cursor, cursor);
  if (after) query = query.where('seq', '<', after[0]);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorUsername: r.actor_username,
    actorAgencyId: r.actor_agency_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    outcome: r.outcome,
    ip: r.ip,
    purpose: auditPurpose(ctx.keyring, r),
    details: r.details == null ? null : ctx.database.adapter.fromJson(r.details),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.seq]) : null };
}

/**
 * Whether this process is verifying the chain for an API caller. A verification starts up to 8 threads, each with a
 * database connection of its own: a second one at the same time is refused (409) rather than doubling them.
 */
let verifying = false;

/** Walks the hash chain (data protection officer); one at a time per process. */
export async function verifyAudit(ctx: Context) {
  await requireAuditVerify(ctx);
  if (verifying) throw new AppError('conflict', 'audit_verify_running');
  verifying = true;
  try {
    return await verifyWithTruncations(ctx.database.db, ctx.database.adapter);
  } finally {
    verifying = false;
  }
}

/** The chain walk, then the instance signature of every truncation point (the walk checked the newest one's seal). */
export async function verifyWithTruncations(
  db: Executor,
  adapter: DialectAdapter,
  onProgress?: (checked: number) => void,
  key?: Buffer,
): Promise<VerifyResult> {
  const result = await verifyAuditChain(db, adapter, onProgress, 5_000, key);
  if (!result.ok) return result;
  const signed = await verifyTruncationSignatures(db);
  if (signed.ok) return result;
  return { ...result, ok: false, brokenAt: { seq: signed.badSeq!, id: null, reason: 'truncation_mismatch' } };
}

export const auditActionSchema = z.object({
  action: z.string(),
  entityType: z.string().nullable(),
  labels: z.object({ id: z.string(), en: z.string() }),
});

/**
 * Every action the instance declares (platform/audit-catalogue.ts), sorted, with its labels in Indonesian and
 * English: the auditor's action filter and the names in the trail. Events written before an action was declared
 * (or by an older version) still show in the list by their raw name.
 */
export async function listAuditActions(ctx: Context): Promise<{ items: z.infer<typeof auditActionSchema>[] }> {
  await requireAuditRead(ctx);
  return {
    items: ctx.auditCatalogue.list().map((spec) => ({
      action: spec.action,
      entityType: spec.entityType,
      labels: { id: translate('id', auditActionKey(spec.action)), en: translate('en', auditActionKey(spec.action)) },
    })),
  };
}

/** The i18n key of an action's label (src/platform/i18n/{id,en}.ts). */
export const auditActionKey = (action: string) => `audit.action.${action}`;
