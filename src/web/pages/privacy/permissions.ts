import type { Permission } from '../../api.js';

/** Who sees the privacy office in the navigation (kept apart from the page, so the shell need not load it). */
export const privacyPermissions: readonly Permission[] = [
  'dsr.manage',
  'breaches.manage',
  'access.grants.review',
  'retention.manage',
  'accessLog.read',
];
