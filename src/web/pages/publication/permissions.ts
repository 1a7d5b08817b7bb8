import type { Permission } from '../../api.js';

/** Who sees the publication page in the navigation (kept apart from the page, so the shell need not load it). */
export const publicationPermissions: readonly Permission[] = ['publication.release', 'reports.aggregate'];
