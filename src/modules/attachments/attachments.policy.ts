import type { Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { loadCase } from '../cases/index.js';

/** Who may do what with a case's attachments, as named abilities checked on the case (each loads it or answers 404). */
export const attachmentPermissions = {
  read: 'cases.read',
  /** Uploading: the case team. */
  upload: 'cases.update',
} as const satisfies Record<string, Permission>;

/** Uploading a document or photo: the case team; a restricted person's case is 423. */
export const requireUploadAttachment = (ctx: Context, caseId: string) =>
  loadCase(ctx, caseId, attachmentPermissions.upload);

/** Listing a case's files and downloading one (with a purpose): whoever may read the case. */
export const requireReadAttachments = (ctx: Context, caseId: string) =>
  loadCase(ctx, caseId, attachmentPermissions.read);
