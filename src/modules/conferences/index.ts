import type { ModuleManifest } from '../../platform/modules.js';
import { conferencesAudit } from './conferences.audit.js';
import { conferenceRoutes } from './conferences.routes.js';
import { conferenceEncryptedColumns, conferenceJobs } from './conferences.service.js';

export { conferencesAudit } from './conferences.audit.js';
export { conferenceRoutes } from './conferences.routes.js';
export { conferenceCreateSchema, type TActionItem, type TConference } from './conferences.schema.js';
export {
  ACTION_ITEM_OVERDUE_JOB,
  checkOverdueActionItems,
  completeActionItem,
  conferenceEncryptedColumns,
  conferenceJobs,
  createConference,
  listConferences,
} from './conferences.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const conferencesModule: ModuleManifest = {
  name: 'conferences',
  routes: conferenceRoutes,
  jobs: conferenceJobs,
  encryptedColumns: conferenceEncryptedColumns,
  auditActions: conferencesAudit,
};
