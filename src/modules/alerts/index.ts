import type { ModuleManifest } from '../../platform/modules.js';
import { alertsAudit } from './alerts.audit.js';
import { alertJobs } from './alerts.digest.js';
import { alertRoutes } from './alerts.routes.js';

export { alertsAudit } from './alerts.audit.js';
export {
  ALERT_DIGEST_JOB,
  type AlertDigestSender,
  alertJobs,
  DIGEST_BATCH,
  loggingDigestSender,
  sendAlertDigests,
  setAlertDigestSender,
} from './alerts.digest.js';
export { alertRoutes } from './alerts.routes.js';
export {
  type AlertAudience,
  type AlertAudienceOf,
  type AlertInput,
  alertActionKey,
  listAlerts,
  raiseAlerts,
  raiseAlertsMany,
  resolveAlerts,
  type TAlert,
  unreadCount,
} from './alerts.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const alertsModule: ModuleManifest = {
  name: 'alerts',
  routes: alertRoutes,
  jobs: alertJobs,
  auditActions: alertsAudit,
  // Without it an alert about a case could reach someone who may not open that case.
  needsOneOrMore: ['alerts.audience'],
};
