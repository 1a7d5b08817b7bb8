import { requireAccess } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/**
 * Who may use the data protection officer's office, as named abilities (services never spell permission
 * strings). Every ability is instance-wide: the DPO answers for the whole controller (Law 27/2022 Art. 53).
 */
const P = {
  subjectRequests: 'dsr.manage',
  grantReview: 'access.grants.review',
  breaches: 'breaches.manage',
  retention: 'retention.manage',
  accessLog: 'accessLog.read',
} as const;

/** Record and answer data-subject requests; export, restrict, erase, place legal holds. 403 otherwise. */
export const requireSubjectRequests = (ctx: Context) => requireAccess(ctx, P.subjectRequests);
/** Review and revoke break-the-glass grants. */
export const requireGrantReview = (ctx: Context) => requireAccess(ctx, P.grantReview);
/** Keep the breach register. */
export const requireBreaches = (ctx: Context) => requireAccess(ctx, P.breaches);
/** Read and change retention schedules. */
export const requireRetention = (ctx: Context) => requireAccess(ctx, P.retention);
/** Search the read access log ("who has looked at her file?"). */
export const requireAccessLog = (ctx: Context) => requireAccess(ctx, P.accessLog);
