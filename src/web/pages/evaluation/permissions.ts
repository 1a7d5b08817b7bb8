import type { Permission } from '../../api.js';

/** Who sees the evaluation page in the navigation (kept apart from the page, so the shell need not load it). */
export const evaluationPermissions: readonly Permission[] = ['reports.aggregate'];
