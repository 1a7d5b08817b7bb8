import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import { listAlerts, markAlertRead, markAllAlertsRead, unreadCount } from './alerts.service.js';

const alertSchema = z.object({
  id: z.string(),
  kind: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  resolvedAt: z.string().nullable().optional(),
});

const group = {
  kind: z.string().min(1).max(60).optional(),
  entityId: z.string().uuid().optional(),
};

export async function alertRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['alerts'];
  r.get('/api/alerts', {
    schema: {
      operationId: 'alerts.list',
      summary: "The caller's alerts, newest first (`unread=true` for unread only)",
      description: 'Needs `alerts.read`; each user sees only her own alerts. Cursor pages as in cases.list.',
      tags,
      querystring: z.strictObject({
        unread: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional(),
        ...group,
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().max(500).optional(),
      }),
      response: { 200: page(alertSchema) },
    },
    handler: (req) => listAlerts(req.ctx, req.query),
  });
  r.get('/api/alerts/unread-count', {
    schema: {
      operationId: 'alerts.unreadCount',
      summary: 'How many alerts the caller has not read',
      description: "The caller's own unread alerts only (the bell in the header). Any signed-in user.",
      tags,
      response: { 200: z.object({ count: z.number() }) },
    },
    handler: async (req) => ({ count: await unreadCount(req.ctx) }),
  });
  r.post('/api/alerts/:id/read', {
    schema: {
      operationId: 'alerts.markRead',
      summary: "Mark one of the caller's alerts as read",
      description: "Only the caller's own alert; anyone else's answers 404.",
      tags,
      params: idParam,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await markAlertRead(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.post('/api/alerts/read-all', {
    schema: {
      operationId: 'alerts.markAllRead',
      summary: "Marks the caller's unread alerts read: all, or one group (kind and/or target)",
      description: "Only the caller's own alerts. With `kind` and/or `entityId`, only that group.",
      tags,
      body: z.strictObject(group).optional(),
      response: { 200: z.object({ count: z.number() }) },
    },
    handler: async (req) => ({ count: await markAllAlertsRead(req.ctx, req.body ?? {}) }),
  });
}
