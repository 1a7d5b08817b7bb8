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
  type AlertInput,
  alertActionKey,
  listAlerts,
  raiseAlerts,
  registerAlertAudience,
  resolveAlerts,
  type TAlert,
  unreadCount,
} from './alerts.service.js';
