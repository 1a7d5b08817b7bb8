export { nameTokens } from './name-tokens.js';
export { personRoutes } from './persons.routes.js';
export {
  identitySchema,
  profileSchema,
  type TIdentity,
  type TPerson,
  type TPersonCreate,
  type TProfile,
} from './persons.schema.js';
export {
  checkDuplicates,
  createPerson,
  findPersonIdsByIdentifier,
  findPersonIdsByName,
  getPerson,
  insertPersonRecord,
  personById,
  personEncryptedColumns,
  personsByIds,
  resolvePersonResource,
  revealIdentity,
  revealIdentityForDocument,
  setPersonTeamResolver,
} from './persons.service.js';
