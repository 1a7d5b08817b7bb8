import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page, typed } from '../../platform/http.js';
import { checkpointListQuery, checkpointSchema, listCheckpoints } from './audit.checkpoints.js';
import {
  auditActionSchema,
  auditEventSchema,
  auditListQuery,
  listAuditActions,
  listAuditEvents,
  verifyAudit,
} from './audit.service.js';

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['audit'];
  r.get('/api/audit', {
    schema: {
      operationId: 'audit.list',
      summary: 'Read the audit trail, filtered by actor, agency, action, record and time',
      description:
        'Needs `audit.read` (the data protection officer and the administrator). Cursor pages as in cases.list.',
      tags,
      querystring: auditListQuery,
      response: { 200: page(auditEventSchema) },
    },
    handler: (req) => listAuditEvents(req.ctx, req.query),
  });
  r.get('/api/audit/actions', {
    schema: {
      operationId: 'audit.actions',
      summary: 'Every audit action this instance declares, with its labels in Indonesian and English',
      description:
        "The auditor's action filter and the names shown in the trail. Each module declares the actions it writes " +
        '(name, entity type, the schema of its details); events of an action no longer declared keep their raw name.',
      tags,
      response: { 200: z.object({ items: z.array(auditActionSchema) }) },
    },
    handler: (req) => listAuditActions(req.ctx),
  });
  r.get('/api/audit/verify', {
    schema: {
      operationId: 'audit.verify',
      summary: "Verify the audit trail's hash chain; names the first broken event",
      description:
        "Needs `audit.verify`. Recomputes every event's hash in order, up to the chain head as it was when the verification began, and names the first event whose hash or link does not match. One verification at a time: another asked for meanwhile answers 409 `audit_verify_running`.",
      tags,
      response: {
        200: z.object({
          ok: z.boolean(),
          checked: z.number(),
          brokenAt: z.object({ seq: z.number(), id: z.string().nullable(), reason: z.string() }).optional(),
          /** Retention removed the events up to this seq behind a signed truncation point; the walk began there. */
          truncatedThrough: z.number().optional(),
        }),
      },
    },
    config: { conflict: 'A verification is already running (`audit_verify_running`): try again when it has finished.' },
    handler: (req) => verifyAudit(req.ctx),
  });
  r.get('/api/audit/checkpoints', {
    schema: {
      operationId: 'audit.checkpoints.list',
      summary: 'Signed checkpoints of the audit chain head, newest first (data protection officer)',
      description:
        "Needs `audit.verify`. Each checkpoint signs the chain's head at a moment, so a trail rewritten afterwards no longer matches a checkpoint kept elsewhere. Cursor pages as in cases.list.",
      tags,
      querystring: checkpointListQuery,
      response: {
        200: page(checkpointSchema).extend({ fileConfigured: z.boolean(), intervalMinutes: z.number() }),
      },
    },
    handler: (req) => listCheckpoints(req.ctx, req.query),
  });
}
