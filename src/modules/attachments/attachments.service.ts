import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { KeyRing } from '../../platform/crypto.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { logRead } from '../../platform/read-log.js';
import { recordTimeline } from '../cases/index.js';
import { personKeyFor, personKeys, requireIdentityAccess } from '../persons/index.js';
import { requireReadAttachments, requireUploadAttachment } from './attachments.policy.js';
import { stripImageMetadata } from './image-metadata.js';

/** Encrypted attachments: type checked by content (magic bytes), size limited, every download audited. */

export const attachmentKinds = [
  'document',
  'identity_document',
  'photo',
  'medical',
  'consent_evidence',
  'other',
] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];
/** Kinds that reveal who the person is (Art. 44). */
const identifyingKinds = new Set<AttachmentKind>(['identity_document', 'photo']);

/**
 * Whether a file identifies someone is the system's call, not the uploader's choice of kind: identity
 * documents, photos, and any image at all (a "document" that is a photographed ID card is still a face and a NIK).
 */
export function isIdentifying(kind: AttachmentKind, mime: string): boolean {
  return identifyingKinds.has(kind) || mime.startsWith('image/');
}

interface AttachmentRow {
  id: string;
  case_id: string;
  kind: AttachmentKind;
  mime: string;
  size_bytes: number;
  filename_enc: string;
  content_enc: Buffer;
  created_by: string;
  created_at: string;
}
type AttachmentTables = { attachments: AttachmentRow };
const t = (db: Executor) => tables<AttachmentTables>(db);

/** The content type as the bytes say it is; the client's claim is not trusted. */
export function sniffMime(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return undefined;
}

/**
 * A file's name and content are sealed under the case person's own data key (Law 27/2022 Art. 8, 16): erasing her
 * destroys the key, and with it every copy of her identity documents and photos — the row, a PostgreSQL dead tuple,
 * a SQLite free page, a replica. The AAD binds the ciphertext to its row and to her.
 */
const aad = (column: 'filename_enc' | 'content_enc', id: string, personId: string) =>
  `attachments.${column}.${id}.${personId}`;
/** What a file's name reads as once its person's key is gone (she was erased). */
export const ERASED_FILENAME = 'dihapus';

function openFilename(ctx: Context, r: { id: string; filename_enc: string }, personId: string, key?: Buffer) {
  if (!KeyRing.isSubjectSealed(r.filename_enc))
    return ctx.keyring.decrypt('attachments', 'filename_enc', r.id, r.filename_enc);
  return key ? KeyRing.openWithSubjectKey(key, aad('filename_enc', r.id, personId), r.filename_enc) : ERASED_FILENAME;
}

/** The content, or undefined when it was sealed under a key that no longer exists (erased). */
function openContent(ctx: Context, id: string, sealed: Buffer, personId: string, key?: Buffer): Buffer | undefined {
  if (!KeyRing.isSubjectSealedBytes(sealed)) return ctx.keyring.decryptBytes('attachments', 'content_enc', id, sealed);
  return key ? KeyRing.openBytesWithSubjectKey(key, aad('content_enc', id, personId), sealed) : undefined;
}

const toAttachment = (r: Omit<AttachmentRow, 'content_enc'>, ctx: Context, personId: string, key?: Buffer) => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  mime: r.mime,
  sizeBytes: r.size_bytes,
  filename: openFilename(ctx, r, personId, key),
  identifying: isIdentifying(r.kind, r.mime),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function uploadAttachment(
  ctx: Context,
  caseId: string,
  input: { kind: AttachmentKind; filename: string; bytes: Buffer },
) {
  const row = await requireUploadAttachment(ctx, caseId);
  if (row.stage === 'closed') throw new AppError('conflict', 'case_closed');
  if (input.bytes.length === 0)
    throw new AppError('validation', 'validation', {}, [{ field: 'file', code: 'required' }]);
  if (input.bytes.length > ctx.config.attachmentMaxBytes) {
    throw new AppError('too_large', 'payload_too_large', { limit: ctx.config.attachmentMaxBytes });
  }
  const mime = sniffMime(input.bytes);
  if (!mime) throw new AppError('unsupported', 'attachment_type', {}, [{ field: 'file', code: 'attachment_type' }]);
  // Images lose EXIF/XMP/IPTC (GPS position, camera serial, time) before they are stored.
  const bytes = mime.startsWith('image/') ? stripImageMetadata(input.bytes, mime) : input.bytes;
  const id = uuidv7();
  const filename = input.filename.replace(/[\\/\0]/g, '_').slice(0, 200) || 'attachment';
  const personId = row.person_id;
  const { record, key } = await transact(ctx, async (tx) => {
    const key = await personKeyFor(tx, ctx, personId);
    const record: AttachmentRow = {
      id,
      case_id: caseId,
      kind: input.kind,
      mime,
      size_bytes: bytes.length,
      filename_enc: KeyRing.sealWithSubjectKey(key, aad('filename_enc', id, personId), filename),
      content_enc: KeyRing.sealBytesWithSubjectKey(key, aad('content_enc', id, personId), bytes),
      created_by: ctx.actor!.userId,
      created_at: ctx.clock.now().toISOString(),
    };
    await t(tx).insertInto('attachments').values(record).execute();
    await appendAudit(tx, ctx, {
      action: 'attachments.upload',
      entityType: 'case',
      entityId: caseId,
      details: { attachmentId: id, kind: input.kind, mime, sizeBytes: record.size_bytes },
    });
    await recordTimeline(tx, ctx, caseId, 'attachment.uploaded', { attachmentId: id, kind: input.kind });
    return { record, key };
  });
  return toAttachment(record, ctx, personId, key);
}

export async function listAttachments(ctx: Context, caseId: string) {
  const kase = await requireReadAttachments(ctx, caseId);
  const key = (await personKeys(ctx, [kase.person_id])).get(kase.person_id);
  const rows = await t(ctx.database.db)
    .selectFrom('attachments')
    .select(['id', 'case_id', 'kind', 'mime', 'size_bytes', 'filename_enc', 'created_by', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => toAttachment(r, ctx, kase.person_id, key));
}

/**
 * Decrypts one attachment for download; an export of personal data, so it is audited. A file that
 * identifies someone is an identity path: the persons vault decides (the case as it is now, grants,
 * never the uploader's choice of kind), and it needs a stated purpose like a reveal; without one the
 * answer names the missing purpose (only to a caller who may see the identity at all).
 */
export async function downloadAttachment(ctx: Context, id: string, purpose?: string) {
  const row = await t(ctx.database.db).selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const kase = await requireReadAttachments(ctx, row.case_id);
  // Destroyed by retention or by her erasure (never uploaded empty): nothing is left to hand out.
  if (Number(row.size_bytes) === 0) throw notFound();
  const identifying = isIdentifying(row.kind, row.mime);
  if (identifying) {
    await requireIdentityAccess(ctx, kase.person_id);
    if (!purpose) throw new AppError('validation', 'validation', {}, [{ field: 'purpose', code: 'required' }]);
  }
  const key = (await personKeys(ctx, [kase.person_id])).get(kase.person_id);
  const bytes = openContent(ctx, id, Buffer.from(row.content_enc), kase.person_id, key);
  // Her key was destroyed (erasure): nothing is left to hand out, to anyone.
  if (!bytes) throw notFound();
  logRead(ctx, { kind: 'attachment', caseId: row.case_id, personId: kase.person_id });
  await transact(ctx, (tx) =>
    appendAudit(tx, ctx, {
      action: identifying ? 'attachments.identity.download' : 'attachments.download',
      entityType: 'case',
      entityId: row.case_id,
      purpose,
      details: { attachmentId: id, kind: row.kind, identifying, personId: kase.person_id },
    }),
  );
  return { ...toAttachment(row, ctx, kase.person_id, key), bytes };
}

/** For other modules (consent evidence): which case an attachment belongs to and its kind. */
export async function attachmentFacts(db: Executor, id: string): Promise<{ caseId: string; kind: string } | undefined> {
  const row = await t(db).selectFrom('attachments').select(['case_id', 'kind']).where('id', '=', id).executeTakeFirst();
  return row ? { caseId: row.case_id, kind: row.kind } : undefined;
}

/** Which of these cases still hold attachment content (retention: files not yet destroyed). */
export async function casesWithAttachmentContent(db: Executor, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await t(db)
    .selectFrom('attachments')
    .select('case_id')
    .distinct()
    .where('case_id', 'in', caseIds)
    .where('size_bytes', '>', 0)
    .execute();
  return new Set(rows.map((r) => r.case_id));
}

/**
 * Retention (Law 27/2022 Art. 43): destroys the files of these cases inside the caller's transaction — the
 * content becomes an empty (encrypted) file and the name a placeholder; the row stays so that what refers to it
 * (consent evidence, the audit trail) still resolves. Returns how many files were destroyed.
 */
export async function destroyAttachmentContent(tx: Executor, ctx: Context, caseIds: string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const rows = await t(tx)
    .selectFrom('attachments')
    .select('id')
    .where('case_id', 'in', caseIds)
    .where('size_bytes', '>', 0)
    .execute();
  for (const r of rows) {
    await t(tx)
      .updateTable('attachments')
      .set({
        size_bytes: 0,
        content_enc: ctx.keyring.encryptBytes('attachments', 'content_enc', r.id, Buffer.alloc(0)),
        filename_enc: ctx.keyring.encrypt('attachments', 'filename_enc', r.id, 'dihapus-retensi'),
      })
      .where('id', '=', r.id)
      .execute();
  }
  return rows.length;
}

/** The attachments table's encrypted columns, for key rotation. */
export const attachmentEncryptedColumns = [
  { table: 'attachments', idColumn: 'id', columns: ['filename_enc'] },
  { table: 'attachments', idColumn: 'id', columns: ['content_enc'], binary: true },
];
