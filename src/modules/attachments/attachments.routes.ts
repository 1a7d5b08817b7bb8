import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { idParam, typed } from '../../platform/http.js';
import {
  type AttachmentKind,
  attachmentKinds,
  downloadAttachment,
  listAttachments,
  uploadAttachment,
} from './attachments.service.js';

const attachmentSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(attachmentKinds),
  mime: z.string(),
  sizeBytes: z.number(),
  filename: z.string(),
  /** Decided by the system (kind and content): downloading it is an identity reveal with a purpose. */
  identifying: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export async function attachmentRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(multipart, { limits: { fileSize: services.config.attachmentMaxBytes, files: 1, fields: 5 } });
  const r = typed(app);
  const tags = ['attachments'];
  r.post('/api/cases/:id/attachments', {
    config: { conflict: 'The case is closed (`case_closed`).' },
    schema: {
      operationId: 'attachments.upload',
      summary: 'Upload a file to a case (multipart: `kind` and one `file`; PDF, JPEG, PNG or WebP by content)',
      description:
        'The file is encrypted at rest. Its type is read from its content, not its name; larger than PULIH_ATTACHMENT_MAX_BYTES answers 413.',
      tags,
      params: idParam,
      consumes: ['multipart/form-data'],
      response: { 201: attachmentSchema },
    },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported', 'unsupported_media_type');
      const file = await req.file();
      if (!file) throw new AppError('validation', 'validation', {}, [{ field: 'file', code: 'required' }]);
      const bytes = await file.toBuffer().catch(() => {
        throw new AppError('too_large', 'payload_too_large', { limit: services.config.attachmentMaxBytes });
      });
      if (file.file.truncated)
        throw new AppError('too_large', 'payload_too_large', { limit: services.config.attachmentMaxBytes });
      const kindField = file.fields.kind as { value?: unknown } | undefined;
      const kind = String(kindField?.value ?? 'document');
      if (!(attachmentKinds as readonly string[]).includes(kind)) {
        throw new AppError('validation', 'validation', {}, [
          { field: 'kind', code: 'invalid_value', params: { options: attachmentKinds.join(', ') } },
        ]);
      }
      const created = await uploadAttachment(req.ctx, req.params.id, {
        kind: kind as AttachmentKind,
        filename: file.filename,
        bytes,
      });
      return reply.status(201).send(created);
    },
  });
  r.get('/api/cases/:id/attachments', {
    schema: {
      operationId: 'attachments.list',
      summary: "The case's attachments (metadata)",
      description: 'Needs `cases.read` on the case. Metadata only.',
      tags,
      params: idParam,
      response: { 200: z.array(attachmentSchema) },
    },
    handler: (req) => listAttachments(req.ctx, req.params.id),
  });
  const send = (reply: FastifyReply, a: Awaited<ReturnType<typeof downloadAttachment>>) =>
    reply
      .header('content-type', a.mime)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .header('cache-control', 'no-store')
      .send(a.bytes);
  r.get('/api/attachments/:id', {
    schema: {
      operationId: 'attachments.download',
      summary: 'Download a file that identifies nobody (identifying files need attachments.downloadWithPurpose)',
      description:
        'Needs `cases.read` on the case. An identity document or photo answers 400 naming `purpose`: use attachments.downloadWithPurpose. Every download is audited.',
      tags,
      params: idParam,
    },
    handler: async (req, reply) => send(reply, await downloadAttachment(req.ctx, req.params.id)),
  });
  r.post('/api/attachments/:id/download', {
    schema: {
      operationId: 'attachments.downloadWithPurpose',
      summary: 'Download any file with a stated purpose (identity documents and photos: an audited identity reveal)',
      description:
        'Needs `cases.read` on the case; an identifying file also needs `persons.identity.reveal` and a hold on the person. The download is audited with its `purpose`.',
      tags,
      params: idParam,
      body: z.strictObject({ purpose: z.string().trim().min(10).max(500) }),
    },
    handler: async (req, reply) => send(reply, await downloadAttachment(req.ctx, req.params.id, req.body.purpose)),
  });
}
