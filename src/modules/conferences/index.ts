export { conferencesAudit } from './conferences.audit.js';
export { conferenceRoutes } from './conferences.routes.js';
export type { TActionItem, TConference } from './conferences.schema.js';
export {
  ACTION_ITEM_OVERDUE_JOB,
  checkOverdueActionItems,
  completeActionItem,
  conferenceEncryptedColumns,
  conferenceJobs,
  createConference,
  listConferences,
} from './conferences.service.js';
