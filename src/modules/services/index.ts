import type { ModuleManifest } from '../../platform/modules.js';
import { servicesAudit } from './services.audit.js';
import { serviceRoutes } from './services.routes.js';
import { countOpenRequests } from './services.store.js';
import { nextDeadlinesOf } from './services.workspace.js';

export { getServicePlan, updateServicePlan } from './plans.service.js';
export { serviceRoutes } from './services.routes.js';
export {
  openServiceStatuses,
  type ServiceType,
  serviceRequestCreateSchema,
  serviceRequestUpdateSchema,
  serviceTypes,
  shelterAdmitSchema,
  shelterExitSchema,
  shelterExtendSchema,
  statutoryServiceTypes,
  type TServicePlan,
  type TServiceRequest,
  type TShelterStay,
} from './services.schema.js';
export {
  applyReferralServiceStatus,
  checkOverdueServiceRequests,
  listServiceRequests,
  OVERDUE_JOB,
  requestService,
  type ServiceRequestFact,
  serviceRequestFacts,
  updateServiceRequest,
} from './services.service.js';
export { countDeliveredServices } from './services.store.js';
export {
  admitToShelter,
  checkShelterOverstays,
  exitShelter,
  extendShelterStay,
  listShelterStays,
  OVERSTAY_JOB,
} from './shelter.service.js';

import { serviceRequestJobs } from './services.service.js';
import { shelterJobs } from './shelter.service.js';
/** Jobs of this module for the scheduler: statutory requests past 7 days, shelter stays past their planned exit. */
export const serviceJobs = [...serviceRequestJobs, ...shelterJobs];

/** Encrypted columns of the services tables, for key rotation. */
export const serviceEncryptedColumns = [
  { table: 'service_plan_items', idColumn: 'id', columns: ['title_enc'] },
  { table: 'service_requests', idColumn: 'id', columns: ['status_reason_enc', 'note_enc'] },
  { table: 'shelter_stays', idColumn: 'id', columns: ['exit_note_enc'] },
];
export { servicesAudit } from './services.audit.js';
export {
  type ShelterStayFact,
  type StatutoryServiceFact,
  streamShelterStayFacts,
  streamStatutoryServiceFacts,
} from './services.evaluation.js';
export {
  lateServiceItems,
  type ServiceDue,
  type StayEnding,
  servicesDueSoon,
  servicesToRecord,
  shelterStaysEnding,
} from './services.workspace.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const servicesModule: ModuleManifest = {
  name: 'services',
  routes: serviceRoutes,
  jobs: serviceJobs,
  encryptedColumns: serviceEncryptedColumns,
  auditActions: servicesAudit,
  provides: {
    // Closing a case while requests are still open needs a stated reason (cases.closeCase asks every guard).
    'cases.closeGuard': (db, caseId) => countOpenRequests(db, caseId),
    // The case list shows each case's next statutory deadline (cases cannot read this module's table).
    'cases.nextDeadlines': nextDeadlinesOf,
  },
};
