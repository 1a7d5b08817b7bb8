import type { Permission } from '../../platform/access.js';

/** Who may do what with a case's attachments, checked on the case. */
export const attachmentPermissions = {
  read: 'cases.read',
  /** Uploading: the case team. */
  upload: 'cases.update',
} as const satisfies Record<string, Permission>;
