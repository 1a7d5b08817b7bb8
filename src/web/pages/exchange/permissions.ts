/** Who sees the exchange page in the navigation (kept apart from the page, so the shell need not load it). */
export const exchangePermissions = ['referrals.receive', 'referrals.manage', 'agencies.manage'];
