import type { Permission } from '../../platform/access.js';

/** Who may do what in the directory. Anyone who may read agencies may search it. */
export const directoryPermissions = {
  read: 'agencies.read',
  /** Editing one's own agency's entries (a wider role scope reaches every agency). */
  manage: 'directory.manage',
} as const satisfies Record<string, Permission>;
