export { alertRoutes } from './alerts.routes.js';
export { listAlerts, raiseAlerts, type TAlert, unreadCount } from './alerts.service.js';
