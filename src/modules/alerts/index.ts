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
export { listAlerts, raiseAlerts, type TAlert, unreadCount } from './alerts.service.js';
