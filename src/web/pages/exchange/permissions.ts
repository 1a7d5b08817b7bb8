import type { Permission } from '../../api.js';

/** Who sees the exchange page in the navigation (kept apart from the page, so the shell need not load it). */
export const exchangePermissions: readonly Permission[] = ['referrals.receive', 'referrals.manage', 'agencies.manage'];
