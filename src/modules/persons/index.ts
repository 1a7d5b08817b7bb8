export { nameTokens } from './name-tokens.js';
export { type PersonHolder, registerPersonHolders } from './persons.policy.js';
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
  type PersonAgeFacts,
  personAgeFacts,
  personById,
  personEncryptedColumns,
  personsByIds,
  registerPersonAgeHook,
  requireIdentityAccess,
  resolvePersonResource,
  revealIdentity,
  revealIdentityForDocument,
} from './persons.service.js';
