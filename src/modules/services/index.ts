export { getServicePlan, updateServicePlan } from './plans.service.js';
export { serviceRoutes } from './services.routes.js';
export {
  openServiceStatuses,
  type ServiceType,
  serviceTypes,
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
  serviceJobs,
  serviceRequestFacts,
  updateServiceRequest,
} from './services.service.js';
export { countDeliveredServices } from './services.store.js';
export { admitToShelter, exitShelter, extendShelterStay, listShelterStays } from './shelter.service.js';

/** Encrypted columns of the services tables, for key rotation. */
export const serviceEncryptedColumns = [
  { table: 'service_plan_items', idColumn: 'id', columns: ['title_enc'] },
  { table: 'service_requests', idColumn: 'id', columns: ['status_reason_enc', 'note_enc'] },
  { table: 'shelter_stays', idColumn: 'id', columns: ['exit_note_enc'] },
];
export {
  lateServiceItems,
  type ServiceDue,
  type StayEnding,
  servicesDueSoon,
  servicesToRecord,
  shelterStaysEnding,
} from './services.workspace.js';
