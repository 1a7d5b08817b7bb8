export { personRoutes } from './persons.routes.js';
export type { TPerson, TPersonCreate } from './persons.schema.js';
export {
  createPerson,
  findPersonIdsByIdentifier,
  getPerson,
  personEncryptedColumns,
  resolvePersonResource,
  revealIdentity,
} from './persons.service.js';
